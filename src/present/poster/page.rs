//! What every poster page is built from and what it gives its template.

use super::contacts::ContactView;
use super::frame::Frame;
use crate::core::diagnostic::Diagnostic;

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
    /// Whether the poster prints the key results of the latest year (room was kept for them).
    pub key_results: bool,
    pub warnings: Vec<Diagnostic>,
}
