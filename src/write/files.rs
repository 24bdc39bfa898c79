//! Files written outside a build: the site `ensemble new` creates, the data `generate-data`
//! writes, and the copy of a theme for a benchmark corpus.

use std::io;
use std::path::Path;

/// Writes each `(relative path, contents)` under `dir`, creating folders as needed.
pub fn write_all<P: AsRef<Path>, C: AsRef<[u8]>>(dir: &Path, files: &[(P, C)]) -> io::Result<()> {
    for (rel, contents) in files {
        let path = dir.join(rel.as_ref());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, contents.as_ref())?;
    }
    Ok(())
}

/// Writes a generated observatory data set into `dir`, after removing the year files already in
/// `dir/charges/`: year files of an earlier run would mix with the new ones.
pub fn replace_observatory_data(dir: &Path, files: &[(String, String)]) -> io::Result<()> {
    let charges = dir.join("charges");
    if charges.is_dir() {
        for entry in std::fs::read_dir(&charges)?.flatten() {
            let p = entry.path();
            if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                std::fs::remove_file(p)?;
            }
        }
    }
    write_all(dir, files)
}

/// Copies the folder `from` to `to`, files and sub-folders, without following links.
pub fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(from).map_err(io::Error::other)?;
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Whether `dir` is missing or an empty folder: `new` writes only there, so nothing is
/// overwritten.
pub fn is_missing_or_empty(dir: &Path) -> io::Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    Ok(std::fs::read_dir(dir)?.next().is_none())
}
