//! The files `ensemble import` writes: each one atomically (a temporary file in the same
//! folder, then a rename), so that an interrupted import leaves the previous file whole.

use std::io::{self, Write};
use std::path::Path;

/// Writes `text` to `path` through a temporary file renamed over it.
pub fn write_atomic(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
