//! `serve`'s update of a published output in place, after a data edit: the site is rendered
//! again through an [`Update`], which keeps every file whose fingerprint or content is the one
//! the output's manifest records and holds the others in memory; [`Update::publish`] then
//! replaces just those files, each through a sibling renamed over it, and the manifest last.
//! Only an update that writes the same set of paths as the published output applies: a page
//! added or removed needs a full build.

use super::folder;
use super::manifest::{self, Entry, Previous, Recorded, MANIFEST};
use crate::render::Sink;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct Update {
    target: PathBuf,
    previous: Previous,
    /// Every path of this build with its manifest line.
    recorded: Mutex<BTreeMap<String, Recorded>>,
    /// The files whose bytes are new.
    changed: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Update {
    /// An update of the published output `target`, as its manifest describes it.
    pub fn new(target: &Path) -> Update {
        let previous = Previous::read(target);
        let mut recorded = BTreeMap::new();
        // The marker is the write stage's, not the renderers'.
        if let Some((p, r)) = previous.recorded().find(|(p, _)| *p == folder::MARKER) {
            recorded.insert(p.to_string(), r);
        }
        Update {
            target: target.to_path_buf(),
            previous,
            recorded: Mutex::new(recorded),
            changed: Mutex::default(),
        }
    }

    fn record(&self, path: &str, entry: Entry, key: Option<u128>) {
        if let Ok(mut r) = self.recorded.lock() {
            r.insert(path.to_string(), Recorded { entry, key });
        }
    }

    /// Replaces the files that changed, then the manifest; the paths replaced. Of the published
    /// output, this update rendered every file but those `left_out` says (a part of the site,
    /// [`crate::render::Part`]): they stay as they are, with their manifest lines. `None`, with
    /// nothing touched, when the update wrote a path the output does not have or left out one
    /// it should have written (or the output has no manifest): a full build is needed.
    pub fn publish(self, left_out: impl Fn(&str) -> bool) -> io::Result<Option<Vec<String>>> {
        let mut recorded = self.recorded.into_inner().unwrap_or_default();
        let published: BTreeMap<&str, Recorded> = self.previous.recorded().collect();
        let same_paths = !published.is_empty()
            && recorded.keys().all(|p| published.contains_key(p.as_str()))
            && published
                .keys()
                .all(|p| recorded.contains_key(*p) || left_out(p));
        if !same_paths {
            return Ok(None);
        }
        for (p, r) in published {
            recorded.entry(p.to_string()).or_insert(r);
        }
        let changed = self.changed.into_inner().unwrap_or_default();
        for (rel, bytes) in &changed {
            replace(&folder::join_inside(&self.target, rel)?, bytes)?;
        }
        // Written last, so that every file it lists is older (see `manifest`).
        let mut entries: Vec<(String, Recorded)> = recorded.into_iter().collect();
        let text = manifest::serialise(&mut entries);
        replace(&self.target.join(MANIFEST), text.as_bytes())?;
        Ok(Some(changed.into_iter().map(|(p, _)| p).collect()))
    }
}

/// Writes `to` through a sibling file renamed over it: a reader never sees half a file. Used by
/// every in-place change of a published output (`serve`'s pages, a no-change build's manifest).
pub(super) fn replace(to: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = to.file_name().unwrap_or_default().to_string_lossy();
    let tmp = to.with_file_name(format!(".{name}.serve-tmp"));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, to));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

impl Sink for Update {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()> {
        self.write_keyed(path, None, contents)
    }
    fn write_stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        self.write_stream_keyed(path, None, fill)
    }
    fn written_paths(&self) -> Vec<String> {
        self.recorded
            .lock()
            .map(|r| {
                r.keys()
                    .filter(|p| p.as_str() != folder::MARKER)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
    fn reuse(&self, path: &str, key: u128) -> bool {
        match self.previous.reusable_key(path, key) {
            Some((_, entry)) => {
                self.record(path, entry, Some(key));
                true
            }
            None => false,
        }
    }
    fn write_keyed(&self, path: &str, key: Option<u128>, contents: &[u8]) -> io::Result<()> {
        folder::join_inside(&self.target, path)?;
        let entry = Entry {
            hash: manifest::hash(contents),
            len: contents.len() as u64,
        };
        if self.previous.reusable(path, entry).is_none() {
            self.changed
                .lock()
                .map_err(|_| io::Error::other("verrou empoisonné"))?
                .push((path.to_string(), contents.to_vec()));
        }
        self.record(path, entry, key);
        Ok(())
    }
    fn write_stream_keyed(
        &self,
        path: &str,
        key: Option<u128>,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write_keyed(path, key, &bytes)
    }
}
