//! No built file may run code in a reader's browser or make it fetch anything from another site:
//! whatever an author (or an attacker who slipped text into a data file) wrote, the output of a
//! successful build holds no inline or foreign `<script>`, no event-handler attribute
//! (`onclick=`…), no frame or plug-in, no `<base>` or `<meta http-equiv>`, no `javascript:`,
//! `vbscript:` or `data:text/html` URL, and no resource from another site (an `http(s):` or
//! `//` address in `src`, `srcset`, `poster`, a style sheet link, a CSS `url()`…; links to other
//! sites with `<a href>` and `<link rel="canonical">` fetch nothing and are fine). The theme's own
//! scripts (`<script src="…js/….js">`, empty, pointing at a file of the output) are the only
//! scripts.
//!
//! HTML, SVG and XML are read tag by tag (attributes outside quotes, entities decoded). JSON,
//! which ends up in someone's page, gets the same tag reading plus a plain search for the URL
//! schemes: its strings must not hold a `<` that a page embedding them would read as markup.
//! A CSV file is read by spreadsheets, not browsers: its text is the author's, markup included,
//! but no cell may start like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) or with
//! a script URL. Every `<loc>` of a sitemap is an absolute `http(s)` address.

use std::path::Path;

const MARKUP: [&str; 4] = ["html", "htm", "svg", "xml"];
const DATA: [&str; 2] = ["json", "csv"];
const BAD_SCHEMES: [&str; 3] = ["javascript:", "vbscript:", "data:text/html"];
const FOREIGN_ELEMENTS: [&str; 8] = [
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal",
];
/// Attributes whose address the browser fetches by itself.
const FETCHED: [&str; 8] = [
    "src",
    "srcset",
    "poster",
    "data",
    "background",
    "lowsrc",
    "ping",
    "imagesrcset",
];

/// Every problem found in the files of `out`, as `path: what`.
pub fn live_content(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        let is_markup = MARKUP.contains(&ext.as_str());
        if !is_markup && !DATA.contains(&ext.as_str()) {
            continue;
        }
        let rel = path
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        if ext == "csv" {
            for problem in formula_cells(&text) {
                problems.push(format!("{rel}: {problem}"));
            }
            continue;
        }
        for problem in scan_markup(&text, &|src| script_is_the_themes(out, &rel, src)) {
            problems.push(format!("{rel}: {problem}"));
        }
        if ext == "xml" {
            for problem in sitemap_locations(&text) {
                problems.push(format!("{rel}: {problem}"));
            }
        }
        if !is_markup {
            let lower = text.to_lowercase();
            for scheme in BAD_SCHEMES {
                if let Some(at) = lower.find(scheme) {
                    problems.push(format!("{rel}: « {scheme} » in « {} »", around(&text, at)));
                }
            }
        }
    }
    problems
}

/// Panics with every problem of [`live_content`].
pub fn assert_no_live_content(out: &Path) {
    let problems = live_content(out);
    assert!(
        problems.is_empty(),
        "live content in the output:\n{}",
        problems.join("\n")
    );
}

/// A `<script src>` of the page at `page` (relative to `out`) that points at a `.js` file of
/// the output's `js/` folder, where the theme's scripts are copied.
fn script_is_the_themes(out: &Path, page: &str, src: &str) -> bool {
    if src.contains(':') || src.starts_with('/') || !src.ends_with(".js") {
        return false;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in src.split('/') {
        match part {
            ".." => {
                if parts.pop().is_none() {
                    return false;
                }
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.first() == Some(&"js") && out.join(parts.join("/")).is_file()
}

/// The problems of one markup text; `theme_script(src)` tells whether a script source is allowed.
fn scan_markup(text: &str, theme_script: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut problems = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(lt) = rest.find('<') {
        let at = offset + lt;
        let after = &rest[lt + 1..];
        if after.starts_with("!--") {
            let end = after.find("-->").map(|e| e + 3).unwrap_or(after.len());
            let comment = &after[..end];
            if comment.to_lowercase().contains("<script") {
                problems.push(format!("script in a comment « {} »", around(text, at)));
            }
            offset += lt + 1 + end;
            rest = &text[offset..];
            continue;
        }
        let Some(tag) = Tag::parse(after) else {
            offset += lt + 1;
            rest = &text[offset..];
            continue;
        };
        let name = tag.name.to_ascii_lowercase();
        let name = name.rsplit(':').next().unwrap_or(&name).to_string();
        if !tag.closing {
            if name == "script" {
                let body_start = lt + 1 + tag.len;
                let body_end = rest[body_start..]
                    .to_ascii_lowercase()
                    .find("</script")
                    .map(|e| body_start + e)
                    .unwrap_or(rest.len());
                let body = &rest[body_start..body_end];
                let src = tag.attribute("src");
                if !body.trim().is_empty() {
                    problems.push(format!("inline script « {} »", around(text, at)));
                } else if !src.map(|s| theme_script(&decode(s))).unwrap_or(false) {
                    problems.push(format!("script not of the theme « {} »", around(text, at)));
                }
            }
            if FOREIGN_ELEMENTS.contains(&name.as_str()) {
                problems.push(format!("<{name}> « {} »", around(text, at)));
            }
            if name == "meta" && tag.attribute("http-equiv").is_some() {
                problems.push(format!("<meta http-equiv> « {} »", around(text, at)));
            }
            if name == "style" {
                let body_start = lt + 1 + tag.len;
                let body_end = rest[body_start..]
                    .to_ascii_lowercase()
                    .find("</style")
                    .map(|e| body_start + e)
                    .unwrap_or(rest.len());
                if loads_from_elsewhere_in_css(&rest[body_start..body_end]) {
                    problems.push(format!(
                        "style sheet loading from another site « {} »",
                        around(text, at)
                    ));
                }
            }
            for (attribute, value) in &tag.attributes {
                let attribute = attribute.to_ascii_lowercase();
                if attribute.len() > 2
                    && attribute.starts_with("on")
                    && attribute[2..].chars().all(|c| c.is_ascii_alphanumeric())
                {
                    problems.push(format!(
                        "event handler « {attribute} » « {} »",
                        around(text, at)
                    ));
                }
                let url: String = decode(value)
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let url = url.trim_start_matches(['"', '\'', '\\']);
                if let Some(scheme) = BAD_SCHEMES.iter().find(|s| url.starts_with(**s)) {
                    problems.push(format!(
                        "« {scheme} » URL in « {attribute} » « {} »",
                        around(text, at)
                    ));
                }
                if fetches_from_elsewhere(&name, &tag, &attribute, &decode(value)) {
                    problems.push(format!(
                        "resource from another site in « {attribute} » « {} »",
                        around(text, at)
                    ));
                }
            }
        }
        offset += lt + 1 + tag.len;
        rest = &text[offset..];
    }
    problems
}

/// Whether the attribute `attribute` (value `value`, decoded) of the element `element` makes
/// the browser fetch something from another site as the page loads.
fn fetches_from_elsewhere(element: &str, tag: &Tag, attribute: &str, value: &str) -> bool {
    let elsewhere = |url: &str| {
        let url: String = url
            .chars()
            .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        url.starts_with("http:")
            || url.starts_with("https:")
            || url.starts_with("//")
            || url.starts_with("\\\\")
            || url.starts_with("/\\")
    };
    match attribute {
        "srcset" | "imagesrcset" => value
            .split(',')
            .any(|c| elsewhere(c.split_whitespace().next().unwrap_or(""))),
        a if FETCHED.contains(&a) => elsewhere(value),
        "href" | "xlink:href" => {
            // A link followed by the reader fetches nothing; a style sheet, an icon or an SVG
            // `<use>`/`<image>` is loaded with the page. An Atom feed's `rel="self"` is its own
            // address, which no reader loads either.
            let followed = matches!(element, "a" | "area")
                || (element == "link"
                    && tag.attribute("rel").is_some_and(|r| {
                        r.split_whitespace().all(|r| {
                            r.eq_ignore_ascii_case("canonical")
                                || r.eq_ignore_ascii_case("alternate")
                                || r.eq_ignore_ascii_case("self")
                        })
                    }));
            !followed && elsewhere(value)
        }
        "style" => loads_from_elsewhere_in_css(value),
        _ => false,
    }
}

/// Whether CSS text loads something from another site (`url(https://…)`, `@import "//…"`).
fn loads_from_elsewhere_in_css(css: &str) -> bool {
    let plain: String = css
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\\' && *c != '"' && *c != '\'')
        .collect::<String>()
        .to_ascii_lowercase();
    [
        "url(http",
        "url(//",
        "@importhttp",
        "@import//",
        "@importurl(http",
        "@importurl(//",
    ]
    .iter()
    .any(|w| plain.contains(w))
}

/// Cells of a `;`-separated CSV that a spreadsheet would run as a formula or open as a script.
fn formula_cells(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut problems = Vec::new();
    for record in reader.records().flatten() {
        for cell in record.iter() {
            let numeric =
                cell.starts_with('-') && cell[1..].starts_with(|c: char| c.is_ascii_digit());
            let lower = cell.trim_start().to_ascii_lowercase();
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !numeric {
                problems.push(format!("formula cell « {} »", around(cell, 0)));
            } else if BAD_SCHEMES.iter().any(|s| lower.starts_with(s)) {
                problems.push(format!("script URL cell « {} »", around(cell, 0)));
            }
        }
    }
    problems
}

/// `<loc>` entries of a sitemap that are not absolute `http(s)` addresses without markup.
fn sitemap_locations(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for part in text.split("<loc>").skip(1) {
        let loc = decode(part.split("</loc>").next().unwrap_or(""));
        let lower = loc.to_ascii_lowercase();
        let web = lower.starts_with("https://") || lower.starts_with("http://");
        if !web || loc.contains(|c: char| c.is_whitespace() || "\"'<>".contains(c)) {
            problems.push(format!("sitemap location « {} »", around(&loc, 0)));
        }
    }
    problems
}

/// One start or end tag: its name, its attributes and how many bytes it spans after the `<`.
struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, String)>,
    len: usize,
}

impl Tag {
    /// Reads the tag that starts right after a `<`; `None` when `<` does not open a tag.
    fn parse(after: &str) -> Option<Tag> {
        let (closing, body) = match after.strip_prefix('/') {
            Some(b) => (true, b),
            None => (false, after),
        };
        let skip = after.len() - body.len();
        if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let bytes = body.as_bytes();
        let mut i = 0;
        while i < bytes.len() && !is_tag_break(bytes[i]) {
            i += 1;
        }
        let name = body[..i].to_string();
        let mut attributes = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let start = i;
            while i < bytes.len() && !is_tag_break(bytes[i]) && bytes[i] != b'=' {
                i += 1;
            }
            let attribute = body[start..i].to_string();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let start = i + 1;
                    i = start;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    value = body[start..i.min(bytes.len())].to_string();
                    i = (i + 1).min(bytes.len());
                } else {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = body[start..i].to_string();
                }
            }
            if attribute.is_empty() {
                i += 1;
            } else {
                attributes.push((attribute, value));
            }
        }
        Some(Tag {
            name,
            closing,
            attributes,
            len: skip + (i + 1).min(bytes.len()),
        })
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn is_tag_break(b: u8) -> bool {
    b.is_ascii_whitespace() || b == b'>' || b == b'/'
}

/// Character references a browser would decode in an attribute value.
fn decode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(after.len());
        let name = &after[..end];
        let decoded = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match name.to_ascii_lowercase().as_str() {
                "colon" => Some(':'),
                "tab" => Some('\t'),
                "newline" => Some('\n'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = after[end..].strip_prefix(';').unwrap_or(&after[end..]);
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Up to 60 characters of `text` from byte `at`, on one line.
fn around(text: &str, at: usize) -> String {
    let start = (0..=at)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    text[start..]
        .chars()
        .take(60)
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(html: &str) -> Vec<String> {
        scan_markup(html, &|src| src == "../js/ok.js")
    }

    #[test]
    fn the_themes_empty_script_passes_and_the_rest_is_caught() {
        assert!(problems(
            "<p class=\"a\">Texte &lt;script&gt;</p><script src=\"../js/ok.js\" defer></script>"
        )
        .is_empty());
        assert!(problems("<a href=\"../x/index.html\" title=\"onclick=1\">x</a>").is_empty());
        for bad in [
            "<script>alert(1)</script>",
            "<SCRIPT SRC=\"https://evil.example/x.js\"></SCRIPT>",
            "<script src=\"../js/ok.js\">alert(1)</script>",
            "<div onclick=\"x()\">",
            "<svg><rect ONLOAD=x()/></svg>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">",
            "<a href=\" JaVa&#x53;cript&colon;alert(1)\">",
            "<a href=\"java\tscript:x\">",
            "<a xlink:href=\"vbscript:x\">",
            "<iframe src=\"data:text/html;base64,xx\"></iframe>",
            "<object data=\"x\"></object>",
            "<img src=\"https://evil.example/t.png\" alt=\"t\">",
            "<img src=\"//evil.example/t.png\" alt=\"t\">",
            "<img src=\"a.png\" srcset=\"a.png 1x, HTTPS://evil.example/b.png 2x\">",
            "<video poster=\"https://evil.example/p.png\"></video>",
            "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
            "<p style=\"background: url( 'https://evil.example/x.png' )\">",
            "<style>@import \"//evil.example/x.css\";</style>",
            "<svg><use xlink:href=\"https://evil.example/s.svg#a\"/></svg>",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        ] {
            assert!(!problems(bad).is_empty(), "not caught: {bad}");
        }
        for fine in [
            "<a href=\"https://exemple.fr/\">x</a>",
            "<link rel=\"canonical\" href=\"https://exemple.fr/a/\">",
            "<img src=\"../img/a.png\" alt=\"a\">",
            "<p style=\"--chart-w: 3\">",
        ] {
            assert!(problems(fine).is_empty(), "caught: {fine}");
        }
    }

    #[test]
    fn formula_cells_and_bad_sitemap_locations_are_caught() {
        assert!(formula_cells("\u{feff}a;b\r\n'=1+1;-12,5;texte\r\n").is_empty());
        for bad in ["=1+1", "+33", "-x", "@SUM(1)", "\"\tx\""] {
            assert!(!formula_cells(&format!("a;{bad}\r\n")).is_empty(), "{bad}");
        }
        assert!(sitemap_locations("<loc>https://x.fr/a/</loc>").is_empty());
        assert!(!sitemap_locations("<loc>javascript:alert(1)//x/</loc>").is_empty());
        assert!(!sitemap_locations("<loc>https://x.fr/&quot; onload=&quot;x</loc>").is_empty());
    }
}
