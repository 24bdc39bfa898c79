//! How residences spread by value: adjacent bars over value bins.

use super::plot::{self, or_default, Ticks, ValueAxis, XScale, YScale};
use super::svg::{self, bold_width, clean_id, num, text_width, ACCENT, FONT_SIZE, INK, MARGIN};
use super::svg::{SMALL_FONT, WIDTH};
use super::{fills, mark, Histogram, Marker, Unit};
use crate::core::typography::format_number;

const PLOT_HEIGHT: f64 = 220.0;
const HEADROOM: f64 = 24.0;
/// The fill of ordinary bins (light, dotted); the marked bin is solid accent.
const BIN_FILL: usize = 1;

/// `(from, to, count)`: residences with a value in `[from, to)`.
type Bin = (f64, f64, usize);

/// Adjacent bars, one per bin, with the count above each bar when all counts fit and the bin
/// bounds on the x axis (thinned when crowded). With a [`super::Marker`], the bin holding
/// the value is filled with the accent colour and a labelled needle marks the value.
pub fn histogram(chart: &Histogram) -> String {
    let id = clean_id(chart.id);
    let bins = bins(chart.bins);
    let lo = bins.iter().map(|b| b.0).fold(f64::INFINITY, f64::min);
    let hi = bins.iter().map(|b| b.1).fold(f64::NEG_INFINITY, f64::max);
    // Also true when there is no bin at all.
    if !(hi - lo).is_finite() {
        let (title, description) = (chart.title, chart.description);
        return svg::empty(&id, "histogram", title, description, "Aucune donnée");
    }
    let top = bins.iter().map(|b| b.2).max().unwrap_or(0) as f64;
    let axis = ValueAxis::new(
        or_default(chart.y_title, "Nombre de résidences"),
        Ticks::from_zero(top, true),
        |v, _| format_number(v, 0),
    );
    let (left, right) = (axis.left(), WIDTH - MARGIN - 8.0);
    let x = XScale {
        lo,
        hi,
        left,
        right,
    };
    let counts: Vec<String> = bins.iter().map(|b| format_number(b.2 as f64, 0)).collect();
    let show_counts = bins
        .iter()
        .zip(&counts)
        .all(|(b, c)| bold_width(c, SMALL_FONT) <= x.x(b.1) - x.x(b.0) - 2.0);
    let marker = chart.marker.filter(|m| m.value.is_finite());
    let rows = Rows::new(marker.is_some());
    let y = YScale {
        bottom: rows.bottom,
        per_unit: PLOT_HEIGHT / axis.top(top, PLOT_HEIGHT, show_counts.then_some(HEADROOM)),
    };

    let mut out = String::with_capacity(3000 + bins.len() * 120);
    let (title, description) = (chart.title, chart.description);
    svg::open(&mut out, &id, "histogram", rows.height, title, description);
    fills::write_defs(&mut out, &id, &[BIN_FILL]);
    axis.write(&mut out, (rows.y_title_baseline, WIDTH), (left, right), y);
    // The bin holding the marked value (the last bin includes its upper bound).
    let marked = marker.and_then(|m| {
        bins.iter()
            .position(|&(from, to, _)| from <= m.value && (m.value < to || m.value == hi))
    });
    write_bins(&mut out, &id, &bins, marked, x, y);
    if show_counts {
        write_counts(&mut out, &bins, &counts, x, y);
    }
    plot::baseline(&mut out, left, right, rows.bottom);
    write_edges(&mut out, &bins, chart.unit, x, &rows);
    let x_title = or_default(chart.x_title, chart.unit.axis_title());
    let x_title_baseline = rows.x_labels_baseline + 26.0;
    plot::x_title(&mut out, x_title, (left, right), (x_title_baseline, WIDTH));
    if let Some(m) = marker {
        // Down to the marked bar, stopping above its count.
        let end = match marked {
            Some(i) if show_counts => y.y(bins[i].2 as f64) - 24.0,
            Some(i) => y.y(bins[i].2 as f64),
            None => rows.bottom,
        };
        write_marker(&mut out, m, chart.unit, x, rows.marker_baseline, end);
    }
    out.push_str("</svg>");
    out
}

/// The bins that can be drawn (finite bounds, `to > from`), left to right.
fn bins(bins: &[Bin]) -> Vec<Bin> {
    let mut bins: Vec<Bin> = bins
        .iter()
        .copied()
        .filter(|&(from, to, _)| from.is_finite() && to.is_finite() && to > from)
        .collect();
    bins.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    bins
}

/// The vertical layout, top to bottom: value axis title, marker label, plot, bin bounds, x
/// title.
struct Rows {
    y_title_baseline: f64,
    marker_baseline: f64,
    bottom: f64,
    x_labels_baseline: f64,
    height: f64,
}

impl Rows {
    fn new(marker: bool) -> Rows {
        let y_title_baseline = MARGIN + 15.0;
        let marker_baseline = y_title_baseline + 30.0;
        let plot_top = if marker {
            marker_baseline + 30.0
        } else {
            y_title_baseline + 16.0
        };
        let bottom = plot_top + PLOT_HEIGHT;
        let x_labels_baseline = bottom + 24.0;
        Rows {
            y_title_baseline,
            marker_baseline,
            bottom,
            x_labels_baseline,
            height: x_labels_baseline + 26.0 + MARGIN,
        }
    }
}

/// Draws the bars of the bins, the bin `marked` in the accent colour.
fn write_bins(
    out: &mut String,
    id: &str,
    bins: &[Bin],
    marked: Option<usize>,
    x: XScale,
    y: YScale,
) {
    out.push_str("<g stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.25\"><path fill=\"");
    fills::push_url(out, id, BIN_FILL);
    out.push_str("\" d=\"");
    let mut marked_path = String::new();
    for (i, &(from, to, count)) in bins.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let path = if Some(i) == marked {
            &mut marked_path
        } else {
            &mut *out
        };
        path.push('M');
        num(path, x.x(from) + 1.0);
        path.push(' ');
        num(path, y.bottom);
        path.push('V');
        num(path, y.y(count as f64));
        path.push('H');
        num(path, x.x(to) - 1.0);
        path.push('V');
        num(path, y.bottom);
        path.push('Z');
    }
    out.push_str("\"/>");
    if !marked_path.is_empty() {
        out.push_str("<path fill=\"");
        out.push_str(ACCENT);
        out.push_str("\" d=\"");
        out.push_str(&marked_path);
        out.push_str("\"/>");
    }
    out.push_str("</g>");
}

/// Writes each bin's count above its bar.
fn write_counts(out: &mut String, bins: &[Bin], counts: &[String], x: XScale, y: YScale) {
    plot::open_labels(out, SMALL_FONT, true);
    for (&(from, to, count), label) in bins.iter().zip(counts) {
        let cx = (x.x(from) + x.x(to)) / 2.0;
        svg::text(out, cx, y.y(count as f64) - 7.0, "", label);
    }
    out.push_str("</g>");
}

/// Draws the bin bounds under the plot: every distinct edge, left to right, with a tick and
/// its value, skipping those that would overlap.
fn write_edges(out: &mut String, bins: &[Bin], unit: Unit, x: XScale, rows: &Rows) {
    let mut edges: Vec<f64> = bins.iter().flat_map(|b| [b.0, b.1]).collect();
    edges.sort_by(f64::total_cmp);
    edges.dedup_by(|a, b| (*a - *b).abs() <= 1e-9 * (1.0 + b.abs()));
    let decimals = (0..=2)
        .find(|&d| {
            let f = 10f64.powi(d as i32);
            edges.iter().all(|e| ((e * f).round() - e * f).abs() < 1e-6)
        })
        .unwrap_or(2);
    let mut labels: Vec<(f64, String)> = Vec::with_capacity(edges.len());
    let mut last_right = f64::MIN;
    out.push_str("<path stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.5\" d=\"");
    for &edge in &edges {
        let label = unit.tick(edge, decimals);
        let half = text_width(&label, FONT_SIZE) / 2.0;
        let at = x.x(edge);
        if at - half < last_right + 8.0 {
            continue;
        }
        last_right = at + half;
        out.push('M');
        num(out, at);
        out.push(' ');
        num(out, rows.bottom);
        out.push_str("v6");
        labels.push((at, label));
    }
    out.push_str("\"/><g text-anchor=\"middle\">");
    for (at, label) in &labels {
        svg::text(out, *at, rows.x_labels_baseline, "", label);
    }
    out.push_str("</g>");
}

/// Marks the value with a needle down to `end` when it lies within the bins, and labels it on
/// `baseline`.
fn write_marker(out: &mut String, m: Marker, unit: Unit, x: XScale, baseline: f64, end: f64) {
    let inside = (x.lo..=x.hi).contains(&m.value);
    let at = if inside { x.x(m.value) } else { WIDTH / 2.0 };
    if inside {
        let top = baseline + 16.0;
        mark::needle(out, at, top, end.max(top + 8.0), 6.0);
    }
    mark::label(out, m.label, m.value, unit, at, baseline);
}
