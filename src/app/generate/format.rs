//! How generated values are written in the YAML files: short amounts, double-quoted text.

pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `41234.50` → `41234.5`, `39000.00` → `39000`.
pub(crate) fn amount(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0');
    s.trim_end_matches('.').to_string()
}

pub(crate) fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}
