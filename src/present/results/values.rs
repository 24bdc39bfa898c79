//! Indicator values and targets as readers see them: `94,5 %`, `6 jours`, `4 h`, « au moins
//! 90 % », « objectif tenu ».

use crate::core::typography::{format_euros, format_number, format_percent, NBSP};
use crate::model::results::{Direction, IndicatorUnit};
use serde::Serialize;

/// The latest result of an indicator, as every page writes it.
#[derive(Debug, Clone, Serialize)]
pub struct LatestView {
    pub year: i32,
    pub value: String,
    pub met: bool,
    pub status: &'static str,
    pub icon: &'static str,
    /// « en progrès par rapport à 2024 (91,0 %) », when the year before has a result.
    pub trend: Option<String>,
}

/// The result shown beside a commitment on its theme page and on the posters.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentResult {
    pub measure: String,
    pub target: String,
    pub latest: Option<LatestView>,
    /// Site-relative link to the indicator on the results page.
    pub href: String,
}

/// Decimals a value needs: none for a whole number, one otherwise.
fn decimals(value: f64) -> usize {
    usize::from(value.fract().abs() > 1e-9)
}

/// `value` in `unit`, written in French.
pub fn value_text(unit: IndicatorUnit, value: f64) -> String {
    match unit {
        IndicatorUnit::Percent => format_percent(value),
        IndicatorUnit::Days => {
            let word = if value < 2.0 { "jour" } else { "jours" };
            format!("{}{NBSP}{word}", format_number(value, decimals(value)))
        }
        IndicatorUnit::Hours => format!("{}{NBSP}h", format_number(value, decimals(value))),
        IndicatorUnit::Count => format_number(value, decimals(value)),
        IndicatorUnit::Euros => format_euros(value),
    }
}

/// The target with its direction: « au moins 90,0 % », « au plus 8 jours ».
pub fn target_text(unit: IndicatorUnit, direction: Direction, target: f64) -> String {
    let side = match direction {
        Direction::AtLeast => "au moins",
        Direction::AtMost => "au plus",
    };
    let written = match unit {
        // « au moins 90 % »: a whole target needs no decimal.
        IndicatorUnit::Percent => format!("{}{NBSP}%", format_number(target, decimals(target))),
        _ => value_text(unit, target),
    };
    format!("{side} {written}")
}

/// The text cue of a result: never a colour alone.
pub fn status_text(met: bool) -> &'static str {
    if met {
        "objectif tenu"
    } else {
        "objectif non tenu"
    }
}

/// The shape shown before the cue (hidden from screen readers, which read the text).
pub fn status_icon(met: bool) -> &'static str {
    if met {
        "✔"
    } else {
        "✘"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_in_french() {
        assert_eq!(value_text(IndicatorUnit::Percent, 94.5), "94,5\u{a0}%");
        assert_eq!(value_text(IndicatorUnit::Days, 6.0), "6\u{a0}jours");
        assert_eq!(value_text(IndicatorUnit::Days, 1.5), "1,5\u{a0}jour");
        assert_eq!(value_text(IndicatorUnit::Hours, 4.0), "4\u{a0}h");
        assert_eq!(value_text(IndicatorUnit::Count, 1234.0), "1\u{202f}234");
        assert_eq!(
            target_text(IndicatorUnit::Days, Direction::AtMost, 8.0),
            "au plus 8\u{a0}jours"
        );
    }
}
