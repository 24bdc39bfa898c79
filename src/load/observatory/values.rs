//! Values as authors write them in data files: decimal numbers only, magnitudes and text
//! lengths bounded, no control characters. YAML would read `0x10` as 16, `0o17` as 15 and
//! `1e300` as a number of 300 digits: a figure published to tenants must be the one the author
//! meant, so any other notation is a located error, not a silent conversion.

use super::problems::Problem;
use crate::core::diagnostic::Diagnostic;
use std::path::Path;

/// No category of charges of one residence costs this much in a year (the largest residences
/// of the sector spend a few million euros in all): above it, a unit or separator is wrong.
pub(super) const MAX_AMOUNT: f64 = 100_000_000.0;
/// A note explains a line in a table cell; the full story belongs in the residence's page.
pub(super) const MAX_NOTE: usize = 500;
/// Names, addresses and communes are shown in titles, tables and on posters.
pub(super) const MAX_NAME: usize = 200;

/// Every plain value of `text` written as a non-decimal number (`0x10`, `0o17`, `1e5`, `.inf`),
/// at its line and column. Quoted values and comments are left alone.
pub(super) fn non_decimal_numbers(file: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') || !line.contains(':') {
            continue;
        }
        for (start, token) in plain_values(line) {
            let Some((notation, decimal)) = classify(token) else {
                continue;
            };
            let column = line[..start].chars().count() + 1;
            let hint = match decimal {
                Some(v) => format!("écrivez le nombre en chiffres décimaux : « {v} » (un point pour les décimales)."),
                None => "écrivez un nombre en chiffres décimaux, par exemple 1234.50.".to_string(),
            };
            out.push(
                Diagnostic::error(file, format!("nombre écrit en {notation} : « {token} »"))
                    .at(n + 1, Some(column))
                    .with_source(text)
                    .hint(hint),
            );
        }
    }
    out
}

/// Every plain value of `text` written as a French number (`1,5`, `28 300,50`), at its line
/// and column, with the value to write instead. YAML cannot read them: in `{ reel: 1,5 }` the
/// comma separates two keys, and `28 300` is a text. So the whole file is scanned when it does
/// not parse, and each such number is reported, not just the first.
pub(super) fn french_numbers(file: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') || !line.contains(':') {
            continue;
        }
        for (start, token) in plain_values_with_commas(line) {
            let Some((token, fixed)) = french_number(token) else {
                continue;
            };
            let column = line[..start].chars().count() + 1;
            out.push(
                Diagnostic::error(file, format!("nombre écrit à la française : « {token} »"))
                    .at(n + 1, Some(column))
                    .with_source(text)
                    .hint(format!("dans les fichiers de données, un nombre s'écrit sans espace et avec un point pour les décimales : écrivez « {fixed} ».")),
            );
        }
    }
    out
}

/// The values after `key: ` on a line, up to the end of the flow mapping (a comma may be a
/// decimal comma here).
fn plain_values_with_commas(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    for (start, _) in plain_values(line) {
        let rest = &line[start..];
        let end = rest.find(['}', ']', '#']).unwrap_or(rest.len());
        out.push((start, rest[..end].trim_end()));
    }
    out
}

/// `1,5` → `1.5`, `28 300,50` → `28300.50`, `-1 234` → `-1234`; `None` for anything that is not
/// a number written the French way (a decimal comma or digits grouped by spaces).
fn french_number(value: &str) -> Option<(&str, String)> {
    let value = value.trim();
    let (sign, body) = match value.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", value),
    };
    // In flow style, a comma followed by a space ends the value: `reel: 12, provisions: 3`.
    let body = match body.find(", ") {
        Some(i) => &body[..i],
        None => body.strip_suffix(',').unwrap_or(body),
    };
    let (int, frac) = match body.split_once(',') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let grouped = int.contains([' ', '\u{a0}', '\u{202f}']);
    if frac.is_none() && !grouped {
        return None;
    }
    let digits: String = int
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let int_ok = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    let groups_ok = !grouped
        || int
            .split([' ', '\u{a0}', '\u{202f}'])
            .skip(1)
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !(int_ok && groups_ok && frac_ok) {
        return None;
    }
    let shown = &value[..sign.len() + body.len()];
    Some(match frac {
        Some(f) => (shown, format!("{sign}{digits}.{f}")),
        None => (shown, format!("{sign}{digits}")),
    })
}

/// The plain (unquoted) values after `key:` on one line, block or flow style, with their byte
/// offset.
fn plain_values(line: &str) -> Vec<(usize, &str)> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' && (i == 0 || bytes[i - 1] == b' ') => break,
            None if b == b':' && bytes.get(i + 1).is_none_or(|&c| c == b' ') => {
                let mut s = i + 1;
                while s < bytes.len() && bytes[s] == b' ' {
                    s += 1;
                }
                let mut e = s;
                while e < bytes.len() && !matches!(bytes[e], b',' | b'}' | b']' | b'#') {
                    e += 1;
                }
                let token = line[s..e].trim_end();
                if !token.is_empty() && !token.starts_with(['"', '\'', '{', '[']) {
                    out.push((s, token));
                }
            }
            None => {}
        }
        i += 1;
    }
    out
}

/// The notation of a number written other than in decimals, and its decimal value when it has
/// a reasonable one.
fn classify(token: &str) -> Option<(&'static str, Option<String>)> {
    let unsigned = token.strip_prefix(['-', '+']).unwrap_or(token);
    let lower = unsigned.to_ascii_lowercase();
    for (prefix, radix, notation) in [
        ("0x", 16, "notation hexadécimale"),
        ("0o", 8, "notation octale"),
        ("0b", 2, "notation binaire"),
    ] {
        if let Some(digits) = lower.strip_prefix(prefix) {
            if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) {
                let value = i64::from_str_radix(digits, radix)
                    .ok()
                    .map(|v| v.to_string());
                return Some((notation, value));
            }
        }
    }
    if matches!(lower.as_str(), ".inf" | ".nan") {
        return Some(("valeur spéciale (infini ou « pas un nombre »)", None));
    }
    let (mantissa, exponent) = lower.split_once('e')?;
    let exponent = exponent.strip_prefix(['-', '+']).unwrap_or(exponent);
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && mantissa.matches('.').count() <= 1;
    if !mantissa_ok || exponent.is_empty() || !exponent.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value = token
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() < 1e12)
        .map(|v| v.to_string());
    Some(("notation scientifique", value))
}

/// A problem with a text an author wrote (`key` at `path`), if it is too long for where it is
/// shown or holds a control character.
pub(super) fn text(path: String, key: &str, value: &str, max: usize) -> Option<Problem> {
    if let Some(c) = value
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        return Some(
            Problem::error(
                path,
                format!("caractère de contrôle invisible (U+{:04X}) dans « {key} »", c as u32),
            )
            .hint("retapez le texte : il contient un caractère invisible venu d'un copier-coller ou d'un export."),
        );
    }
    let length = value.chars().count();
    (length > max).then(|| {
        Problem::error(
            path,
            format!("« {key} » trop long : {length} caractères, au plus {max}"),
        )
        .hint("raccourcissez-le : il est affiché dans les tableaux et sur les affiches. Le détail peut aller dans une page du site.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(usize, usize, String)> {
        non_decimal_numbers(Path::new("f.yaml"), text)
            .into_iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn other_notations_are_found_at_their_column() {
        let text = "annee: 2025\nresidences:\n  a: { EAU: { reel: 0x10, provisions: 1e300 } }\n  b: { EAU: { reel: -.inf, provisions: 0o17 } }\n";
        let got = found(text);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (3, 21));
        assert!(got[0].2.contains("hexadécimale"));
        assert!(got[1].2.contains("scientifique"));
        assert!(got[2].2.contains("spéciale"));
        assert!(got[3].2.contains("octale"));
    }

    #[test]
    fn decimals_words_quotes_and_comments_are_left_alone() {
        let text = "nom: \"0x10\"\nnote: 'a: 1e5'\nreel: 1234.50\nid: ex-e5\ncode: 1e\n# reel: 0x10\nx: 12 # 0x10\nannee: 2025\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
    }

    #[test]
    fn french_numbers_are_found_with_their_fix() {
        let text = "residences:\n  a: { EAU: { reel: 23477,22, provisions: 28 300,50 }, TAX: { reel: 12, provisions: 3 } }\n  b:\n    EAU:\n      reel: 1,5\n      provisions: -1 234\nnom: \"1,5\"\n";
        let got: Vec<(usize, usize, String)> = french_numbers(Path::new("f.yaml"), text)
            .into_iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.hint.unwrap()))
            .collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!((got[0].0, got[0].1), (2, 21));
        assert!(got[0].2.contains("« 23477.22 »"), "{got:?}");
        assert!(got[1].2.contains("« 28300.50 »"), "{got:?}");
        assert!(got[2].2.contains("« 1.5 »"), "{got:?}");
        assert!(got[3].2.contains("« -1234 »"), "{got:?}");
    }

    #[test]
    fn texts_are_bounded_and_free_of_control_characters() {
        assert!(text("p".into(), "nom", "Les Tilleuls", MAX_NAME).is_none());
        assert!(text("p".into(), "nom", "Les\0Tilleuls", MAX_NAME).is_some());
        assert!(text("p".into(), "note", &"a".repeat(MAX_NOTE + 1), MAX_NOTE).is_some());
        assert!(text("p".into(), "note", "ligne 1\nligne 2", MAX_NOTE).is_none());
    }
}
