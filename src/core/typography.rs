//! French typography: number formats and the no-break spaces French punctuation needs.
//!
//! Every figure a reader sees goes through here so that "1 234,56 €" is written one way only.

/// Narrow no-break space (U+202F): groups thousands and precedes `; ! ?`.
pub const NNBSP: char = '\u{202F}';
/// No-break space (U+00A0): before `:`, `€`, `%` and inside `« »`.
pub const NBSP: char = '\u{00A0}';

/// Formats `value` with `decimals` digits after a decimal comma and thousands grouped by U+202F.
///
/// Negative zero and values that round to zero are written without a sign.
pub fn format_number(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let mut out = String::with_capacity(24);
    match scaled_integer(value.abs(), decimals) {
        Some(n) => {
            if value < 0.0 && n != 0 {
                out.push('−');
            }
            let digits = Digits::of(n, decimals);
            let (int_part, frac_part) = digits.split();
            push_grouped(&mut out, int_part);
            if decimals > 0 {
                out.push(',');
                frac_part.iter().for_each(|&b| out.push(char::from(b)));
            }
        }
        None => {
            let rounded = format!("{:.*}", decimals, value.abs());
            let (int_part, frac_part) = match rounded.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (rounded.as_str(), None),
            };
            let is_zero = rounded.bytes().all(|b| b == b'0' || b == b'.');
            if value < 0.0 && !is_zero {
                out.push('−');
            }
            push_grouped(&mut out, int_part.as_bytes());
            if let Some(frac) = frac_part {
                out.push(',');
                out.push_str(frac);
            }
        }
    }
    out
}

/// ASCII digits with thousands grouped by U+202F. Four-digit amounts are grouped too
/// ("1 234 €"); years are never formatted here.
fn push_grouped(out: &mut String, digits: &[u8]) {
    let n = digits.len();
    for (i, &d) in digits.iter().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(NNBSP);
        }
        out.push(char::from(d));
    }
}

/// `abs` (≥ 0) × 10^`decimals`, rounded to the nearest integer exactly as `format!("{:.*}")`
/// rounds the decimal expansion of `abs`, when that can be decided from the product alone;
/// `None` (the caller formats the float) for large values and for products too close to a half.
///
/// Below 2³², the product is within half an ulp (≤ 2⁻²¹) of the exact one, so a computed
/// fraction farther than 10⁻⁵ from ½ rounds the same way as the exact value; the rest — ties
/// such as 0,125 and their neighbours — go to the float formatter, which rounds them exactly.
/// The decimal digits of a scaled integer (`n` = value × 10^`decimals`), split into the integer
/// part and the `decimals` digits after the point, with at least one integer digit (`0,05`).
struct Digits {
    buf: [u8; 24],
    start: usize,
    decimals: usize,
}

impl Digits {
    fn of(n: u64, decimals: usize) -> Digits {
        // A u64 has at most 20 digits, and `decimals` ≤ 3 leading zeros make room for 0,005.
        let mut buf = [b'0'; 24];
        let mut at = buf.len();
        let mut rest = n;
        while rest > 0 {
            at -= 1;
            buf[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        Digits {
            buf,
            start: at.min(buf.len() - decimals - 1),
            decimals,
        }
    }

    fn split(&self) -> (&[u8], &[u8]) {
        let digits = &self.buf[self.start..];
        digits.split_at(digits.len() - self.decimals)
    }
}

fn scaled_integer(abs: f64, decimals: usize) -> Option<u64> {
    const SCALE: [f64; 4] = [1.0, 10.0, 100.0, 1000.0];
    let scaled = abs * SCALE.get(decimals)?;
    if scaled.is_nan() || scaled >= 4_294_967_296.0 {
        return None;
    }
    let floor = scaled.floor();
    let frac = scaled - floor;
    if (frac - 0.5).abs() < 1e-5 {
        return None;
    }
    Some(floor as u64 + u64::from(frac > 0.5))
}

/// Appends `value` with `decimals` decimals, exactly as `format!("{value:.decimals$}")` writes it
/// but with `separator` for the decimal point and no grouping: the number format of the data
/// files (`1234,56` in the CSV, `1234.56` in the workbook's values). Through integers when the
/// rounding is certain: the exports write hundreds of thousands of these, and the float
/// formatter cost a tenth of a build.
pub fn push_fixed(out: &mut String, value: f64, decimals: usize, separator: char) {
    match scaled_integer(value.abs(), decimals).filter(|_| value.is_finite()) {
        Some(n) => {
            if value.is_sign_negative() {
                out.push('-');
            }
            let digits = Digits::of(n, decimals);
            let (int_part, frac_part) = digits.split();
            int_part.iter().for_each(|&b| out.push(char::from(b)));
            if decimals > 0 {
                out.push(separator);
                frac_part.iter().for_each(|&b| out.push(char::from(b)));
            }
        }
        None => {
            let text = format!("{value:.decimals$}");
            out.push_str(&text.replace('.', &separator.to_string()));
        }
    }
}

/// An amount in euros with cents: `1 234,56 €`.
pub fn format_euros(value: f64) -> String {
    format!("{}{NBSP}€", format_number(value, 2))
}

/// A rounded amount in euros: `1 235 €`, for headlines and axes.
pub fn format_euros_rounded(value: f64) -> String {
    format!("{}{NBSP}€", format_number(value, 0))
}

/// A percentage with one decimal: `35,2 %`.
pub fn format_percent(value: f64) -> String {
    format!("{}{NBSP}%", format_number(value, 1))
}

/// A signed change with one decimal: `+3,1 %`, `−2,0 %`, `0,0 %`.
pub fn format_change_percent(value: f64) -> String {
    let body = format_number(value, 1);
    if value > 0.0 && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{body}{NBSP}%")
    } else {
        format!("{body}{NBSP}%")
    }
}

/// A count with its noun agreed: `aucun avertissement`, `1 avertissement`, `3 avertissements`
/// (`none` is the whole phrase for zero; thousands grouped as every figure).
pub fn count(n: usize, none: &str, one: &str, many: &str) -> String {
    match n {
        0 => none.to_string(),
        1 => format!("1 {one}"),
        _ => format!("{} {many}", format_number(n as f64, 0)),
    }
}

/// `text` as HTML with its ordinals' letters raised, `1<sup>er</sup> juin`, `3<sup>e</sup>
/// étage`; `None` when it has none. An ordinal is a number that starts a word followed by
/// `er`, `re`, `ers`, `res`, `e` or `es` that ends it (`1e10` and `0x1e` are not ordinals).
pub fn ordinals_html(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut last = 0;
    let mut found = false;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Only a digit can start an ordinal, and an ASCII digit byte is never inside a
        // multi-byte character: jump from digit to digit instead of decoding every character
        // (this runs on every text of every page).
        let Some(next) = bytes[i..].iter().position(u8::is_ascii_digit) else {
            break;
        };
        i += next;
        let starts_word = i == 0 || !text[..i].ends_with(|c: char| c.is_alphanumeric());
        if !starts_word {
            i += 1;
            continue;
        }
        let digits_end = i + text[i..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len() - i);
        let rest = &text[digits_end..];
        let word_len = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        let suffix = &rest[..word_len];
        let first = &text[i..digits_end] == "1";
        let ordinal = match suffix {
            "er" | "re" | "ers" | "res" => first,
            "e" | "es" => !first,
            _ => false,
        };
        if ordinal {
            crate::core::html::escape_into(&mut out, &text[last..digits_end]);
            out.push_str("<sup>");
            out.push_str(suffix);
            out.push_str("</sup>");
            last = digits_end + word_len;
            found = true;
        }
        // Past the word: its first byte is not a digit, so the loop moves on.
        i = digits_end + word_len;
    }
    if !found {
        return None;
    }
    crate::core::html::escape_into(&mut out, &text[last..]);
    Some(out)
}

/// A duration in seconds, two decimals: `0,09 s`.
pub fn format_seconds(seconds: f64) -> String {
    format!("{}{NBSP}s", format_number(seconds, 2))
}

/// A size in megabytes (10⁶ bytes), one decimal: `4,4 Mo`.
pub fn format_megabytes(bytes: u64) -> String {
    format!("{}{NBSP}Mo", format_number(bytes as f64 / 1_000_000.0, 1))
}

/// Adds the no-break spaces French punctuation requires to running text.
///
/// `; ! ?` take a narrow no-break space, `:` and `»` a no-break space, `«` is followed by one.
/// An ordinary space already there is replaced; none is added after a digit before `:` (times such
/// as `8:30` are left alone) nor inside what looks like a URL or an e-mail address.
pub fn french_spacing(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Text between the punctuation marks is copied a run at a time.
    let mut copied = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, ';' | '!' | '?' | ':' | '»' | '«') {
            continue;
        }
        out.push_str(&text[copied..i]);
        copied = i + c.len_utf8();
        let next = chars.peek().map(|&(_, n)| n);
        if c == '«' {
            out.push(c);
            if let Some((j, n @ (' ' | NBSP))) = chars.peek().copied() {
                chars.next();
                copied = j + n.len_utf8();
            }
            out.push(NBSP);
            continue;
        }
        let space = if c == ':' || c == '»' { NBSP } else { NNBSP };
        let prev = out.chars().next_back();
        let in_url = c == ':' && next == Some('/');
        let time_or_ratio = c == ':'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(|n| n.is_ascii_digit());
        // "?!" and "!!" keep one space before the group only.
        let after_punct = prev.is_some_and(|p| matches!(p, '!' | '?'));
        if !(in_url || time_or_ratio || after_punct || prev.is_none()) {
            match prev {
                Some(' ') | Some(NBSP) | Some(NNBSP) => {
                    out.pop();
                    out.push(space);
                }
                Some(p)
                    if p.is_alphanumeric()
                        || matches!(p, ')' | '"' | '\'' | '’' | '.' | '…' | '»') =>
                {
                    out.push(space);
                }
                _ => {}
            }
        }
        out.push(c);
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The float formatting `format_number` used before its integer path: the reference.
    fn format_number_by_float(value: f64, decimals: usize) -> String {
        if !value.is_finite() {
            return "–".to_string();
        }
        let rounded = format!("{:.*}", decimals, value.abs());
        let (int_part, frac_part) = match rounded.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (rounded.as_str(), None),
        };
        let is_zero = rounded.bytes().all(|b| b == b'0' || b == b'.');
        let mut out = String::new();
        if value < 0.0 && !is_zero {
            out.push('−');
        }
        let digits = int_part.len();
        for (i, ch) in int_part.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(NNBSP);
            }
            out.push(ch);
        }
        if let Some(frac) = frac_part {
            out.push(',');
            out.push_str(frac);
        }
        out
    }

    #[test]
    fn the_integer_path_writes_the_bytes_of_the_float_formatting() {
        let mut values = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.5,
            0.125,
            0.375,
            -2.675,
            1.005,
            0.045,
            0.05,
            0.005,
            0.0049999,
            99.995,
            999.5,
            9999.95,
            1e-9,
            -1e-9,
            4_294_967_295.4,
            4_294_967_296.0,
            42_949_672.955,
            1e15,
            -1e15,
            1e300,
            123_456_789.125,
            0.1 + 0.2,
            1234.5678,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Halves and their neighbours at every scale, and cents as data files hold them.
        for k in 0..5_000i64 {
            let x = k as f64;
            values.extend([
                x / 8.0,
                x / 200.0,
                x / 2000.0,
                x / 20.0 + 0.05,
                x * 0.01,
                x * 0.1,
            ]);
            values.extend([x * 0.015, -(x * 0.005), x * 1234.567, x * 7.3 + 0.005]);
        }
        // Pseudo-random values of every size (a fixed linear congruential sequence).
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..50_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let mantissa = (state >> 11) as f64 / (1u64 << 53) as f64;
            let exponent = ((state >> 3) % 24) as i32 - 6;
            let sign = if state & 1 == 1 { -1.0 } else { 1.0 };
            values.push(sign * mantissa * 10f64.powi(exponent));
        }
        for &v in &values {
            for decimals in 0..=4 {
                assert_eq!(
                    format_number(v, decimals),
                    format_number_by_float(v, decimals),
                    "{v:e} with {decimals} decimals"
                );
            }
        }
    }

    #[test]
    fn numbers_use_decimal_comma_and_narrow_grouping() {
        assert_eq!(format_number(1234.56, 2), "1\u{202F}234,56");
        assert_eq!(format_number(1234567.0, 0), "1\u{202F}234\u{202F}567");
        assert_eq!(format_number(999.0, 0), "999");
        assert_eq!(format_number(-12.345, 1), "−12,3");
        assert_eq!(format_number(-0.01, 1), "0,0");
        assert_eq!(format_euros(1234.5), "1\u{202F}234,50\u{A0}€");
        assert_eq!(format_euros_rounded(87.4), "87\u{A0}€");
    }

    #[test]
    fn percentages_carry_sign_and_no_break_space() {
        assert_eq!(format_change_percent(3.12), "+3,1\u{A0}%");
        assert_eq!(format_change_percent(-2.0), "−2,0\u{A0}%");
        assert_eq!(format_change_percent(0.01), "0,0\u{A0}%");
        assert_eq!(format_percent(35.24), "35,2\u{A0}%");
    }

    #[test]
    fn punctuation_gets_no_break_spaces() {
        assert_eq!(french_spacing("Vraiment ?"), "Vraiment\u{202F}?");
        assert_eq!(french_spacing("Attention!"), "Attention\u{202F}!");
        assert_eq!(french_spacing("Horaires : 8:30"), "Horaires\u{A0}: 8:30");
        assert_eq!(french_spacing("« Bonjour »"), "«\u{A0}Bonjour\u{A0}»");
        assert_eq!(
            french_spacing("voir https://exemple.fr"),
            "voir https://exemple.fr"
        );
        assert_eq!(french_spacing("Quoi ?!"), "Quoi\u{202F}?!");
        assert_eq!(
            french_spacing("«Oui» ; non: «\u{A0}peut-être »"),
            "«\u{A0}Oui\u{A0}»\u{202F}; non\u{A0}: «\u{A0}peut-être\u{A0}»"
        );
        assert_eq!(french_spacing(": début, fin «"), ": début, fin «\u{A0}");
        assert_eq!(
            french_spacing("été, à 8 h ; (ça)!"),
            "été, à 8 h\u{202F}; (ça)\u{202F}!"
        );
    }
}

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// `2025-01-01` → `1er janvier 2025`; `None` when the text is not a valid ISO date.
pub fn french_date(iso: &str) -> Option<String> {
    let mut parts = iso.trim().splitn(3, '-');
    let year: u32 = parts.next()?.parse().ok()?;
    let month: usize = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let day = if day == 1 {
        "1er".to_string()
    } else {
        day.to_string()
    };
    Some(format!("{day}{NBSP}{}{NBSP}{year}", MONTHS[month - 1]))
}

/// `iso` when it is a calendar date written exactly AAAA-MM-JJ (what `<time datetime>` and Atom
/// need, and what sorts as text): `(year, month, day)`.
pub fn iso_date(iso: &str) -> Option<(u32, u32, u32)> {
    let b = iso.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped || french_date(iso).is_none() {
        return None;
    }
    Some((
        iso[..4].parse().ok()?,
        iso[5..7].parse().ok()?,
        iso[8..].parse().ok()?,
    ))
}

fn days_in_month(year: u32, month: usize) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn ordinals_are_raised_in_html() {
        assert_eq!(
            ordinals_html("le 1er juin, au 3e étage & 2es.").unwrap(),
            "le 1<sup>er</sup> juin, au 3<sup>e</sup> étage &amp; 2<sup>es</sup>."
        );
        assert_eq!(ordinals_html("1re fois").unwrap(), "1<sup>re</sup> fois");
        // The scan jumps from digit to digit: digits after letters, accents and other digits
        // are skipped, the next ordinal after them still found.
        assert_eq!(
            ordinals_html("é1er, «\u{a0}12e\u{a0}», x3e, 45e").unwrap(),
            "é1er, «\u{a0}12<sup>e</sup>\u{a0}», x3e, 45<sup>e</sup>"
        );
        for plain in [
            "1e10", "0x1e", "12 ers", "A1er", "2025", "1e", "2er", "", "é1er",
        ] {
            assert_eq!(ordinals_html(plain), None, "{plain}");
        }
    }

    #[test]
    fn iso_dates_are_exactly_aaaa_mm_jj() {
        assert_eq!(iso_date("2026-06-01"), Some((2026, 6, 1)));
        for bad in [
            "2026-6-1",
            "2026-02-30",
            "12/03/2026",
            "2026-06-01 ",
            "",
            "2026-13-01",
        ] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_agree_with_their_noun() {
        let warnings = |n| count(n, "aucun avertissement", "avertissement", "avertissements");
        assert_eq!(warnings(0), "aucun avertissement");
        assert_eq!(warnings(1), "1 avertissement");
        assert_eq!(warnings(3), "3 avertissements");
        assert_eq!(warnings(1234), "1\u{202F}234 avertissements");
        assert_eq!(format_seconds(0.0912), "0,09\u{A0}s");
        assert_eq!(format_megabytes(4_412_000), "4,4\u{A0}Mo");
    }

    #[test]
    fn dates_are_written_the_french_way() {
        assert_eq!(
            french_date("2025-01-01").unwrap(),
            "1er\u{A0}janvier\u{A0}2025"
        );
        assert_eq!(
            french_date("2024-02-29").unwrap(),
            "29\u{A0}février\u{A0}2024"
        );
        assert!(french_date("2023-02-29").is_none());
        assert!(french_date("hier").is_none());
    }

    #[test]
    fn push_fixed_writes_what_the_float_formatter_writes() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut values = vec![
            0.0,
            -0.0,
            0.005,
            -0.004,
            0.125,
            2.675,
            1e-9,
            123456.785,
            4e9,
            1e300,
            f64::NAN,
            f64::INFINITY,
            -12.5,
        ];
        for _ in 0..40_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let cents = (seed % 10_000_000) as f64 / 100.0;
            let noisy = cents * (1.0 + ((seed >> 40) % 7) as f64 * 1e-13);
            values.extend([cents, -cents, noisy, cents / 7.0, cents * 3.3]);
        }
        for v in values {
            for decimals in 0..=3 {
                let mut out = String::new();
                push_fixed(&mut out, v, decimals, '.');
                assert_eq!(out, format!("{v:.decimals$}"), "{v:e} with {decimals}");
            }
        }
        let mut comma = String::new();
        push_fixed(&mut comma, 1234.5, 2, ',');
        assert_eq!(comma, "1234,50");
    }
}
