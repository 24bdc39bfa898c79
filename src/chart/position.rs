//! Where one residence sits among its peers: a horizontal box plot with the residence marked.

use plotters::style::text_anchor::HPos;

use super::canvas::{font, Canvas};
use super::fills::FILLS;
use super::svg::{
    self, bold_width, clean_id, text_width, FONT_SIZE, INK, MARGIN, SMALL_FONT, WIDTH,
};
use super::{mark, Position};

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

    let mut canvas = Canvas::new(&id, "position", height, chart.title, chart.description);
    canvas.defs(&[BOX_FILL]);

    // Whiskers with end caps, then the box and the median.
    canvas.layer("", |pen| {
        for (from, to) in [(min, q1), (q3, max)] {
            pen.line((x_of(from), middle), (x_of(to), middle), INK, 2);
        }
        for end in [min, max] {
            pen.line(
                (x_of(end), middle - 10.0),
                (x_of(end), middle + 10.0),
                INK,
                2,
            );
        }
    });
    canvas.layer("stroke=\"#1a1a1a\" stroke-width=\"1.5\"", |pen| {
        let (x0, x1) = (x_of(q1), x_of(q3).max(x_of(q1) + 1.0));
        pen.rect((x0, BOX_TOP), (x1, box_bottom), FILLS[BOX_FILL].rgb);
    });
    canvas.layer("", |pen| {
        pen.line((x_of(median), BOX_TOP), (x_of(median), box_bottom), INK, 5);
    });

    // The residence: a needle across the box with a triangle above it, and its label.
    if let Some(v) = value {
        let x = x_of(v);
        mark::needle(&mut canvas, x, BOX_TOP - 14.0, box_bottom + 6.0, 8.0);
        mark::label(&mut canvas, chart.value_label, v, chart.unit, x, 20.0);
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
    let name_style = font(SMALL_FONT, false, HPos::Center);
    let value_style = font(FONT_SIZE, true, HPos::Center);
    canvas.layer("text-anchor=\"middle\"", |pen| {
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
                pen.text((cx, box_bottom + 26.0), name, &name_style);
            }
            pen.text((cx, box_bottom + 46.0), &figure, &value_style);
        }
    });

    let style = font(15.0, false, HPos::Left);
    canvas.layer("font-size=\"15\"", |pen| {
        for (i, line) in KEY.iter().enumerate() {
            pen.text((MARGIN, KEY_TOP + i as f64 * 19.0), line, &style);
        }
    });
    canvas.finish()
}
