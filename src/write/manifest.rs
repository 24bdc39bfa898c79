//! The manifest of an output folder (`.ensemble-manifest` at its root, beside the marker): the
//! content hash and length of every file a build wrote, and for a file made by a template or
//! from fingerprinted data the fingerprint of its inputs (`core::fingerprint`), sorted by path.
//! The next build reads it back: a file whose inputs have the same fingerprint is hard-linked
//! from the previous output without being rendered, and one whose new content has the same hash
//! is hard-linked instead of written again (see [`super::output`]). Its bytes depend only on
//! the site's files and the program (`load::program`), so two builds of one site by one
//! program are still byte-identical.
//!
//! A file is reused only while it is plausibly the one the manifest describes: a regular file of
//! the same length, modified no later than the manifest itself, which a build writes after every
//! other file. A file edited, replaced or deleted by hand since is written again; so is
//! everything when the manifest is missing, unreadable or of another version. (A file put back
//! by hand with an older date and the same length would be kept: a tool that does that to an
//! output folder is not expected.)
//!
//! The hash is XXH3-128 (`xxhash-rust`): not cryptographic, which is enough here — no one
//! chooses the bytes of two pages to collide, and 128 bits make an accidental collision among a
//! few hundred thousand files out of reach — and it hashes at several GB/s, far below the cost
//! of writing the bytes it saves.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

pub use crate::core::paths::MANIFEST;

/// First line of the file: a manifest of another format is ignored.
const HEADER: &str = "ensemble-manifest 2";

/// What the manifest says about one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub hash: u128,
    pub len: u64,
}

/// The content hash of a file's bytes.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// A streaming [`hash`], for files written piece by piece.
pub type Hasher = xxhash_rust::xxh3::Xxh3;

/// The previous output and what its manifest says.
#[derive(Default)]
pub struct Previous {
    dir: PathBuf,
    /// When the manifest was written: a file modified later is not reused.
    written: Option<SystemTime>,
    /// The manifest's text, to reuse the manifest itself when nothing changed.
    text: String,
    entries: HashMap<String, Recorded>,
}

/// One line of the manifest: the file's content, and the fingerprint of the inputs it was made
/// from when it was rendered by a template or written from fingerprinted data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub entry: Entry,
    pub key: Option<u128>,
}

impl Previous {
    /// Reads the manifest of the output folder `target`; empty when there is none or it cannot be
    /// read (nothing is reused then).
    pub fn read(target: &Path) -> Previous {
        let file = target.join(MANIFEST);
        let written = std::fs::symlink_metadata(&file)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok());
        let text = written
            .and_then(|_| std::fs::read_to_string(&file).ok())
            .unwrap_or_default();
        match parse(&text) {
            Some(entries) => Previous {
                dir: target.to_path_buf(),
                written,
                text,
                entries,
            },
            None => Previous::default(),
        }
    }

    /// The previous output folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True when there is no usable manifest: nothing can be reused.
    pub fn is_empty(&self) -> bool {
        self.written.is_none() || self.entries.is_empty()
    }

    /// The file of the previous output at the site-relative `path`, when it holds exactly
    /// `entry` and was not modified since the manifest was written.
    pub fn reusable(&self, path: &str, entry: Entry) -> Option<PathBuf> {
        if self.entries.get(path).map(|r| r.entry) != Some(entry) {
            return None;
        }
        self.untouched(path, entry)
    }

    /// The file of the previous output at `path` and its content, when it was made from inputs
    /// of fingerprint `key` and was not modified since the manifest was written.
    pub fn reusable_key(&self, path: &str, key: u128) -> Option<(PathBuf, Entry)> {
        let recorded = self.entries.get(path).filter(|r| r.key == Some(key))?;
        let file = self.untouched(path, recorded.entry)?;
        Some((file, recorded.entry))
    }

    fn untouched(&self, path: &str, entry: Entry) -> Option<PathBuf> {
        let written = self.written?;
        let file = super::folder::join_inside(&self.dir, path).ok()?;
        let meta = std::fs::symlink_metadata(&file).ok()?;
        let unchanged = meta.is_file()
            && meta.len() == entry.len
            && meta.modified().is_ok_and(|m| m <= written);
        unchanged.then_some(file)
    }

    /// The file of the previous output at the site-relative `path`, whatever its content, when
    /// it is still the one the manifest describes.
    pub fn unchanged(&self, path: &str) -> Option<PathBuf> {
        let entry = self.entries.get(path)?.entry;
        self.untouched(path, entry)
    }

    /// Every path the manifest lists, with what it says of it.
    pub fn recorded(&self) -> impl Iterator<Item = (&str, Recorded)> + '_ {
        self.entries.iter().map(|(p, r)| (p.as_str(), *r))
    }

    /// The previous manifest file, when its text is `text`.
    pub fn same_manifest(&self, text: &str) -> Option<PathBuf> {
        (self.written.is_some() && self.text == text).then(|| self.dir.join(MANIFEST))
    }
}

/// The manifest's text for these files, sorted by path.
pub fn serialise(entries: &mut [(String, Recorded)]) -> String {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::with_capacity(64 + entries.len() * 80);
    text.push_str(HEADER);
    text.push('\n');
    for (path, Recorded { entry: e, key }) in entries.iter() {
        // A path the line format cannot hold is left out: that file is simply written next time.
        if path.contains(['\n', '\r']) {
            continue;
        }
        use std::fmt::Write;
        let _ = match key {
            Some(k) => writeln!(text, "{:032x} {} {k:032x} {path}", e.hash, e.len),
            None => writeln!(text, "{:032x} {} - {path}", e.hash, e.len),
        };
    }
    text
}

fn parse(text: &str) -> Option<HashMap<String, Recorded>> {
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut entries = HashMap::new();
    for line in lines {
        let mut parts = line.splitn(4, ' ');
        let entry = Entry {
            hash: u128::from_str_radix(parts.next()?, 16).ok()?,
            len: parts.next()?.parse().ok()?,
        };
        let key = match parts.next()? {
            "-" => None,
            k => Some(u128::from_str_radix(k, 16).ok()?),
        };
        entries.insert(parts.next()?.to_string(), Recorded { entry, key });
    }
    Some(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(hash: u128) -> Recorded {
        Recorded {
            entry: Entry { hash, len: 12 },
            key: None,
        }
    }

    #[test]
    fn a_manifest_reads_back_what_was_written() {
        let keyed = Recorded {
            key: Some(0xab),
            ..entry(u128::MAX)
        };
        let mut entries = vec![
            ("b/index.html".to_string(), keyed),
            ("a b/c.svg".to_string(), entry(7)),
            ("bad\nname".to_string(), entry(1)),
        ];
        let text = serialise(&mut entries);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(lines[0], "ensemble-manifest 2");
        assert_eq!(lines[1], "00000000000000000000000000000007 12 - a b/c.svg");
        assert_eq!(
            lines[2],
            format!("{:032x} 12 {:032x} b/index.html", u128::MAX, 0xab)
        );
        let back = parse(&text).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back["a b/c.svg"], entry(7));
        assert_eq!(back["b/index.html"], keyed);
    }

    #[test]
    fn a_damaged_or_foreign_manifest_reuses_nothing() {
        assert!(
            parse("ensemble-manifest 1\n").is_none(),
            "the format before keys"
        );
        assert!(parse("ensemble-manifest 2\nzz 1 - a\n").is_none());
        assert!(parse("ensemble-manifest 2\n00 1 -\n").is_none());
        assert!(parse("ensemble-manifest 2\n00 1 zz a\n").is_none());
        assert!(parse("").is_none());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "abc").unwrap();
        std::fs::write(dir.path().join(MANIFEST), "n'importe quoi").unwrap();
        let previous = Previous::read(dir.path());
        let e = Entry {
            hash: hash(b"abc"),
            len: 3,
        };
        assert!(previous.reusable("a.html", e).is_none());
    }

    #[test]
    fn only_a_file_untouched_since_the_manifest_is_reusable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("page.html");
        std::fs::write(&file, "contenu").unwrap();
        let e = Entry {
            hash: hash(b"contenu"),
            len: 7,
        };
        let r = Recorded {
            entry: e,
            key: Some(5),
        };
        let mut list = vec![("page.html".to_string(), r), ("b.html".to_string(), r)];
        let text = serialise(&mut list);
        std::fs::write(dir.path().join(MANIFEST), &text).unwrap();
        let previous = Previous::read(dir.path());
        assert_eq!(previous.reusable("page.html", e), Some(file.clone()));
        assert_eq!(
            previous.reusable_key("page.html", 5),
            Some((file.clone(), e))
        );
        assert!(previous.reusable_key("page.html", 6).is_none(), "key");
        assert!(previous.same_manifest(&text).is_some());
        assert!(previous.same_manifest("autre").is_none());
        let other = Entry {
            hash: e.hash ^ 1,
            len: 7,
        };
        assert!(previous.reusable("page.html", other).is_none(), "content");
        assert!(previous.reusable("autre.html", e).is_none(), "path");
        assert!(previous.reusable("b.html", e).is_none(), "missing file");
        // Edited in place after the build: a later modification time.
        let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
        let handle = std::fs::File::options().write(true).open(&file).unwrap();
        handle.set_modified(later).unwrap();
        assert!(previous.reusable("page.html", e).is_none(), "mtime");
        assert!(previous.reusable_key("page.html", 5).is_none(), "mtime");
    }
}
