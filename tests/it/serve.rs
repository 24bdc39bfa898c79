//! `ensemble serve` end to end: loopback only, a content change shows within a second, a broken
//! build is pushed to the browser while the last good site stays served, and nothing outside the
//! output folder is ever served.

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
    write!(events, "GET /__ensemble/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
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
