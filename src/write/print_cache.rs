//! Prints kept from one build to the next: a poster whose page did not change is not printed
//! again. Each PDF is filed under a key, the hash of everything its print depends on — the
//! page's HTML, every local file it loads (style sheets, and what they load in turn: images,
//! fonts), the paper it must fit on, the browser that prints it and the version of ensemble —,
//! in `.ensemble-prints` at the root of the output. The next build computes the keys of its own
//! pages from the staging folder before printing and takes the previous output's PDF, unchanged
//! since its manifest was written, for every key that matches.
//!
//! A dependency the key misses would leave an old PDF beside a new page, so the list is taken
//! from the page itself (every relative `href`/`src`, every `url(…)` of its style sheets), not
//! from a list of the theme's files; links to other pages (`.html`) and to PDFs are left out:
//! they do not change what prints.

use super::manifest::{hash, Hasher};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// First line of the file: a file of another format is ignored.
const HEADER: &str = "ensemble-prints 1";

/// The keys of the previous output's PDFs, by site-relative PDF path.
#[derive(Default)]
pub struct PrintKeys(HashMap<String, u128>);

impl PrintKeys {
    /// The keys of the previous output, from its `.ensemble-prints` at `file` (the caller passes
    /// it only when the manifest vouches for it); empty when missing or unreadable.
    pub fn read(file: Option<PathBuf>) -> PrintKeys {
        let text = file
            .and_then(|f| std::fs::read_to_string(f).ok())
            .unwrap_or_default();
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return PrintKeys::default();
        }
        PrintKeys(
            lines
                .filter_map(|line| {
                    let (key, path) = line.split_once(' ')?;
                    Some((path.to_string(), u128::from_str_radix(key, 16).ok()?))
                })
                .collect(),
        )
    }

    pub fn get(&self, pdf: &str) -> Option<u128> {
        self.0.get(pdf).copied()
    }
}

/// The text of `.ensemble-prints` for these `(PDF path, key)`, sorted by path.
pub fn serialise(keys: &mut [(String, u128)]) -> String {
    keys.sort();
    let mut text = format!("{HEADER}\n");
    for (path, key) in keys.iter() {
        if !path.contains(['\n', '\r']) {
            text.push_str(&format!("{key:032x} {path}\n"));
        }
    }
    text
}

/// What identifies the browser: its path, size and date (a browser upgrade prints anew).
pub fn browser_key(chromium: &Path) -> u128 {
    let file = std::fs::canonicalize(chromium).unwrap_or_else(|_| chromium.to_path_buf());
    let meta = std::fs::metadata(&file).ok();
    let stamp = meta.as_ref().and_then(|m| m.modified().ok()).and_then(|t| {
        t.duration_since(std::time::UNIX_EPOCH)
            .ok()
            .map(|d| d.as_nanos())
    });
    hash(format!("{} {:?} {stamp:?}", file.display(), meta.map(|m| m.len())).as_bytes())
}

/// The key of the print of the site-relative `page` of `site_dir` on at most `sheets` sheets by
/// the browser `browser`; `None` when the page cannot be read (it is printed then).
pub fn page_key(site_dir: &Path, page: &str, sheets: usize, browser: u128) -> Option<u128> {
    let html = std::fs::read(site_dir.join(page)).ok()?;
    let mut h = Hasher::new();
    h.update(b"ensemble ");
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(&browser.to_le_bytes());
    h.update(&(sheets as u64).to_le_bytes());
    h.update(page.as_bytes());
    h.update(&hash(&html).to_le_bytes());
    for file in resources(site_dir, page, &html) {
        // Files that do not exist are part of the key too: one appearing changes the print.
        let bytes = std::fs::read(site_dir.join(&file)).ok();
        h.update(file.as_bytes());
        h.update(&bytes.map(|b| hash(&b)).unwrap_or(0).to_le_bytes());
    }
    Some(h.digest128())
}

/// The key of a bound PDF: its parts' keys and titles, in order.
pub fn bundle_key(title: &str, parts: &[(&str, u128)]) -> u128 {
    let mut h = Hasher::new();
    h.update(b"bundle ");
    h.update(title.as_bytes());
    for (name, key) in parts {
        h.update(b"\n");
        h.update(name.as_bytes());
        h.update(&key.to_le_bytes());
    }
    h.digest128()
}

/// Every site-relative file the page `page` loads, directly or through its style sheets.
fn resources(site_dir: &Path, page: &str, html: &[u8]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut pending: Vec<(String, Vec<String>)> =
        vec![(page.to_string(), page_urls(&String::from_utf8_lossy(html)))];
    while let Some((from, urls)) = pending.pop() {
        for url in urls {
            let Some(file) = resolve(&from, &url) else {
                continue;
            };
            if file.ends_with(".html") || file.ends_with(".pdf") || !found.insert(file.clone()) {
                continue;
            }
            if file.ends_with(".css") {
                if let Ok(css) = std::fs::read_to_string(site_dir.join(&file)) {
                    pending.push((file, css_urls(&css)));
                }
            }
        }
    }
    found
}

/// The targets of every `url(…)` of a style sheet.
fn css_urls(css: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        if let Some(end) = rest.find(')') {
            urls.push(rest[..end].trim().trim_matches(['"', '\'']).to_string());
            rest = &rest[end..];
        }
    }
    urls
}

/// The values of every `href` and `src` of a page, found by the link check's own scanner.
fn page_urls(html: &str) -> Vec<String> {
    super::linkcheck::scan(html)
        .links
        .into_iter()
        .map(|(url, _)| url)
        .collect()
}

/// The site-relative file a relative `url` written in the file `from` points at; `None` for an
/// absolute URL, a fragment, a `data:` URL or one that leaves the site (resolved as the link
/// check resolves links).
fn resolve(from: &str, url: &str) -> Option<String> {
    let url = url.split(['#', '?']).next()?;
    if url.is_empty() || url.contains(':') || url.starts_with('/') {
        return None;
    }
    let url = crate::core::url::percent_decode(url)?;
    let folder = from.rsplit_once('/').map_or("", |(f, _)| f);
    super::linkcheck::normalize(folder, &url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::paths::PRINTS;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        }
        dir
    }

    const PAGE: &str = r#"<link rel="stylesheet" href="../../css/poster.css"><a href="../../index.html">x</a><img src="qr.svg" alt=""><a href="affiche.pdf">pdf</a>"#;

    #[test]
    fn the_key_follows_the_page_its_style_sheets_and_what_they_load() {
        let files = [
            ("affiches/a/index.html", PAGE),
            ("affiches/a/qr.svg", "<svg/>"),
            (
                "css/poster.css",
                "body{background:url(\"../img/fond.png\")}",
            ),
            ("img/fond.png", "png"),
            ("index.html", "home"),
        ];
        let key = |changes: &[(&str, &str)]| {
            let mut all: Vec<(&str, &str)> = files.to_vec();
            all.extend_from_slice(changes);
            let dir = site(&all);
            page_key(dir.path(), "affiches/a/index.html", 1, 7).unwrap()
        };
        let base = key(&[]);
        assert_eq!(base, key(&[]), "same files, same key");
        assert_eq!(
            base,
            key(&[("index.html", "another home")]),
            "a linked page does not print"
        );
        assert_ne!(
            base,
            key(&[("img/fond.png", "other")]),
            "an image the CSS loads prints"
        );
        assert_ne!(base, key(&[("css/poster.css", "body{}")]));
        assert_ne!(base, key(&[("affiches/a/qr.svg", "<svg></svg>")]));
        assert_ne!(base, key(&[("affiches/a/index.html", "<p>autre</p>")]));
        let dir = site(&files);
        assert_ne!(
            base,
            page_key(dir.path(), "affiches/a/index.html", 2, 7).unwrap()
        );
        assert_ne!(
            base,
            page_key(dir.path(), "affiches/a/index.html", 1, 8).unwrap()
        );
        assert_eq!(
            page_key(dir.path(), "affiches/absente/index.html", 1, 7),
            None
        );
    }

    #[test]
    fn keys_are_read_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(PRINTS);
        let mut keys = vec![
            ("affiches/b/b.pdf".to_string(), 2u128),
            ("affiches/a/a.pdf".into(), u128::MAX),
        ];
        std::fs::write(&file, serialise(&mut keys)).unwrap();
        let read = PrintKeys::read(Some(file.clone()));
        assert_eq!(read.get("affiches/a/a.pdf"), Some(u128::MAX));
        assert_eq!(read.get("affiches/b/b.pdf"), Some(2));
        std::fs::write(&file, "autre chose\n0 affiches/a/a.pdf\n").unwrap();
        assert_eq!(PrintKeys::read(Some(file)).get("affiches/a/a.pdf"), None);
        assert_eq!(PrintKeys::read(None).get("affiches/a/a.pdf"), None);
    }

    #[test]
    fn urls_resolve_inside_the_site_only() {
        assert_eq!(
            resolve("affiches/a/index.html", "../../css/p.css?v=1").as_deref(),
            Some("css/p.css")
        );
        assert_eq!(
            resolve("affiches/a/index.html", "qr%20code.svg").as_deref(),
            Some("affiches/a/qr code.svg")
        );
        assert_eq!(resolve("index.html", "../../etc/passwd"), None);
        assert_eq!(resolve("index.html", "https://exemple.fr/a.css"), None);
        assert_eq!(resolve("index.html", "#affiche"), None);
        assert_eq!(resolve("index.html", "data:image/png;base64,AA"), None);
    }
}
