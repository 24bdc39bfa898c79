//! `serve`'s in-memory output: pages rendered again after an edit, then put in place one by one.

use super::folder;
use crate::render::Sink;
use std::io;
use std::path::Path;
use std::sync::Mutex;

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
        super::update::replace(&folder::join_inside(target, rel)?, bytes)?;
    }
    Ok(())
}
