//! Write stage: every file goes into a staging folder beside the output; the output is replaced
//! only once the whole build succeeded, so a failed or interrupted build never leaves a
//! half-written site behind.
//!
//! A file whose content is the same as in the previous output is not written again: it is
//! hard-linked from there into the staging folder (same inode, same modification time), as the
//! previous output's manifest allows ([`super::manifest`]). Nothing is ever written through an
//! existing file: a new file is always created anew (`create_new`, after removing whatever had
//! its name), so a hard-linked file is never modified in place. Where hard links fail (another
//! file system, no support), files are written as before. The old output, once swapped out, is
//! deleted by a background thread ([`wait_for_cleanup`]).
//!
//! The staging folder is used only from the first file that differs from the previous output
//! ([`Output::stage`]): until then a file found unchanged is only recorded, and the staging
//! folder then receives the links of every file recorded so far. A build that
//! changes nothing therefore creates, links and deletes nothing: it checks that the output
//! holds exactly the files it recorded and leaves it in place, rewriting at most the manifest
//! (by a rename). At 2,000 residences that makes a no-change rebuild a fifth of a fresh one
//! instead of a whole one (BENCHMARKS.md, issue 15): the hard links, folders and the deletion
//! of the old tree were most of its cost.

use super::folder;
use super::manifest::{self, Entry, Previous, Recorded};
use super::tree::remove_tree;
use crate::render::Sink;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};

pub struct Output {
    /// Final location (e.g. `public/`).
    target: PathBuf,
    /// Where this build writes (`.public.staging-<pid>` beside the target).
    staging: PathBuf,
    bytes: AtomicU64,
    files: AtomicU64,
    /// Files hard-linked from the previous output rather than written.
    unchanged: AtomicU64,
    /// The previous output's manifest.
    previous: Previous,
    /// Cleared at the first hard link that fails for another reason than a missing file.
    links_work: AtomicBool,
    /// Site-relative paths written so far, for the sitemap and the link check, with their
    /// manifest entries.
    paths: Mutex<Vec<(String, Recorded)>>,
    /// Whether the staging folder is in use. Until it is, every file recorded is the previous
    /// output's, in place in the target. Held for reading while a file is recorded without a
    /// staging folder, so that [`Output::stage`] links every such file, none missed.
    staged: RwLock<bool>,
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
        // Made now, though a build that changes nothing leaves it empty: a folder that cannot be
        // made is reported before anything is rendered, once, not at every file.
        std::fs::create_dir_all(&staging)?;
        let previous = Previous::read(target);
        // Without a previous output nothing can be deferred: stage at once, as before.
        let deferring = !previous.is_empty() && target.is_dir();
        let output = Output {
            target: target.to_path_buf(),
            staging,
            bytes: AtomicU64::new(0),
            files: AtomicU64::new(0),
            unchanged: AtomicU64::new(0),
            previous,
            links_work: AtomicBool::new(true),
            paths: Default::default(),
            staged: RwLock::new(false),
        };
        if !deferring {
            output.stage()?;
        }
        output.write(folder::MARKER, folder::MARKER_TEXT.as_bytes())?;
        Ok(output)
    }

    /// The output folder this build replaces.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The staging folder, filled now if it was not yet: for what must read the whole new site
    /// from one folder (the PDF prints, the link check).
    pub fn staging_dir(&self) -> io::Result<&Path> {
        self.stage()?;
        Ok(&self.staging)
    }

    fn is_staged(&self) -> bool {
        self.staged.read().map(|s| *s).unwrap_or(true)
    }

    /// Fills the staging folder, if it was not yet, with links to every file recorded so far (all
    /// of them the previous output's, unchanged). Called at the first file that differs; from
    /// then on every file goes to the staging folder.
    fn stage(&self) -> io::Result<()> {
        if self.is_staged() {
            return Ok(());
        }
        let mut staged = self
            .staged
            .write()
            .map_err(|_| io::Error::other("verrou empoisonné"))?;
        if *staged {
            return Ok(());
        }
        let recorded: Vec<String> = self
            .paths
            .lock()
            .map(|p| p.iter().map(|(path, _)| path.clone()).collect())
            .unwrap_or_default();
        let mut made = std::collections::HashSet::new();
        for path in &recorded {
            let full = folder::join_inside(&self.staging, path)?;
            if let Some(dir) = full.parent() {
                if made.insert(dir.to_path_buf()) {
                    std::fs::create_dir_all(dir)?;
                }
            }
            let old = folder::join_inside(self.previous.dir(), path)?;
            match std::fs::hard_link(&old, &full) {
                Ok(()) => {}
                // Recorded twice in this build: already there.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                // Another file system (the target a mount point): a copy, same bytes.
                Err(_) => {
                    self.links_work.store(false, Ordering::Relaxed);
                    copy_new(&old, &full)?;
                }
            }
        }
        *staged = true;
        Ok(())
    }

    /// Records `path` as the previous output's file, left in place, while no staging folder
    /// exists; false once one does (the caller then links or writes the file into it).
    fn defer(&self, path: &str, entry: Entry, key: Option<u128>) -> bool {
        let Ok(staged) = self.staged.read() else {
            return false;
        };
        if *staged {
            return false;
        }
        // Recorded while the lock is held: a `stage` waiting for it will link this file.
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        self.record(path, entry, key);
        true
    }

    /// Writes `contents` at the site-relative `path`, or links the previous output's file when
    /// it holds the same bytes. Safe to call from several threads.
    pub fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        self.write_keyed(path, None, contents)
    }

    /// [`Output::write`], recording `key`, the fingerprint of what the bytes were made from.
    pub fn write_keyed(&self, path: &str, key: Option<u128>, contents: &[u8]) -> io::Result<()> {
        let full = folder::join_inside(&self.staging, path)?;
        let entry = Entry {
            hash: manifest::hash(contents),
            len: contents.len() as u64,
        };
        if !self.is_staged()
            && self.previous.reusable(path, entry).is_some()
            && self.defer(path, entry, key)
        {
            return Ok(());
        }
        self.stage()?;
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if !self.link_previous(path, entry, &full) {
            let mut file = create_new(&full)?;
            io::Write::write_all(&mut file, contents)?;
        }
        self.record(path, entry, key);
        Ok(())
    }

    /// Hard-links the previous output's file for `path` into the staging folder when it was
    /// made from inputs of fingerprint `key`: the caller then neither renders nor writes it.
    pub fn reuse(&self, path: &str, key: u128) -> bool {
        if !self.links_work.load(Ordering::Relaxed) {
            return false;
        }
        let Some((old, entry)) = self.previous.reusable_key(path, key) else {
            return false;
        };
        let Ok(full) = folder::join_inside(&self.staging, path) else {
            return false;
        };
        if self.defer(path, entry, Some(key)) {
            return true;
        }
        if let Some(dir) = full.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                return false;
            }
        }
        if !self.link(&old, &full) {
            return false;
        }
        self.record(path, entry, Some(key));
        true
    }

    /// Writes the site-relative `path` through `fill`, streaming to disk: for data exports that
    /// would be wasteful to hold in memory whole. Safe to call from several threads. The bytes
    /// are hashed on the way; when they are those of the previous output, its file replaces the
    /// new one, so that an unchanged export keeps its inode and date.
    pub fn write_stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.write_stream_keyed(path, None, fill)
    }

    /// [`Output::write_stream`], recording `key`, the fingerprint of what the bytes are made from.
    pub fn write_stream_keyed(
        &self,
        path: &str,
        key: Option<u128>,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let full = folder::join_inside(&self.staging, path)?;
        if key.is_none() && !self.is_staged() && self.previous.unchanged(path).is_some() {
            // Possibly the same bytes, and no staging folder to stream into yet: held in memory
            // to be compared. Only files without a fingerprint come here (the results exports,
            // small); a fingerprinted export that was not reused was made from other inputs,
            // so it differs and streams to disk.
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            return self.write_keyed(path, None, &bytes);
        }
        self.stage()?;
        if let Some(dir) = full.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = create_new(&full)?;
        // Buffered before the hash, so that the hasher and the file get blocks, not the
        // exporters' many small writes.
        let mut writer = io::BufWriter::with_capacity(
            1 << 16,
            Counted {
                inner: file,
                bytes: 0,
                hasher: manifest::Hasher::new(),
            },
        );
        fill(&mut writer)?;
        let counted = writer.into_inner().map_err(|e| e.into_error())?;
        let entry = Entry {
            hash: counted.hasher.digest128(),
            len: counted.bytes,
        };
        drop(counted);
        if let Some(old) = self.previous.reusable(path, entry) {
            if self.links_work.load(Ordering::Relaxed) {
                let name = full.file_name().unwrap_or_default().to_string_lossy();
                let tmp = full.with_file_name(format!(".{name}.ensemble-link"));
                let linked =
                    std::fs::hard_link(&old, &tmp).and_then(|_| std::fs::rename(&tmp, &full));
                if linked.is_ok() {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                } else {
                    // The new file stays.
                    let _ = std::fs::remove_file(&tmp);
                }
            }
        }
        self.record(path, entry, key);
        Ok(())
    }

    /// Hard-links the previous output's file for `path` at `full` when it holds exactly these
    /// bytes; false when there is none or linking failed (the caller writes the file).
    fn link_previous(&self, path: &str, entry: Entry, full: &Path) -> bool {
        if !self.links_work.load(Ordering::Relaxed) {
            return false;
        }
        let Some(old) = self.previous.reusable(path, entry) else {
            return false;
        };
        self.link(&old, full)
    }

    /// Hard-links `old` at `full`, replacing a file written there earlier in this build; false
    /// when linking failed (and links are given up for this build unless `old` was missing).
    fn link(&self, old: &Path, full: &Path) -> bool {
        let mut result = std::fs::hard_link(old, full);
        if result
            .as_ref()
            .is_err_and(|e| e.kind() == io::ErrorKind::AlreadyExists)
        {
            // Written twice in one build: the last one wins, as with a plain write.
            result = std::fs::remove_file(full).and_then(|_| std::fs::hard_link(old, full));
        }
        match result {
            Ok(()) => {
                self.unchanged.fetch_add(1, Ordering::Relaxed);
                true
            }
            Err(e) => {
                if e.kind() != io::ErrorKind::NotFound {
                    self.links_work.store(false, Ordering::Relaxed);
                }
                false
            }
        }
    }

    fn record(&self, path: &str, entry: Entry, key: Option<u128>) {
        self.bytes.fetch_add(entry.len, Ordering::Relaxed);
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut paths) = self.paths.lock() {
            paths.push((path.to_string(), Recorded { entry, key }));
        }
    }

    /// The previous output's file at the site-relative `path`, when it is still the one its
    /// manifest describes (for `--pdf`, which keeps the prints of unchanged pages).
    pub fn previous_file(&self, path: &str) -> Option<PathBuf> {
        self.previous.unchanged(path)
    }

    /// Every path written, sorted.
    pub fn written_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .paths
            .lock()
            .map(|p| p.iter().map(|(path, _)| path.clone()).collect())
            .unwrap_or_default();
        paths.sort();
        paths
    }

    pub fn bytes_written(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    pub fn files_written(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    /// Files written, bytes written, and files unchanged.
    pub fn counts(&self) -> (u64, u64, u64) {
        (
            self.files_written(),
            self.bytes_written(),
            self.files_unchanged(),
        )
    }

    /// How many of the files written were the previous output's, linked rather than written.
    pub fn files_unchanged(&self) -> u64 {
        self.unchanged.load(Ordering::Relaxed)
    }

    /// Replaces the target with the staging folder, after writing the manifest into it. The old
    /// output is renamed aside first, so at every instant one complete site exists on disk, then
    /// deleted by a background thread: [`wait_for_cleanup`] waits for it.
    pub fn commit(self) -> io::Result<()> {
        if !self.is_staged() {
            if self.target_is_as_recorded() {
                let _ = std::fs::remove_dir(&self.staging);
                return self.update_manifest_in_place();
            }
            // A file or folder nobody wrote was added by hand: the swap removes it.
            self.stage()?;
        }
        self.write_manifest()?;
        // A name of its own for every swap: `serve` may swap again while the previous old output
        // is still being deleted.
        static SWAPS: AtomicU64 = AtomicU64::new(0);
        let old = self.staging.with_file_name(format!(
            "{}-{}.old",
            self.staging
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            SWAPS.fetch_add(1, Ordering::Relaxed)
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
            // Left behind if the process stops first: the next build removes it (a leftover).
            let handle = std::thread::spawn(move || {
                let _ = remove_tree(&old);
            });
            if let Ok(mut pending) = CLEANUP.lock() {
                pending.push(handle);
            }
        }
        Ok(())
    }

    /// Writes the manifest into the staging folder, last: every file of the build is older. When
    /// every file was the previous output's, so is the manifest (linked, not written).
    fn write_manifest(&self) -> io::Result<()> {
        let mut entries = self.paths.lock().map(|p| p.clone()).unwrap_or_default();
        let text = manifest::serialise(&mut entries);
        let full = self.staging.join(manifest::MANIFEST);
        let all_unchanged = self.files_unchanged() == self.files_written();
        if let Some(old) = self.previous.same_manifest(&text).filter(|_| all_unchanged) {
            if std::fs::hard_link(old, &full).is_ok() {
                return Ok(());
            }
        }
        let mut file = create_new(&full)?;
        io::Write::write_all(&mut file, text.as_bytes())
    }

    /// Whether the target holds exactly the files this build recorded, the manifest and their
    /// folders, and nothing else: then it is this build's output as it stands. Each recorded file
    /// was checked when it was recorded (`Previous::reusable`); this walk finds what was added.
    fn target_is_as_recorded(&self) -> bool {
        let paths = self.paths.lock().map(|p| p.clone()).unwrap_or_default();
        let files: std::collections::HashSet<&str> =
            paths.iter().map(|(p, _)| p.as_str()).collect();
        let mut folders = std::collections::HashSet::new();
        for path in &files {
            let mut rest = *path;
            while let Some((dir, _)) = rest.rsplit_once('/') {
                if !folders.insert(dir) {
                    break;
                }
                rest = dir;
            }
        }
        let mut seen_files = 0usize;
        for entry in walkdir::WalkDir::new(&self.target).min_depth(1) {
            let Ok(entry) = entry else {
                return false;
            };
            let Ok(rel) = entry.path().strip_prefix(&self.target) else {
                return false;
            };
            let Some(rel) = rel.to_str() else {
                return false;
            };
            let kind = entry.file_type();
            let known = if kind.is_dir() {
                folders.contains(rel)
            } else if kind.is_file() {
                seen_files += 1;
                rel == manifest::MANIFEST || files.contains(rel)
            } else {
                false
            };
            if !known {
                return false;
            }
        }
        // Every recorded file, and the manifest: none missing.
        seen_files == files.len() + usize::from(!files.contains(manifest::MANIFEST))
    }

    /// The manifest of a build that changed no file, written into the target in place of the
    /// previous one (through a sibling renamed over it), or left as it is when its text is the
    /// same.
    fn update_manifest_in_place(&self) -> io::Result<()> {
        let mut entries = self.paths.lock().map(|p| p.clone()).unwrap_or_default();
        let text = manifest::serialise(&mut entries);
        if self.previous.same_manifest(&text).is_some() {
            return Ok(());
        }
        super::update::replace(&self.target.join(manifest::MANIFEST), text.as_bytes())
    }

    /// Throws the staging folder away, leaving the previous output as it was.
    pub fn abandon(self) {
        let _ = remove_tree(&self.staging);
    }
}

/// The threads deleting swapped-out outputs.
static CLEANUP: Mutex<Vec<std::thread::JoinHandle<()>>> = Mutex::new(Vec::new());

/// Waits until the old outputs of the builds so far are deleted: the command line calls it once
/// its summary is printed, so the deletion is off the build's critical path but never left
/// half-done by a normal exit.
pub fn wait_for_cleanup() {
    let pending = CLEANUP
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default();
    for handle in pending {
        let _ = handle.join();
    }
}

/// Copies `from` to the new file `to` (see [`create_new`]).
fn copy_new(from: &Path, to: &Path) -> io::Result<()> {
    let mut source = std::fs::File::open(from)?;
    let mut file = create_new(to)?;
    io::copy(&mut source, &mut file).map(|_| ())
}

/// Creates `path` as a new file, removing first whatever had its name: never opens an existing
/// file for writing, which could be a hard link into the previous output.
fn create_new(path: &Path) -> io::Result<std::fs::File> {
    let open = || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            open()
        }
        other => other,
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
    fn reuse(&self, path: &str, key: u128) -> bool {
        Output::reuse(self, path, key)
    }
    fn write_keyed(&self, path: &str, key: Option<u128>, contents: &[u8]) -> io::Result<()> {
        Output::write_keyed(self, path, key, contents)
    }
    fn write_stream_keyed(
        &self,
        path: &str,
        key: Option<u128>,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        Output::write_stream_keyed(self, path, key, fill)
    }
}

/// A writer that counts and hashes what goes through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
    hasher: manifest::Hasher,
}

impl<W: io::Write> io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The previous output on another file system (no hard link possible): the file is written.
    #[test]
    fn files_are_written_when_hard_links_fail() {
        use std::os::unix::fs::MetadataExt;
        let (Ok(shm), Ok(tmp)) = (tempfile::tempdir_in("/dev/shm"), tempfile::tempdir()) else {
            return;
        };
        let dev = |p: &Path| std::fs::metadata(p).unwrap().dev();
        if dev(shm.path()) == dev(tmp.path()) {
            return;
        }
        let entry = Entry {
            hash: manifest::hash(b"page"),
            len: 4,
        };
        std::fs::write(shm.path().join("a.html"), "page").unwrap();
        let text =
            manifest::serialise(&mut [("a.html".to_string(), Recorded { entry, key: None })]);
        std::fs::write(shm.path().join(manifest::MANIFEST), text).unwrap();
        let output = Output {
            target: shm.path().to_path_buf(),
            staging: tmp.path().to_path_buf(),
            bytes: AtomicU64::new(0),
            files: AtomicU64::new(0),
            unchanged: AtomicU64::new(0),
            previous: Previous::read(shm.path()),
            links_work: AtomicBool::new(true),
            paths: Default::default(),
            staged: RwLock::new(true),
        };
        output.write("a.html", b"page").unwrap();
        assert_eq!(std::fs::read(tmp.path().join("a.html")).unwrap(), b"page");
        assert_eq!(output.files_unchanged(), 0);
        assert!(
            !output.links_work.load(Ordering::Relaxed),
            "no more attempts"
        );
    }
}
