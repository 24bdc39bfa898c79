//! A commune page: its residences in words, compared with each other and placed in the stock,
//! and the commune's evolution by category.

use super::groups::group_evolution;
use super::table::{DataTable, Figure, TableRow};
use super::words::{
    band_cell, change_cell, count_cell, count_words, heating_words, per_m2_cell, per_m2_words,
    residences_words, NO_VALUE,
};
use crate::core::paths::residence_path;
use crate::core::stats::{self, Quartiles};
use crate::core::typography::{format_change_percent, format_euros, format_number};
use crate::derive::figures::{Figures, Group, YearFigures};
use crate::model::observatory::{Observatory, Residence};
use serde::Serialize;

/// A commune page.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneView {
    pub name: String,
    pub slug: String,
    pub postal_codes: String,
    pub residences: String,
    pub dwellings: String,
    pub latest_year: Option<i32>,
    /// "8 résidences, 412 logements · code postal 59000"
    pub lead: String,
    pub summary: Vec<String>,
    /// The commune's charges by category, year by year.
    pub evolution: Option<Figure>,
    /// Its residences, from the cheapest to the dearest per m².
    pub table: DataTable,
}

/// The page of commune `c`; `root` is the page's prefix to the site's root.
pub fn commune(obs: &Observatory, figures: &Figures, c: usize, root: &str) -> CommuneView {
    let g = &figures.communes[c];
    let year = g.latest().map(|a| a.year);
    let dwellings: u64 = g
        .members
        .iter()
        .map(|&i| obs.residences[i].dwellings as u64)
        .sum();
    CommuneView {
        lead: lead(g, dwellings),
        name: g.name.clone(),
        slug: g.slug.clone(),
        postal_codes: g.postal_codes.join(", "),
        residences: count_cell(g.members.len() as f64),
        dwellings: count_cell(dwellings as f64),
        latest_year: year,
        summary: summary(figures, g),
        evolution: group_evolution(
            obs,
            g,
            "evolution-commune",
            &format!("des résidences de {}", g.name),
        ),
        table: residences_table(obs, figures, g, year, root),
    }
}

/// "8 résidences, 412 logements · code postal 59000"
fn lead(g: &Group, dwellings: u64) -> String {
    format!(
        "{}, {} · {} {}",
        residences_words(g.members.len()),
        count_words(dwellings as usize, "logement", "logements"),
        if g.postal_codes.len() > 1 {
            "codes postaux"
        } else {
            "code postal"
        },
        g.postal_codes.join(", ")
    )
}

/// The commune's median against the stock's, its average per dwelling and its change.
fn summary(figures: &Figures, g: &Group) -> Vec<String> {
    let mut summary = Vec::new();
    let Some(agg) = g.latest() else {
        return summary;
    };
    if let (Some(q), Some(sq)) = (
        agg.per_m2,
        figures.stock.year(agg.year).and_then(|a| a.per_m2),
    ) {
        let compare = if q.median > sq.median * 1.02 {
            "au-dessus de"
        } else if q.median < sq.median * 0.98 {
            "en dessous de"
        } else {
            "proche de"
        };
        summary.push(format!(
            "En {}, la médiane des résidences de {} est de {}, {} celle de l’ensemble du parc ({}).",
            agg.year,
            g.name,
            per_m2_words(q.median),
            compare,
            format_euros(sq.median)
        ));
    }
    summary.push(format!(
        "En moyenne, {} par logement et par mois.",
        format_euros(agg.average_per_dwelling_month())
    ));
    if let Some(ch) = g.change(agg.year) {
        summary.push(format!(
            "Évolution au m² sur un an\u{a0}: {}.",
            format_change_percent(ch)
        ));
    }
    summary
}

/// The commune's residences with their figures of `year`, from the cheapest per m² (those
/// without figures last), then by name.
fn members_by_cost<'a>(
    obs: &Observatory,
    figures: &'a Figures,
    g: &Group,
    year: Option<i32>,
) -> Vec<(usize, Option<&'a YearFigures>)> {
    let mut members: Vec<(usize, Option<&YearFigures>)> = g
        .members
        .iter()
        .map(|&i| {
            (
                i,
                figures.residences[i]
                    .years
                    .iter()
                    .rev()
                    .find(|y| Some(y.year) == year),
            )
        })
        .collect();
    members.sort_by(|a, b| {
        let va = a.1.map(|y| y.per_m2).unwrap_or(f64::INFINITY);
        let vb = b.1.map(|y| y.per_m2).unwrap_or(f64::INFINITY);
        va.total_cmp(&vb)
            .then_with(|| obs.residences[a.0].name.cmp(&obs.residences[b.0].name))
    });
    members
}

/// The cells of one residence's row; `stock` places it among the stock's quartiles.
fn residence_cells(
    r: &Residence,
    y: Option<&YearFigures>,
    stock: Option<Quartiles>,
) -> Vec<String> {
    let dwellings = count_cell(r.dwellings as f64);
    let heating = heating_words(r).to_string();
    match y {
        Some(y) => vec![
            dwellings,
            heating,
            per_m2_cell(y.per_m2),
            format_number(y.per_dwelling_month, 2),
            change_cell(y.change),
            stock
                .map(|q| band_cell(stats::band(y.per_m2, &q)))
                .unwrap_or(NO_VALUE)
                .to_string(),
        ],
        None => vec![
            dwellings,
            heating,
            NO_VALUE.into(),
            NO_VALUE.into(),
            NO_VALUE.into(),
            "pas de données".into(),
        ],
    }
}

/// The residences compared, each name linking to its page.
fn residences_table(
    obs: &Observatory,
    figures: &Figures,
    g: &Group,
    year: Option<i32>,
    root: &str,
) -> DataTable {
    let stock = year
        .and_then(|y| figures.stock.year(y))
        .and_then(|a| a.per_m2);
    let rows = members_by_cost(obs, figures, g, year)
        .into_iter()
        .map(|(i, y)| {
            let r = &obs.residences[i];
            TableRow::new(r.name.clone(), residence_cells(r, y, stock))
                .linked(format!("{root}{}", residence_path(&r.id)))
        })
        .collect();
    let caption = match year {
        Some(y) => format!(
            "Les résidences de {} en {y}, de la moins chère à la plus chère au m²",
            g.name
        ),
        None => format!("Les résidences de {}", g.name),
    };
    let mut table = DataTable::new(
        "residences-commune",
        caption,
        "Résidence",
        vec![
            "Logements".into(),
            "Chauffage".into(),
            "€/m²/an".into(),
            "€/logement/mois".into(),
            "Évolution sur un an".into(),
            "Place dans le parc".into(),
        ],
        rows,
    );
    table.text_columns = vec![1, 5];
    table
}
