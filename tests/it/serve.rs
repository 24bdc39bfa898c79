//! `ensemble serve` end to end: loopback only, a content change shows within a second, a broken
//! build is pushed to the browser while the last good site stays served, and nothing outside the
//! output folder is ever served. Hostile clients (issue 10): a `Host` that is not the server's
//! is refused, idle connections are closed and their number is bounded, and a source folder
//! created while serving is watched.

use crate::support::Site;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    address: SocketAddr,
    /// What the server printed (its terminal output).
    log: std::path::PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(f: &Site) -> Server {
    let port = free_port();
    let log = f.path("serve.log");
    let child = f
        .command(&["serve", "--port", &port.to_string()])
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let address: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(address).is_err() {
        assert!(Instant::now() < deadline, "server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Server {
        child,
        address,
        log,
    }
}

fn get(s: &Server, path: &str) -> (u16, String) {
    ensemble::app::serve::http_get(s.address, path).unwrap()
}

/// Polls until `path` contains `needle`, returning how long it took.
fn wait_for(s: &Server, path: &str, needle: &str, limit: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if get(s, path).1.contains(needle) {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn serves_on_loopback_with_reload_script_only_in_responses() {
    let f = Site::fixture("contract");
    let s = start(&f);
    let (status, body) = get(&s, "/");
    assert_eq!(status, 200);
    assert!(
        body.contains("/__ensemble/reload.js"),
        "reload script injected when serving"
    );
    assert!(
        !f.output("index.html").contains("__ensemble"),
        "never in the built file"
    );
    assert_eq!(
        get(&s, "/engagements/accueil/").0,
        200,
        "folder serves its index.html"
    );
    let (status, body) = get(&s, "/nulle-part/");
    assert_eq!(status, 404);
    assert!(body.contains("Page introuvable"), "site's own 404 page");
    // Bound to loopback only: the same port on another local address refuses the connection.
    assert!(s.address.ip().is_loopback());
}

#[test]
fn never_serves_files_outside_the_output() {
    let f = Site::fixture("contract");
    f.write("secret.txt", "ne pas publier");
    let s = start(&f);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/engagements/../../secret.txt",
        "/..%2fsecret.txt",
        "/content/site.yaml",
    ] {
        let (status, body) = get(&s, path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("ne pas publier"), "{path}");
    }
}

#[test]
fn content_change_shows_within_a_second_and_errors_reach_the_browser() {
    let f = Site::fixture("contract");
    let s = start(&f);
    // Listen to the events stream like the page's script does.
    let mut events = TcpStream::connect(s.address).unwrap();
    write!(
        events,
        "GET /__ensemble/events HTTP/1.1\r\nHost: {}\r\n\r\n",
        s.address
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(events);

    std::thread::sleep(Duration::from_millis(300));
    f.write(
        "content/geste.md",
        "---\ntitre: Le geste commercial\nmenu: true\nordre: 1\n---\n\nTexte modifié en direct.\n",
    );
    let took = wait_for(
        &s,
        "/geste/index.html",
        "Texte modifié en direct",
        Duration::from_secs(5),
    )
    .expect("change not served");
    assert!(took < Duration::from_secs(1), "change took {took:?}");
    let mut line = String::new();
    let mut saw_reload = false;
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        if line.starts_with("event: reload") {
            saw_reload = true;
            break;
        }
        line.clear();
    }
    assert!(saw_reload, "browser told to reload");
    // A body edit re-renders only its page (regression: a relative root made every edit a full build).
    let printed = std::fs::read_to_string(&s.log).unwrap();
    assert!(
        printed.contains("Page mise à jour") && printed.contains("geste/index.html"),
        "{printed}"
    );

    // Break the build: the error is pushed and the last good page is still served.
    f.write("content/geste.md", "---\ntitre: \"cassé\nmenu: true\n---\n");
    let mut saw_failure = String::new();
    line.clear();
    while reader.read_line(&mut line).unwrap_or(0) > 0 {
        if line.starts_with("event: failed") || !saw_failure.is_empty() {
            saw_failure.push_str(&line);
            if line.trim().is_empty() && saw_failure.len() > 20 {
                break;
            }
        }
        line.clear();
    }
    assert!(saw_failure.contains("content/geste.md:2"), "{saw_failure}");
    let (status, body) = get(&s, "/geste/index.html");
    assert_eq!(status, 200);
    assert!(
        body.contains("Texte modifié en direct"),
        "last good site still served"
    );
}

/// Sends `request` as is on a new connection and reads the whole answer.
fn raw(s: &Server, request: &str) -> String {
    let mut stream = TcpStream::connect(s.address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = std::io::Read::read_to_string(&mut stream, &mut answer);
    answer
}

#[test]
fn a_host_that_is_not_the_server_is_refused() {
    let f = Site::fixture("contract");
    let s = start(&f);
    let port = s.address.port();
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let answer = raw(&s, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert!(answer.starts_with("HTTP/1.1 403"), "{host}: {answer}");
        assert!(!answer.contains("Accueil d’essai"), "{host}: page served");
    }
    let answer = raw(&s, "GET / HTTP/1.1\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 403"), "no Host: {answer}");
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let answer = raw(&s, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert!(answer.starts_with("HTTP/1.1 200"), "{host}: {answer}");
    }
    let answer = raw(
        &s,
        &format!("POST / HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n"),
    );
    assert!(answer.starts_with("HTTP/1.1 405"), "{answer}");
}

/// Threads of a running process (Linux).
fn threads(child: &Child) -> Option<usize> {
    std::fs::read_dir(format!("/proc/{}/task", child.id()))
        .ok()
        .map(|d| d.count())
}

#[test]
fn idle_connections_are_bounded_and_closed() {
    let f = Site::fixture("contract");
    let s = start(&f);
    let before = threads(&s.child);
    // Far more idle connections than the server serves at once: none sends a byte.
    let idle: Vec<TcpStream> = (0..200)
        .map(|_| TcpStream::connect(s.address).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    if let (Some(before), Some(now)) = (before, threads(&s.child)) {
        assert!(
            now <= before + ensemble::app::http::MAX_CONNECTIONS + 2,
            "{now} threads for 200 idle connections (was {before})"
        );
    }
    // Those beyond the bound were answered at once, and closed.
    let mut refused = 0;
    for stream in &idle[ensemble::app::http::MAX_CONNECTIONS + 4..] {
        stream
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let mut answer = String::new();
        let _ = std::io::Read::read_to_string(&mut &*stream, &mut answer);
        if answer.starts_with("HTTP/1.1 503") {
            refused += 1;
        }
    }
    assert!(
        refused > 100,
        "{refused} connections refused beyond the bound"
    );
    // The others are closed once the head timeout has passed, which frees the server.
    let first = &idle[0];
    first
        .set_read_timeout(Some(
            ensemble::app::http::HEAD_TIMEOUT + Duration::from_secs(5),
        ))
        .unwrap();
    let started = Instant::now();
    let mut answer = String::new();
    let _ = std::io::Read::read_to_string(&mut &*first, &mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() < ensemble::app::http::HEAD_TIMEOUT + Duration::from_secs(2));
    drop(idle);
    assert!(
        wait_for(&s, "/", "Accueil", Duration::from_secs(5)).is_some(),
        "served again once the idle connections are gone"
    );
}

#[test]
fn a_source_folder_created_while_serving_is_watched() {
    let f = Site::fixture("contract");
    assert!(!f.path("static").exists() && !f.path("templates").exists());
    let s = start(&f);
    f.write("static/notes/lisez-moi.txt", "première version");
    assert!(
        wait_for(
            &s,
            "/notes/lisez-moi.txt",
            "première version",
            Duration::from_secs(5)
        )
        .is_some(),
        "file of a new static/ folder not published"
    );
    // The new folder is watched in depth: a later edit shows too.
    std::thread::sleep(Duration::from_millis(200));
    f.write("static/notes/lisez-moi.txt", "deuxième version");
    assert!(
        wait_for(
            &s,
            "/notes/lisez-moi.txt",
            "deuxième version",
            Duration::from_secs(5)
        )
        .is_some(),
        "edit in the new static/ folder not seen"
    );
    f.write(
        "templates/page.html",
        "{% extends \"theme/page.html\" %}{% block title %}MODÈLE DU SITE{% endblock title %}",
    );
    assert!(
        wait_for(
            &s,
            "/geste/index.html",
            "MODÈLE DU SITE",
            Duration::from_secs(5)
        )
        .is_some(),
        "template of a new templates/ folder not used"
    );
}

#[test]
fn the_404_page_served_at_a_nested_address_has_working_links() {
    let f = Site::fixture("contract");
    let s = start(&f);
    let (status, body) = get(&s, "/a/b/c/");
    assert_eq!(status, 404);
    assert!(body.contains("<style>"), "styles inlined");
    assert!(
        !body.contains("https://essai.example.org/"),
        "served locally, links stay on the local server"
    );
    assert!(body.contains("href=\"/engagements/index.html\""), "{body}");
    assert_eq!(get(&s, "/engagements/index.html").0, 200);
}

/// Polls the server's log until it holds `needle` `times` times.
fn wait_log(s: &Server, needle: &str, times: usize, limit: Duration) -> String {
    let start = Instant::now();
    loop {
        let printed = std::fs::read_to_string(&s.log).unwrap_or_default();
        if printed.matches(needle).count() >= times {
            return printed;
        }
        assert!(start.elapsed() < limit, "no « {needle} » in\n{printed}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_charges_edit_updates_the_published_site_to_the_bytes_of_a_fresh_build() {
    let f = Site::fixture("posters");
    let s = start(&f);
    wait_log(&s, "Reconstruit en", 1, Duration::from_secs(20));
    for (n, (from, to)) in [
        ("EAU: { reel: 12729.6,", "EAU: { reel: 12829.6,"),
        ("EAU: { reel: 12829.6,", "EAU: { reel: 11000,"),
    ]
    .into_iter()
    .enumerate()
    {
        std::thread::sleep(Duration::from_millis(300));
        f.edit("content/observatoire/charges/2025.yaml", from, to);
        let printed = wait_log(
            &s,
            "Données ouvertes mises à jour",
            n + 1,
            Duration::from_secs(20),
        );
        // Only what shows the value: not a full build, and not every page. The edited
        // residence's page and poster come first, on a line of their own.
        assert_eq!(printed.matches("Reconstruit en").count(), 1, "{printed}");
        assert_eq!(
            printed
                .matches(" ms (affiches/cite-des-fleurs/index.html, residences/cite-des-fleurs/index.html).\n")
                .count(),
            n + 1,
            "{printed}"
        );
        assert!(
            printed.contains("residences/cite-des-fleurs/index.html")
                && !printed.contains("engagements/proprete")
                && !printed.contains("affiches/les-tilleuls/"),
            "{printed}"
        );
        f.run(&["build", "--output", "neuf"]).success();
        assert_eq!(
            crate::support::files(&f.out()),
            crate::support::files(&f.path("neuf")),
            "after edit {}",
            n + 1
        );
        std::fs::remove_dir_all(f.path("neuf")).unwrap();
    }
    // The next build over the updated output keeps every file: its manifest is right.
    let run = f.run(&["build", "--timings"]).success();
    assert!(
        run.stderr.contains("rendus   aucun fichier"),
        "{}",
        run.stderr
    );
}

/// What `serve` keeps between data edits (the files parsed, the residences checked) never shows
/// a stale figure: a broken value leaves the site as it was, its fix, a renamed residence and a
/// year file put back are each followed by the bytes of a fresh build.
#[test]
fn data_edits_in_a_row_keep_matching_a_fresh_build() {
    let f = Site::fixture("posters");
    let s = start(&f);
    wait_log(&s, "Reconstruit en", 1, Duration::from_secs(20));
    let charges = "content/observatoire/charges/2025.yaml";
    let original = std::fs::read_to_string(f.path(charges)).unwrap();
    let published = crate::support::files(&f.out());
    let fresh = |f: &Site| {
        f.run(&["build", "--output", "neuf"]).success();
        let files = crate::support::files(&f.path("neuf"));
        std::fs::remove_dir_all(f.path("neuf")).unwrap();
        files
    };
    // A value that is not a number: an error, the published site unchanged.
    std::thread::sleep(Duration::from_millis(300));
    f.edit(charges, "EAU: { reel: 12729.6,", "EAU: { reel: douze,");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(crate::support::files(&f.out()), published);
    let mut updates = 0;
    for (file, from, to) in [
        (charges, "EAU: { reel: douze,", "EAU: { reel: 13000,"),
        (
            "content/observatoire/residences.yaml",
            "nom: \"Cité des Fleurs\"",
            "nom: \"Cité des Roses\"",
        ),
    ] {
        std::thread::sleep(Duration::from_millis(300));
        f.edit(file, from, to);
        updates += 1;
        wait_log(
            &s,
            "Données ouvertes mises à jour",
            updates,
            Duration::from_secs(20),
        );
        assert_eq!(
            crate::support::files(&f.out()),
            fresh(&f),
            "after editing {file}"
        );
    }
    // The year file as it was at the start: parsed then, kept since, its figures back.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(f.path(charges), &original).unwrap();
    let printed = wait_log(
        &s,
        "Données ouvertes mises à jour",
        updates + 1,
        Duration::from_secs(20),
    );
    assert_eq!(crate::support::files(&f.out()), fresh(&f));
    assert_eq!(printed.matches("Reconstruit en").count(), 1, "{printed}");
}
