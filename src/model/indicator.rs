//! How a landlord commitment is measured: the `indicateur:` of a commitment in a theme's front
//! matter, its unit and the side of the target that keeps the commitment.

use serde::{Deserialize, Serialize};

/// How a landlord commitment is measured, as written under `indicateur:`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Slug, unique across the site: the key of the indicator in every year file.
    pub id: String,
    /// What is measured, e.g. "Part des demandes ayant reçu une première réponse sous 48 h".
    pub mesure: String,
    /// How it is measured.
    #[serde(default)]
    pub methode: Option<String>,
    pub unite: IndicatorUnit,
    /// The target value.
    pub objectif: f64,
    pub sens: Direction,
}

/// The unit of an indicator's values and target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum IndicatorUnit {
    #[serde(rename = "%")]
    Percent,
    #[serde(rename = "jours")]
    Days,
    #[serde(rename = "heures")]
    Hours,
    #[serde(rename = "nombre")]
    Count,
    #[serde(rename = "€")]
    Euros,
}

impl IndicatorUnit {
    /// As written in the front matter and in the exports.
    pub fn code(self) -> &'static str {
        match self {
            IndicatorUnit::Percent => "%",
            IndicatorUnit::Days => "jours",
            IndicatorUnit::Hours => "heures",
            IndicatorUnit::Count => "nombre",
            IndicatorUnit::Euros => "€",
        }
    }
}

/// Which side of the target keeps the commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Direction {
    /// A value at or above the target keeps it (a share of calls answered).
    #[serde(rename = "minimum")]
    AtLeast,
    /// A value at or below the target keeps it (a delay in days).
    #[serde(rename = "maximum")]
    AtMost,
}

impl Direction {
    pub fn code(self) -> &'static str {
        match self {
            Direction::AtLeast => "minimum",
            Direction::AtMost => "maximum",
        }
    }

    /// Whether `value` keeps a commitment of target `target`.
    pub fn is_met(self, value: f64, target: f64) -> bool {
        match self {
            Direction::AtLeast => value >= target,
            Direction::AtMost => value <= target,
        }
    }
}
