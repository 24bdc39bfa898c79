//! `ensemble serve`: build, serve the output on loopback, rebuild on change and reload the page.
//!
//! The reload script and the error overlay are injected into HTML responses only, never into
//! the built files, so what is served is exactly what `build` publishes plus one script tag.
//! A failed rebuild keeps the last good site served and shows the errors over the page.
//!
//! The HTTP side ([`super::http`]) bounds connections and times out idle ones, and answers only
//! requests addressed to `localhost` or the bound address. Every folder a build reads is
//! watched, including one created while serving (`static/`, `templates/`…).

use super::http;
use crate::app::rebuild::Outcome;
use crate::core::diagnostic::Diagnostics;
use crate::pipeline::{self, BuildOptions};
use crate::write::published;
use notify::{RecursiveMode, Watcher};
use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EVENTS_PATH: &str = "/__ensemble/events";
const SCRIPT_PATH: &str = "/__ensemble/reload.js";
const RELOAD_SCRIPT: &str = include_str!("serve_reload.js");

pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub quiet: bool,
}

/// What the browser is told after each rebuild.
#[derive(Clone, Debug)]
enum Notice {
    Reload,
    /// Plain-text diagnostics of a failed build.
    Failed(String),
}

#[derive(Default)]
struct State {
    /// Errors of the last build, if it failed.
    last_error: Option<String>,
    subscribers: Vec<mpsc::Sender<Notice>>,
    /// `url_base` of the last good build: the 404 page's links start with it.
    base_url: Option<String>,
}

impl State {
    fn broadcast(&mut self, notice: Notice) {
        self.subscribers.retain(|s| s.send(notice.clone()).is_ok());
    }
}

/// Runs until interrupted. Errors are French sentences for the terminal.
pub fn serve(mut options: ServeOptions) -> Result<(), String> {
    // File events carry absolute paths; an absolute root lets them be matched to pages.
    options.build.root = crate::load::site_root(&options.build.root)?;

    let output_dir = options.build.output_dir();
    let state = Arc::new(Mutex::new(State::default()));
    let mut kept: Kept = None;
    let first = rebuild(&options.build, &state, options.quiet, &mut kept);
    if first.is_none() && !output_dir.is_dir() {
        // Nothing was ever built: serve an empty folder so the overlay can show the errors.
        published::create_empty(&output_dir)
            .map_err(|e| format!("impossible de créer {} : {e}", output_dir.display()))?;
    }

    let address = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(address).map_err(|e| {
        format!("impossible d'écouter sur {address} ({e}) : le port est peut-être déjà pris, essayez --port {}", options.port.wrapping_add(1))
    })?;
    let url = format!("http://{address}/");
    println!(
        "Site servi sur {url} (Ctrl+C pour arrêter). Modifiez un fichier : la page se recharge."
    );
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    spawn_watcher(&options, Arc::clone(&state), kept)?;

    http::serve(listener, move |request| {
        handle(request, &output_dir, &state)
    });
    Ok(())
}

/// The site kept between rebuilds, so that a body edit re-renders one page.
type Kept = Option<crate::pipeline::Prepared>;

/// Full build; keeps the prepared site on success. Updates the state and tells the browsers.
fn rebuild(
    options: &BuildOptions,
    state: &Arc<Mutex<State>>,
    quiet: bool,
    kept: &mut Kept,
) -> Option<Duration> {
    let started = Instant::now();
    let result = pipeline::build_keeping(options);
    let elapsed = started.elapsed();
    match result {
        Ok((report, prepared)) => {
            if let Ok(mut s) = state.lock() {
                s.base_url = Some(prepared.shared.base_url.clone());
            }
            *kept = Some(prepared);
            if !quiet {
                println!(
                    "Reconstruit en {} ms ({}).",
                    elapsed.as_millis(),
                    crate::core::typography::count(
                        report.stats.pages,
                        "aucune page",
                        "page",
                        "pages"
                    )
                );
            }
            succeeded(state);
            Some(elapsed)
        }
        Err(failure) => {
            *kept = None;
            failed(state, &failure.diagnostics);
            None
        }
    }
}

/// Re-renders only the pages whose Markdown body changed, or falls back to a full build.
fn update(
    options: &BuildOptions,
    state: &Arc<Mutex<State>>,
    quiet: bool,
    kept: &mut Kept,
    changed: &[PathBuf],
) {
    let started = Instant::now();
    if let Some(prepared) = kept.as_mut() {
        let done = match crate::app::rebuild::apply(prepared, options, changed) {
            Outcome::Rendered(pages) => {
                updated(quiet, started, &pages);
                succeeded(state);
                true
            }
            Outcome::ResidencesFirst(pages) => {
                // The edited residences' pages first; the pages that compare them with others,
                // then the data files, follow before the next edit is looked at.
                updated(quiet, started, &pages);
                succeeded(state);
                let started = Instant::now();
                match crate::app::rebuild::other_pages(prepared, options) {
                    Outcome::PagesFirst(pages) => {
                        if !quiet && !pages.is_empty() {
                            // The pages that compare the residence with others: often all of
                            // them, too many to name.
                            let named = if pages.len() <= 5 {
                                format!(" ({})", pages.join(", "))
                            } else {
                                String::new()
                            };
                            println!(
                                "Puis {} en {} ms{named}.",
                                crate::core::typography::count(
                                    pages.len(),
                                    "aucun autre fichier",
                                    "autre fichier",
                                    "autres fichiers"
                                ),
                                started.elapsed().as_millis(),
                            );
                        }
                        data_files(state, prepared, options, quiet)
                    }
                    Outcome::Failed(diagnostics) => {
                        failed(state, &diagnostics);
                        true
                    }
                    _ => false,
                }
            }
            Outcome::PagesFirst(pages) => {
                // The pages a browser shows first; the data files follow before the next edit
                // is looked at.
                updated(quiet, started, &pages);
                succeeded(state);
                data_files(state, prepared, options, quiet)
            }
            Outcome::Failed(diagnostics) => {
                failed(state, &diagnostics);
                true
            }
            Outcome::NeedsFullBuild => false,
        };
        if done {
            return;
        }
    }
    rebuild(options, state, quiet, kept);
}

/// After the pages of a data edit, the observatory's data files; false when they need a full
/// build.
fn data_files(
    state: &Arc<Mutex<State>>,
    prepared: &crate::pipeline::Prepared,
    options: &BuildOptions,
    quiet: bool,
) -> bool {
    let started = Instant::now();
    match crate::app::rebuild::data_files(prepared, options) {
        Outcome::Rendered(files) => {
            if !quiet && !files.is_empty() {
                println!(
                    "Données ouvertes mises à jour en {} ms ({}).",
                    started.elapsed().as_millis(),
                    files.join(", ")
                );
            }
            true
        }
        Outcome::Failed(diagnostics) => {
            failed(state, &diagnostics);
            true
        }
        _ => false,
    }
}

/// « Page mise à jour en 12 ms (index.html). »
fn updated(quiet: bool, started: Instant, pages: &[String]) {
    if quiet {
        return;
    }
    println!(
        "{} en {} ms ({}).",
        if pages.len() == 1 {
            "Page mise à jour"
        } else {
            "Pages mises à jour"
        },
        started.elapsed().as_millis(),
        if pages.is_empty() {
            "aucun fichier changé".to_string()
        } else {
            pages.join(", ")
        }
    );
}

fn succeeded(state: &Arc<Mutex<State>>) {
    let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
    st.last_error = None;
    st.broadcast(Notice::Reload);
}

fn failed(state: &Arc<Mutex<State>>, diagnostics: &Diagnostics) {
    diagnostics.print(true);
    eprintln!("Échec de la construction : le dernier site valide reste servi.");
    let text = plain(diagnostics);
    let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
    st.last_error = Some(text.clone());
    st.broadcast(Notice::Failed(text));
}

fn plain(diagnostics: &Diagnostics) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The folders of a site that a build reads, watched while serving.
const SOURCE_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// Watches what a build reads and rebuilds after a short quiet period, so one save that touches
/// several files triggers one build. The site folder itself is watched too (not its content),
/// so that a source folder created while serving is watched from then on.
fn spawn_watcher(
    options: &ServeOptions,
    state: Arc<Mutex<State>>,
    mut kept: Kept,
) -> Result<(), String> {
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let mut watcher = notify::recommended_watcher(tx)
        .map_err(|e| format!("surveillance des fichiers impossible : {e}"))?;
    let root = options.build.root.clone();
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("surveillance de {} impossible : {e}", root.display()))?;
    for dir in SOURCE_DIRS {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| format!("surveillance de {} impossible : {e}", path.display()))?;
        }
    }
    let build_options = options.build.clone();
    let quiet = options.quiet;
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            if !is_relevant(&root, &first) {
                continue;
            }
            let mut changed: Vec<PathBuf> = Vec::new();
            collect_paths(&root, &first, &mut changed);
            // Let a burst of events (editors write, rename, chmod) settle.
            let deadline = Instant::now() + Duration::from_millis(40);
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match rx.recv_timeout(left) {
                    Ok(event) => collect_paths(&root, &event, &mut changed),
                    Err(_) => break,
                }
            }
            changed.sort();
            changed.dedup();
            for dir in SOURCE_DIRS.map(|d| root.join(d)) {
                if changed.contains(&dir) && dir.is_dir() {
                    // A source folder appeared (or came back): watch what it holds. Watching a
                    // folder twice is harmless.
                    let _ = watcher.watch(&dir, RecursiveMode::Recursive);
                }
            }
            update(&build_options, &state, quiet, &mut kept, &changed);
        }
    });
    Ok(())
}

/// Whether `path` is in a folder a build reads (or is one): events for the site folder's other
/// entries — the output, its staging folders, a log — must not trigger builds.
fn in_sources(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root)
        .ok()
        .and_then(|rel| rel.components().next())
        .is_some_and(|first| SOURCE_DIRS.iter().any(|d| first.as_os_str() == *d))
}

fn collect_paths(root: &Path, event: &notify::Result<notify::Event>, into: &mut Vec<PathBuf>) {
    if let Ok(e) = event {
        if matches!(e.kind, notify::EventKind::Access(_)) {
            return;
        }
        // Editors often save by renaming a new file over the old one: a path that still exists is
        // an edit; one that no longer does makes the incremental step ask for a full build.
        into.extend(
            e.paths
                .iter()
                .filter(|p| !is_editor_temp(p) && in_sources(root, p))
                .cloned(),
        );
    }
}

fn is_relevant(root: &Path, event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(e) => {
            !matches!(e.kind, notify::EventKind::Access(_))
                && e.paths
                    .iter()
                    .any(|p| !is_editor_temp(p) && in_sources(root, p))
        }
        Err(_) => false,
    }
}

/// Swap and backup files editors write next to the real one.
fn is_editor_temp(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

fn handle(request: http::Request, output_dir: &Path, state: &Arc<Mutex<State>>) {
    let path = request
        .target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    if path == EVENTS_PATH {
        return stream_events(request, state);
    }
    if path == SCRIPT_PATH {
        request.respond(
            200,
            "text/javascript; charset=utf-8",
            RELOAD_SCRIPT.as_bytes(),
        );
        return;
    }
    let (status, file) = match published::resolve(output_dir, &path) {
        Some(file) => (200, file),
        None => (404, output_dir.join(crate::core::paths::NOT_FOUND_PATH)),
    };
    let body = match published::read(&file) {
        Ok(bytes) => bytes,
        Err(_) => {
            request.respond(404, "text/plain; charset=utf-8", b"Page introuvable");
            return;
        }
    };
    let mime = mime_type(&file);
    let body = if status == 404 {
        local_links(body, state)
    } else {
        body
    };
    let body = if mime.starts_with("text/html") {
        inject_script(body)
    } else {
        body
    };
    request.respond(status, mime, &body);
}

/// The 404 page links to the site's public address (`url_base`), so that it works at any
/// depth once published; served locally, its links lead to the same pages here.
fn local_links(body: Vec<u8>, state: &Arc<Mutex<State>>) -> Vec<u8> {
    let base = state.lock().ok().and_then(|s| s.base_url.clone());
    match base {
        Some(base) => String::from_utf8_lossy(&body)
            .replace(&format!("\"{base}"), "\"/")
            .into_bytes(),
        None => body,
    }
}

fn inject_script(body: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(&body);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Server-sent events: `reload` after a good build, `failed` with the errors after a bad one.
fn stream_events(request: http::Request, state: &Arc<Mutex<State>>) {
    let Some(mut writer) = request.into_stream() else {
        return;
    };
    let (tx, rx) = mpsc::channel();
    let pending = {
        let mut st = state.lock().unwrap_or_else(|p| p.into_inner());
        st.subscribers.push(tx);
        st.last_error.clone()
    };
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|_| writer.flush())
        .is_err()
    {
        return;
    }
    if let Some(text) = pending {
        if send_event(&mut writer, "failed", &text).is_err() {
            return;
        }
    }
    loop {
        let result = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(Notice::Reload) => send_event(&mut writer, "reload", "ok"),
            Ok(Notice::Failed(text)) => send_event(&mut writer, "failed", &text),
            // A comment line keeps proxies from closing the stream and notices gone clients.
            Err(mpsc::RecvTimeoutError::Timeout) => {
                writer.write_all(b": ping\n\n").and_then(|_| writer.flush())
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if result.is_err() {
            return;
        }
    }
}

fn send_event(writer: &mut dyn Write, name: &str, data: &str) -> std::io::Result<()> {
    let mut msg = format!("event: {name}\n");
    for line in data.lines() {
        msg.push_str("data: ");
        msg.push_str(line);
        msg.push('\n');
    }
    msg.push('\n');
    writer.write_all(msg.as_bytes())?;
    writer.flush()
}

/// Reads a whole response for tests: status line, headers and body of a simple GET.
#[doc(hidden)]
pub fn http_get(address: SocketAddr, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = std::net::TcpStream::connect_timeout(&address, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )?;
    let mut text = String::new();
    stream.read_to_string(&mut text)?;
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_body_end() {
        let html = inject_script(b"<html><body><p>x</p></body></html>".to_vec());
        let text = String::from_utf8(html).unwrap();
        assert!(text.ends_with("<script src=\"/__ensemble/reload.js\"></script></body></html>"));
    }
}
