//! The mark of "your residence" shared by the position chart and the histogram: a pin in the
//! accent colour (a needle with a downward triangle on top) and a bold label
//! "Les Tilleuls : 31,20 €/m²".

use plotters::style::text_anchor::HPos;

use super::canvas::{font, Canvas};
use super::svg::{self, bold_width, truncate, ACCENT, MARGIN, WIDTH};
use super::Unit;
use crate::typography::NBSP;

const LABEL_FONT: f64 = 17.0;

/// Draws a needle `width` wide at `x` from `top` down to `bottom`, under a downward triangle
/// 20 wide whose base sits at `top - 6` and whose tip reaches `top + 8`: one outlined shape.
pub(super) fn needle(canvas: &mut Canvas, x: f64, top: f64, bottom: f64, width: f64) {
    // Whole units, so that the needle stays symmetric once plotters rounds the points.
    let x = x.round();
    let half = (width / 2.0).round();
    let base = top - 6.0;
    // Where the triangle's sides cross the needle's.
    let join = base + 14.0 * (10.0 - half) / 10.0;
    canvas.layer(
        "stroke=\"#1a1a1a\" stroke-width=\"1.5\" stroke-linejoin=\"round\"",
        |pen| {
            pen.polygon(
                &[
                    (x - 10.0, base),
                    (x + 10.0, base),
                    (x + half, join),
                    (x + half, bottom),
                    (x - half, bottom),
                    (x - half, join),
                ],
                ACCENT,
            )
        },
    );
}

/// Writes "{name} : {value with unit}" in bold, centred on `x` but kept inside the chart;
/// the name (default "Votre résidence") is cut with "…" when too long.
pub(super) fn label(
    canvas: &mut Canvas,
    name: &str,
    value: f64,
    unit: Unit,
    x: f64,
    baseline: f64,
) {
    let name = if name.trim().is_empty() {
        "Votre résidence"
    } else {
        name
    };
    let figure = format!("{NBSP}: {}", unit.long(value));
    let room = WIDTH - 2.0 * MARGIN - bold_width(&figure, LABEL_FONT);
    let label = format!("{}{figure}", truncate(name, room, LABEL_FONT * 1.1));
    let half = bold_width(&label, LABEL_FONT) / 2.0;
    let cx = svg::keep_inside(x, half);
    let style = font(LABEL_FONT, true, HPos::Center);
    canvas.layer("", |pen| pen.text((cx, baseline), &label, &style));
}
