//! Where a site's theme comes from: `themes/<name>/` in the site, or, for `default`, the copy
//! embedded in the binary, so a site made by `ensemble new` needs no theme folder and an
//! upgrade of ensemble upgrades its look.

use crate::core::diagnostic::{display_path, Diagnostic, Diagnostics};
use crate::model::config::CONFIG_FILE;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const DEFAULT: &str = "default";

/// One file of a theme part (`templates` or `static`): path inside that part, bytes, and the
/// path to show in messages.
pub struct ThemeFile {
    pub rel: String,
    pub bytes: Vec<u8>,
    pub shown: PathBuf,
}

/// Whether `name` can name a folder of `themes/`: letters, digits, `-` and `_`, so that it never
/// leads elsewhere (`../..`).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The folder `themes/<name>/` under `root`, when it exists.
pub fn folder(root: &Path, name: &str) -> Option<PathBuf> {
    let dir = root.join("themes").join(name);
    (valid_name(name) && dir.is_dir()).then_some(dir)
}

/// Whether a theme of that name can be used for the site at `root`.
pub fn exists(root: &Path, name: &str) -> bool {
    folder(root, name).is_some() || name == DEFAULT
}

/// Every file of `part` (`templates` or `static`) of the theme, sorted by path; a file that
/// cannot be read, or a refused link, goes to `problems`.
pub fn files(
    root: &Path,
    name: &str,
    part: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ThemeFile> {
    if let Some(dir) = folder(root, name) {
        return read_folder(root, &dir.join(part), problems);
    }
    let mut out = Vec::new();
    if name == DEFAULT {
        if let Some(dir) = DEFAULT_THEME.get_dir(part) {
            collect_embedded(dir, part, &mut out);
        }
        out.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
    out
}

/// Every file under `base` with its path inside it, through the one symlink policy
/// ([`crate::load::files`]).
fn read_folder(root: &Path, base: &Path, problems: &mut Vec<Diagnostic>) -> Vec<ThemeFile> {
    let mut out = Vec::new();
    for path in crate::load::files::walk(root, base, problems) {
        let rel = path.strip_prefix(base).unwrap_or(&path);
        let shown = display_path(root, &path);
        match std::fs::read(&path) {
            Ok(bytes) => out.push(ThemeFile {
                rel: rel.to_string_lossy().replace('\\', "/"),
                bytes,
                shown,
            }),
            Err(e) => problems.push(Diagnostic::error(
                shown,
                format!("lecture impossible : {e}"),
            )),
        }
    }
    out
}

/// Prefix of the theme's templates in Tera: a site template of the same name wins, and can still
/// extend the theme's (`{% extends "theme/base.html" %}`).
pub const THEME_PREFIX: &str = "theme/";

/// One template: its Tera name (`theme/base.html`, or `base.html` for the site's own), its text,
/// and the file to name in messages.
pub struct TemplateSource {
    pub name: String,
    pub text: String,
    pub shown: PathBuf,
}

/// The theme's templates (`themes/<theme>/templates/**`, under [`THEME_PREFIX`]), then the
/// site's own (`templates/**`). `None` when the theme does not exist or cannot be read.
pub fn templates(
    root: &Path,
    theme: &str,
    diagnostics: &mut Diagnostics,
) -> Option<Vec<TemplateSource>> {
    if !valid_name(theme) {
        // Reported with its line by the configuration's checks.
        return None;
    }
    if !exists(root, theme) {
        diagnostics.push(
            Diagnostic::error(CONFIG_FILE, format!("thème « {theme} » introuvable : le dossier themes/{theme}/ n'existe pas"))
                .hint("indiquez « theme: default » dans content/site.yaml (thème intégré), ou créez ce dossier."),
        );
        return None;
    }
    let mut problems = Vec::new();
    let theme_files = files(root, theme, "templates", &mut problems);
    let site_files = read_folder(root, &root.join("templates"), &mut problems);
    diagnostics.extend(problems);
    let mut sources = Vec::new();
    for (list, prefix) in [(theme_files, THEME_PREFIX), (site_files, "")] {
        for file in list {
            match String::from_utf8(file.bytes) {
                Ok(text) => sources.push(TemplateSource {
                    name: format!("{prefix}{}", file.rel),
                    text,
                    shown: file.shown,
                }),
                Err(_) => diagnostics.push(Diagnostic::error(
                    file.shown,
                    "modèle illisible : le fichier n'est pas en UTF-8",
                )),
            }
        }
    }
    Some(sources)
}

/// Files copied as they are into the output: the theme's `static/`, then the site's own
/// `static/`, which replaces a theme file of the same path.
pub fn static_files(root: &Path, theme: &str, diagnostics: &mut Diagnostics) -> Vec<ThemeFile> {
    let mut problems = Vec::new();
    let mut out = files(root, theme, "static", &mut problems);
    for file in read_folder(root, &root.join("static"), &mut problems) {
        out.retain(|f| f.rel != file.rel);
        out.push(file);
    }
    diagnostics.extend(problems);
    out
}

fn collect_embedded(dir: &Dir<'static>, part: &str, out: &mut Vec<ThemeFile>) {
    for file in dir.files() {
        let rel = file.path().strip_prefix(part).unwrap_or(file.path());
        out.push(ThemeFile {
            rel: rel.to_string_lossy().replace('\\', "/"),
            bytes: file.contents().to_vec(),
            shown: PathBuf::from(format!(
                "(thème intégré) themes/default/{}",
                file.path().display()
            )),
        });
    }
    for sub in dir.dirs() {
        collect_embedded(sub, part, out);
    }
}
