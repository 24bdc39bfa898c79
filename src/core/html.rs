//! The one HTML/XML escaper, for text and attribute values written by Rust code (charts, QR
//! codes, the sitemap, tables). Templates escape through Tera's own autoescape.

/// Appends `text` escaped for HTML or XML text and double- or single-quoted attributes.
/// Control characters other than tab and line feed become spaces: they are invalid in XML and
/// invisible in HTML.
pub fn escape_into(out: &mut String, text: &str) {
    if !text.bytes().any(needs_escape) {
        out.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// `text` escaped, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

fn needs_escape(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
        || (b < b' ' && b != b'\t' && b != b'\n')
        || b == 0x7f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape("x\u{1}y\tz\n"), "x y\tz\n");
        assert_eq!(escape("déjà vu"), "déjà vu");
    }
}
