//! What goes on paper: text size estimates that choose the content of each poster before it is
//! rendered.

pub mod fit;

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
