//! QR codes for printed posters: an inline SVG drawn by the `qrcode` crate, made accessible.

use crate::render::xml_escape;
use qrcode::canvas::{Canvas, MaskPattern};
#[cfg(test)]
use qrcode::render::svg;
use qrcode::{Color, EcLevel, QrCode};

/// An inline `<svg>` QR code for `url`, named for assistive technology by a `<title>` that
/// states the address. Sized by CSS (it has a viewBox and no width or height).
///
/// Level M error correction survives a scuffed or photocopied poster (15 % of modules) while
/// keeping the modules large enough to scan from a step away.
pub fn qr_svg(url: &str, id: &str) -> Option<String> {
    let (modules, width, quiet_zone) = modules(url.as_bytes(), EcLevel::M)?;
    let raw = crate_svg(&modules, width, quiet_zone);
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

/// The mask patterns in the order `qrcode` tries them: on equal penalties the first one wins.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The modules of the QR code for `data`, its width and quiet zone: the very code that
/// `QrCode::with_error_correction_level` makes, with its mask chosen faster.
///
/// The crate scores each of the 8 masks through a boxed closure per module, which made mask
/// selection half the CPU time of a 2,000-residence build (one poster, so one code, per
/// residence). `penalty` computes the same scores over plain colours; the test
/// `same_codes_as_the_qrcode_crate` holds it to that.
fn modules(data: &[u8], ec_level: EcLevel) -> Option<(Vec<Color>, usize, u32)> {
    let bits = qrcode::bits::encode_auto(data, ec_level).ok()?;
    let version = bits.version();
    if version.is_micro() {
        let code = QrCode::with_bits(bits, ec_level).ok()?;
        return Some((code.to_colors(), code.width(), 2));
    }
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level).ok()?;
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).ok()?;
    let mut best: Option<(u16, Vec<Color>)> = None;
    for mask in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(mask);
        let colors = masked.into_colors();
        let score = penalty(&colors, width);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, colors));
        }
    }
    best.map(|(_, colors)| (colors, width, 4))
}

/// The penalty score of a masked QR code (ISO/IEC 18004 § 7.8.3) exactly as `qrcode` 0.14
/// computes it, in its 16-bit arithmetic, for `width` × `width` modules in rows.
fn penalty(modules: &[Color], width: usize) -> u16 {
    let rows: Vec<bool> = modules.iter().map(|c| *c == Color::Dark).collect();
    let mut columns = vec![false; rows.len()];
    for (y, row) in rows.chunks_exact(width).enumerate() {
        for (x, dark) in row.iter().enumerate() {
            columns[x * width + y] = *dark;
        }
    }
    let mut score: u16 = 0;
    for grid in [&rows, &columns] {
        for line in grid.chunks_exact(width) {
            score = score
                .wrapping_add(run_penalty(line))
                .wrapping_add(finder_penalty(line));
        }
        // The crate subtracts, per direction, the 9 matches of the three real finder patterns.
        score = score.wrapping_sub(360);
    }
    // 2 × 2 blocks of one colour, overlapping: 3 points each.
    for (row, below) in rows
        .chunks_exact(width)
        .zip(rows.chunks_exact(width).skip(1))
    {
        for x in 0..width - 1 {
            let c = row[x];
            if row[x + 1] == c && below[x] == c && below[x + 1] == c {
                score = score.wrapping_add(3);
            }
        }
    }
    // Balance: distance of the dark ratio from 50 %, in half percents.
    let dark = rows.iter().filter(|d| **d).count();
    let balance = (dark * 200 / rows.len()).abs_diff(100);
    score.wrapping_add(balance as u16)
}

/// Runs of five or more modules of one colour: 3 points, plus 1 per module beyond five.
fn run_penalty(line: &[bool]) -> u16 {
    let mut score: u16 = 0;
    let mut run: u16 = 1;
    for pair in line.windows(2) {
        if pair[0] == pair[1] {
            run += 1;
        } else {
            if run >= 5 {
                score = score.wrapping_add(run - 2);
            }
            run = 1;
        }
    }
    if run >= 5 {
        score = score.wrapping_add(run - 2);
    }
    score
}

/// Dark-light-dark-dark-dark-light-dark not bordered by four light modules on both sides: 40
/// points each.
fn finder_penalty(line: &[bool]) -> u16 {
    const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score: u16 = 0;
    for (start, window) in line.windows(7).enumerate() {
        if window != FINDER {
            continue;
        }
        let before = line[start.saturating_sub(4)..start].contains(&true);
        let after = line[start + 7..(start + 11).min(line.len())].contains(&true);
        if !before || !after {
            score = score.wrapping_add(40);
        }
    }
    score
}

/// The SVG document `qrcode`'s SVG renderer makes for these modules, with 1 × 1 modules, black
/// on white, and the quiet zone: the crate formats four numbers per dark module through
/// `write!`, a sizeable part of a residence build; this writes the same bytes directly.
fn crate_svg(modules: &[Color], width: usize, quiet_zone: u32) -> String {
    let quiet = quiet_zone as usize;
    // At most 177 + 8 modules a side (version 40): every coordinate has one to three digits.
    let size = width + 2 * quiet;
    let mut svg = format!(
        "<?xml version=\"1.0\" standalone=\"yes\"?><svg xmlns=\"http://www.w3.org/2000/svg\" \
         version=\"1.1\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect x=\"0\" y=\"0\" width=\"{size}\" height=\"{size}\" \
         fill=\"#fff\"/><path fill=\"#000\" d=\""
    );
    svg.reserve(modules.len() * 8);
    let number = |svg: &mut String, n: usize| {
        debug_assert!(n < 1000);
        if n >= 100 {
            svg.push(char::from(b'0' + (n / 100 % 10) as u8));
        }
        if n >= 10 {
            svg.push(char::from(b'0' + (n / 10 % 10) as u8));
        }
        svg.push(char::from(b'0' + (n % 10) as u8));
    };
    for (i, module) in modules.iter().enumerate() {
        if *module == Color::Light {
            continue;
        }
        let (x, y) = (i % width + quiet, i / width + quiet);
        svg.push('M');
        number(&mut svg, x);
        svg.push(' ');
        number(&mut svg, y);
        svg.push_str("h1v1H");
        number(&mut svg, x);
        svg.push('V');
        number(&mut svg, y);
    }
    svg.push_str("\"/></svg>");
    svg
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

    /// The SVG the `qrcode` crate draws on its own, for comparison.
    fn reference_svg(url: &str) -> String {
        QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
            .unwrap()
            .render::<svg::Color>()
            .module_dimensions(1, 1)
            .dark_color(svg::Color("#000"))
            .light_color(svg::Color("#fff"))
            .quiet_zone(true)
            .build()
    }

    #[test]
    fn same_codes_as_the_qrcode_crate() {
        // Addresses of every length from a bare host to long residence paths, so that many
        // versions and every mask get chosen.
        for n in 0..160 {
            let url = format!(
                "https://www.exemple-habitat.fr/{}residences/{}-{n}/",
                "sous-chemin/".repeat(n % 5),
                "r".repeat(n)
            );
            let (modules, width, quiet_zone) = modules(url.as_bytes(), EcLevel::M).unwrap();
            assert_eq!(
                crate_svg(&modules, width, quiet_zone),
                reference_svg(&url),
                "{url}"
            );
        }
    }

    #[test]
    fn long_urls_still_encode() {
        let url = format!("https://www.exemple.fr/residences/{}/", "a".repeat(300));
        assert!(qr_svg(&url, "qr").is_some());
    }
}
