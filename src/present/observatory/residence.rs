//! One residence, for its page and its hall poster: its facts, what it pays in words, how it
//! compares with its peers, provisions against actual, the notes, and its charts.

use super::charts::{self, Peers};
use super::summary::{NoteView, ResidenceCharts, ResidenceSummary};
use super::table::KeyFigure;
use super::words::{
    band_words, heating_label, heating_words, per_m2_words, residences_words, span_words, yes_no,
};
use crate::core::paths::{commune_path, residence_path};
use crate::core::stats;
use crate::core::typography::{
    format_change_percent, format_euros, format_euros_rounded, format_number, NBSP,
};
use crate::derive::figures::{Figures, YearFigures};
use crate::model::observatory::{Observatory, Residence};

/// The flat size used to turn € per m² into a monthly amount tenants recognise.
pub const TYPICAL_FLAT_M2: f64 = 65.0;

/// Builds the summary and charts of residence `i`.
pub fn residence(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
) -> (ResidenceSummary, ResidenceCharts) {
    let mut summary = facts(obs, figures, i);
    let mut charts = ResidenceCharts::default();
    let Some(last) = figures.residences[i].latest() else {
        return (summary, charts);
    };
    summary.headline = Some(headline(last));
    summary.key_figures = key_figures(last);
    let peers = Peers::of(obs, figures, i, last.year);
    summary.comparison = comparison(&obs.residences[i], last, &peers);
    summary.regularisation = Some(regularisation_words(last));
    summary.notes = notes(obs, i);
    charts.position = charts::position(obs, i, last, &peers);
    if let Some((figure, poster)) = charts::evolution_charts(obs, figures, i, "evolution", true) {
        charts.evolution = Some(figure);
        charts.poster = poster;
    }
    charts.provisions = Some(charts::provisions(obs, figures, i, &summary));
    charts.amounts = Some(charts::amounts(obs, figures, i, &summary));
    (summary, charts)
}

/// What is known of the residence with or without figures: its address, size and equipment.
fn facts(obs: &Observatory, figures: &Figures, i: usize) -> ResidenceSummary {
    let r = &obs.residences[i];
    let f = &figures.residences[i];
    let latest = f.latest();
    ResidenceSummary {
        id: r.id.clone(),
        name: r.name.clone(),
        address: r.address.clone(),
        other_addresses: r.other_addresses.clone(),
        postal_code: r.postal_code.clone(),
        commune: r.commune.clone(),
        commune_path: commune_path(&figures.commune(i).slug),
        path: residence_path(&r.id),
        dwellings: format_number(r.dwellings as f64, 0),
        living_area: living_area_words(r),
        construction_year: r.construction_year,
        heating: heating_words(r),
        lift: yes_no(r.lift),
        energy_label: r.energy_label.map(|l| l.letter()),
        priority_district: r.priority_district.map(yes_no),
        insee_code: r.insee_code.clone(),
        climate_zone: r.climate_zone.map(|z| z.word()),
        latest_year: latest.map(|l| l.year),
        headline: None,
        key_figures: Vec::new(),
        comparison: Vec::new(),
        regularisation: None,
        notes: Vec::new(),
        years_span: match (f.years.first(), latest) {
            (Some(a), Some(b)) => span_words(a.year, b.year),
            _ => String::new(),
        },
    }
}

/// `3 363,5 m²`, without a decimal when the area is whole.
fn living_area_words(r: &Residence) -> String {
    let decimals = if r.living_area.fract() == 0.0 { 0 } else { 1 };
    format!("{}{NBSP}m²", format_number(r.living_area, decimals))
}

/// "En 2025, 87,40 € par logement et par mois, +3,1 % sur un an."
fn headline(last: &YearFigures) -> String {
    let mut headline = format!(
        "En {}, {} par logement et par mois",
        last.year,
        format_euros(last.per_dwelling_month)
    );
    match last.change {
        Some(c) => headline.push_str(&format!(", {} sur un an.", format_change_percent(c))),
        None => headline.push('.'),
    }
    headline
}

fn key_figures(last: &YearFigures) -> Vec<KeyFigure> {
    vec![
        KeyFigure {
            value: format_euros(last.per_dwelling_month),
            label: format!("par logement et par mois en {}, en moyenne", last.year),
        },
        KeyFigure {
            value: format_euros(last.per_m2),
            label: "par m² de surface habitable et par an".into(),
        },
        KeyFigure {
            value: format_euros_rounded(last.per_m2 * TYPICAL_FLAT_M2 / 12.0),
            label: format!(
                "par mois pour un logement de {}{NBSP}m²",
                format_number(TYPICAL_FLAT_M2, 0)
            ),
        },
        KeyFigure {
            value: format_euros_rounded(last.total),
            label: format!("de charges pour toute la résidence en {}", last.year),
        },
    ]
}

/// Sentences placing the residence among the stock, its heating mode and its commune.
fn comparison(r: &Residence, last: &YearFigures, peers: &Peers<'_>) -> Vec<String> {
    let mut sentences = Vec::new();
    if let Some((agg, q)) = peers.stock {
        let below = stats::share_below(&agg.per_m2_sorted, last.per_m2);
        sentences.push(format!(
            "Avec {}, la résidence se situe {}. La médiane du parc est de {}\u{202f}; {}{NBSP}% des {} résidences du parc paient moins au m².",
            per_m2_words(last.per_m2),
            band_words(stats::band(last.per_m2, &q), "du parc"),
            format_euros(q.median),
            format_number(below, 0),
            format_number(agg.residences as f64, 0),
        ));
    }
    if let Some(q) = peers.heating {
        sentences.push(format!(
            "Parmi les {} en chauffage {}, la médiane est de {}\u{a0}: la résidence se situe {}.",
            residences_words(q.count),
            heating_label(r),
            per_m2_words(q.median),
            band_words(stats::band(last.per_m2, &q), "de ce groupe"),
        ));
    }
    if let Some(q) = peers.commune.filter(|q| q.count > 1) {
        sentences.push(format!(
            "À {}, la médiane des {} est de {}.",
            peers.commune_name,
            residences_words(q.count),
            per_m2_words(q.median),
        ));
    }
    sentences
}

/// Provisions against actual in the latest year, and what the settlement means per dwelling.
fn regularisation_words(last: &YearFigures) -> String {
    let reg = last.regularisation_per_dwelling;
    let provisions = format_euros_rounded(last.provisions);
    let actual = format_euros_rounded(last.total);
    let year = last.year;
    if reg.abs() < 0.5 {
        format!(
            "En {year}, les provisions appelées ({provisions}) ont couvert exactement la dépense réelle ({actual})."
        )
    } else if reg > 0.0 {
        format!(
            "En {year}, les provisions appelées ({provisions}) ont dépassé la dépense réelle ({actual})\u{a0}: environ {} remboursés par logement à la régularisation.",
            format_euros_rounded(reg)
        )
    } else {
        format!(
            "En {year}, les provisions appelées ({provisions}) n’ont pas couvert la dépense réelle ({actual})\u{a0}: environ {} à payer en plus par logement à la régularisation.",
            format_euros_rounded(-reg)
        )
    }
}

/// The author's notes on unusual amounts, year by year.
fn notes(obs: &Observatory, i: usize) -> Vec<NoteView> {
    obs.charges[i]
        .iter()
        .flat_map(|y| {
            y.lines.iter().filter_map(move |line| {
                line.note.as_ref().map(|n| NoteView {
                    year: y.year,
                    category: obs.categories[line.category].short_label.clone(),
                    text: n.clone(),
                })
            })
        })
        .collect()
}
