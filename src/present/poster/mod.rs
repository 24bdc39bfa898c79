//! What goes on paper: the hall posters and the A4 synthesis as view models, built before
//! rendering from estimated text sizes so that each poster is always one sheet.
//!
//! Every poster is one HTML page under `affiches/` whose print CSS fixes the page box (A3
//! portrait by default, A4 as an option: the same design at 70,7 %). What goes on it is chosen
//! here from the estimates of [`fit`] and the design of [`layout`]: whole commitments
//! ([`items`]) and contacts ([`contacts`]) are kept or left out; the longest commitments are
//! shortened (with a warning) only when every theme would not fit otherwise. The CSS still clips
//! as a last resort, so a poster can never spill onto a second sheet.
//!
//! One module per poster kind builds its [`PosterPage`] from plain inputs ([`Inputs`]) and
//! returns its warnings with it; the render stage only reports them and fills the templates:
//!
//! - [`residence`]: `affiches/<slug>/`, one per residence with charges;
//! - [`contract`]: `affiches/engagements/`, every theme, both parties;
//! - [`synthesis`]: `affiches/synthese/`, the contract on one A4 sheet, recto-verso;
//! - [`index`]: `affiches/`, every poster by commune with print instructions.

pub mod contacts;
pub mod contract;
pub mod fit;
pub mod frame;
pub mod index;
pub mod items;
pub mod layout;
pub mod residence;
pub mod synthesis;

use crate::core::diagnostic::Diagnostic;
use crate::model::config::SiteConfig;
use crate::present::contract::ThemeView;
use contacts::ContactView;
use frame::Frame;

/// The chart of a residence poster (see [`crate::draw::chart::poster_bars`]), in points of the A3
/// design: printed 162,3 × 74,1 mm on A3, its smallest text (segment names, years) at 18 pt
/// and the totals at 20 pt; 12,7 and 14,1 pt on A4. The last five years, at most four
/// categories and "Autres".
pub const RESIDENCE_CHART: crate::draw::chart::LargePrint = crate::draw::chart::LargePrint {
    width: 460.0,
    height: 210.0,
    font: 18.0,
    last: 5,
    max_series: 5,
};

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

/// One poster page, ready for its template: what every poster has, its own `body`, and the
/// warnings found while choosing its content, for the caller to report.
#[derive(Debug)]
pub struct PosterPage<T> {
    /// Site-relative output path: `affiches/<folder>/index.html`.
    pub path: String,
    pub frame: Frame,
    pub body: T,
    /// Lines a commitment may take (the CSS clamp).
    pub item_clamp: usize,
    pub contacts: Vec<ContactView>,
    /// One line per contact ("label : phone").
    pub contacts_compact: bool,
    pub warnings: Vec<Diagnostic>,
}
