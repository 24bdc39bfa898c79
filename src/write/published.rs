//! The published output folder, read back: what `serve` answers for a URL. Nothing outside the
//! folder is ever served.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Maps a URL path to a file inside the output folder, or `None`. Never escapes the folder:
/// `..`, absolute and drive components are refused before touching the disk, and the final path
/// is checked again after resolving links.
pub fn resolve(output_dir: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = crate::core::url::percent_decode(url_path)?;
    let mut rel = PathBuf::new();
    for part in decoded.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        let comp = Path::new(part).components().next()?;
        if part == ".."
            || !matches!(comp, Component::Normal(_))
            || part.contains('\\')
            || part.contains('\0')
        {
            return None;
        }
        rel.push(part);
    }
    let mut candidate = output_dir.join(&rel);
    if candidate.is_dir() {
        candidate = candidate.join("index.html");
    }
    let canonical_root = output_dir.canonicalize().ok()?;
    let canonical = candidate.canonicalize().ok()?;
    (canonical.starts_with(&canonical_root) && canonical.is_file()).then_some(canonical)
}

/// The bytes of a file `resolve` returned.
pub fn read(file: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(file)
}

/// Creates an empty output folder, served until a first build succeeds.
pub fn create_empty(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_never_leaves_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        assert!(resolve(&out, "/a/").is_some());
        assert!(resolve(&out, "/a/index.html").is_some());
        assert!(resolve(&out, "/../secret.txt").is_none());
        assert!(resolve(&out, "/a/../../secret.txt").is_none());
        assert!(resolve(&out, "/%2e%2e/secret.txt").is_none());
        assert!(resolve(&out, "/a/%2e%2e/%2e%2e/secret.txt").is_none());
        assert!(resolve(&out, "/nope.html").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt"))
                .unwrap();
            assert!(
                resolve(&out, "/link.txt").is_none(),
                "a link pointing outside is refused"
            );
        }
    }
}
