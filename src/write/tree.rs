//! Folders as a whole: deleting an output tree fast, and the private folder of a build that
//! publishes nothing.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// A private folder for a build that publishes nothing (`check`): created with a name nobody can
/// predict and owner-only rights, removed when dropped.
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    pub fn new() -> io::Result<Scratch> {
        tempfile::Builder::new()
            .prefix("ensemble-check-")
            .tempdir()
            .map(Scratch)
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// Deletes a folder and everything in it, several subtrees at a time.
///
/// Deleting a site of thousands of pages is bound by the disk's latency, not by the processor:
/// on the virtual disks we build on, one `unlink` waits 0.1 to 1 ms, so a 10,000-page output
/// took seconds to delete one file after the other. Overlapping the waits of several threads
/// divides that time (see BENCHMARKS.md).
pub fn remove_tree(root: &Path) -> io::Result<()> {
    const THREADS: usize = 8;
    // Split the tree into many subtrees, a level at a time, so that every thread gets work even
    // when the pages sit a few folders down (observatoire/residences/<id>/).
    let mut jobs: Vec<(PathBuf, bool)> = vec![(root.to_path_buf(), true)];
    for _ in 0..4 {
        if jobs.len() >= THREADS * 16 || !jobs.iter().any(|(_, dir)| *dir) {
            break;
        }
        let mut next = Vec::with_capacity(jobs.len() * 8);
        for (path, is_dir) in jobs {
            let entries = if is_dir {
                std::fs::read_dir(&path).ok()
            } else {
                None
            };
            match entries {
                Some(entries) => next.extend(entries.flatten().map(|e| {
                    let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                    (e.path(), is_dir)
                })),
                None => next.push((path, is_dir)),
            }
        }
        jobs = next;
    }
    if jobs.len() > 1 {
        let taken = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..THREADS.min(jobs.len()) {
                scope.spawn(|| {
                    while let Some((path, is_dir)) = jobs.get(taken.fetch_add(1, Ordering::Relaxed))
                    {
                        // A failure shows in the final pass below, which retries what is left.
                        let _ = if *is_dir {
                            std::fs::remove_dir_all(path)
                        } else {
                            std::fs::remove_file(path)
                        };
                    }
                });
            }
        });
    }
    // What is left: the folders the split went through, and anything a thread could not delete.
    std::fs::remove_dir_all(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remove_tree_deletes_every_level_and_never_follows_links() {
        let tmp = tempfile::tempdir().unwrap();
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "x").unwrap();
        let root = tmp.path().join("site");
        for i in 0..300 {
            let dir = root.join(format!("a{}/b{}/c{i}", i % 3, i % 7));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("index.html"), "page").unwrap();
        }
        std::fs::write(root.join("robots.txt"), "x").unwrap();
        std::fs::create_dir_all(root.join("empty/deeper")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, root.join("a0/link")).unwrap();
        remove_tree(&root).unwrap();
        assert!(!root.exists());
        assert!(outside.join("keep.txt").exists());
        assert!(
            remove_tree(&root).is_err(),
            "a missing folder is an error, as before"
        );
    }
}
