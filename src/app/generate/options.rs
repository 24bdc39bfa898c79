//! What `generate-data` is asked for.

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateOptions {
    pub residences: usize,
    pub first_year: i32,
    pub last_year: i32,
    pub seed: u64,
}

/// Parses `2016-2025` (or a single year).
pub fn parse_years(text: &str) -> Result<(i32, i32), String> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let parse = |s: &str| {
        s.trim()
            .parse::<i32>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| {
                format!(
                    "année « {} » invalide : écrivez par exemple 2016-2025",
                    s.trim()
                )
            })
    };
    let (first, last) = (parse(a)?, parse(b)?);
    if first > last {
        return Err(format!(
            "période {first}-{last} à l'envers : écrivez {last}-{first}"
        ));
    }
    Ok((first, last))
}
