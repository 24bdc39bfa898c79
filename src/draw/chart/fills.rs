//! Fills (a colour and a texture per series) and the legend that shows them.
//!
//! Colours are Paul Tol's "muted" qualitative scheme, safe for the common colour-vision
//! deficiencies. Each also carries a texture (hatching, dots, grid…) and the ten are set in
//! a dark / light / mid luminance cycle, so that neighbouring series still differ on a black
//! and white photocopy, even when a residence lacks one category (no lift, no collective
//! heating) and two categories that are usually apart become neighbours.

use super::svg::{self, num, text_width, wrap, FONT_SIZE, INK};
use super::Series;

/// How a fill is textured. Textures are drawn in 8 × 8 tiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Texture {
    Solid,
    Diagonal,
    AntiDiagonal,
    CrossHatch,
    Horizontal,
    Vertical,
    Dots,
    Grid,
}

/// One series' look: background colour, texture, and whether the colour is dark (the
/// texture is then drawn in white, otherwise in black).
#[derive(Debug, Clone, Copy)]
pub(super) struct Fill {
    pub color: &'static str,
    pub texture: Texture,
    pub dark: bool,
}

const fn fill(color: &'static str, texture: Texture, dark: bool) -> Fill {
    Fill {
        color,
        texture,
        dark,
    }
}

/// The ten fills, in the order of [`CHARGE_CODES`].
pub(super) const FILLS: [Fill; 10] = [
    fill("#332288", Texture::Solid, true), // ASC indigo, solid dark
    fill("#88CCEE", Texture::Dots, false), // EAU cyan, dots
    fill("#CC6677", Texture::Diagonal, false), // CHC rose, / hatching
    fill("#882255", Texture::Horizontal, true), // IND wine, white lines
    fill("#DDCC77", Texture::Solid, false), // PCI sand, solid light
    fill("#44AA99", Texture::AntiDiagonal, false), // EXT teal, \ hatching
    fill("#117733", Texture::Dots, true),  // HYG green, white dots
    fill("#DDDDDD", Texture::CrossHatch, false), // EQD pale grey, cross-hatching
    fill("#999933", Texture::Vertical, false), // TAX olive, vertical lines
    fill("#AA4499", Texture::Grid, true),  // PER purple, white grid
];

/// The recoverable-charge codes (décret 82-955) whose fill is fixed, so that a category
/// looks the same on every chart of the site.
pub const CHARGE_CODES: [&str; 10] = [
    "ASC", "EAU", "CHC", "IND", "PCI", "EXT", "HYG", "EQD", "TAX", "PER",
];

/// Order in which series without a known code take the fills left free: light solid, dark
/// solid, then hatching, so that two or three series (provisions / actual) contrast most.
const FALLBACK: [usize; 10] = [4, 0, 2, 1, 5, 3, 7, 6, 8, 9];

/// Index in [`FILLS`] of the fill given to each series.
///
/// Known charge codes (case-insensitive) keep their own fill; other series take the free
/// fills in [`FALLBACK`] order. Beyond ten series, fills repeat.
pub(super) fn assign(series: &[Series]) -> Vec<usize> {
    let mut used = [false; FILLS.len()];
    let mut out = vec![usize::MAX; series.len()];
    for (s, slot) in series.iter().zip(out.iter_mut()) {
        let code = s.code.trim();
        if let Some(i) = CHARGE_CODES
            .iter()
            .position(|c| c.eq_ignore_ascii_case(code))
        {
            if !used[i] {
                used[i] = true;
                *slot = i;
            }
        }
    }
    let mut next = 0;
    for (i, slot) in out.iter_mut().enumerate() {
        if *slot != usize::MAX {
            continue;
        }
        while next < FALLBACK.len() && used[FALLBACK[next]] {
            next += 1;
        }
        *slot = if next < FALLBACK.len() {
            used[FALLBACK[next]] = true;
            FALLBACK[next]
        } else {
            FALLBACK[i % FALLBACK.len()]
        };
    }
    out
}

/// Writes `<defs>` with one `<pattern id="{id}-f{n}">` per distinct fill in `fills`.
pub(super) fn write_defs(out: &mut String, id: &str, fills: &[usize]) {
    write_defs_scaled(out, id, fills, 1.0);
}

/// [`write_defs`] with textures `scale` times larger (coarser hatching for print).
pub(super) fn write_defs_scaled(out: &mut String, id: &str, fills: &[usize], scale: f64) {
    let mut done = [false; FILLS.len()];
    out.push_str("<defs>");
    for &f in fills {
        if f >= FILLS.len() || done[f] {
            continue;
        }
        done[f] = true;
        let fill = FILLS[f];
        out.push_str("<pattern id=\"");
        out.push_str(id);
        out.push_str("-f");
        num(out, f as f64);
        out.push_str("\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\"");
        let rotate = match fill.texture {
            Texture::Diagonal | Texture::CrossHatch => "rotate(45)",
            Texture::AntiDiagonal => "rotate(-45)",
            _ => "",
        };
        if scale != 1.0 || !rotate.is_empty() {
            out.push_str(" patternTransform=\"");
            if scale != 1.0 {
                out.push_str("scale(");
                num(out, scale);
                out.push(')');
                if !rotate.is_empty() {
                    out.push(' ');
                }
            }
            out.push_str(rotate);
            out.push('"');
        }
        out.push_str("><rect width=\"8\" height=\"8\" fill=\"");
        out.push_str(fill.color);
        out.push_str("\"/>");
        let marks = match fill.texture {
            Texture::Solid => "",
            Texture::Diagonal | Texture::AntiDiagonal | Texture::Vertical => {
                "<rect width=\"2.5\" height=\"8\"/>"
            }
            Texture::Horizontal => "<rect width=\"8\" height=\"2.5\"/>",
            Texture::CrossHatch | Texture::Grid => {
                "<rect width=\"1.6\" height=\"8\"/><rect width=\"8\" height=\"1.6\"/>"
            }
            Texture::Dots => {
                "<circle cx=\"2\" cy=\"2\" r=\"1.5\"/><circle cx=\"6\" cy=\"6\" r=\"1.5\"/>"
            }
        };
        if !marks.is_empty() {
            out.push_str(if fill.dark {
                "<g fill=\"#fff\" fill-opacity=\"0.75\">"
            } else {
                "<g fill=\"#000\" fill-opacity=\"0.5\">"
            });
            out.push_str(marks);
            out.push_str("</g>");
        }
        out.push_str("</pattern>");
    }
    out.push_str("</defs>");
}

/// Appends `url(#{id}-f{fill})`.
pub(super) fn push_url(out: &mut String, id: &str, fill: usize) {
    out.push_str("url(#");
    out.push_str(id);
    out.push_str("-f");
    num(out, fill as f64);
    out.push(')');
}

const SWATCH: f64 = 20.0;
const SWATCH_GAP: f64 = 8.0;
const LINE_HEIGHT: f64 = 19.0;
const ROW_GAP: f64 = 8.0;
const COLUMN_GAP: f64 = 14.0;

/// A legend laid out in a grid read column by column: as many columns (up to four) as the
/// longest label allows on one line, at least two when there are several entries; labels
/// that do not fit wrap on two lines (then end with "…").
pub(super) struct Legend {
    /// (fill, lines) in reading order.
    entries: Vec<(usize, Vec<String>)>,
    rows: usize,
    column_width: f64,
    row_heights: Vec<f64>,
}

impl Legend {
    /// `entries` are (fill, label) in reading order.
    pub fn layout(entries: &[(usize, &str)], width: f64) -> Legend {
        let count = entries.len().max(1);
        let room = |columns: usize| width / columns as f64 - SWATCH - SWATCH_GAP - COLUMN_GAP;
        let widest = entries
            .iter()
            .map(|(_, label)| text_width(label, FONT_SIZE))
            .fold(0.0, f64::max);
        let columns = [4, 3, 2]
            .into_iter()
            .find(|&c| widest <= room(c))
            .unwrap_or(2)
            .min(count);
        let rows = count.div_ceil(columns);
        let entries: Vec<(usize, Vec<String>)> = entries
            .iter()
            .map(|&(f, label)| (f, wrap(label, room(columns), FONT_SIZE, 2)))
            .collect();
        let mut row_heights = vec![SWATCH; if entries.is_empty() { 0 } else { rows }];
        for (i, (_, lines)) in entries.iter().enumerate() {
            let height = &mut row_heights[i % rows];
            *height = height.max(lines.len() as f64 * LINE_HEIGHT);
        }
        Legend {
            entries,
            rows,
            column_width: width / columns as f64,
            row_heights,
        }
    }

    /// Total height, 0 for an empty legend.
    pub fn height(&self) -> f64 {
        let rows: f64 = self.row_heights.iter().sum();
        rows + ROW_GAP * self.row_heights.len().saturating_sub(1) as f64
    }

    /// Draws the legend with its top-left corner at (`x`, `y`).
    pub fn write(&self, out: &mut String, id: &str, x: f64, y: f64) {
        if self.entries.is_empty() {
            return;
        }
        let mut row_tops = Vec::with_capacity(self.rows);
        let mut top = y;
        for height in &self.row_heights {
            row_tops.push(top);
            top += height + ROW_GAP;
        }
        out.push_str("<g class=\"legend\">");
        for (i, (fill, lines)) in self.entries.iter().enumerate() {
            let cell_x = x + (i / self.rows) as f64 * self.column_width;
            let cell_y = row_tops[i % self.rows];
            out.push_str("<rect x=\"");
            num(out, cell_x);
            out.push_str("\" y=\"");
            num(out, cell_y);
            out.push_str("\" width=\"20\" height=\"20\" stroke=\"");
            out.push_str(INK);
            out.push_str("\" stroke-width=\"1.25\" fill=\"");
            push_url(out, id, *fill);
            out.push_str("\"/>");
            for (line_index, line) in lines.iter().enumerate() {
                svg::text(
                    out,
                    cell_x + SWATCH + SWATCH_GAP,
                    cell_y + 16.0 + line_index as f64 * LINE_HEIGHT,
                    "",
                    line,
                );
            }
        }
        out.push_str("</g>");
    }
}
