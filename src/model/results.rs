//! The yearly results of the contract's commitments: how a landlord commitment is measured
//! (its [`Indicator`], in the theme's front matter) and the value each year reached
//! (`content/resultats/AAAA.yaml`, with an optional `AAAA.md` text of the evaluation year).

use super::contract::Page;
use std::path::PathBuf;

pub use super::indicator::{Direction, Indicator, IndicatorUnit};

/// Where the results of each year are written, under `content/`.
pub const RESULTS_DIR: &str = "resultats";

/// Where an indicator is defined: the theme and the landlord commitment that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorRef {
    /// Index into `content.themes`.
    pub theme: usize,
    /// Index into the theme's `engagements_bailleur`.
    pub commitment: usize,
}

/// One indicator's value for one year.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultValue {
    /// The indicator's id.
    pub id: String,
    pub value: f64,
    /// How many cases the value was measured on (requests, calls, surveys).
    pub count: Option<u64>,
    pub comment: Option<String>,
}

/// One evaluation year: `resultats/AAAA.yaml` and its optional text `AAAA.md`.
#[derive(Debug, Clone)]
pub struct ResultYear {
    pub year: i32,
    /// The YAML file, relative to the site root.
    pub file: PathBuf,
    /// The valid values, in file order.
    pub values: Vec<ResultValue>,
    /// `resultats/AAAA.md`: what was discussed with the tenants' associations.
    pub text: Option<Page>,
}

impl ResultYear {
    pub fn value(&self, id: &str) -> Option<&ResultValue> {
        self.values.iter().find(|v| v.id == id)
    }
}

/// Every indicator and every evaluation year.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// Valid indicators in reading order (theme, then commitment), with where each is defined.
    pub indicators: Vec<IndicatorRef>,
    /// Oldest first.
    pub years: Vec<ResultYear>,
    /// `resultats/_index.md`: the introduction of the results page.
    pub intro: Option<Page>,
}

impl Results {
    /// Whether there is anything to publish: at least one year of results.
    pub fn is_empty(&self) -> bool {
        self.years.is_empty()
    }
}
