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

/// The folder `themes/<name>/` under `root`, when it exists.
pub fn folder(root: &Path, name: &str) -> Option<PathBuf> {
    let dir = root.join("themes").join(name);
    dir.is_dir().then_some(dir)
}

/// Whether a theme of that name can be used for the site at `root`.
pub fn exists(root: &Path, name: &str) -> bool {
    folder(root, name).is_some() || name == DEFAULT
}

/// Every file of `part` (`templates` or `static`) of the theme, sorted by path.
pub fn files(root: &Path, name: &str, part: &str) -> std::io::Result<Vec<ThemeFile>> {
    let mut out = Vec::new();
    if let Some(dir) = folder(root, name) {
        let base = dir.join(part);
        if base.is_dir() {
            for entry in walkdir::WalkDir::new(&base).sort_by_file_name() {
                let entry = entry.map_err(std::io::Error::other)?;
                if entry.file_type().is_file() {
                    let rel = entry
                        .path()
                        .strip_prefix(&base)
                        .map_err(std::io::Error::other)?;
                    out.push(ThemeFile {
                        rel: rel.to_string_lossy().replace('\\', "/"),
                        bytes: std::fs::read(entry.path())?,
                        shown: display_path(root, entry.path()),
                    });
                }
            }
        }
    } else if name == DEFAULT {
        if let Some(dir) = DEFAULT_THEME.get_dir(part) {
            collect_embedded(dir, part, &mut out);
        }
        out.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
    Ok(out)
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
    if !exists(root, theme) {
        diagnostics.push(
            Diagnostic::error(CONFIG_FILE, format!("thème « {theme} » introuvable : le dossier themes/{theme}/ n'existe pas"))
                .hint("indiquez « theme: default » dans content/site.yaml (thème intégré), ou créez ce dossier."),
        );
        return None;
    }
    let theme_files = match files(root, theme, "templates") {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                format!("themes/{theme}/templates"),
                format!("lecture impossible : {e}"),
            ));
            return None;
        }
    };
    let mut site_files = Vec::new();
    let site_dir = root.join("templates");
    if site_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&site_dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&site_dir).unwrap_or(entry.path());
                let shown = display_path(root, entry.path());
                match std::fs::read(entry.path()) {
                    Ok(bytes) => site_files.push(ThemeFile {
                        rel: rel.to_string_lossy().replace('\\', "/"),
                        bytes,
                        shown,
                    }),
                    Err(e) => diagnostics
                        .push(Diagnostic::error(shown, format!("modèle illisible : {e}"))),
                }
            }
        }
    }
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
    let mut out = match files(root, theme, "static") {
        Ok(f) => f,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                format!("themes/{theme}/static"),
                format!("copie des fichiers statiques impossible : {e}"),
            ));
            Vec::new()
        }
    };
    let site_dir = root.join("static");
    if site_dir.is_dir() {
        for entry in walkdir::WalkDir::new(&site_dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    diagnostics.push(Diagnostic::error(
                        "static",
                        format!("copie des fichiers statiques impossible : {e}"),
                    ));
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&site_dir)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    out.retain(|f| f.rel != rel);
                    out.push(ThemeFile {
                        rel,
                        bytes,
                        shown: display_path(root, entry.path()),
                    });
                }
                Err(e) => diagnostics.push(Diagnostic::error(
                    display_path(root, entry.path()),
                    format!("copie des fichiers statiques impossible : {e}"),
                )),
            }
        }
    }
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
