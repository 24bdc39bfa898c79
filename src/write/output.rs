//! Write stage: every file goes into a staging folder beside the output; the output is replaced
//! only once the whole build succeeded, so a failed or interrupted build never leaves a
//! half-written site behind.

use super::folder;
use crate::render::Sink;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub struct Output {
    /// Final location (e.g. `public/`).
    target: PathBuf,
    /// Where this build writes (`.public.staging-<pid>` beside the target).
    staging: PathBuf,
    bytes: AtomicU64,
    files: AtomicU64,
    /// Site-relative paths written so far, for the sitemap and the link check.
    paths: std::sync::Mutex<Vec<String>>,
}

impl Output {
    /// A staging folder for `target`, after removing those that interrupted builds left. The
    /// caller checks first that `target` may be replaced ([`folder::check`]).
    pub fn new(target: &Path) -> io::Result<Output> {
        let parent = folder::parent_of(target).unwrap_or_else(|| PathBuf::from("."));
        std::fs::create_dir_all(&parent)?;
        for leftover in folder::leftovers(target) {
            // Best effort: a folder that cannot be removed now will be on a later build.
            let _ = remove_tree(&leftover);
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if staging.exists() {
            remove_tree(&staging)?;
        }
        std::fs::create_dir_all(&staging)?;
        let output = Output {
            target: target.to_path_buf(),
            staging,
            bytes: AtomicU64::new(0),
            files: AtomicU64::new(0),
            paths: Default::default(),
        };
        output.write(folder::MARKER, folder::MARKER_TEXT.as_bytes())?;
        Ok(output)
    }

    pub fn staging_dir(&self) -> &Path {
        &self.staging
    }

    /// Writes `contents` at the site-relative `path`. Safe to call from several threads.
    pub fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        let full = folder::join_inside(&self.staging, path)?;
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&full, contents)?;
        self.bytes
            .fetch_add(contents.len() as u64, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut paths) = self.paths.lock() {
            paths.push(path.to_string());
        }
        Ok(())
    }

    /// Writes the site-relative `path` through `fill`, streaming to disk: for data exports that
    /// would be wasteful to hold in memory whole. Safe to call from several threads.
    pub fn write_stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let full = folder::join_inside(&self.staging, path)?;
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = std::fs::File::create(&full)?;
        let mut counted = Counted {
            inner: io::BufWriter::with_capacity(1 << 16, file),
            bytes: 0,
        };
        fill(&mut counted)?;
        io::Write::flush(&mut counted)?;
        self.bytes.fetch_add(counted.bytes, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut paths) = self.paths.lock() {
            paths.push(path.to_string());
        }
        Ok(())
    }

    /// Every path written, sorted.
    pub fn written_paths(&self) -> Vec<String> {
        let mut paths = self.paths.lock().map(|p| p.clone()).unwrap_or_default();
        paths.sort();
        paths
    }

    pub fn bytes_written(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    pub fn files_written(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    /// Replaces the target with the staging folder. The old output is renamed aside first and
    /// deleted last, so at every instant one complete site exists on disk.
    pub fn commit(self) -> io::Result<()> {
        let old = self.staging.with_file_name(format!(
            "{}.old",
            self.staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            if had_target {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        if had_target {
            remove_tree(&old)?;
        }
        Ok(())
    }

    /// Throws the staging folder away, leaving the previous output as it was.
    pub fn abandon(self) {
        let _ = remove_tree(&self.staging);
    }
}

impl Sink for Output {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        Output::write(self, path, contents)
    }
    fn write_stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        Output::write_stream(self, path, fill)
    }
    fn written_paths(&self) -> Vec<String> {
        Output::written_paths(self)
    }
}

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

/// Files rendered in memory, for `serve` to replace a few published pages.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl MemorySink {
    /// Every file written, sorted by path.
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.files.into_inner().unwrap_or_default();
        files.sort();
        files
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .map_err(|_| io::Error::other("verrou empoisonné"))?
            .push((path.to_string(), contents.to_vec()));
        Ok(())
    }
    fn write_stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        Sink::write(self, path, &bytes)
    }
    fn written_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .files
            .lock()
            .map(|f| f.iter().map(|(p, _)| p.clone()).collect())
            .unwrap_or_default();
        paths.sort();
        paths
    }
}

/// Replaces published files of the output folder `target` one by one, each through a sibling
/// temporary file renamed over it, so a reader never sees half a page.
pub fn replace_files(target: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    for (rel, bytes) in files {
        let to = folder::join_inside(target, rel)?;
        let tmp = to.with_extension("html.serve-tmp");
        let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, &to));
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
    }
    Ok(())
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

/// A writer that counts what goes through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: io::Write> io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
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
