//! How much text fits on a poster, estimated before rendering.
//!
//! A poster has a fixed page box; the CSS clips what overflows so nothing ever spills onto a
//! second sheet. Clipping is the safety net, not the plan: these estimates choose *which* items
//! go on the poster so that whole commitments are shown and none is cut in the middle.
//!
//! Widths are those of DejaVu Sans, the widest of the common sans-serif fonts (Arial, Segoe UI,
//! Roboto and Noto Sans are all narrower), so an estimate errs towards "does not fit".

/// Millimetres per typographic point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// A font size and line spacing, as set in the poster CSS.
#[derive(Debug, Clone, Copy)]
pub struct Font {
    pub size_pt: f64,
    pub line_height: f64,
    pub bold: bool,
}

impl Font {
    pub const fn regular(size_pt: f64, line_height: f64) -> Font {
        Font {
            size_pt,
            line_height,
            bold: false,
        }
    }

    pub const fn bold(size_pt: f64, line_height: f64) -> Font {
        Font {
            size_pt,
            line_height,
            bold: true,
        }
    }

    /// Height of one line, in mm.
    pub fn line_mm(&self) -> f64 {
        self.size_pt * self.line_height * MM_PER_PT
    }

    /// Advance of one character, in mm.
    fn char_mm(&self, c: char) -> f64 {
        // Em fractions fitted on DejaVu Sans for French text (Chromium measures 0,50 to 0,54 em
        // per character in regular, 0,56 to 0,60 in bold), rounded up by about 3 %.
        let em = match c {
            'i' | 'l' | 'j' | 'í' | 'ï' | 'î' | '\'' | '’' | '.' | ',' | ':' | ';' | '!' | '|' => {
                0.28
            }
            'f' | 't' | 'r' | ' ' | '\u{A0}' | '\u{202F}' | '(' | ')' | '-' | '/' => 0.34,
            'm' | 'w' | 'M' | 'W' | '€' | '%' | '@' => 0.88,
            c if c.is_ascii_digit() => 0.64,
            c if c.is_uppercase() => 0.70,
            _ => 0.62,
        };
        let em = if self.bold { em * 1.13 } else { em };
        em * self.size_pt * MM_PER_PT
    }
}

/// Width of `text` set on one line, in mm.
pub fn width(text: &str, font: Font) -> f64 {
    text.chars().map(|c| font.char_mm(c)).sum()
}

/// Number of lines `text` takes in a column `width_mm` wide, wrapped at spaces (no-break spaces
/// hold words together) and, for a word longer than the line, anywhere.
pub fn lines(text: &str, width_mm: f64, font: Font) -> usize {
    let space = font.char_mm(' ');
    let mut lines = 0usize;
    // Width used on the current line; `None` before the first word.
    let mut current: Option<f64> = None;
    for word in text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()) {
        let w: f64 = word.chars().map(|c| font.char_mm(c)).sum();
        match current {
            Some(used) if used + space + w <= width_mm => {
                current = Some(used + space + w);
                continue;
            }
            _ => lines += 1,
        }
        if w <= width_mm {
            current = Some(w);
        } else {
            // Broken anywhere (overflow-wrap: anywhere): whole lines, then the remainder.
            let extra = (w / width_mm).ceil() as usize - 1;
            lines += extra;
            current = Some(w - extra as f64 * width_mm);
        }
    }
    lines
}

/// Height of `text` in mm, with at most `max_lines` lines when the CSS clamps it.
pub fn height(text: &str, width_mm: f64, font: Font, max_lines: Option<usize>) -> f64 {
    let n = lines(text, width_mm, font);
    let n = max_lines.map_or(n, |m| n.min(m));
    n as f64 * font.line_mm()
}

/// Index of the first of `sizes` (pt and most lines allowed, largest first) at which `text`
/// fits; the last one when none does (the CSS then clamps the text).
pub fn largest_size(text: &str, width_mm: f64, sizes: &[(f64, usize)], bold: bool) -> usize {
    sizes
        .iter()
        .position(|&(size_pt, max_lines)| {
            let font = Font {
                size_pt,
                line_height: 1.05,
                bold,
            };
            lines(text, width_mm, font) <= max_lines
        })
        .unwrap_or(sizes.len().saturating_sub(1))
}

/// Plain text of a short trusted HTML fragment, to measure it.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: Font = Font::regular(18.0, 1.2);

    #[test]
    fn short_text_takes_one_line() {
        assert_eq!(lines("Nous répondons vite.", 130.0, BODY), 1);
        assert_eq!(lines("", 130.0, BODY), 0);
    }

    #[test]
    fn long_text_wraps() {
        let text = "Nous vous envoyons un accusé de réception pour toute demande écrite. Il porte un numéro de suivi.";
        let n = lines(text, 130.0, BODY);
        assert!((3..=4).contains(&n), "{n} lines");
        assert!(lines(text, 60.0, BODY) > n);
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken() {
        let url = format!("https://www.exemple.fr/{}", "a".repeat(200));
        assert!(lines(&url, 60.0, BODY) >= 8);
    }

    #[test]
    fn clamped_height_stops_at_max_lines() {
        let text = "mot ".repeat(500);
        assert!((height(&text, 100.0, BODY, Some(3)) - 3.0 * BODY.line_mm()).abs() < 1e-9);
    }

    #[test]
    fn picks_the_largest_size_that_fits() {
        let sizes = [(60.0, 1), (48.0, 2), (36.0, 2), (28.0, 3)];
        assert_eq!(largest_size("Les Tilleuls", 240.0, &sizes, true), 0);
        let long = "Résidence intergénérationnelle ".repeat(4);
        assert!(largest_size(&long, 240.0, &sizes, true) >= 2);
        assert_eq!(largest_size(&"x".repeat(2000), 240.0, &sizes, true), 3);
    }

    #[test]
    fn html_is_measured_as_text() {
        assert_eq!(
            plain_text("<strong>Urgence</strong> &amp; fuite"),
            "Urgence & fuite"
        );
    }
}
