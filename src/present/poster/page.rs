//! What every poster page is built from and what it gives its template.

use super::contacts::ContactView;
use super::frame::Frame;
use crate::core::diagnostic::Diagnostic;

/// The chart of a residence poster (see [`crate::draw::chart::poster_bars`]), in points of the A3
/// design: printed 268,1 × 72,3 mm on A3, the poster's full width, its smallest text (segment
/// names, years) at 22 pt and the totals at 24 pt (a printed box of 25,6 pt at least); 15,6
/// and 17 pt on A4. The last five years, at most three categories and "Autres": a fifth
/// segment would be thinner than its 22 pt label.
pub const RESIDENCE_CHART: crate::draw::chart::LargePrint = crate::draw::chart::LargePrint {
    width: 760.0,
    height: 205.0,
    font: super::layout::MIN_PT,
    last: 5,
    max_series: 4,
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
