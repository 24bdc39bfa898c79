//! Where one residence sits among its peers: a horizontal box plot with the residence marked.

use super::plot::XScale;
use super::svg::{
    self, bold_width, clean_id, num, text_width, FONT_SIZE, INK, MARGIN, SMALL_FONT, WIDTH,
};
use super::{fills, mark, Position, Unit};

/// The fill of the box (light, dotted).
const BOX_FILL: usize = 1;
const BOX_TOP: f64 = 50.0;
const BOX_HEIGHT: f64 = 40.0;
/// What the box and the thick line mean, in two lines that fit the chart's width.
pub(super) const KEY: [&str; 2] = [
    "La boîte contient la moitié des résidences (du 1er au 3e quartile)\u{202F};",
    "le trait épais est la médiane.",
];
/// Baseline of the first line of the key under the statistics.
const KEY_TOP: f64 = BOX_TOP + BOX_HEIGHT + 80.0;
const BOX_BOTTOM: f64 = BOX_TOP + BOX_HEIGHT;

/// The five statistics of the peers, in order.
#[derive(Clone, Copy)]
struct Stats {
    min: f64,
    q1: f64,
    median: f64,
    q3: f64,
    max: f64,
}

/// A horizontal box plot of the peers (whiskers from min to max, box from the first to the
/// third quartile, a thick median) with the residence's value marked by a triangle and a line
/// in the accent colour and labelled "{value_label} : 31,20 €/m²" above.
///
/// Under the box, the statistics are labelled (name and value) by priority — median, min,
/// max, quartiles — leaving out those that would overlap. A key sentence explains the box.
pub fn position(chart: &Position) -> String {
    let id = clean_id(chart.id);
    let mut sorted = [chart.min, chart.q1, chart.median, chart.q3, chart.max];
    sorted.sort_by(f64::total_cmp);
    let [min, q1, median, q3, max] = sorted;
    let stats = Stats {
        min,
        q1,
        median,
        q3,
        max,
    };
    let value = Some(chart.value).filter(|v| v.is_finite());
    let Some(x) = scale(&stats, value) else {
        let (title, description) = (chart.title, chart.description);
        let message = "Aucune donnée de comparaison";
        return svg::empty(&id, "position", title, description, message);
    };
    let height = KEY_TOP + (KEY.len() - 1) as f64 * 19.0 + MARGIN;

    let mut out = String::with_capacity(3000);
    let (title, description) = (chart.title, chart.description);
    svg::open(&mut out, &id, "position", height, title, description);
    fills::write_defs(&mut out, &id, &[BOX_FILL]);
    write_box(&mut out, &id, &stats, x);
    // The residence: a needle across the box with a triangle above it, and its label.
    if let Some(v) = value {
        let at = x.x(v);
        mark::needle(&mut out, at, BOX_TOP - 14.0, BOX_BOTTOM + 6.0, 8.0);
        mark::label(&mut out, chart.value_label, v, chart.unit, at, 20.0);
    }
    write_statistics(&mut out, &stats, chart.unit, x);
    out.push_str("<g font-size=\"15\">");
    for (i, line) in KEY.iter().enumerate() {
        svg::text(&mut out, MARGIN, KEY_TOP + i as f64 * 19.0, "", line);
    }
    out.push_str("</g>");
    out.push_str("</svg>");
    out
}

/// The scale across the chart: the peers' range and the residence's `value`, with a little
/// air on both sides; `None` when a statistic is not a number.
fn scale(stats: &Stats, value: Option<f64>) -> Option<XScale> {
    let mut lo = stats.min.min(value.unwrap_or(stats.min));
    let mut hi = stats.max.max(value.unwrap_or(stats.max));
    let span = hi - lo;
    let all = [stats.min, stats.q1, stats.median, stats.q3, stats.max];
    if all.iter().any(|v| !v.is_finite()) || !span.is_finite() {
        return None;
    }
    let pad = if span > 1e-9 {
        span * 0.04
    } else {
        (hi.abs() * 0.1).max(1.0)
    };
    lo -= pad;
    hi += pad;
    Some(XScale {
        lo,
        hi,
        left: MARGIN + 28.0,
        right: WIDTH - MARGIN - 28.0,
    })
}

/// Draws the whiskers with their end caps, the box and the median.
fn write_box(out: &mut String, id: &str, stats: &Stats, x: XScale) {
    let middle = BOX_TOP + BOX_HEIGHT / 2.0;
    out.push_str("<path fill=\"none\" stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"2\" d=\"");
    for (from, to) in [(stats.min, stats.q1), (stats.q3, stats.max)] {
        out.push('M');
        num(out, x.x(from));
        out.push(' ');
        num(out, middle);
        out.push('H');
        num(out, x.x(to));
    }
    for end in [stats.min, stats.max] {
        out.push('M');
        num(out, x.x(end));
        out.push(' ');
        num(out, middle - 10.0);
        out.push_str("v20");
    }
    out.push_str("\"/><rect x=\"");
    num(out, x.x(stats.q1));
    out.push_str("\" y=\"");
    num(out, BOX_TOP);
    out.push_str("\" width=\"");
    num(out, (x.x(stats.q3) - x.x(stats.q1)).max(1.0));
    out.push_str("\" height=\"");
    num(out, BOX_HEIGHT);
    out.push_str("\" fill=\"");
    fills::push_url(out, id, BOX_FILL);
    out.push_str("\" stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.5\"/><path stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"5\" d=\"M");
    num(out, x.x(stats.median));
    out.push(' ');
    num(out, BOX_TOP);
    out.push('V');
    num(out, BOX_BOTTOM);
    out.push_str("\"/>");
}

/// Writes the statistics under the box, by priority, skipping those that would overlap. The
/// quartiles get their value only: the key below says what the box is.
fn write_statistics(out: &mut String, stats: &Stats, unit: Unit, x: XScale) {
    let candidates = [
        ("médiane", stats.median),
        ("min.", stats.min),
        ("max.", stats.max),
        ("", stats.q1),
        ("", stats.q3),
    ];
    // (centre, half width of the name, half width of the value) of the labels placed so far.
    let mut placed: Vec<(f64, f64, f64)> = Vec::with_capacity(5);
    out.push_str("<g text-anchor=\"middle\">");
    for (name, stat) in candidates {
        let figure = unit.short(stat);
        let name_half = text_width(name, SMALL_FONT) / 2.0;
        let value_half = bold_width(&figure, FONT_SIZE) / 2.0;
        let cx = svg::keep_inside(x.x(stat), name_half.max(value_half));
        let overlaps = placed.iter().any(|&(px, pn, pv)| {
            let apart = (px - cx).abs() - 10.0;
            apart < pv + value_half || (name_half > 0.0 && pn > 0.0 && apart < pn + name_half)
        });
        if overlaps {
            continue;
        }
        placed.push((cx, name_half, value_half));
        if !name.is_empty() {
            svg::text(out, cx, BOX_BOTTOM + 26.0, "font-size=\"14\"", name);
        }
        svg::text(out, cx, BOX_BOTTOM + 46.0, "font-weight=\"bold\"", &figure);
    }
    out.push_str("</g>");
}
