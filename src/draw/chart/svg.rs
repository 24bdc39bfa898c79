//! Low-level SVG writing shared by every chart: the root element, escaping, compact numbers,
//! text and an estimate of its width.
//!
//! Everything writes into one `String` with `push_str`: a chart is built for each of tens of
//! thousands of residences, so no intermediate document tree is kept.

use std::borrow::Cow;

/// Width of every chart's viewBox. Font sizes below are in these units: a chart shown 320 px
/// wide scales them by 0.5.
pub(super) const WIDTH: f64 = 640.0;
/// Outer margin inside the viewBox.
pub(super) const MARGIN: f64 = 12.0;
/// Text and outline colour (17:1 on white).
pub(super) const INK: &str = "#1a1a1a";
/// Gridlines: decorative only, the values are written on the chart.
pub(super) const GRID: &str = "#bdbdbd";
/// The one residence a chart is about (3.9:1 on white), always paired with a shape and a label.
pub(super) const ACCENT: &str = "#D55E00";
/// Default font size (tick labels, legend, axis titles).
pub(super) const FONT_SIZE: f64 = 16.0;
/// Font size of values written inside or above bars.
pub(super) const SMALL_FONT: f64 = 14.0;
/// Attributes giving small labels a white halo so that they stay readable over patterns and
/// gridlines.
pub(super) const HALO: &str =
    "stroke=\"#fff\" stroke-width=\"3.5\" stroke-linejoin=\"round\" paint-order=\"stroke\"";

/// Turns a caller's chart id into a token usable in `id` attributes and `url(#…)` references:
/// ASCII letters, digits, `-` and `_` only, starting with a letter.
pub(super) fn clean_id(raw: &str) -> String {
    let mut id = String::with_capacity(raw.len() + 6);
    if !raw.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.push_str("chart");
        if !raw.is_empty() {
            id.push('-');
        }
    }
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id
}

/// Appends `text` escaped for XML character data and attribute values: the crate's one escaper.
#[inline]
pub(super) fn escape(out: &mut String, text: &str) {
    crate::core::html::escape_into(out, text);
}

/// Appends a coordinate with at most one decimal (`12`, `12.5`, `-3.2`); non-finite values
/// become `0` so that a bad input never yields invalid SVG.
pub(super) fn num(out: &mut String, value: f64) {
    let tenths = if value.is_finite() {
        (value * 10.0).round().clamp(-1e15, 1e15) as i64
    } else {
        0
    };
    if tenths < 0 {
        out.push('-');
    }
    let abs = tenths.unsigned_abs();
    crate::draw::push_uint(out, abs / 10);
    if abs % 10 != 0 {
        out.push('.');
        out.push(char::from(b'0' + (abs % 10) as u8));
    }
}

/// Writes the root `<svg>` with its accessible name and description.
///
/// `role="img"` makes assistive technologies read the `<title>` and `<desc>` (through
/// `aria-labelledby`) instead of the loose text inside the drawing.
pub(super) fn open(out: &mut String, id: &str, kind: &str, height: f64, title: &str, desc: &str) {
    open_sized(out, id, kind, (WIDTH, height), 16.0, title, desc);
}

/// [`open`] with a viewBox `width` × `height` and a default `font` size of its own.
pub(super) fn open_sized(
    out: &mut String,
    id: &str,
    kind: &str,
    (width, height): (f64, f64),
    font: f64,
    title: &str,
    desc: &str,
) {
    out.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    num(out, width);
    out.push(' ');
    num(out, height);
    out.push_str(
        "\" width=\"100%\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"",
    );
    out.push_str(id);
    out.push_str("-title ");
    out.push_str(id);
    out.push_str("-desc\" class=\"chart chart-");
    out.push_str(kind);
    out.push_str("\" font-family=\"system-ui, sans-serif\" font-size=\"");
    num(out, font);
    out.push_str("\" fill=\"");
    out.push_str(INK);
    out.push_str("\"><title id=\"");
    out.push_str(id);
    out.push_str("-title\">");
    escape(out, title);
    out.push_str("</title><desc id=\"");
    out.push_str(id);
    out.push_str("-desc\">");
    escape(out, desc);
    out.push_str("</desc>");
}

/// Appends `<text x y attrs>content</text>`; `attrs` is trusted markup, `content` is escaped.
pub(super) fn text(out: &mut String, x: f64, y: f64, attrs: &str, content: &str) {
    out.push_str("<text x=\"");
    num(out, x);
    out.push_str("\" y=\"");
    num(out, y);
    out.push('"');
    if !attrs.is_empty() {
        out.push(' ');
        out.push_str(attrs);
    }
    out.push('>');
    escape(out, content);
    out.push_str("</text>");
}

/// The centre closest to `x` at which text `half` wide on each side stays inside the chart
/// (centred when it is wider than the chart).
pub(super) fn keep_inside(x: f64, half: f64) -> f64 {
    let low = MARGIN + half;
    let high = WIDTH - MARGIN - half;
    if low >= high || x.is_nan() {
        WIDTH / 2.0
    } else {
        x.clamp(low, high)
    }
}

/// A chart with nothing to draw still carries its title and description, and says so.
pub(super) fn empty(id: &str, kind: &str, title: &str, desc: &str, message: &str) -> String {
    let mut out = String::with_capacity(600 + title.len() + desc.len());
    open(&mut out, id, kind, 80.0, title, desc);
    text(
        &mut out,
        WIDTH / 2.0,
        46.0,
        "text-anchor=\"middle\" font-size=\"16\"",
        message,
    );
    out.push_str("</svg>");
    out
}

/// Estimated advance width of `text` in a sans-serif system font at `size`.
///
/// Nothing measures text before the browser draws it. These per-character widths are those
/// of DejaVu Sans, the widest common `system-ui` fallback (Linux), so that labels judged to
/// fit also fit with Segoe UI, Roboto or San Francisco.
pub(super) fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            '\u{202F}' => 0.2,
            ' ' | '\u{A0}' | '.' | ',' | ':' | ';' | '\'' | '’' => 0.32,
            'i' | 'j' | 'l' | 'I' | '!' | '|' => 0.28,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '/' | '-' => 0.4,
            '«' | '»' => 0.56,
            '0'..='9' | '€' | '²' => 0.64,
            'm' | 'w' => 0.92,
            'M' | 'W' | '%' => 0.95,
            'A'..='Z' => 0.72,
            '−' | '–' | '—' | '…' => 0.84,
            c if c.is_lowercase() => 0.61,
            _ => 0.68,
        })
        .sum();
    ems * size
}

/// Width of the widest of `texts` at `size`, 0 for none.
pub(super) fn widest<'t>(texts: impl IntoIterator<Item = &'t str>, size: f64) -> f64 {
    texts
        .into_iter()
        .map(|t| text_width(t, size))
        .fold(0.0, f64::max)
}

/// Width of bold text: system fonts are about 10 % wider in bold (DejaVu Sans Bold).
pub(super) fn bold_width(text: &str, size: f64) -> f64 {
    text_width(text, size) * 1.1
}

/// Shortens `text` with `…` so that it fits `max_width`.
pub(super) fn truncate(text: &str, max_width: f64, size: f64) -> Cow<'_, str> {
    if text_width(text, size) <= max_width {
        return Cow::Borrowed(text);
    }
    let budget = max_width - text_width("…", size);
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let mut buf = [0u8; 4];
        used += text_width(c.encode_utf8(&mut buf), size);
        if used > budget {
            break;
        }
        end = i + c.len_utf8();
    }
    let mut short = text[..end].trim_end().to_string();
    short.push('…');
    Cow::Owned(short)
}

/// Splits `text` into at most `max_lines` lines of `max_width`, breaking at spaces; what does
/// not fit ends with `…`.
pub(super) fn wrap(text: &str, max_width: f64, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut words = text.split(' ').filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        let candidate_width = if current.is_empty() {
            text_width(word, size)
        } else {
            text_width(&current, size) + text_width(" ", size) + text_width(word, size)
        };
        if candidate_width <= max_width || current.is_empty() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if lines.len() + 1 == max_lines {
            // Last allowed line: keep the rest on it and cut it.
            current.push(' ');
            current.push_str(word);
            for rest in words.by_ref() {
                current.push(' ');
                current.push_str(rest);
            }
            break;
        }
        lines.push(std::mem::take(&mut current));
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    for line in &mut lines {
        if let Cow::Owned(short) = truncate(line, max_width, size) {
            *line = short;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_tokens() {
        assert_eq!(clean_id("res-12"), "res-12");
        assert_eq!(clean_id("12 rue des Lilas"), "chart-12-rue-des-Lilas");
        assert_eq!(clean_id(""), "chart");
        assert_eq!(clean_id("a\"><script>"), "a-script-");
    }

    #[test]
    fn numbers_are_compact() {
        let mut s = String::new();
        for v in [12.0, 12.54, -3.21, -0.01, f64::NAN, 0.05] {
            num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "12 12.5 -3.2 0 0 0.1 ");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let cut = truncate("Chauffage collectif et eau chaude collective", 120.0, 15.0);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 15.0) <= 120.0);
        let lines = wrap(
            "Chauffage collectif et eau chaude collective",
            120.0,
            15.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| text_width(l, 15.0) <= 120.0));
        assert_eq!(wrap("Eau", 120.0, 15.0, 2), vec!["Eau".to_string()]);
        assert_eq!(wrap("", 120.0, 15.0, 2), vec![String::new()]);
    }
}
