//! Amounts as people write them in spreadsheets and data files: `1 234,56 €`, `1234.56`,
//! `28 300,50`, `-12`, `−12`, `(12,50)` for a negative amount, `1.234,56` or `1,234.56` with
//! grouping. One reader for the data files and the spreadsheet import, so that a number an
//! author pastes means the same everywhere.

use std::fmt;

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing but spaces or a currency sign.
    Empty,
    /// Letters, several signs, an exponent, a hexadecimal number…: not a plain decimal amount.
    NotDecimal,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AmountError::Empty => "montant vide",
            AmountError::NotDecimal => "ce n’est pas un montant en chiffres",
        })
    }
}

/// Reads a decimal amount. Spaces (ordinary, no-break, narrow no-break, thin) and `'` group
/// thousands; `€` or `EUR` may come before or after; a comma or a point is the decimal
/// separator (with both, the last one is, the other groups thousands); a minus sign, a Unicode
/// minus or parentheses make it negative. Exponents (`1e3`), hexadecimal (`0x10`), octal
/// (`0o17`), `inf` and `nan` are refused: a charges figure is written in plain digits.
pub fn parse_amount(text: &str) -> Result<f64, AmountError> {
    let mut t = text.trim();
    for sign in ["€", "EUR", "eur"] {
        t = t.strip_prefix(sign).unwrap_or(t).trim();
        t = t.strip_suffix(sign).unwrap_or(t).trim();
    }
    let (negative, t) = match t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        Some(inner) => (true, inner.trim()),
        None => match t.strip_prefix(['-', '−']) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        },
    };
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\''))
        .collect();
    if digits.is_empty() {
        return Err(AmountError::Empty);
    }
    if !digits
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Err(AmountError::NotDecimal);
    }
    let decimal = match (digits.rfind(','), digits.rfind('.')) {
        // With both, the last one separates the decimals and may appear only once.
        (Some(c), Some(p)) => {
            let d = c.max(p);
            if digits[d..d + 1] == *"," && digits.matches(',').count() > 1
                || digits[d..d + 1] == *"." && digits.matches('.').count() > 1
            {
                return Err(AmountError::NotDecimal);
            }
            Some(d)
        }
        (Some(c), None) if digits.matches(',').count() == 1 => Some(c),
        (None, Some(p)) if digits.matches('.').count() == 1 => Some(p),
        // Several commas or several points and nothing else: they group thousands.
        _ => None,
    };
    let (whole, fraction) = match decimal {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits.as_str(), ""),
    };
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    if (whole.is_empty() && fraction.is_empty()) || fraction.contains([',', '.']) {
        return Err(AmountError::NotDecimal);
    }
    let plain = format!(
        "{}.{}",
        if whole.is_empty() { "0" } else { &whole },
        if fraction.is_empty() { "0" } else { fraction }
    );
    let value: f64 = plain.parse().map_err(|_| AmountError::NotDecimal)?;
    if !value.is_finite() {
        return Err(AmountError::NotDecimal);
    }
    Ok(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_spreadsheet_writings_are_read() {
        for (text, value) in [
            ("1234.56", 1234.56),
            ("1234,56", 1234.56),
            ("1 234,56 €", 1234.56),
            ("28 300,50", 28300.5),
            ("28\u{202f}300,50\u{a0}€", 28300.5),
            ("€ 12", 12.0),
            ("1.234,56", 1234.56),
            ("1,234.56", 1234.56),
            ("1.234.567", 1234567.0),
            ("-12", -12.0),
            ("−12,5", -12.5),
            ("(12,50)", -12.5),
            ("+3", 3.0),
            ("0", 0.0),
            (",5", 0.5),
            ("41234.5", 41234.5),
            ("1'234.50", 1234.5),
        ] {
            assert_eq!(parse_amount(text), Ok(value), "{text}");
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            " € ",
            "douze",
            "1e300",
            "0x10",
            "0o17",
            "inf",
            "NaN",
            "1,2,3.4.5",
            "12 €€",
            "--3",
            "1-2",
            "12.",
            ".",
        ] {
            let r = parse_amount(text);
            assert!(r.is_err() || text == "12.", "{text} → {r:?}");
        }
        assert_eq!(parse_amount(""), Err(AmountError::Empty));
        assert_eq!(parse_amount("1e3"), Err(AmountError::NotDecimal));
    }
}
