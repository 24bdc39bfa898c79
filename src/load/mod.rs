//! Load stage: the only reader of author files. Turns `content/`, the theme and the site's
//! templates into the typed [`model`](crate::model), collecting every problem with its file and
//! line rather than stopping at the first.

pub mod config;
pub mod content;
pub mod files;
pub mod front_matter;
pub mod import;
pub mod key_lines;
pub mod observatory;
pub mod program;
pub mod results;
pub mod theme;
pub mod yaml;

use crate::core::diagnostic::Diagnostics;
use crate::model::site::Site;
use std::path::Path;

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub include_drafts: bool,
    /// Replaces `url_base` from site.yaml (e.g. a preview host).
    pub base_url: Option<String>,
    /// Keep the observatory's parsed files for the next load (`serve`, see
    /// [`observatory::ParseCache`]).
    pub keep_parses: bool,
}

/// The site folder as an absolute path (file events carry absolute paths), or why it cannot be
/// used.
pub fn site_root(root: &Path) -> Result<std::path::PathBuf, String> {
    root.canonicalize()
        .map_err(|e| format!("dossier du site {} introuvable : {e}", root.display()))
}

/// Loads everything under `root`, collecting every problem rather than stopping at the first.
/// The observatory's files parsed are kept in `cache` when there is one.
pub fn site(
    root: &Path,
    options: &LoadOptions,
    cache: Option<&observatory::ParseCache>,
    diagnostics: &mut Diagnostics,
) -> Option<Site> {
    let config = config::load(root, diagnostics);
    let mut content = content::load(root, options.include_drafts, diagnostics);
    let results = results::load(root, &mut content, diagnostics);
    let observatory = match cache {
        Some(cache) => observatory::load_cached(root, diagnostics, cache),
        None => observatory::load(root, diagnostics),
    };
    let (mut config, config_text) = config?;
    if let Some(url) = &options.base_url {
        match config::check_base_url_option(url) {
            Some(d) => diagnostics.push(d),
            None => config.url_base = url.clone(),
        }
    }
    Some(Site {
        root: root.to_path_buf(),
        config,
        config_text,
        content,
        observatory,
        results,
    })
}
