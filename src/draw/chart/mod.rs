//! Accessible SVG charts for the charges observatory.
//!
//! Every function here is pure: it takes the data, returns an SVG string ready to be inlined in
//! an HTML page, and returns the same bytes for the same input. Nothing panics on odd data
//! (empty, NaN, negative, a single year, very long labels).
//!
//! What every chart guarantees:
//!
//! - **Accessible name.** The root `<svg>` has `role="img"` and
//!   `aria-labelledby="{id}-title {id}-desc"`; its first children are `<title>` and `<desc>`.
//!   The title is not drawn: the page gives the figure its visible caption (`<figcaption>`)
//!   and, as RGAA asks, a data table next to it.
//! - **Unique ids.** Every id inside the SVG starts with the chart id (made safe by keeping
//!   ASCII letters, digits, `-` and `_`). Give each chart of a page its own id.
//! - **Responsive.** A 640-unit-wide `viewBox`, `width="100%"` and no height: the page's CSS
//!   sizes it, from a 320 px phone to print. Text is at least 14 units high.
//! - **Large print.** [`poster_bars`] is the exception: a viewBox of the caller's printed size
//!   in points ([`LargePrint`]), so that its font sizes are printed points; no text under
//!   [`LargePrint::font`], few bars and segments, direct labels instead of a legend.
//! - **Not by colour alone.** Each series has a colour from a colour-blind-safe scheme *and*
//!   a texture (hatching, dots, grid, solid dark or light), a dark outline, and a legend
//!   swatch; values are written on the bars when there is room. Charts read on a black and
//!   white photocopy.
//! - **French figures** through [`crate::typography`]: `1 234,5` with a narrow no-break space,
//!   `35,2 %`, `31,20 €/m²`.
//!
//! Narrow screens: the chart scales as a whole, so at 320 CSS px its 14–17-unit text is drawn
//! 7–8 px high. WCAG 1.4.10 lets a chart scroll sideways; a wrapper
//! `<div class="chart-scroll" tabindex="0">` (focusable, so keyboard users can scroll it) with
//! `.chart-scroll { overflow-x: auto } .chart-scroll > .chart { min-width: 30rem }` keeps the
//! text at 11–13 px without making the page itself scroll (axe-checked at 320 px). The data
//! table stays the text alternative.
//!
//! The drawing is written by hand rather than through plotters, which the project's stack
//! names: a measured deviation. A port onto plotters' `SVGBackend` primitives, with this
//! layout unchanged (commit 2d48721, reverted), passed every test and looked the same but was
//! 5 to 8 times slower: 148 µs instead of 26 µs for the ten-year, ten-category stacked chart
//! (grouped 42 / 7 µs, position 21 / 2.7 µs, histogram 59 / 12 µs; fastest of 300 batches,
//! same machine, same run). Most of it is plotters' own writing: with no post-processing at
//! all the stacked chart still took 108 µs, each element costing it 0.4 µs (shape) to 0.65 µs
//! (text) in `format!` calls, float formatting of `opacity` and `font-size` and
//! character-by-character escaping of every attribute. Its SVG also had to be rewritten
//! almost attribute by attribute: whole-unit coordinates and stroke widths only, no `<path>`
//! and no groups, a rectangle filled or stroked but not both, no patterns, text placed by a
//! `dy` in em or ex rather than on its baseline and wrapped in line breaks, `opacity="1"`, a
//! font family and sizes such as `15.000000000000002` on every element, `&apos;`. Time every
//! chart kind with `cargo bench --bench charts`; look at them all with
//! `cargo run --example chart_demo -- OUT.html` (both draw the sample data of [`demo`]).

mod bars;
pub mod demo;
mod fills;
mod histogram;
mod large_print;
mod mark;
mod plot;
mod position;
mod svg;
#[cfg(test)]
mod tests;

pub use bars::{grouped_bars, phone_grouped_bars, phone_stacked_bars, stacked_bars, PHONE_WIDTH};
pub use fills::CHARGE_CODES;
pub use histogram::histogram;
pub use large_print::{poster_bars, OTHERS};
pub use position::position;

use crate::core::typography::{format_euros_rounded, format_number, format_percent, NBSP};

/// One category across the x positions, e.g. the "Eau" charges of a residence year by year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    /// Shown in the legend, e.g. "Chauffage collectif".
    pub label: String,
    /// A charge code from [`CHARGE_CODES`] (`"CHC"`) keeps the same fill on every chart of
    /// the site; any other code (`"provisions"`) takes a free fill.
    pub code: String,
    /// One value per x label. Missing or non-finite values are "no data"; negative values
    /// are drawn as 0 (bars start at 0).
    pub values: Vec<f64>,
}

/// What the numbers are, which sets how they are written and the default axis title.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Unit {
    /// Amounts in euros: `1 234 €`.
    Euros,
    /// Euros per m² of living area per year, the sector's unit: `28,50 €/m²`.
    #[default]
    EurosPerM2,
    /// Percentages: `35,2 %`.
    Percent,
    /// Plain numbers (days, hours, counts): `1 234,5`; the caller's axis title gives the unit.
    Number,
}

impl Unit {
    /// The default title of the value axis.
    pub fn axis_title(self) -> &'static str {
        match self {
            Unit::Euros => "Montant en euros",
            Unit::EurosPerM2 => "€ par m² et par an",
            Unit::Percent => "Pourcentage",
            Unit::Number => "Valeur",
        }
    }

    /// A tick label: the number alone (the axis title gives the unit), `%` for percentages.
    fn tick(self, value: f64, decimals: usize) -> String {
        match self {
            Unit::Euros | Unit::EurosPerM2 | Unit::Number => format_number(value, decimals),
            Unit::Percent => format!("{}{NBSP}%", format_number(value, decimals)),
        }
    }

    /// A value written on or above a bar, without unit: `1 234`, `12,5`.
    fn short(self, value: f64) -> String {
        match self {
            Unit::Euros => format_number(value, 0),
            Unit::EurosPerM2 | Unit::Percent => format_number(value, 1),
            // A count of days or calls is whole: no ",0" after it.
            Unit::Number => format_number(value, usize::from(value.fract() != 0.0)),
        }
    }

    /// A value written in a sentence, with its unit: `1 234 €`, `31,20 €/m²/an`, `35,2 %`.
    fn long(self, value: f64) -> String {
        match self {
            Unit::Euros => format_euros_rounded(value),
            Unit::EurosPerM2 => format!("{}{NBSP}€/m²/an", format_number(value, 2)),
            Unit::Percent => format_percent(value),
            Unit::Number => self.short(value),
        }
    }
}

/// A bar chart: one bar (stacked) or one group of bars (grouped) per x label.
///
/// [`StackedBars`] and [`GroupedBars`] are this type under the name of what they draw.
#[derive(Debug, Clone, Copy, Default)]
pub struct Bars<'a> {
    /// Unique on the page; prefixes every id in the SVG.
    pub id: &'a str,
    /// Accessible name (`<title>`), e.g. "Charges de la résidence Les Tilleuls, 2015 à 2024".
    pub title: &'a str,
    /// Accessible description (`<desc>`): the chart's message in a sentence or two.
    pub description: &'a str,
    /// One label per bar, usually years. Crowded labels are thinned, keeping the last.
    pub x_labels: &'a [String],
    /// Stacked: bottom segment first. Grouped: left bar first.
    pub series: &'a [Series],
    pub unit: Unit,
    /// Value axis title; empty for [`Unit::axis_title`].
    pub y_title: &'a str,
    /// Title under the x labels (e.g. "Année"); empty for none.
    pub x_title: &'a str,
}

/// Size and limits of a chart printed on paper and read from a distance (see [`poster_bars`]).
///
/// Give the viewBox in printed points: a font size is then its printed size in points, and
/// the chart must be printed exactly `width` points wide.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LargePrint {
    /// Width and height of the viewBox.
    pub width: f64,
    pub height: f64,
    /// Size of the smallest text (segment names, years); totals are 1.1 times as large, bold.
    pub font: f64,
    /// How many x labels are drawn: the last ones.
    pub last: usize,
    /// Most segments in a bar, "Autres" included.
    pub max_series: usize,
}

/// Categories stacked in one bar per x label, with each bar's total above it
/// (see [`stacked_bars`]).
pub type StackedBars<'a> = Bars<'a>;
/// Two or three series side by side per x label, e.g. provisions and actual costs
/// (see [`grouped_bars`]).
pub type GroupedBars<'a> = Bars<'a>;

/// Where one residence's value sits among its peers' (see [`position`]).
///
/// The five statistics may come in any order; they are sorted.
#[derive(Debug, Clone, Copy, Default)]
pub struct Position<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The residence's value; NaN draws the peers only.
    pub value: f64,
    pub min: f64,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    pub max: f64,
    /// Names the marked value, e.g. "Les Tilleuls" or "Votre résidence" (the default).
    pub value_label: &'a str,
    pub unit: Unit,
}

/// A value marked on a [`Histogram`]: its bar is highlighted and labelled.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marker<'a> {
    pub value: f64,
    /// e.g. "Les Tilleuls"; empty for "Votre résidence".
    pub label: &'a str,
}

/// How residences spread by value (see [`histogram`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Histogram<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// `(from, to, count)`: residences with a value in `[from, to)`. Bins with `to <= from`
    /// or a non-finite bound are ignored.
    pub bins: &'a [(f64, f64, usize)],
    /// Unit of the bin bounds.
    pub unit: Unit,
    pub marker: Option<Marker<'a>>,
    /// Empty for "Nombre de résidences".
    pub y_title: &'a str,
    /// Empty for [`Unit::axis_title`].
    pub x_title: &'a str,
}
