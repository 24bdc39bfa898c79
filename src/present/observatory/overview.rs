//! The observatory home page: the stock's key figures, its evolution, how residences spread, the
//! heating modes compared, and the communes table.

use super::groups::{group_evolution, quartiles_table, spread};
use super::table::{DataTable, Figure, KeyFigure, TableRow};
use super::words::{change_cell, count_cell, per_m2_cell, per_m2_words};
use crate::core::paths::commune_path;
use crate::core::stats::Quartiles;
use crate::core::typography::{format_change_percent, format_euros, format_number};
use crate::derive::figures::{self, Aggregate, Figures};
use crate::model::observatory::Observatory;
use serde::Serialize;

/// The observatory home page.
#[derive(Debug, Clone, Serialize)]
pub struct ObservatoryView {
    pub latest_year: i32,
    pub first_year: i32,
    pub key_figures: Vec<KeyFigure>,
    pub summary: String,
    /// The stock's charges by category, year by year.
    pub evolution: Option<Figure>,
    /// How residences spread by € per m², latest year.
    pub spread: Option<Figure>,
    /// Quartiles by heating mode.
    pub heating: DataTable,
    pub communes: DataTable,
    pub categories: Vec<CategoryView>,
    pub residences: String,
    pub dwellings: String,
    pub commune_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub code: String,
    pub label: String,
    pub description: String,
}

/// One line per commune, its name linking to the commune's page (`root` is the page's prefix
/// to the site's root).
pub fn communes_table(figures: &Figures, year: i32, root: &str) -> DataTable {
    let rows = figures
        .communes
        .iter()
        .filter_map(|g| {
            let agg = g.year(year)?;
            let q = agg.per_m2?;
            let cells = vec![
                count_cell(agg.residences as f64),
                count_cell(agg.dwellings as f64),
                per_m2_cell(q.median),
                per_m2_cell(agg.average_per_m2()),
                format_number(agg.average_per_dwelling_month(), 2),
                change_cell(g.change(year)),
            ];
            Some(
                TableRow::new(g.name.clone(), cells)
                    .linked(format!("{root}{}", commune_path(&g.slug))),
            )
        })
        .collect();
    DataTable::new(
        "communes",
        format!("Charges des résidences par commune en {year}"),
        "Commune",
        vec![
            "Résidences".into(),
            "Logements".into(),
            "Médiane (€/m²/an)".into(),
            "Moyenne (€/m²/an)".into(),
            "Moyenne (€/logement/mois)".into(),
            "Évolution sur un an".into(),
        ],
        rows,
    )
}

pub fn observatory(obs: &Observatory, figures: &Figures, root: &str) -> Option<ObservatoryView> {
    let last = figures.stock.latest()?;
    let first_year = figures
        .stock
        .years
        .iter()
        .find(|a| a.residences > 0)
        .map(|a| a.year)?;
    let year = last.year;
    let q = last.per_m2?;
    let summary = format!(
        "En {year}, la moitié des résidences paie entre {} et {}\u{202f}; la médiane est de {}.",
        format_euros(q.q1),
        format_euros(q.q3),
        per_m2_words(q.median)
    );
    Some(ObservatoryView {
        latest_year: year,
        first_year,
        key_figures: stock_key_figures(figures, last),
        summary,
        evolution: group_evolution(
            obs,
            &figures.stock,
            "evolution-parc",
            "de l’ensemble du parc",
        ),
        spread: spread(&figures.stock, year, "repartition", None),
        heating: heating_table(figures, year, q),
        communes: communes_table(figures, year, root),
        categories: obs
            .categories
            .iter()
            .map(|c| CategoryView {
                code: c.code.clone(),
                label: c.label.clone(),
                description: c.description.clone(),
            })
            .collect(),
        residences: count_cell(last.residences as f64),
        dwellings: count_cell(last.dwellings as f64),
        commune_count: figures.communes.len(),
    })
}

/// The stock's averages, their change on a year, and its size, in large print.
fn stock_key_figures(figures: &Figures, last: &Aggregate) -> Vec<KeyFigure> {
    let year = last.year;
    let mut key_figures = vec![
        KeyFigure {
            value: format_euros(last.average_per_m2()),
            label: format!(
                "par m² de surface habitable et par an en {year}, en moyenne sur le parc"
            ),
        },
        KeyFigure {
            value: format_euros(last.average_per_dwelling_month()),
            label: "par logement et par mois, en moyenne".into(),
        },
    ];
    if let Some(c) = figures.stock.change(year) {
        key_figures.push(KeyFigure {
            value: format_change_percent(c),
            label: format!("d’évolution au m² entre {} et {year}", year - 1),
        });
    }
    key_figures.push(KeyFigure {
        value: count_cell(last.residences as f64),
        label: format!(
            "résidences, {} logements",
            count_cell(last.dwellings as f64)
        ),
    });
    key_figures
}

/// The stock's quartiles next to those of collective and individual heating.
fn heating_table(figures: &Figures, year: i32, stock: Quartiles) -> DataTable {
    let heating = |h: usize| {
        let g = &figures.heating[h];
        (g.name.clone(), g.year(year).and_then(|a| a.per_m2))
    };
    quartiles_table(
        "chauffage",
        &format!("Charges en € par m² et par an en {year}, selon le mode de chauffage"),
        &[
            (figures.stock.name.clone(), Some(stock)),
            heating(figures::COLLECTIVE),
            heating(figures::INDIVIDUAL),
        ],
        None,
    )
}
