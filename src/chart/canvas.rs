//! Drawing through plotters' SVG backend, and the post-processing of what it writes.
//!
//! Our layout code (in each chart's module) decides where everything goes; [`Pen`] hands each
//! shape and label to plotters' [`SVGBackend`] (`draw_rect`, `draw_line`, `fill_polygon`,
//! `draw_text`), which writes the SVG elements. A chart is drawn in *layers*: each layer is
//! one short-lived backend writing into a scratch string, whose elements [`absorb`] copies
//! into the chart inside a `<g>` carrying what plotters cannot write (see the module docs of
//! [`super`] for the list and the reasons).

use std::borrow::Cow;

use plotters::prelude::{DrawingBackend, SVGBackend};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

use super::fills::{self, FILLS};
use super::svg::{self, num, FONT_SIZE, INK, INK_HEX, WIDTH};
#[cfg(test)]
use super::svg::{ACCENT, GRID};

/// Set once on the root `<svg>`; plotters' copies on each `<text>` are dropped.
pub(super) const FONT_FAMILY: &str = "system-ui, sans-serif";
/// plotters writes `font-size` as the size it is given divided by 1.24 (its fonts' size is a
/// line height); sizes are multiplied by this before they are handed over.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// A label style for [`Pen::text`]: size in viewBox units, weight, and which end of the text
/// sits at the given x. The y given is the baseline.
///
/// The font family is set once on the root, so plotters is given an empty one (which it
/// writes on every `<text>` and [`absorb`] drops): copying and escaping the real one for each
/// label was a tenth of a chart's time.
pub(super) fn font(size: f64, bold: bool, anchor: HPos) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    TextStyle {
        font: FontDesc::new(FontFamily::Name(""), size * PLOTTERS_FONT_SCALE, style),
        color: INK.to_backend_color(),
        pos: Pos::new(anchor, VPos::Bottom),
    }
}

/// One chart being drawn: its root, `<title>`, `<desc>` and `<defs>` written by us, then the
/// layers drawn by plotters.
pub(super) struct Canvas {
    out: String,
    /// Where each layer's backend writes; reused from layer to layer.
    scratch: String,
    id: String,
    size: (u32, u32),
}

impl Canvas {
    /// Writes the root `<svg>` with its accessible name and description (see [`svg::open`]).
    pub fn new(id: &str, kind: &str, height: f64, title: &str, desc: &str) -> Canvas {
        let mut out = String::with_capacity(4096 + title.len() + desc.len());
        svg::open(&mut out, id, kind, height, title, desc);
        Canvas {
            out,
            scratch: String::with_capacity(4096),
            id: id.to_string(),
            size: (WIDTH as u32, height.max(1.0).ceil() as u32),
        }
    }

    /// Writes `<defs>` with the texture of each fill in `fills`.
    pub fn defs(&mut self, fills: &[usize]) {
        fills::write_defs(&mut self.out, &self.id, fills);
    }

    /// Opens a `<g>` with trusted `attrs` around the next layers.
    pub fn open_group(&mut self, attrs: &str) {
        self.out.push_str("<g ");
        self.out.push_str(attrs);
        self.out.push('>');
    }

    pub fn close_group(&mut self) {
        self.out.push_str("</g>");
    }

    /// Draws one layer through plotters and copies its elements into the chart, inside
    /// `<g {group}>` when `group` (trusted markup) is not empty. The group's attributes win:
    /// the elements' own attributes of the same names are dropped.
    pub fn layer(&mut self, group: &str, draw: impl FnOnce(&mut Pen<'_>)) {
        self.scratch.clear();
        {
            let mut pen = Pen(SVGBackend::with_string(&mut self.scratch, self.size));
            draw(&mut pen);
            // Closes plotters' `<svg>`; writing to a string cannot fail.
            let _ = pen.0.present();
        }
        absorb(&mut self.out, &self.scratch, group, &self.id);
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>");
        self.out
    }
}

/// plotters' coordinates are whole units of the viewBox; non-finite values become 0 (as in
/// [`num`]) so that odd data never yields invalid SVG.
fn coord(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(-1e6, 1e6) as i32
    } else {
        0
    }
}

fn point((x, y): (f64, f64)) -> (i32, i32) {
    (coord(x), coord(y))
}

/// Draws through plotters' [`SVGBackend`] during one [`Canvas::layer`].
pub(super) struct Pen<'a>(SVGBackend<'a>);

impl Pen<'_> {
    /// A filled rectangle between two opposite corners. A fill of [`FILLS`] becomes its
    /// textured pattern in the chart.
    pub fn rect(&mut self, a: (f64, f64), b: (f64, f64), color: RGBColor) {
        let ((x0, y0), (x1, y1)) = (point(a), point(b));
        let _ = self.0.draw_rect(
            (x0.min(x1), y0.min(y1)),
            (x0.max(x1), y0.max(y1)),
            &color,
            true,
        );
    }

    /// A straight line `width` units thick.
    pub fn line(&mut self, from: (f64, f64), to: (f64, f64), color: RGBColor, width: u32) {
        let _ = self
            .0
            .draw_line(point(from), point(to), &color.stroke_width(width));
    }

    /// A filled polygon.
    pub fn polygon(&mut self, points: &[(f64, f64)], color: RGBColor) {
        let _ = self
            .0
            .fill_polygon(points.iter().map(|&p| point(p)), &color);
    }

    /// A label with its baseline at `y`; control characters, which HTML forbids, become
    /// spaces. plotters escapes `&`, `<`, `>`, `"` and `'`.
    pub fn text(&mut self, at: (f64, f64), content: &str, style: &TextStyle) {
        let content = if content.contains(char::is_control) {
            Cow::Owned(
                content
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect(),
            )
        } else {
            Cow::Borrowed(content)
        };
        let _ = self.0.draw_text(&content, style, point(at));
    }
}

/// Copies the elements plotters wrote for one layer into `out`, inside `<g {group}>`:
///
/// - plotters' own `<svg>` wrapper and its line breaks are left out;
/// - attributes set by the group are dropped from the elements (the group's win);
/// - attributes equal to what the root sets or to SVG's default are dropped: `opacity="1"`,
///   `stroke="none"`, `stroke-width="1"`, `text-anchor="start"`, `font-family`, `fill` in
///   ink, `font-size="16"`;
/// - `dy` is dropped: plotters moves text by `0.76em`, `0.5ex` or `-0.5ex` from the y it is
///   given, but our layout gives baselines;
/// - `font-size` is written with at most one decimal;
/// - a fill of [`FILLS`] becomes `url(#{id}-f{n})`, its textured pattern;
/// - `&apos;` becomes `'` (the chart's text only ever escapes `&`, `<`, `>` and `"`).
///
/// plotters writes every attribute value escaped and quoted with `"`, so the elements are
/// read by cutting at `<`, `>`, ` `, `=` and `"`.
fn absorb(out: &mut String, layer: &str, group: &str, id: &str) {
    let mut group_names = [""; 8];
    let mut named = 0;
    let mut rest = group;
    while let Some(eq) = rest.find('=') {
        if named < group_names.len() {
            group_names[named] = rest[..eq].trim_start();
            named += 1;
        }
        // Past the quoted value.
        let after = &rest[(eq + 2).min(rest.len())..];
        rest = &after[after.find('"').map_or(after.len(), |i| i + 1)..];
    }
    let group_names = &group_names[..named];
    let overridden = |name: &str| group_names.contains(&name);

    if !group.is_empty() {
        out.push_str("<g ");
        out.push_str(group);
        out.push('>');
    }
    // One pass over the bytes; every index where the text is cut is an ASCII delimiter.
    let bytes = layer.as_bytes();
    let end = bytes.len();
    let mut i = 0;
    while i < end {
        let start = i;
        i = until(bytes, i, |b| b == b'<');
        let content = layer[start..i].trim_matches('\n');
        if !content.is_empty() {
            push_content(out, content);
        }
        if i + 1 >= end {
            break;
        }
        i += 1;
        if bytes[i] == b'/' {
            let name_start = i + 1;
            i = until(bytes, name_start, |b| b == b'>');
            let name = &layer[name_start..i];
            i += 1;
            if name != "svg" {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
            continue;
        }
        let name_start = i;
        i = until(bytes, i, |b| matches!(b, b' ' | b'>' | b'/'));
        let name = &layer[name_start..i];
        let skip = name == "svg";
        if !skip {
            out.push('<');
            out.push_str(name);
        }
        // Attributes: ` key="value"` until `/>` or `>`.
        loop {
            i = until(bytes, i, |b| b != b' ');
            if i >= end {
                break;
            }
            if bytes[i] == b'/' || bytes[i] == b'>' {
                let empty = bytes[i] == b'/';
                i = until(bytes, i, |b| b == b'>') + 1;
                if !skip {
                    out.push_str(if empty { "/>" } else { ">" });
                }
                break;
            }
            let key_start = i;
            i = until(bytes, i, |b| b == b'=');
            let key = &layer[key_start..i];
            let value_start = (i + 2).min(end);
            i = until(bytes, value_start, |b| b == b'"');
            let value = &layer[value_start..i];
            i += 1;
            if skip || overridden(key) {
                continue;
            }
            let value = match key {
                "dy" | "font-family" => continue,
                "opacity" | "stroke-width" if value == "1" => continue,
                "stroke" if value == "none" => continue,
                "text-anchor" if value == "start" => continue,
                "fill" if value.eq_ignore_ascii_case(INK_HEX) => continue,
                "fill" => match pattern_of(value) {
                    Some(f) => Value::Pattern(f),
                    None => Value::Keep(value),
                },
                "font-size" => {
                    let size = value.parse::<f64>().unwrap_or(FONT_SIZE);
                    if (size - FONT_SIZE).abs() < 0.05 {
                        continue;
                    }
                    Value::Size(size)
                }
                "points" => Value::Keep(value.trim_end()),
                _ => Value::Keep(value),
            };
            out.push(' ');
            out.push_str(key);
            out.push_str("=\"");
            match value {
                Value::Keep(value) => out.push_str(value),
                Value::Size(size) => num(out, size),
                Value::Pattern(f) => fills::push_url(out, id, f),
            }
            out.push('"');
        }
    }
    if !group.is_empty() {
        out.push_str("</g>");
    }
}

/// The index of the first byte from `i` on that makes `stop` true, or the length.
#[inline(always)]
fn until(bytes: &[u8], mut i: usize, stop: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && !stop(bytes[i]) {
        i += 1;
    }
    i
}

/// An attribute value as written into the chart.
enum Value<'v> {
    Keep(&'v str),
    /// A font size, with at most one decimal.
    Size(f64),
    /// The pattern of this fill of [`FILLS`].
    Pattern(usize),
}

/// The fill of [`FILLS`] whose colour plotters wrote as `value` (`#88CCEE`).
fn pattern_of(value: &str) -> Option<usize> {
    if value.len() != 7 {
        return None;
    }
    FILLS
        .iter()
        .position(|f| f.color.eq_ignore_ascii_case(value))
}

/// Appends text content as plotters escaped it, with `&apos;` back to `'`.
fn push_content(out: &mut String, content: &str) {
    let mut rest = content;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(after) = rest.strip_prefix("&apos;") {
            out.push('\'');
            rest = after;
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(group: &str, f: impl FnOnce(&mut Pen<'_>)) -> String {
        let mut canvas = Canvas::new("t", "test", 100.0, "T", "D");
        let start = canvas.out.len();
        canvas.layer(group, f);
        canvas.out[start..].to_string()
    }

    #[test]
    fn plotters_output_is_cleaned() {
        let svg = draw("", |pen| {
            pen.rect((10.4, 20.6), (5.0, 2.0), RGBColor(1, 2, 3));
            pen.line((0.0, 0.0), (f64::NAN, 3.0), INK, 1);
            pen.polygon(&[(0.0, 0.0), (4.0, 0.0), (2.0, 3.0)], ACCENT);
            pen.text((1.0, 2.0), "a", &font(16.0, false, HPos::Left));
            pen.text((1.0, 2.0), "b", &font(14.0, true, HPos::Center));
        });
        assert_eq!(
            svg,
            "<rect x=\"5\" y=\"2\" width=\"5\" height=\"19\" fill=\"#010203\"/>\
             <line stroke=\"#1A1A1A\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"3\"/>\
             <polygon fill=\"#D55E00\" points=\"0,0 4,0 2,3\"/>\
             <text x=\"1\" y=\"2\">a</text>\
             <text x=\"1\" y=\"2\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">b</text>"
        );
    }

    #[test]
    fn the_group_wins_and_fills_become_patterns() {
        let svg = draw("stroke=\"#000\" stroke-width=\"1.5\"", |pen| {
            pen.rect((0.0, 0.0), (8.0, 8.0), RGBColor(0x88, 0xcc, 0xee));
            pen.line((0.0, 0.0), (8.0, 0.0), GRID, 2);
        });
        assert_eq!(
            svg,
            "<g stroke=\"#000\" stroke-width=\"1.5\">\
             <rect x=\"0\" y=\"0\" width=\"8\" height=\"8\" fill=\"url(#t-f1)\"/>\
             <line x1=\"0\" y1=\"0\" x2=\"8\" y2=\"0\"/></g>"
        );
    }

    #[test]
    fn text_is_escaped_once_and_keeps_french_characters() {
        let style = font(16.0, false, HPos::Left);
        let svg = draw("", |pen| {
            pen.text(
                (0.0, 0.0),
                "l'eau & <gaz> \"chaud\" é€ 1\u{202F}234\u{A0}€/m²\u{7}",
                &style,
            )
        });
        assert_eq!(
            svg,
            "<text x=\"0\" y=\"0\">l'eau &amp; &lt;gaz&gt; &quot;chaud&quot; é€ \
             1\u{202F}234\u{A0}€/m² </text>"
        );
    }
}
