//! The one HTML/XML escaper, for text and attribute values: written by Rust code (charts, QR
//! codes, the sitemap) through [`escape_into`], and by every template through Tera, whose escape
//! function is [`write_escaped`].

/// What a byte of text becomes: `& < > " '` their entities, ASCII control characters other than
/// tab and line feed a space (they are invalid in XML and invisible in HTML), anything else
/// itself. Only ASCII bytes are replaced, so UTF-8 sequences pass through whole.
fn replacement(b: u8) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        b'\t' | b'\n' => None,
        b if b < b' ' || b == 0x7f => Some(" "),
        _ => None,
    }
}

/// Appends `text` escaped for HTML or XML text and double- or single-quoted attributes.
pub fn escape_into(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if let Some(r) = replacement(b) {
            // `i` is an ASCII byte, so a character boundary.
            out.push_str(&text[start..i]);
            out.push_str(r);
            start = i + 1;
        }
    }
    out.push_str(&text[start..]);
}

/// `text` escaped, as a new string.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

/// Writes `text` escaped to `out`, run by run: Tera's escape function, so that templates and
/// Rust code escape alike.
pub fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(r) = replacement(b) {
            out.write_all(&bytes[start..i])?;
            out.write_all(r.as_bytes())?;
            start = i + 1;
        }
    }
    out.write_all(&bytes[start..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(escape("x\u{1}y\tz\n\u{7f}"), "x y\tz\n ");
        assert_eq!(escape("déjà vu « ok »"), "déjà vu « ok »");
    }

    #[test]
    fn the_writer_writes_what_the_string_escaper_makes() {
        for text in ["", "plain", "a<b>&\"c'", "é&è\u{2}", "&&&"] {
            let mut out = Vec::new();
            write_escaped(text, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), escape(text));
        }
    }

    #[test]
    fn teras_escaping_is_the_same_on_markup() {
        for text in [
            "a<b>&\"c'",
            "l’été, 12 € & 3 %",
            "<script>alert('x')</script>",
        ] {
            let mut ours = Vec::new();
            let mut teras = Vec::new();
            write_escaped(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(ours, teras, "{text}");
        }
    }
}
