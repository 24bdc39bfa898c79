//! What one residence's page and poster show: its summary in words and its charts.

use super::table::{DataTable, Figure, KeyFigure};
use serde::Serialize;

/// One residence's figures, written for its page and its poster.
#[derive(Debug, Clone, Serialize)]
pub struct ResidenceSummary {
    pub id: String,
    pub name: String,
    pub address: String,
    /// Other addresses of the residence (`adresses:`).
    pub other_addresses: Vec<String>,
    pub postal_code: String,
    pub commune: String,
    pub commune_path: String,
    pub path: String,
    pub dwellings: String,
    pub living_area: String,
    pub construction_year: i32,
    pub heating: &'static str,
    pub lift: &'static str,
    pub energy_label: Option<&'static str>,
    pub priority_district: Option<&'static str>,
    /// Commune code of INSEE, when given.
    pub insee_code: Option<String>,
    /// Climate zone (H1, H2, H3), when given.
    pub climate_zone: Option<&'static str>,
    pub latest_year: Option<i32>,
    /// "En 2025, 87,40 € par logement et par mois, +3,1 % sur un an."
    pub headline: Option<String>,
    pub key_figures: Vec<KeyFigure>,
    /// Sentences placing the residence among its peers.
    pub comparison: Vec<String>,
    /// Provisions against actual, in words.
    pub regularisation: Option<String>,
    pub notes: Vec<NoteView>,
    pub years_span: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub year: i32,
    pub category: String,
    pub text: String,
}

/// The charts of one residence, each with its table, and the poster's chart; computed once per
/// residence for its page and its poster.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResidenceCharts {
    /// Stacked bars by category, € per dwelling per month, year by year.
    pub evolution: Option<Figure>,
    /// Its € per m² among the stock's quartiles, latest year.
    pub position: Option<Figure>,
    /// Provisions against actual per dwelling, year by year.
    pub provisions: Option<Figure>,
    /// Every amount of the residence in euros, by category and year.
    pub amounts: Option<DataTable>,
    /// The hall poster's chart: `evolution` in large print (the last years, the largest
    /// categories, sized for [`crate::present::poster::RESIDENCE_CHART`]). Not a page's: left
    /// out of the page's template context.
    #[serde(skip)]
    pub poster: Option<String>,
}

impl ResidenceCharts {
    pub fn count(&self) -> usize {
        [&self.evolution, &self.position, &self.provisions]
            .iter()
            .filter(|f| f.is_some())
            .count()
    }
}
