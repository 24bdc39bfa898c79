//! `serve`'s parse cache: the observatory's files parsed earlier in this process — each year
//! file by file and year, and `residences.yaml` — with the hash of the bytes they were parsed
//! from. Parsing depends on those alone, so a hit is what parsing again would give, problems
//! included; a year file that failed to parse is not kept. One entry per file: an edit replaces
//! it. After an edit only the changed files are parsed again (BENCHMARKS.md, issue 15).
//! `build` keeps none: at 20,000 residences it would hold every line of every year twice.

use super::charges::{parse_year_text, YearFile};
use super::problems::read_text;
use super::residences::{check_text, load_residences, LoadedResidences};
use super::year_file::ChargesFile;
use crate::core::diagnostic::{display_path, Diagnostic};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct ParseCache {
    years: Mutex<HashMap<(PathBuf, i32), CachedYear>>,
    residences: Mutex<Option<(PathBuf, u128, LoadedResidences)>>,
}

struct CachedYear {
    hash: u128,
    data: Arc<ChargesFile>,
    notations: Vec<Diagnostic>,
}

fn hash(text: &str) -> u128 {
    xxhash_rust::xxh3::xxh3_128(text.as_bytes())
}

impl ParseCache {
    /// The year file at `path` (year `name_year`), parsed again only if its bytes changed.
    pub(super) fn year(
        &self,
        root: &Path,
        name_year: i32,
        path: &Path,
    ) -> Result<YearFile, Vec<Diagnostic>> {
        let file = display_path(root, path);
        let text = read_text(root, path).map_err(|d| vec![d])?;
        let hash = hash(&text);
        let key = (file.clone(), name_year);
        let kept = self.years.lock().ok().and_then(|years| {
            let hit = years.get(&key).filter(|c| c.hash == hash)?;
            Some((Arc::clone(&hit.data), hit.notations.clone()))
        });
        if let Some((data, notations)) = kept {
            return Ok(YearFile {
                file,
                text,
                name_year,
                data,
                notations,
            });
        }
        let parsed = parse_year_text(file, name_year, text)?;
        if let Ok(mut years) = self.years.lock() {
            let kept = CachedYear {
                hash,
                data: Arc::clone(&parsed.data),
                notations: parsed.notations.clone(),
            };
            years.insert(key, kept);
        }
        Ok(parsed)
    }

    /// `residences.yaml` at `path`, checked again only if its bytes changed.
    pub(super) fn residences(&self, root: &Path, path: &Path) -> LoadedResidences {
        let file = display_path(root, path);
        let Ok(text) = read_text(root, path) else {
            // Reported as without a cache.
            return load_residences(root, path);
        };
        let hash = hash(&text);
        if let Ok(kept) = self.residences.lock() {
            if let Some((_, _, loaded)) = kept.as_ref().filter(|(f, h, _)| *f == file && *h == hash)
            {
                return loaded.clone();
            }
        }
        let loaded = check_text(&file, text);
        if let Ok(mut kept) = self.residences.lock() {
            *kept = Some((file, hash, loaded.clone()));
        }
        loaded
    }
}
