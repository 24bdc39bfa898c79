//! Where one residence sits among its peers: a horizontal box plot with the residence marked.

use super::svg::{
    self, bold_width, clean_id, num, text_width, FONT_SIZE, INK, MARGIN, SMALL_FONT, WIDTH,
};
use super::{fills, mark, Position};

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

/// A horizontal box plot of the peers (whiskers from min to max, box from the first to the
/// third quartile, a thick median) with the residence's value marked by a triangle and a line
/// in the accent colour and labelled "{value_label} : 31,20 €/m²" above.
///
/// Under the box, the statistics are labelled (name and value) by priority — median, min,
/// max, quartiles — leaving out those that would overlap. A key sentence explains the box.
pub fn position(chart: &Position) -> String {
    let id = clean_id(chart.id);
    let mut stats = [chart.min, chart.q1, chart.median, chart.q3, chart.max];
    stats.sort_by(f64::total_cmp);
    let [min, q1, median, q3, max] = stats;
    let value = Some(chart.value).filter(|v| v.is_finite());

    // Scale: the peers' range and the residence, with a little air on both sides.
    let mut lo = min.min(value.unwrap_or(min));
    let mut hi = max.max(value.unwrap_or(max));
    let span = hi - lo;
    if stats.iter().any(|v| !v.is_finite()) || !span.is_finite() {
        return svg::empty(
            &id,
            "position",
            chart.title,
            chart.description,
            "Aucune donnée de comparaison",
        );
    }
    let pad = if span > 1e-9 {
        span * 0.04
    } else {
        (hi.abs() * 0.1).max(1.0)
    };
    lo -= pad;
    hi += pad;
    let (left, right) = (MARGIN + 28.0, WIDTH - MARGIN - 28.0);
    let x_of = |v: f64| left + (v - lo) / (hi - lo) * (right - left);
    let box_bottom = BOX_TOP + BOX_HEIGHT;
    let middle = BOX_TOP + BOX_HEIGHT / 2.0;

    let height = KEY_TOP + (KEY.len() - 1) as f64 * 19.0 + MARGIN;

    let mut out = String::with_capacity(3000);
    svg::open(
        &mut out,
        &id,
        "position",
        height,
        chart.title,
        chart.description,
    );
    fills::write_defs(&mut out, &id, &[BOX_FILL]);

    // Whiskers with end caps, then the box and the median.
    out.push_str("<path fill=\"none\" stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"2\" d=\"");
    for (from, to) in [(min, q1), (q3, max)] {
        out.push('M');
        num(&mut out, x_of(from));
        out.push(' ');
        num(&mut out, middle);
        out.push('H');
        num(&mut out, x_of(to));
    }
    for end in [min, max] {
        out.push('M');
        num(&mut out, x_of(end));
        out.push(' ');
        num(&mut out, middle - 10.0);
        out.push_str("v20");
    }
    out.push_str("\"/><rect x=\"");
    num(&mut out, x_of(q1));
    out.push_str("\" y=\"");
    num(&mut out, BOX_TOP);
    out.push_str("\" width=\"");
    num(&mut out, (x_of(q3) - x_of(q1)).max(1.0));
    out.push_str("\" height=\"");
    num(&mut out, BOX_HEIGHT);
    out.push_str("\" fill=\"");
    fills::push_url(&mut out, &id, BOX_FILL);
    out.push_str("\" stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"1.5\"/><path stroke=\"");
    out.push_str(INK);
    out.push_str("\" stroke-width=\"5\" d=\"M");
    num(&mut out, x_of(median));
    out.push(' ');
    num(&mut out, BOX_TOP);
    out.push('V');
    num(&mut out, box_bottom);
    out.push_str("\"/>");

    // The residence: a needle across the box with a triangle above it, and its label.
    if let Some(v) = value {
        let x = x_of(v);
        mark::needle(&mut out, x, BOX_TOP - 14.0, box_bottom + 6.0, 8.0);
        mark::label(&mut out, chart.value_label, v, chart.unit, x, 20.0);
    }

    // Statistics under the box, by priority, skipping those that would overlap. The quartiles
    // get their value only: the key below says what the box is.
    let candidates = [
        ("médiane", median),
        ("min.", min),
        ("max.", max),
        ("", q1),
        ("", q3),
    ];
    // (centre, half width of the name, half width of the value) of the labels placed so far.
    let mut placed: Vec<(f64, f64, f64)> = Vec::with_capacity(5);
    out.push_str("<g text-anchor=\"middle\">");
    for (name, stat) in candidates {
        let figure = chart.unit.short(stat);
        let name_half = text_width(name, SMALL_FONT) / 2.0;
        let value_half = bold_width(&figure, FONT_SIZE) / 2.0;
        let cx = svg::keep_inside(x_of(stat), name_half.max(value_half));
        let overlaps = placed.iter().any(|&(px, pn, pv)| {
            let apart = (px - cx).abs() - 10.0;
            apart < pv + value_half || (name_half > 0.0 && pn > 0.0 && apart < pn + name_half)
        });
        if overlaps {
            continue;
        }
        placed.push((cx, name_half, value_half));
        if !name.is_empty() {
            svg::text(&mut out, cx, box_bottom + 26.0, "font-size=\"14\"", name);
        }
        svg::text(
            &mut out,
            cx,
            box_bottom + 46.0,
            "font-weight=\"bold\"",
            &figure,
        );
    }
    out.push_str("</g>");

    out.push_str("<g font-size=\"15\">");
    for (i, line) in KEY.iter().enumerate() {
        svg::text(&mut out, MARGIN, KEY_TOP + i as f64 * 19.0, "", line);
    }
    out.push_str("</g>");
    out.push_str("</svg>");
    out
}
