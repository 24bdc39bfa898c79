//! QR codes for printed posters: the modules computed with the `qrcode` crate's lower-level API,
//! the mask chosen by our own penalty count, the SVG written here as one `<path>`.
//!
//! Why not `QrCode::new(…).render()`: a build writes one code per residence (tens of thousands),
//! and profiling a 20 000-residence build put the crate's mask search at about 30 % of the CPU.
//! It scores each of the eight masks on a cloned canvas through per-module accessors and a boxed
//! closure per position, about 0,5 ms per code. Here the canvas is read once into bit sets and
//! the eight masks are scored on them with the penalty rules of ISO/IEC 18004 (§ 7.8.3); only
//! the winner is applied by the crate, which also draws the format information for it. Any mask
//! gives a valid code; the lowest penalty only makes it easier to scan (no long runs, no large
//! blocks, no false finder patterns, balanced dark and light), and that is what we keep.
//!
//! The crate's SVG renderer writes one sub-path per dark module (about 11 kB for a residence
//! URL); ours writes one per horizontal run of dark modules, less than half of that.

use super::push_uint;
use crate::core::html::escape;
use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel};

/// Level M error correction survives a scuffed or photocopied poster (15 % of modules) while
/// keeping the modules large enough to scan from a step away.
pub const EC_LEVEL: EcLevel = EcLevel::M;
/// Light modules around the code, as the standard asks (4 modules).
const QUIET_ZONE: usize = 4;

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

/// The modules of a QR code, row by row, `true` for dark; without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modules {
    pub width: usize,
    pub dark: Vec<bool>,
}

impl Modules {
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }
}

/// Whether `data` fits in a QR code ([`modules`] and [`qr_svg`] give one): the encoding alone,
/// without drawing it.
pub fn fits(data: &[u8]) -> bool {
    qrcode::bits::encode_auto(data, EC_LEVEL).is_ok()
}

/// The QR code of `data` at level M, smallest version, mask of lowest penalty. `None` when the
/// data is too long for any version.
pub fn modules(data: &[u8]) -> Option<Modules> {
    let bits = qrcode::bits::encode_auto(data, EC_LEVEL).ok()?;
    let version = bits.version();
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, EC_LEVEL).ok()?;
    let mut canvas = Canvas::new(version, EC_LEVEL);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = version.width().max(0) as usize;
    canvas.apply_mask(MASKS[best_mask(&canvas, width)]);
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some(Modules { width, dark })
}

/// Index in [`MASKS`] of the mask with the lowest penalty (the first of equals). The format
/// information, not drawn yet, counts as light: 30 modules of about a thousand, and the same
/// for every mask but a few bits.
///
/// Rows and columns are bit sets (`u128`: versions 1 to 27, a URL of up to 1 000 characters),
/// so that each rule is a handful of shifts and bit counts per line. Larger codes keep the
/// first mask, valid as any other.
fn best_mask(canvas: &Canvas, width: usize) -> usize {
    if width > 128 {
        return 0;
    }
    let n = width as i16;
    // Colour before masking, and which modules are data (masked), by row and by column.
    let mut base = Lines::new(width);
    let mut data = Lines::new(width);
    for y in 0..n {
        for x in 0..n {
            let (dark, is_data) = match canvas.get(x, y) {
                Module::Masked(c) => (c == Color::Dark, false),
                Module::Unmasked(c) => (c == Color::Dark, true),
                Module::Empty => (false, true),
            };
            if dark {
                base.set(x as usize, y as usize);
            }
            if is_data {
                data.set(x as usize, y as usize);
            }
        }
    }
    let patterns = mask_patterns();
    let mut best = (u32::MAX, 0);
    let mut masked = Lines::new(width);
    for (m, pattern) in patterns.iter().enumerate() {
        for i in 0..width {
            masked.rows[i] = base.rows[i] ^ (data.rows[i] & pattern.rows[i % 12]);
            masked.cols[i] = base.cols[i] ^ (data.cols[i] & pattern.cols[i % 6]);
        }
        let score = masked.penalty();
        if score < best.0 {
            best = (score, m);
        }
    }
    best.1
}

/// Each mask as bit sets: every mask repeats every 6 modules across and 12 down (the
/// large checkerboard every 4 down), so row y is `rows[y % 12]` and column x is `cols[x % 6]`.
struct MaskLines {
    rows: [u128; 12],
    cols: [u128; 6],
}

fn mask_patterns() -> &'static [MaskLines; 8] {
    static PATTERNS: std::sync::OnceLock<[MaskLines; 8]> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(|| {
        std::array::from_fn(|m| {
            let line = |bit: &dyn Fn(usize) -> bool| {
                (0..128).filter(|&k| bit(k)).fold(0u128, |l, k| l | 1 << k)
            };
            MaskLines {
                rows: std::array::from_fn(|y| line(&|x| mask_bit(m, x, y))),
                cols: std::array::from_fn(|x| line(&|y| mask_bit(m, x, y))),
            }
        })
    })
}

/// Whether mask `m` (its number in the standard, the order of [`MASKS`]) inverts module (x, y).
fn mask_bit(m: usize, x: usize, y: usize) -> bool {
    match m {
        0 => (x + y).is_multiple_of(2),
        1 => y.is_multiple_of(2),
        2 => x.is_multiple_of(3),
        3 => (x + y).is_multiple_of(3),
        4 => (x / 3 + y / 2).is_multiple_of(2),
        5 => (x * y) % 2 + (x * y) % 3 == 0,
        6 => ((x * y) % 2 + (x * y) % 3).is_multiple_of(2),
        _ => ((x + y) % 2 + (x * y) % 3).is_multiple_of(2),
    }
}

/// A square of modules as bit sets, row by row (bit x of row y) and column by column (bit y of
/// column x), dark = 1.
struct Lines {
    width: usize,
    rows: Vec<u128>,
    cols: Vec<u128>,
}

impl Lines {
    fn new(width: usize) -> Lines {
        Lines {
            width,
            rows: vec![0; width],
            cols: vec![0; width],
        }
    }

    fn set(&mut self, x: usize, y: usize) {
        self.rows[y] |= 1 << x;
        self.cols[x] |= 1 << y;
    }

    /// Penalty of the symbol (ISO/IEC 18004:2015, § 7.8.3.1): runs of five or more modules of
    /// one colour in a row or column (N1 = 3, plus 1 per module beyond five), 2 × 2 blocks of
    /// one colour (N2 = 3 each), 1:1:3:1:1 finder-like patterns beside 4 light modules (N3 =
    /// 40 each), and 10 per 5 % of imbalance between dark and light (N4).
    fn penalty(&self) -> u32 {
        let n = self.width;
        let mut score = 0;
        for lines in [&self.rows, &self.cols] {
            for &line in lines.iter() {
                score += line_penalty(line, n);
            }
        }
        // Blocks: x and x + 1 alike in both rows, and the two rows alike at x.
        let pairs = mask(n - 1);
        for y in 0..n - 1 {
            let (a, b) = (self.rows[y], self.rows[y + 1]);
            let block = !(a ^ (a >> 1)) & !(b ^ (b >> 1)) & !(a ^ b) & pairs;
            score += 3 * block.count_ones();
        }
        let dark: u32 = self.rows.iter().map(|r| r.count_ones()).sum();
        let percent = dark as usize * 100 / (n * n);
        score + 10 * (percent.abs_diff(50) / 5) as u32
    }
}

/// The `n` lowest bits.
fn mask(n: usize) -> u128 {
    if n >= 128 {
        u128::MAX
    } else {
        (1 << n) - 1
    }
}

/// N1 and N3 of one row or column of `n` modules (bit k = module k, dark = 1).
fn line_penalty(line: u128, n: usize) -> u32 {
    // Bit k of `alike`: modules k and k + 1 have the same colour. Bit k of `run5`: modules k
    // to k + 4 do. A run of L ≥ 5 modules sets L − 4 bits of `run5`, in one block, and costs
    // 3 + (L − 5) = (L − 4) + 2.
    let alike = !(line ^ (line >> 1)) & mask(n - 1);
    let run5 = alike & (alike >> 1) & (alike >> 2) & (alike >> 3);
    let runs = run5 & !(run5 << 1);
    let mut score = run5.count_ones() + 2 * runs.count_ones();
    // Bit k of `finder`: modules k to k + 6 are dark, light, dark × 3, light, dark.
    let mut finder = mask(n.saturating_sub(6));
    for (k, dark) in [true, false, true, true, true, false, true]
        .into_iter()
        .enumerate()
    {
        let shifted = line >> k;
        finder &= if dark { shifted } else { !shifted };
    }
    // Four light modules before k, or after k + 6 (outside the symbol is light).
    let before = !((line << 1) | (line << 2) | (line << 3) | (line << 4));
    let after = !((line >> 7) | (line >> 8) | (line >> 9) | (line >> 10));
    score += 40 * (finder & (before | after)).count_ones();
    score
}

/// The `d` of a path drawing the dark modules of `code` as one sub-path per horizontal run,
/// offset by the quiet zone.
fn path_data(code: &Modules) -> String {
    let mut d = String::with_capacity(code.width * code.width * 3);
    for (y, row) in code.dark.chunks(code.width.max(1)).enumerate() {
        let mut x = 0;
        while let Some(start) = row[x..].iter().position(|&m| m).map(|s| x + s) {
            let len = row[start..]
                .iter()
                .position(|&m| !m)
                .unwrap_or(row.len() - start);
            x = start + len;
            d.push('M');
            push_uint(&mut d, (start + QUIET_ZONE) as u64);
            d.push(' ');
            push_uint(&mut d, (y + QUIET_ZONE) as u64);
            d.push('h');
            push_uint(&mut d, len as u64);
            d.push_str("v1h-");
            push_uint(&mut d, len as u64);
            d.push('z');
        }
    }
    d
}

/// An inline `<svg>` QR code for `url`, named for assistive technology by a `<title>` that
/// states the address. Sized by CSS (it has a viewBox and no width or height).
pub fn qr_svg(url: &str, id: &str) -> Option<String> {
    let code = modules(url.as_bytes())?;
    let side = (code.width + 2 * QUIET_ZONE) as u64;
    let title_id = format!("{id}-titre");
    let d = path_data(&code);
    let mut svg = String::with_capacity(d.len() + url.len() + 400);
    svg.push_str("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    push_uint(&mut svg, side);
    svg.push(' ');
    push_uint(&mut svg, side);
    svg.push_str("\" class=\"qr\" role=\"img\" aria-labelledby=\"");
    svg.push_str(&title_id);
    svg.push_str("\" shape-rendering=\"crispEdges\" focusable=\"false\"><title id=\"");
    svg.push_str(&title_id);
    svg.push_str("\">Code QR vers ");
    svg.push_str(&escape(url));
    svg.push_str("</title><rect width=\"");
    push_uint(&mut svg, side);
    svg.push_str("\" height=\"");
    push_uint(&mut svg, side);
    svg.push_str("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
    svg.push_str(&d);
    svg.push_str("\"/></svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::QrCode;

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
        assert!(svg.contains("<path fill=\"#000\" d=\"M"));
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn long_urls_still_encode() {
        let url = format!("https://www.exemple.fr/residences/{}/", "a".repeat(300));
        assert!(qr_svg(&url, "qr").is_some());
        assert!(qr_svg(&"a".repeat(5000), "qr").is_none());
    }

    /// Reads the path back: it draws exactly the dark modules, each once.
    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        let code =
            modules(b"https://www.exemple-habitat.fr/residences/lille-les-bleuets/").unwrap();
        let mut drawn = vec![false; code.width * code.width];
        for run in path_data(&code).split('M').filter(|r| !r.is_empty()) {
            let run = run.strip_suffix('z').unwrap();
            let (xy, rest) = run.split_once('h').unwrap();
            let (x, y) = xy.split_once(' ').unwrap();
            let len: usize = rest.split_once('v').unwrap().0.parse().unwrap();
            let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
            for dx in 0..len {
                let i = (y - QUIET_ZONE) * code.width + x - QUIET_ZONE + dx;
                assert!(!drawn[i], "module drawn twice");
                drawn[i] = true;
            }
        }
        assert_eq!(drawn, code.dark);
    }

    /// Same version as the crate's own choice, same function patterns; the data only differs
    /// by the mask, which each decoder reads from the format information.
    #[test]
    fn same_symbol_as_the_crate_but_for_the_mask() {
        for url in [
            "https://www.exemple-habitat.fr/residences/a/",
            "https://www.exemple-habitat.fr/residences/armentieres-cite-de-la-deule/",
            "HTTPS://EXAMPLE.FR/123",
        ] {
            let ours = modules(url.as_bytes()).unwrap();
            let theirs = QrCode::with_error_correction_level(url, EC_LEVEL).unwrap();
            assert_eq!(ours.width, theirs.width(), "{url}");
            let colors = theirs.to_colors();
            // Finder patterns, separators and timing patterns are fixed.
            for (x, y) in (0..8)
                .flat_map(|x| (0..8).map(move |y| (x, y)))
                .chain((8..ours.width - 8).map(|i| (i, 6)))
            {
                assert_eq!(
                    ours.is_dark(x, y),
                    colors[y * ours.width + x] == Color::Dark,
                    "{url} ({x}, {y})"
                );
            }
        }
    }

    #[test]
    fn mask_patterns_repeat_as_said() {
        let p = mask_patterns();
        for (m, pattern) in p.iter().enumerate() {
            for y in 0..40 {
                for x in 0..40 {
                    let bit = mask_bit(m, x, y);
                    assert_eq!(
                        pattern.rows[y % 12] >> x & 1 == 1,
                        bit,
                        "mask {m} ({x}, {y})"
                    );
                    assert_eq!(
                        pattern.cols[x % 6] >> y & 1 == 1,
                        bit,
                        "mask {m} ({x}, {y})"
                    );
                }
            }
        }
    }

    #[test]
    fn the_same_url_gives_the_same_code() {
        let url = "https://www.exemple-habitat.fr/residences/lille-les-bleuets/";
        assert_eq!(qr_svg(url, "qr"), qr_svg(url, "qr"));
    }

    fn lines(width: usize, dark: impl Fn(usize, usize) -> bool) -> Lines {
        let mut l = Lines::new(width);
        for y in 0..width {
            for x in 0..width {
                if dark(x, y) {
                    l.set(x, y);
                }
            }
        }
        l
    }

    /// N1 + N3 of a row drawn with `#` (dark) and `.`.
    fn row(modules: &str) -> u32 {
        let line = modules
            .chars()
            .enumerate()
            .filter(|(_, c)| *c == '#')
            .fold(0u128, |l, (k, _)| l | 1 << k);
        line_penalty(line, modules.len())
    }

    #[test]
    fn penalty_counts_runs_blocks_finders_and_balance() {
        // 5 × 5 all dark: 5 rows and 5 columns of a run of 5 (3 each), 16 blocks (3 each),
        // 100 % dark (10 × 10).
        assert_eq!(lines(5, |_, _| true).penalty(), 30 + 48 + 100);
        // A run of 7 costs 5.
        assert_eq!(row("#######"), 5);
        assert_eq!(row(".#####."), 3);
        // A finder-like row with light on its right, or on its left (outside the symbol is
        // light); once when both are light; not at all with dark close on both sides.
        assert_eq!(row("#.###.#...."), 40);
        assert_eq!(row("....#.###.#"), 40);
        assert_eq!(row("#....#.###.#....#"), 40);
        assert_eq!(row("#.#.###.#.#"), 0);
        // Five light modules after it: a run too.
        assert_eq!(row("#.###.#....."), 43);
        assert_eq!(lines(6, |x, y| (x + y) % 2 == 0).penalty(), 0);
    }

    /// The bit-set penalty agrees with a plain reading of the rules on real codes.
    #[test]
    fn bit_sets_count_like_the_rules() {
        for url in [
            "https://www.exemple-habitat.fr/residences/a/",
            "HTTPS://E.FR/1",
        ] {
            let code = modules(url.as_bytes()).unwrap();
            let n = code.width;
            let l = lines(n, |x, y| code.is_dark(x, y));
            let line = |get: &dyn Fn(usize) -> bool| -> u32 {
                let mut s = 0;
                let mut run = 1;
                for k in 1..=n {
                    if k < n && get(k) == get(k - 1) {
                        run += 1;
                    } else {
                        if run >= 5 {
                            s += run - 2;
                        }
                        run = 1;
                    }
                }
                let light = |a: isize, b: isize| {
                    (a..b).all(|k| k < 0 || k >= n as isize || !get(k as usize))
                };
                for j in 0..n - 6 {
                    let f = [true, false, true, true, true, false, true];
                    if (0..7).all(|k| get(j + k) == f[k]) {
                        let j = j as isize;
                        if light(j - 4, j) || light(j + 7, j + 11) {
                            s += 40;
                        }
                    }
                }
                s
            };
            let mut expected = 0;
            for i in 0..n {
                expected += line(&|k| code.is_dark(k, i)) + line(&|k| code.is_dark(i, k));
            }
            for y in 0..n - 1 {
                for x in 0..n - 1 {
                    let c = code.is_dark(x, y);
                    if [(x + 1, y), (x, y + 1), (x + 1, y + 1)]
                        .iter()
                        .all(|&(a, b)| code.is_dark(a, b) == c)
                    {
                        expected += 3;
                    }
                }
            }
            let dark = code.dark.iter().filter(|d| **d).count();
            expected += 10 * ((dark * 100 / (n * n)).abs_diff(50) / 5) as u32;
            assert_eq!(l.penalty(), expected, "{url}");
        }
    }

    /// Decodes the code with `zbarimg` where it is installed (`apt-get install zbar-tools`).
    #[test]
    fn codes_decode_to_their_url() {
        if std::process::Command::new("zbarimg")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("zbarimg absent : décodage non vérifié");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        for url in [
            "https://www.exemple-habitat.fr/residences/lille-les-bleuets/",
            "https://www.exemple-habitat.fr/residences/armentieres-cite-de-la-deule/",
            "https://bailleur.exemple.fr/observatoire/residences/la-madeleine-jardins-partages-faubourg-madeleine/",
        ] {
            let code = modules(url.as_bytes()).unwrap();
            // A plain PBM, 6 pixels per module, with the quiet zone.
            let scale = 6;
            let side = (code.width + 2 * QUIET_ZONE) * scale;
            let mut pbm = format!("P1\n{side} {side}\n");
            for py in 0..side {
                for px in 0..side {
                    let (x, y) = (px / scale, py / scale);
                    let dark = (QUIET_ZONE..QUIET_ZONE + code.width).contains(&x)
                        && (QUIET_ZONE..QUIET_ZONE + code.width).contains(&y)
                        && code.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
                    pbm.push(if dark { '1' } else { '0' });
                    pbm.push(if px + 1 == side { '\n' } else { ' ' });
                }
            }
            let file = dir.path().join("qr.pbm");
            std::fs::write(&file, pbm).unwrap();
            let out = std::process::Command::new("zbarimg")
                .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
                .arg(&file)
                .output()
                .unwrap();
            assert_eq!(String::from_utf8_lossy(&out.stdout).trim_end(), url);
        }
    }
}
