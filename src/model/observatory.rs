//! The charges observatory: residences, charge categories and yearly charges.
//!
//! Data lives in `content/observatoire/` (schema in the README, section « Observatoire des
//! charges »): `residences.yaml`, an optional `categories.yaml`, and one `charges/AAAA.yaml` per
//! year. [`crate::load::observatory`] reads and validates it once; [`crate::derive::figures`]
//! derives every number pages show.

pub use super::categories::Category;

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;

/// Folder of the observatory data, under the site root.
pub const DATA_DIR: &str = "content/observatoire";

/// Energy performance label of the building (DPE), A (best) to G.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EnergyLabel {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
}

impl EnergyLabel {
    pub fn letter(self) -> &'static str {
        match self {
            EnergyLabel::A => "A",
            EnergyLabel::B => "B",
            EnergyLabel::C => "C",
            EnergyLabel::D => "D",
            EnergyLabel::E => "E",
            EnergyLabel::F => "F",
            EnergyLabel::G => "G",
        }
    }
}

/// How the dwellings are heated (`chauffage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum HeatingMode {
    /// A boiler for the whole building: a CHC line of charges.
    #[serde(rename = "collectif")]
    Collective,
    /// District heating (réseau de chaleur urbain): also billed as collective heating.
    #[serde(rename = "urbain")]
    District,
    /// One boiler or heater per dwelling: no CHC line.
    #[serde(rename = "individuel")]
    Individual,
}

impl HeatingMode {
    pub const WORDS: [&'static str; 3] = ["collectif", "urbain", "individuel"];

    pub fn word(self) -> &'static str {
        match self {
            HeatingMode::Collective => "collectif",
            HeatingMode::District => "urbain",
            HeatingMode::Individual => "individuel",
        }
    }

    /// Whether the residence has collective heating charges (`chauffage_collectif`).
    pub fn is_collective(self) -> bool {
        !matches!(self, HeatingMode::Individual)
    }

    pub fn from_word(word: &str) -> Option<Self> {
        match word.trim().to_lowercase().as_str() {
            "collectif" => Some(HeatingMode::Collective),
            "urbain" => Some(HeatingMode::District),
            "individuel" => Some(HeatingMode::Individual),
            _ => None,
        }
    }
}

/// Climate zone of the thermal regulation (`zone_climatique`): H1 is the coldest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ClimateZone {
    H1,
    H2,
    H3,
}

impl ClimateZone {
    pub const WORDS: [&'static str; 3] = ["H1", "H2", "H3"];

    pub fn word(self) -> &'static str {
        match self {
            ClimateZone::H1 => "H1",
            ClimateZone::H2 => "H2",
            ClimateZone::H3 => "H3",
        }
    }

    pub fn from_word(word: &str) -> Option<Self> {
        match word.trim().to_uppercase().as_str() {
            "H1" => Some(ClimateZone::H1),
            "H2" => Some(ClimateZone::H2),
            "H3" => Some(ClimateZone::H3),
            _ => None,
        }
    }
}

/// One residence (a building or group of buildings managed as one for charges).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Residence {
    /// Stable identifier, also the last part of the page address (`lille-les-tilleuls`).
    pub id: String,
    #[serde(rename = "nom")]
    pub name: String,
    #[serde(rename = "adresse")]
    pub address: String,
    /// The residence's other addresses (entrances, a range of numbers: `2 à 18 avenue…`), all
    /// searchable in the finder.
    #[serde(rename = "adresses", default, skip_serializing_if = "Vec::is_empty")]
    pub other_addresses: Vec<String>,
    #[serde(rename = "code_postal")]
    pub postal_code: String,
    pub commune: String,
    #[serde(rename = "logements")]
    pub dwellings: u32,
    /// Total living area (surface habitable) in m².
    #[serde(rename = "surface_habitable")]
    pub living_area: f64,
    #[serde(rename = "annee_construction")]
    pub construction_year: i32,
    /// Collective heating charges. May be left out when `chauffage` is given: the loader then
    /// sets it from [`Residence::heating`] (one of the two is required).
    #[serde(
        rename = "chauffage_collectif",
        default,
        deserialize_with = "crate::core::yes_no::bool"
    )]
    pub collective_heating: bool,
    #[serde(rename = "ascenseur", deserialize_with = "crate::core::yes_no::bool")]
    pub lift: bool,
    #[serde(rename = "dpe", default, skip_serializing_if = "Option::is_none")]
    pub energy_label: Option<EnergyLabel>,
    /// In a priority district of urban policy (quartier prioritaire de la ville).
    #[serde(
        rename = "qpv",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::core::yes_no::option"
    )]
    pub priority_district: Option<bool>,
    /// Commune code of INSEE (code officiel géographique), text of five characters: `59350`,
    /// `2A004`. Fields of the public register of social dwellings (RPLS) follow.
    #[serde(
        rename = "code_insee",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub insee_code: Option<String>,
    #[serde(rename = "chauffage", default, skip_serializing_if = "Option::is_none")]
    pub heating: Option<HeatingMode>,
    #[serde(
        rename = "zone_climatique",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub climate_zone: Option<ClimateZone>,
}

/// What one category cost one residence in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChargeLine {
    /// Index into [`Observatory::categories`].
    pub category: usize,
    /// Actual cost for the whole residence, € TTC.
    pub actual: f64,
    /// Provisions called from the tenants for this category over the year, €.
    pub provisions: f64,
    pub note: Option<String>,
}

/// The charges of one residence for one year, lines in category order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResidenceYear {
    pub year: i32,
    pub lines: Vec<ChargeLine>,
}

/// The whole observatory data set, loaded once and shared by reference.
#[derive(Debug, Default)]
pub struct Observatory {
    pub residences: Vec<Residence>,
    pub categories: Vec<Category>,
    /// Per residence (same index as `residences`): its years of charges, oldest first.
    pub charges: Vec<Vec<ResidenceYear>>,
    /// Every year that has a charges file, oldest first.
    pub years: Vec<i32>,
    /// The years whose file says `provisoire: oui`: not final until the regularisation.
    pub provisional_years: Vec<i32>,
    /// Residence id → index.
    pub index: HashMap<String, usize>,
    /// Files read, relative to the site root, for the method section.
    pub files: Vec<PathBuf>,
    /// A file everything depends on (residences.yaml) could not be read; its error is reported
    /// and what would follow from it (shortcodes without data) is not.
    pub unavailable: bool,
}

/// Everything the observatory holds, for a fingerprint of what its pages and exports are made
/// from (`core::fingerprint`); the index, made from the residences, is left out (its order is
/// that of a hash map). Every field is named here: a new one cannot be forgotten.
impl Serialize for Observatory {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Observatory {
            residences,
            categories,
            charges,
            years,
            provisional_years,
            index: _,
            files,
            unavailable,
        } = self;
        (
            residences,
            categories,
            charges,
            years,
            provisional_years,
            files,
            unavailable,
        )
            .serialize(serializer)
    }
}

impl Observatory {
    /// True when there is nothing to publish (no residence, or no charges at all).
    pub fn is_empty(&self) -> bool {
        self.residences.is_empty() || self.years.is_empty()
    }

    pub fn residence(&self, id: &str) -> Option<&Residence> {
        self.index.get(id).map(|&i| &self.residences[i])
    }

    pub fn category_index(&self, code: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.code == code)
    }
}
