//! QR codes for printed posters: an inline SVG drawn by the `qrcode` crate, made accessible.

use crate::render::xml_escape;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An inline `<svg>` QR code for `url`, named for assistive technology by a `<title>` that
/// states the address. Sized by CSS (it has a viewBox and no width or height).
///
/// Level M error correction survives a scuffed or photocopied poster (15 % of modules) while
/// keeping the modules large enough to scan from a step away.
pub fn qr_svg(url: &str, id: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let raw = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .quiet_zone(true)
        .build();
    // The renderer writes an XML prolog and fixed pixel sizes; inline HTML needs neither.
    let start = raw.find("<svg")?;
    let body = &raw[start..];
    let open_end = body.find('>')?;
    let open = &body[..open_end];
    let rest = &body[open_end + 1..];
    let view_box = attribute(open, "viewBox")?;
    let title_id = format!("{id}-titre");
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\" class=\"qr\" role=\"img\" \
         aria-labelledby=\"{title_id}\" shape-rendering=\"crispEdges\" focusable=\"false\">\
         <title id=\"{title_id}\">Code QR vers {}</title>{rest}",
        xml_escape(url)
    ))
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_an_accessible_inline_svg() {
        let svg = qr_svg("https://www.exemple.fr/residences/a/", "qr").unwrap();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(
            "<title id=\"qr-titre\">Code QR vers https://www.exemple.fr/residences/a/</title>"
        ));
        assert!(!svg.contains("<?xml"));
        let open = &svg[..svg.find('>').unwrap()];
        assert!(!open.contains(" width="), "{open}");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn long_urls_still_encode() {
        let url = format!("https://www.exemple.fr/residences/{}/", "a".repeat(300));
        assert!(qr_svg(&url, "qr").is_some());
    }
}
