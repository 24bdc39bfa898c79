//! The loaded site: configuration and content, read and validated once, then shared by
//! reference with every later stage.

use crate::config::SiteConfig;
use crate::content::{self, Content};
use crate::diagnostic::Diagnostics;
use crate::observatory::Observatory;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub include_drafts: bool,
    /// Replaces `url_base` from site.yaml (e.g. a preview host).
    pub base_url: Option<String>,
}

pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub content: Content,
    pub observatory: Observatory,
}

impl Site {
    /// Loads everything under `root`, collecting every problem rather than stopping at the first.
    pub fn load(root: &Path, options: &LoadOptions, diagnostics: &mut Diagnostics) -> Option<Site> {
        let config = SiteConfig::load(root, diagnostics);
        let content = content::load(root, options.include_drafts, diagnostics);
        let observatory = Observatory::load(root, diagnostics);
        let mut config = config?;
        if let Some(url) = &options.base_url {
            config.url_base = url.clone();
        }
        Some(Site {
            root: root.to_path_buf(),
            config,
            content,
            observatory,
        })
    }
}
