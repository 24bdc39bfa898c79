//! Internal link and anchor check over a rendered site folder: every `href`/`src` that points
//! inside the site must name an existing file, every `#anchor` an existing `id`, and no link may
//! be root-relative (it would break the site under a sub-path or from `file://`).

use crate::core::diagnostic::Diagnostic;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One HTML file's ids and outgoing links.
pub(super) struct Scanned {
    ids: HashSet<String>,
    /// (attribute value, 1-based line)
    pub(super) links: Vec<(String, usize)>,
}

/// Checks every HTML file under `dir`. `source_of` maps an output path to the content file that
/// produced it, so a broken link in a page is reported against the file an author can edit.
pub fn check_dir(dir: &Path, source_of: &HashMap<String, PathBuf>) -> Vec<Diagnostic> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    let existing: HashSet<String> = files.iter().map(|f| rel(dir, f)).collect();
    let html: Vec<&PathBuf> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|x| x == "html"))
        .collect();
    let scanned: HashMap<String, Scanned> = html
        .par_iter()
        .filter_map(|f| {
            std::fs::read_to_string(f)
                .ok()
                .map(|text| (rel(dir, f), scan(&text)))
        })
        .collect();

    let mut problems: Vec<Diagnostic> = scanned
        .par_iter()
        .flat_map_iter(|(page, s)| {
            let mut out = Vec::new();
            for (link, line) in &s.links {
                if let Some(message) = check_link(page, link, &existing, &scanned) {
                    let file = source_of.get(page).cloned().unwrap_or_else(|| PathBuf::from(page));
                    let mut d = Diagnostic::error(file, format!("{message} (lien « {link} » de la page {page})"))
                        .hint("corrigez la cible du lien ; pour une page du site, écrivez @/chemin/du/fichier.md dans le Markdown.");
                    if !source_of.contains_key(page) {
                        d = d.at(*line, None);
                    }
                    out.push(d);
                }
            }
            out
        })
        .collect();
    problems.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    problems
}

fn rel(dir: &Path, f: &Path) -> String {
    f.strip_prefix(dir)
        .unwrap_or(f)
        .to_string_lossy()
        .replace('\\', "/")
}

fn check_link(
    page: &str,
    link: &str,
    existing: &HashSet<String>,
    scanned: &HashMap<String, Scanned>,
) -> Option<String> {
    let link = link.trim();
    if link.is_empty() {
        return Some("lien vide".into());
    }
    let lower = link.to_ascii_lowercase();
    if ["http:", "https:", "mailto:", "tel:", "data:"]
        .iter()
        .any(|p| lower.starts_with(p))
    {
        return None;
    }
    if link.starts_with("//") || link.starts_with('/') {
        return Some("lien absolu depuis la racine du serveur : il casse le site publié sous un sous-chemin ou ouvert depuis un dossier".into());
    }
    if lower.contains(':')
        && !lower.starts_with('#')
        && lower
            .split(['/', '#', '?'])
            .next()
            .is_some_and(|s| s.contains(':'))
    {
        return Some("protocole de lien non autorisé".into());
    }
    let (path_part, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (link, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let target = if path_part.is_empty() {
        page.to_string()
    } else {
        let base = page.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let Some(joined) = normalize(base, &percent_decode(path_part)) else {
            return Some("le lien remonte au-dessus de la racine du site".into());
        };
        if joined.is_empty()
            || joined.ends_with('/')
            || path_part.ends_with("..")
            || path_part == "."
        {
            // A folder link works on a web server but opens a listing (or nothing) from file://.
            return Some("lien vers un dossier : ajoutez index.html pour que le site fonctionne ouvert depuis un dossier (file://)".into());
        }
        if !existing.contains(&joined) {
            if existing.contains(&format!("{joined}/index.html")) {
                return Some("lien vers un dossier : ajoutez index.html pour que le site fonctionne ouvert depuis un dossier (file://)".into());
            }
            return Some(format!("la cible {joined} n'existe pas"));
        }
        joined
    };
    if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
        let anchor = percent_decode(anchor);
        match scanned.get(&target) {
            Some(s) if s.ids.contains(&anchor) => {}
            Some(_) => return Some(format!("l'ancre #{anchor} n'existe pas dans {target}")),
            None => {}
        }
    }
    None
}

/// Resolves `rel` against folder `base` (both site-relative); `None` when it climbs above the root.
pub(super) fn normalize(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    let trailing = rel.ends_with('/');
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `%XX` decoded; a malformed escape is kept as written (the link then points nowhere and is
/// reported as broken).
fn percent_decode(s: &str) -> String {
    crate::core::url::percent_decode(s).unwrap_or_else(|| s.to_string())
}

/// Collects ids and link targets with a small attribute scanner: the output is our own,
/// well-formed HTML, so a full parser is not needed.
pub(super) fn scan(text: &str) -> Scanned {
    let mut ids = HashSet::new();
    let mut links = Vec::new();
    let bytes = text.as_bytes();
    let mut line = 1usize;
    let mut i = 0usize;
    let mut in_tag = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            line += 1;
        } else if b == b'<' {
            // Skip comments and the contents of <script>/<style>.
            if text[i..].starts_with("<!--") {
                let end = text[i..]
                    .find("-->")
                    .map(|e| i + e + 3)
                    .unwrap_or(bytes.len());
                line += text[i..end].matches('\n').count();
                i = end;
                continue;
            }
            in_tag = bytes.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic());
        } else if b == b'>' {
            in_tag = false;
        } else if in_tag && (b == b' ' || b == b'\n' || b == b'\t') {
            let rest = &text[i + 1..];
            for attr in ["href=\"", "src=\"", "id=\"", "name=\""] {
                if rest.starts_with(attr) {
                    let start = i + 1 + attr.len();
                    if let Some(end) = text[start..].find('"') {
                        let value = html_unescape(&text[start..start + end]);
                        match attr {
                            "id=\"" | "name=\"" => {
                                ids.insert(value);
                            }
                            _ => links.push((value, line)),
                        }
                    }
                }
            }
        }
        i += 1;
    }
    Scanned { ids, links }
}

fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn finds_broken_links_anchors_and_root_relative_links() {
        let dir = site(&[
            (
                "index.html",
                r##"<a href="a/index.html#x">ok</a> <a href="a/index.html#nope">bad anchor</a> <a href="b/index.html">missing</a> <a href="/a/index.html">root</a> <a href="a/">folder</a> <a href="#top">self</a> <h1 id="top">t</h1> <a href="https://x.fr/">ext</a>"##,
            ),
            (
                "a/index.html",
                r#"<h2 id="x">x</h2><img src="../img/p.png" alt="">"#,
            ),
            ("img/p.png", "png"),
        ]);
        let problems = check_dir(dir.path(), &HashMap::new());
        let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        assert_eq!(problems.len(), 4, "{messages:#?}");
        assert!(messages.iter().any(|m| m.contains("#nope")));
        assert!(messages
            .iter()
            .any(|m| m.contains("b/index.html n'existe pas")));
        assert!(messages.iter().any(|m| m.contains("racine")));
        assert!(messages.iter().any(|m| m.contains("dossier")));
    }

    #[test]
    fn normalize_refuses_to_climb_above_root() {
        assert_eq!(
            normalize("a/b", "../c/index.html").as_deref(),
            Some("a/c/index.html")
        );
        assert_eq!(normalize("", "../x"), None);
    }
}
