//! The loaded site: configuration, content, observatory data and the theme's files, read and
//! validated once, then shared by reference with every later stage.

use super::config::SiteConfig;
use super::contract::Content;
use super::observatory::Observatory;
use super::results::Results;
use std::path::PathBuf;

pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// The text of `content/site.yaml`, to locate problems found after loading.
    pub config_text: String,
    pub content: Content,
    pub observatory: Observatory,
    pub results: Results,
}
