//! Stacked and grouped bar charts.

use super::fills::{self, Legend};
use super::plot::{self, or_default, BarPath, Ticks, ValueAxis, YScale};
use super::svg::{
    self, bold_width, clean_id, text_width, truncate, widest, FONT_SIZE, INK, MARGIN, SMALL_FONT,
    WIDTH,
};
use super::{Bars, Series, Unit};

/// Height of the plotting area.
const PLOT_HEIGHT: f64 = 260.0;
/// Room kept above the tallest bar for the label written on top of it.
const HEADROOM: f64 = 26.0;
/// Written where a bar has no data ("non disponible").
pub(super) const NO_DATA: &str = "n.d.";
/// Segments lower than this carry no value label.
const MIN_LABELLED_SEGMENT: f64 = 19.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Stacked,
    Grouped,
}

impl Mode {
    /// The chart's class, `chart-{kind}`.
    fn kind(self) -> &'static str {
        match self {
            Mode::Stacked => "stacked",
            Mode::Grouped => "grouped",
        }
    }
}

/// Categories stacked in one bar per x label (bottom segment = first series), each bar's total
/// written above it and each segment's value written inside when it is tall and wide enough.
/// The legend lists the series from the top of the stack down.
///
/// ```
/// use ensemble::draw::chart::{stacked_bars, Series, StackedBars, Unit};
/// let years: Vec<String> = (2022..=2024).map(|y| y.to_string()).collect();
/// let series = [
///     Series { label: "Eau".into(), code: "EAU".into(), values: vec![6.1, 6.3, 6.6] },
///     Series { label: "Chauffage".into(), code: "CHC".into(), values: vec![9.8, 13.2, 12.4] },
/// ];
/// let svg = stacked_bars(&StackedBars {
///     id: "charges-1",
///     title: "Charges par catégorie",
///     description: "Le chauffage domine.",
///     x_labels: &years,
///     series: &series,
///     unit: Unit::EurosPerM2,
///     ..Default::default()
/// });
/// assert!(svg.starts_with("<svg") && svg.contains("role=\"img\""));
/// ```
pub fn stacked_bars(chart: &Bars) -> String {
    render(chart, Mode::Stacked, WIDTH)
}

/// Two or three series side by side per x label, e.g. "Provisions appelées" and "Dépenses
/// réelles" year by year. Values are written above the bars when every one of them fits.
pub fn grouped_bars(chart: &Bars) -> String {
    render(chart, Mode::Grouped, WIDTH)
}

/// Width of the viewBox of a chart for phones: shown at the width of a 320 px screen less the
/// page's margins (288 CSS px), its smallest text, 14 units, is 12 CSS px; at 360 px, 13,7.
pub const PHONE_WIDTH: f64 = 336.0;

/// [`stacked_bars`] for a phone: the last `last` x labels only, in a viewBox
/// [`PHONE_WIDTH`] units wide, so that it fits the screen without scrolling and its legend,
/// wrapped to the narrower width, stays in view. The page's table gives every year.
///
/// ```
/// use ensemble::draw::chart::{phone_stacked_bars, Series, StackedBars, PHONE_WIDTH};
/// let years: Vec<String> = (2016..=2025).map(|y| y.to_string()).collect();
/// let series = [Series { label: "Eau".into(), code: "EAU".into(), values: vec![6.0; 10] }];
/// let svg = phone_stacked_bars(&StackedBars { id: "p", x_labels: &years, series: &series, ..Default::default() }, 4);
/// assert!(svg.contains("viewBox=\"0 0 336 ") && svg.contains(">2022<") && !svg.contains(">2021<"));
/// ```
pub fn phone_stacked_bars(chart: &Bars, last: usize) -> String {
    latest(chart, last, |c| render(c, Mode::Stacked, PHONE_WIDTH))
}

/// [`grouped_bars`] for a phone, as [`phone_stacked_bars`] is for stacked bars.
pub fn phone_grouped_bars(chart: &Bars, last: usize) -> String {
    latest(chart, last, |c| render(c, Mode::Grouped, PHONE_WIDTH))
}

/// Draws `chart` cut to its last `last` x labels (and the same values of every series).
fn latest(chart: &Bars, last: usize, draw: impl Fn(&Bars) -> String) -> String {
    let first = chart.x_labels.len().saturating_sub(last.max(1));
    let series: Vec<Series> = chart
        .series
        .iter()
        .map(|s| Series {
            label: s.label.clone(),
            code: s.code.clone(),
            values: s.values.iter().skip(first).copied().collect(),
        })
        .collect();
    draw(&Bars {
        x_labels: &chart.x_labels[first..],
        series: &series,
        ..*chart
    })
}

/// A value as drawn: finite and not below zero, or `None` for "no data". Shared with the
/// large-print bars so both charts treat odd data alike.
pub(super) fn value(chart: &Bars, series: usize, x: usize) -> Option<f64> {
    chart.series[series]
        .values
        .get(x)
        .copied()
        .filter(|v| v.is_finite())
        .map(|v| v.max(0.0))
}

/// The sum of the values there are; `None` when there is none (a bar without data, unlike a
/// bar of zero). Shared with the large-print bars.
pub(super) fn total(values: impl Iterator<Item = f64>) -> Option<f64> {
    values.fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
}

fn render(chart: &Bars, mode: Mode, width: f64) -> String {
    let id = clean_id(chart.id);
    let (n, k) = (chart.x_labels.len(), chart.series.len());
    if n == 0 || k == 0 {
        let (title, description) = (chart.title, chart.description);
        return svg::empty(&id, mode.kind(), title, description, "Aucune donnée");
    }
    let fills = fills::assign(chart.series);
    // What goes above each x position: the stack's total, or nothing when no series has data.
    let totals: Vec<Option<f64>> = (0..n)
        .map(|x| total((0..k).filter_map(|s| value(chart, s, x))))
        .collect();
    let top = match mode {
        Mode::Stacked => totals.iter().flatten().copied().fold(0.0, f64::max),
        Mode::Grouped => (0..k)
            .flat_map(|s| (0..n).filter_map(move |x| value(chart, s, x)))
            .fold(0.0, f64::max),
    };
    let axis = ValueAxis::new(
        or_default(chart.y_title, chart.unit.axis_title()),
        Ticks::from_zero(top, false),
        |v, decimals| chart.unit.tick(v, decimals),
    );
    let columns = Columns::new(mode, (n, k), (axis.left(), width - MARGIN));
    let above = Above::new(chart, &columns, &totals, top);
    let legend = legend(chart, mode, &fills, columns.right - MARGIN);
    let rows = Rows::new(legend.height(), !chart.x_title.is_empty());
    let y = YScale {
        bottom: rows.bottom,
        per_unit: PLOT_HEIGHT / axis.top(top, PLOT_HEIGHT, above.font.map(|_| HEADROOM)),
    };

    let mut out = String::with_capacity(4096 + n * k * 120);
    let (title, description) = (chart.title, chart.description);
    let size = (width, rows.height);
    svg::open_sized(
        &mut out,
        &id,
        mode.kind(),
        size,
        FONT_SIZE,
        title,
        description,
    );
    fills::write_defs(&mut out, &id, &fills);
    legend.write(&mut out, &id, MARGIN, rows.legend_top);
    let span = (columns.left, columns.right);
    axis.write(&mut out, (rows.y_title_baseline, width), span, y);
    let segments = write_bars(&mut out, &id, chart, &fills, &columns, y);
    write_segment_labels(&mut out, chart.unit, &segments, columns.bar_width);
    above.write(&mut out, chart.unit, y);
    plot::baseline(&mut out, columns.left, columns.right, rows.bottom);
    write_x_labels(&mut out, chart.x_labels, &columns, rows.x_labels_baseline);
    if !chart.x_title.is_empty() {
        let baseline = rows.x_labels_baseline + 26.0;
        plot::x_title(&mut out, chart.x_title, span, (baseline, width));
    }
    out.push_str("</svg>");
    out
}

/// The horizontal layout: the value axis labels set the left edge of the plot, which holds one
/// slot per x label, with a bar (stacked) or a group of bars (grouped) in the middle.
struct Columns {
    mode: Mode,
    left: f64,
    right: f64,
    slot: f64,
    bar_width: f64,
    group_width: f64,
}

/// Between the bars of a group.
const GAP: f64 = 3.0;

impl Columns {
    fn new(mode: Mode, (n, k): (usize, usize), (left, right): (f64, f64)) -> Columns {
        let slot = (right - left) / n as f64;
        let (bar_width, group_width) = match mode {
            Mode::Stacked => {
                let w = (slot * 0.64).min(64.0);
                (w, w)
            }
            Mode::Grouped => {
                let group = (slot * 0.8).min(52.0 * k as f64);
                let w = ((group - GAP * (k - 1) as f64) / k as f64).max(1.0);
                (w, group)
            }
        };
        Columns {
            mode,
            left,
            right,
            slot,
            bar_width,
            group_width,
        }
    }

    /// The middle of the slot of x label `x`.
    fn center(&self, x: usize) -> f64 {
        self.left + self.slot * (x as f64 + 0.5)
    }

    /// The left edge of the bar of series `s` at `x`.
    fn bar_x(&self, s: usize, x: usize) -> f64 {
        match self.mode {
            Mode::Stacked => self.center(x) - self.bar_width / 2.0,
            Mode::Grouped => {
                self.center(x) - self.group_width / 2.0 + s as f64 * (self.bar_width + GAP)
            }
        }
    }
}

/// The labels above the bars: each stack's total, or each grouped bar's value; "n.d." where
/// there is no data.
struct Above {
    /// (centre, value) of each label.
    labels: Vec<(f64, Option<f64>)>,
    /// Written all or none, in the largest font where all fit; `None` for none.
    font: Option<f64>,
}

impl Above {
    fn new(chart: &Bars, columns: &Columns, totals: &[Option<f64>], top: f64) -> Above {
        let (n, k) = (chart.x_labels.len(), chart.series.len());
        let (labels, room): (Vec<(f64, Option<f64>)>, f64) = match columns.mode {
            Mode::Stacked => (
                (0..n).map(|x| (columns.center(x), totals[x])).collect(),
                columns.slot - 8.0,
            ),
            Mode::Grouped => (
                (0..k)
                    .flat_map(|s| (0..n).map(move |x| (s, x)))
                    .map(|(s, x)| {
                        let center = columns.bar_x(s, x) + columns.bar_width / 2.0;
                        (center, value(chart, s, x))
                    })
                    .collect(),
                columns.bar_width + GAP - 6.0,
            ),
        };
        // Digits all have the same estimated width, so the label of the largest value is the
        // widest.
        let widest = chart.unit.short(top);
        let any_missing = labels.iter().any(|(_, v)| v.is_none());
        let font = [FONT_SIZE, SMALL_FONT].into_iter().find(|&size| {
            bold_width(&widest, size) <= room && (!any_missing || bold_width(NO_DATA, size) <= room)
        });
        Above { labels, font }
    }

    fn write(&self, out: &mut String, unit: Unit, y: YScale) {
        let Some(size) = self.font else {
            return;
        };
        plot::open_labels(out, size, true);
        for &(cx, v) in &self.labels {
            match v {
                Some(v) => svg::text(out, cx, y.y(v) - 7.0, "", &unit.short(v)),
                None => svg::text(out, cx, y.bottom - 7.0, "", NO_DATA),
            }
        }
        out.push_str("</g>");
    }
}

/// The legend, from the top of the stack down, or left to right for grouped bars.
fn legend(chart: &Bars, mode: Mode, fills: &[usize], width: f64) -> Legend {
    let entry = |s: usize| (fills[s], chart.series[s].label.as_str());
    let entries: Vec<(usize, &str)> = match mode {
        Mode::Stacked => (0..chart.series.len()).rev().map(entry).collect(),
        Mode::Grouped => (0..chart.series.len()).map(entry).collect(),
    };
    Legend::layout(&entries, width)
}

/// The vertical layout, top to bottom: legend, value axis title, plot, x labels, x title.
struct Rows {
    legend_top: f64,
    y_title_baseline: f64,
    bottom: f64,
    x_labels_baseline: f64,
    height: f64,
}

impl Rows {
    fn new(legend_height: f64, x_title: bool) -> Rows {
        let legend_top = MARGIN;
        let y_title_baseline = legend_top + legend_height + 40.0;
        let plot_top = y_title_baseline + 16.0;
        let bottom = plot_top + PLOT_HEIGHT;
        let x_labels_baseline = bottom + 24.0;
        let height = if x_title {
            x_labels_baseline + 26.0 + MARGIN
        } else {
            x_labels_baseline + MARGIN
        };
        Rows {
            legend_top,
            y_title_baseline,
            bottom,
            x_labels_baseline,
            height,
        }
    }
}

/// Draws one path per series, filled with its pattern; returns the centre (x, y) and the value
/// of the stacked segments tall enough for a label.
fn write_bars(
    out: &mut String,
    id: &str,
    chart: &Bars,
    fills: &[usize],
    columns: &Columns,
    y: YScale,
) -> Vec<(f64, f64, f64)> {
    let stacked = columns.mode == Mode::Stacked;
    out.push_str("<g stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.25\">");
    let mut stack = vec![0.0; chart.x_labels.len()];
    let mut tall = Vec::new();
    for (s, &fill) in fills.iter().enumerate() {
        let mut path = BarPath::open(out, |out| fills::push_url(out, id, fill));
        for (x, base) in stack.iter_mut().enumerate() {
            let Some(v) = value(chart, s, x) else {
                continue;
            };
            let from = *base;
            if stacked {
                *base += v;
            }
            if v <= 0.0 {
                continue;
            }
            let (y0, y1) = (y.y(from), y.y(from + v));
            path.bar(columns.bar_x(s, x), y0, y1, columns.bar_width);
            if stacked && y0 - y1 >= MIN_LABELLED_SEGMENT {
                tall.push((columns.center(x), (y0 + y1) / 2.0, v));
            }
        }
        path.close();
    }
    out.push_str("</g>");
    tall
}

/// Writes the values inside the stacked segments `tall`, where they fit the bar's width.
fn write_segment_labels(out: &mut String, unit: Unit, tall: &[(f64, f64, f64)], bar_width: f64) {
    if tall.is_empty() {
        return;
    }
    plot::open_labels(out, SMALL_FONT, false);
    for &(cx, cy, v) in tall {
        let label = unit.short(v);
        if text_width(&label, SMALL_FONT) <= bar_width - 4.0 {
            svg::text(out, cx, cy + 5.0, "", &label);
        }
    }
    out.push_str("</g>");
}

/// Writes the x labels on `baseline`, thinned when crowded so that the last one (the latest
/// year) always shows.
fn write_x_labels(out: &mut String, labels: &[String], columns: &Columns, baseline: f64) {
    let n = labels.len();
    let widest = widest(labels.iter().map(String::as_str), FONT_SIZE);
    let every = (((widest + 10.0) / columns.slot).ceil() as usize).clamp(1, n);
    let room = columns.slot * every as f64 - 8.0;
    out.push_str("<g text-anchor=\"middle\">");
    for (x, label) in labels.iter().enumerate() {
        if (n - 1 - x).is_multiple_of(every) {
            let label = truncate(label, room, FONT_SIZE);
            svg::text(out, columns.center(x), baseline, "", &label);
        }
    }
    out.push_str("</g>");
}
