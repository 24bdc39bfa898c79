//! The French words of the observatory: amounts in sentences, table cells, counts, year spans
//! and the place of a residence among its peers.

use crate::core::stats::Band;
use crate::core::typography::{format_change_percent, format_euros, format_number};
use crate::model::observatory::Residence;

/// What an empty or meaningless table cell shows.
pub const NO_VALUE: &str = "–";

/// `30,12 €/m²` written in full for sentences: `30,12 € par m² et par an`.
pub fn per_m2_words(v: f64) -> String {
    format!("{} par m² et par an", format_euros(v))
}

/// A € per m² figure in a table cell: two decimals, a dash when there is no figure.
pub fn per_m2_cell(v: f64) -> String {
    if v.is_finite() {
        format_number(v, 2)
    } else {
        NO_VALUE.into()
    }
}

/// A year-on-year change in a table cell: `+3,1 %`, a dash without a previous year.
pub fn change_cell(change: Option<f64>) -> String {
    change
        .map(format_change_percent)
        .unwrap_or_else(|| NO_VALUE.into())
}

/// A whole number in a table cell: `1 234`.
pub fn count_cell(n: f64) -> String {
    format_number(n, 0)
}

/// `1 résidence`, `12 résidences`: the count and the noun, singular up to one.
pub fn count_words(n: usize, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{} {one}", format_number(n as f64, 0))
    } else {
        format!("{} {many}", format_number(n as f64, 0))
    }
}

/// `12 résidences`.
pub fn residences_words(n: usize) -> String {
    count_words(n, "résidence", "résidences")
}

/// `en 2025` for one year, `de 2016 à 2025` for several.
pub fn span_words(first: i32, last: i32) -> String {
    if first == last {
        format!("en {last}")
    } else {
        format!("de {first} à {last}")
    }
}

/// Under a phone chart drawing only the last of `years` (see `chart::phone_grouped_bars`): which
/// years it shows, and that the table gives them all; `None` when it shows them all.
pub fn phone_note(years: &[i32], shown: usize) -> Option<String> {
    let from = years.len().checked_sub(shown).filter(|&from| from > 0)?;
    Some(format!(
        "Sur un petit écran, le graphique montre les {shown} dernières années ({})\u{a0}; le tableau qui suit donne toutes les années.",
        span_words(years[from], years[years.len() - 1])
    ))
}

/// Where a figure falls among a group's quartiles, in a sentence: `parmi le quart des
/// résidences les moins chères du parc`.
pub fn band_words(band: Band, whose: &str) -> String {
    match band {
        Band::Low => format!("parmi le quart des résidences les moins chères {whose}"),
        Band::Middle => {
            format!("dans la moyenne {whose} (entre le premier et le troisième quartile)")
        }
        Band::High => format!("parmi le quart des résidences les plus chères {whose}"),
    }
}

/// Where a figure falls among the stock's quartiles, in a table cell.
pub fn band_cell(band: Band) -> &'static str {
    match band {
        Band::Low => "quart le moins cher",
        Band::Middle => "dans la moyenne",
        Band::High => "quart le plus cher",
    }
}

/// The heating of the residence as its facts show it: [`heating_label`], or
/// `collectif (réseau de chaleur urbain)` when `chauffage: urbain` says so.
pub fn heating_words(r: &Residence) -> &'static str {
    if r.heating == Some(crate::model::observatory::HeatingMode::District) {
        return "collectif (réseau de chaleur urbain)";
    }
    heating_label(r)
}

/// `collectif` or `individuel`: the group of peers a residence is compared with.
pub fn heating_label(r: &Residence) -> &'static str {
    if r.collective_heating {
        "collectif"
    } else {
        "individuel"
    }
}

/// `oui` or `non`.
pub fn yes_no(b: bool) -> &'static str {
    if b {
        "oui"
    } else {
        "non"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_spans_read_as_french() {
        assert_eq!(residences_words(1), "1 résidence");
        assert_eq!(residences_words(0), "0 résidence");
        assert_eq!(residences_words(12), "12 résidences");
        assert_eq!(span_words(2025, 2025), "en 2025");
        assert_eq!(span_words(2016, 2025), "de 2016 à 2025");
        assert_eq!(per_m2_cell(f64::NAN), NO_VALUE);
        assert_eq!(change_cell(None), NO_VALUE);
    }
}
