//! Where a build may write. Before anything is written, the output folder is checked against the
//! site: replacing it must never delete the site's own files or a folder ensemble did not write.
//! Every output carries a marker file, so a later build knows the folder is its own. Staging
//! folders left by interrupted builds are removed by the next build.

use crate::core::diagnostic::Diagnostic;
use std::io;
use std::path::{Component, Path, PathBuf};

pub use crate::core::paths::MARKER;
pub const MARKER_TEXT: &str =
    "Dossier produit par ensemble : il est remplacé entièrement à chaque construction.\n";

/// Folders of a site that a build reads: an output inside one of them would feed itself, or
/// delete sources when replaced.
const SOURCE_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// Why an output folder is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The output is the site folder itself.
    IsSiteRoot,
    /// The site folder is inside the output: replacing the output would delete it.
    ContainsSite,
    /// The output is, or is inside, one of the folders the build reads.
    InSource(&'static str),
    /// A file, not a folder, has the output's name.
    IsFile,
    /// A folder with files that ensemble did not write.
    Foreign,
}

/// Checks that `target` may be replaced by a build of the site at `root`.
pub fn check(root: &Path, target: &Path) -> Result<(), Diagnostic> {
    refusal(root, target).map_or(Ok(()), |r| Err(diagnostic(target, &r)))
}

fn refusal(root: &Path, target: &Path) -> Option<Refusal> {
    let root = resolved(root);
    let out = resolved(target);
    if out == root {
        return Some(Refusal::IsSiteRoot);
    }
    if root.starts_with(&out) {
        return Some(Refusal::ContainsSite);
    }
    if let Some(dir) = SOURCE_DIRS.iter().find(|d| out.starts_with(root.join(d))) {
        return Some(Refusal::InSource(dir));
    }
    match std::fs::symlink_metadata(target) {
        Ok(meta) if !meta.is_dir() => Some(Refusal::IsFile),
        Ok(_) if !is_ours(target) => Some(Refusal::Foreign),
        _ => None,
    }
}

/// An absolute, normalised path, with the symbolic links of its existing part resolved, so two
/// spellings of one folder compare equal.
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for c in absolute.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Resolve the longest existing prefix, then put the rest back.
    let mut rest = Vec::new();
    let mut probe = normal.clone();
    loop {
        if let Ok(real) = probe.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(real, |p, part: &std::ffi::OsString| p.join(part));
        }
        match (probe.file_name().map(|n| n.to_os_string()), probe.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                probe = parent.to_path_buf();
            }
            _ => return normal,
        }
    }
}

/// Whether `dir` is empty, carries the marker, or was written by a version of ensemble from
/// before the marker (it had a sitemap, a robots.txt and a 404 page at its root).
fn is_ours(dir: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return false;
    };
    if entries.next().is_none() {
        return true;
    }
    dir.join(MARKER).is_file()
        || ["sitemap.xml", "robots.txt", "404.html", "index.html"]
            .iter()
            .all(|f| dir.join(f).is_file())
}

fn diagnostic(target: &Path, refusal: &Refusal) -> Diagnostic {
    let shown = target.display();
    let (message, hint) = match refusal {
        Refusal::IsSiteRoot => (
            format!("dossier de sortie « {shown} » refusé : c’est le dossier du site lui-même, que la construction remplacerait"),
            "choisissez un dossier à part pour le site produit, par exemple public/ (le défaut).".to_string(),
        ),
        Refusal::ContainsSite => (
            format!("dossier de sortie « {shown} » refusé : il contient le dossier du site, qui serait effacé en le remplaçant"),
            "choisissez un dossier à part pour le site produit, par exemple public/ (le défaut).".to_string(),
        ),
        Refusal::InSource(dir) => (
            format!("dossier de sortie « {shown} » refusé : il est dans {dir}/, que la construction lit"),
            "choisissez un dossier hors de content/, themes/, templates/ et static/, par exemple public/.".to_string(),
        ),
        Refusal::IsFile => (
            format!("dossier de sortie « {shown} » refusé : c’est un fichier, pas un dossier"),
            "indiquez un dossier avec --output ; le fichier n’a pas été touché.".to_string(),
        ),
        Refusal::Foreign => (
            format!("dossier de sortie « {shown} » refusé : il contient des fichiers qu’ensemble n’a pas écrits, et serait remplacé entièrement"),
            format!("videz-le ou choisissez un autre dossier ; un dossier produit par ensemble contient le fichier {MARKER}. Rien n’a été modifié."),
        ),
    };
    Diagnostic::error(target, message).hint(hint)
}

/// `base` joined with the site-relative `rel`, or an error when `rel` could lead anywhere else:
/// empty, absolute, with `..` or `.` parts, backslashes or NUL bytes. Every file of a build is
/// written through this, whatever computed its path.
pub fn join_inside(base: &Path, rel: &str) -> io::Result<PathBuf> {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.contains(['\\', '\0'])
        || rel
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..");
    if bad {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "chemin « {} » hors du dossier de sortie",
                rel.escape_debug()
            ),
        ));
    }
    Ok(base.join(rel))
}

/// Staging folders (`.public.staging-PID`, and `….staging-PID-N.old` of a swap) left beside `target` by builds
/// whose process is gone: an interrupted build cannot remove its own. Folders of running builds
/// are left alone. Linux only (it reads /proc); elsewhere nothing is removed.
pub fn leftovers(target: &Path) -> Vec<PathBuf> {
    let (Some(parent), Some(name)) = (parent_of(target), target.file_name()) else {
        return Vec::new();
    };
    if !Path::new("/proc/self").is_dir() {
        return Vec::new();
    }
    let prefix = format!(".{}.staging-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(&parent) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .flatten()
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let pid = file_name.strip_prefix(&prefix)?;
            let pid = match pid.strip_suffix(".old") {
                Some(old) => old.split_once('-').map_or(old, |(pid, _swap)| pid),
                None => pid,
            };
            let pid: u32 = pid.parse().ok()?;
            let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists();
            (!alive && e.file_type().is_ok_and(|t| t.is_dir())).then(|| e.path())
        })
        .collect();
    out.sort();
    out
}

/// The folder holding `target` (`.` for a bare name).
pub fn parent_of(target: &Path) -> Option<PathBuf> {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => Some(p.to_path_buf()),
        Some(_) => Some(PathBuf::from(".")),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let base = Path::new("/x/out");
        assert_eq!(
            join_inside(base, "a/b.html").unwrap(),
            base.join("a/b.html")
        );
        for bad in [
            "",
            "/etc/passwd",
            "../victim/index.html",
            "a/../../b",
            "a//b",
            "./a",
            "a\\b",
            "a\0b",
            "a/..",
        ] {
            assert!(join_inside(base, bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn outputs_that_would_delete_sources_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        for d in ["content", "themes", "static"] {
            std::fs::create_dir_all(site.join(d)).unwrap();
        }
        std::fs::write(site.join("content/site.yaml"), "x").unwrap();
        let r = |t: &Path| refusal(&site, t);
        assert_eq!(r(&site), Some(Refusal::IsSiteRoot));
        assert_eq!(r(&site.join("content/../")), Some(Refusal::IsSiteRoot));
        assert_eq!(r(tmp.path()), Some(Refusal::ContainsSite));
        assert_eq!(r(&site.join("content")), Some(Refusal::InSource("content")));
        assert_eq!(
            r(&site.join("themes/x/out")),
            Some(Refusal::InSource("themes"))
        );
        assert_eq!(
            r(&site.join("content/site.yaml")),
            Some(Refusal::InSource("content"))
        );
        assert_eq!(r(&site.join("public")), None);
        let foreign = tmp.path().join("documents");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("lettre.odt"), "x").unwrap();
        assert_eq!(r(&foreign), Some(Refusal::Foreign));
        std::fs::write(foreign.join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(r(&foreign), None);
        let file = tmp.path().join("fichier");
        std::fs::write(&file, "x").unwrap();
        assert_eq!(r(&file), Some(Refusal::IsFile));
        #[cfg(unix)]
        {
            let link = tmp.path().join("lien");
            std::os::unix::fs::symlink(&site, &link).unwrap();
            assert_eq!(r(&link), Some(Refusal::IsSiteRoot));
        }
    }

    #[test]
    fn only_staging_folders_of_dead_builds_are_leftovers() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let dead = tmp.path().join(".public.staging-999999999");
        let dead_old = tmp.path().join(".public.staging-999999998-3.old");
        let mine = tmp
            .path()
            .join(format!(".public.staging-{}", std::process::id()));
        let other = tmp.path().join(".autre.staging-999999999");
        for d in [&dead, &dead_old, &mine, &other] {
            std::fs::create_dir_all(d).unwrap();
        }
        if Path::new("/proc/self").is_dir() {
            assert_eq!(leftovers(&target), vec![dead_old, dead]);
        }
    }
}
