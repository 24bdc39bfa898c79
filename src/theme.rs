//! Where a site's theme comes from: `themes/<name>/` in the site, or, for `default`, the copy
//! embedded in the binary, so a site made by `ensemble new` needs no theme folder and an
//! upgrade of ensemble upgrades its look.

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
                        shown: crate::diagnostic::display_path(root, entry.path()),
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
