//! Symbolic links, and what else may be read, in one policy for everything a build reads:
//! `content/` (site.yaml, the pages, the observatory's data), `templates/`, `themes/` and
//! `static/`.
//!
//! A symbolic link is followed only when what it leads to, once every link on the way is
//! resolved, stays inside the site folder: a shared `static/` folder linked into the site works,
//! a link to `/etc/passwd` does not. A link that leads out of the site, a broken link and a loop
//! of links are errors naming the link; what a refused link points to is never opened, so no
//! message can quote a file from outside the site. Only regular files are read: a FIFO or a
//! device under `content/` is an error, not a build that waits forever.

use crate::core::diagnostic::{display_path, Diagnostic};
use std::path::{Path, PathBuf};

/// Whether the file at `path` (under the site folder `root`) may be read: `Ok` for a regular
/// file inside the site (or one that does not exist, for the caller to report).
pub fn check(root: &Path, path: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    let shown = display_path(root, path);
    let inside = match (root.canonicalize(), path.canonicalize()) {
        (Ok(real_root), Ok(real)) => real.starts_with(real_root),
        (Ok(_), Err(_)) => return Err(broken(root, path)),
        (Err(_), _) => true,
    };
    if !inside {
        return Err(outside(root, path));
    }
    let followed = if meta.file_type().is_symlink() {
        std::fs::metadata(path).map(|m| m.file_type()).ok()
    } else {
        Some(meta.file_type())
    };
    match followed {
        Some(t) if t.is_file() || t.is_dir() => Ok(()),
        _ => Err(not_a_file(shown)),
    }
}

/// Reads the text file at `path`, after [`check`].
pub fn read_to_string(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    check(root, path)?;
    read_text(path, &display_path(root, path))
}

/// The text of the file at `path` (shown to the author as `shown`), with a French error that
/// says why it cannot be read: for a file that is not UTF-8, the line and column of the first
/// byte that is not, and how to save it again.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(shown, format!("lecture impossible : {}", os_error(&e)))
            .hint("vérifiez que le fichier existe et que vous avez le droit de le lire.")
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        Diagnostic::error(
            shown,
            format!(
                "le fichier n'est pas enregistré en UTF-8 : caractère illisible (octet 0x{:02X})",
                e.as_bytes()[good.len()]
            ),
        )
        .at(line, Some(column))
        .with_source(&lossy)
        .hint("enregistrez le fichier en « UTF-8 » (dans le Bloc-notes ou LibreOffice : Enregistrer sous, Encodage UTF-8) ; un export Windows est souvent en Windows-1252 : les accents y sont codés autrement.")
    })
}

/// An OS error in French, without the English text and error number of `std::io::Error`.
pub fn os_error(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "fichier introuvable",
        PermissionDenied => "accès refusé",
        IsADirectory => "c'est un dossier, pas un fichier",
        InvalidData => "contenu illisible",
        OutOfMemory => "mémoire insuffisante",
        _ => "erreur du système de fichiers",
    }
}

/// Every regular file under the folder `dir` of the site at `root`, sorted by path, following
/// the links that stay inside the site; every link refused and every entry that is neither a
/// file nor a folder goes to `problems`. Nothing when `dir` does not exist.
pub fn walk(root: &Path, dir: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if std::fs::symlink_metadata(dir).is_err() {
        return Vec::new();
    }
    if let Err(d) = check(root, dir) {
        problems.push(d);
        return Vec::new();
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut files = Vec::new();
    let mut entries = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(walk_error(root, dir, &e));
                continue;
            }
        };
        if entry.path_is_symlink() && entry.depth() > 0 {
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&real_root));
            if !inside {
                problems.push(outside(root, entry.path()));
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        let kind = entry.file_type();
        if kind.is_file() {
            files.push(entry.into_path());
        } else if !kind.is_dir() {
            problems.push(not_a_file(display_path(root, entry.path())));
        }
    }
    files
}

fn walk_error(root: &Path, dir: &Path, e: &walkdir::Error) -> Diagnostic {
    let path = e.path().unwrap_or(dir);
    if let Some(ancestor) = e.loop_ancestor() {
        return Diagnostic::error(
            display_path(root, path),
            format!(
                "lien symbolique en boucle : il mène à son propre dossier {}",
                display_path(root, ancestor).display()
            ),
        )
        .hint("supprimez ce lien ou faites-le pointer vers un autre dossier.");
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return broken(root, path);
    }
    Diagnostic::error(
        display_path(root, path),
        format!("lecture impossible : {e}"),
    )
    .hint("vérifiez les droits de ce fichier ou de ce dossier.")
}

/// The first symbolic link on the way from `root` to `path`, and where it points.
fn first_link(root: &Path, path: &Path) -> Option<(PathBuf, PathBuf)> {
    let rel = path.strip_prefix(root).ok()?;
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        if let Ok(target) = std::fs::read_link(&at) {
            return Some((at, target));
        }
    }
    None
}

fn outside(root: &Path, path: &Path) -> Diagnostic {
    let message = match first_link(root, path) {
        Some((link, target)) => format!(
            "lien symbolique « {} » vers « {} », hors du dossier du site : refusé",
            display_path(root, &link).display(),
            target.display()
        ),
        None => format!(
            "« {} » est hors du dossier du site : refusé",
            display_path(root, path).display()
        ),
    };
    Diagnostic::error(display_path(root, path), message)
    .hint("un lien symbolique n'est suivi que s'il mène à un fichier du dossier du site : copiez le fichier dans le site, ou faites pointer le lien vers un fichier du site.")
}

fn broken(root: &Path, path: &Path) -> Diagnostic {
    let target = first_link(root, path)
        .map(|(_, t)| t.display().to_string())
        .unwrap_or_default();
    Diagnostic::error(
        display_path(root, path),
        format!("lien symbolique cassé : « {target} » n'existe pas"),
    )
    .hint("supprimez le lien, ou faites-le pointer vers un fichier qui existe dans le site.")
}

fn not_a_file(shown: PathBuf) -> Diagnostic {
    Diagnostic::error(
        shown,
        "ni un fichier ni un dossier (tube, périphérique ou socket) : refusé",
    )
    .hint("retirez-le du site : seuls des fichiers ordinaires y sont lus.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_are_followed_inside_the_site_only() {
        use std::os::unix::fs::symlink;
        let tmp = tempfile::tempdir().unwrap();
        let outside_file = tmp.path().join("secret.txt");
        std::fs::write(&outside_file, "root:x:0:0").unwrap();
        let root = tmp.path().join("site");
        let content = root.join("content");
        std::fs::create_dir_all(content.join("a")).unwrap();
        std::fs::write(content.join("a/page.md"), "x").unwrap();
        std::fs::write(root.join("partage.md"), "y").unwrap();
        symlink("../partage.md", content.join("lien.md")).unwrap();
        symlink(&outside_file, content.join("dehors.md")).unwrap();
        symlink(tmp.path(), content.join("dossier")).unwrap();
        symlink("absent.md", content.join("casse.md")).unwrap();
        symlink(".", content.join("a/boucle")).unwrap();
        let mut problems = Vec::new();
        let found = walk(&root, &content, &mut problems);
        let names: Vec<String> = found
            .iter()
            .map(|p| display_path(&root, p).display().to_string())
            .collect();
        assert_eq!(names, ["content/a/page.md", "content/lien.md"]);
        let messages: Vec<String> = problems.iter().map(|d| d.message.clone()).collect();
        assert_eq!(problems.len(), 4, "{messages:#?}");
        assert!(messages.iter().all(|m| !m.contains("root:x")));
        assert!(check(&root, &content.join("dehors.md")).is_err());
        assert!(read_to_string(&root, &content.join("dehors.md"))
            .unwrap_err()
            .message
            .contains("hors du dossier du site"));
        assert!(check(&root, &content.join("lien.md")).is_ok());
    }
}
