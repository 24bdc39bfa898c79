//! What every poster is built from.

use crate::model::config::SiteConfig;
use crate::present::contract::ThemeView;

/// What every poster is built from besides its own subject: the site's settings and the
/// contract.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    pub config: &'a SiteConfig,
    /// Every theme of the contract, in reading order.
    pub themes: &'a [ThemeView],
    /// Absolute URL of the site, with its trailing slash: QR codes point under it.
    pub base_url: &'a str,
    pub publication_date: Option<&'a str>,
}
