//! The mark of "your residence" shared by the position chart and the histogram: a needle
//! in the accent colour, a triangle on top, and a bold label "Les Tilleuls : 31,20 €/m²".

use super::svg::{self, bold_width, num, truncate, ACCENT, INK, MARGIN, WIDTH};
use super::Unit;
use crate::core::typography::NBSP;

const LABEL_FONT: f64 = 17.0;

/// Draws a needle `width` wide at `x` from `top` down to `bottom`, with a downward triangle
/// whose base sits at `top - 6`.
pub(super) fn needle(out: &mut String, x: f64, top: f64, bottom: f64, width: f64) {
    out.push_str("<g fill=\"");
    out.push_str(ACCENT);
    out.push_str("\" stroke=\"");
    out.push_str(INK);
    out.push_str("\"><path stroke-width=\"1\" d=\"M");
    num(out, x - width / 2.0);
    out.push(' ');
    num(out, top);
    out.push('V');
    num(out, bottom);
    out.push('h');
    num(out, width);
    out.push('V');
    num(out, top);
    out.push_str("Z\"/><path stroke-width=\"1.5\" stroke-linejoin=\"round\" d=\"M");
    num(out, x - 10.0);
    out.push(' ');
    num(out, top - 6.0);
    out.push_str("h20l-10 14Z\"/></g>");
}

/// Writes "{name} : {value with unit}" in bold, centred on `x` but kept inside the chart;
/// the name (default "Votre résidence") is cut with "…" when too long.
pub(super) fn label(out: &mut String, name: &str, value: f64, unit: Unit, x: f64, baseline: f64) {
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
    svg::text(
        out,
        cx,
        baseline,
        "text-anchor=\"middle\" font-weight=\"bold\" font-size=\"17\"",
        &label,
    );
}
