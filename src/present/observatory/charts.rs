//! The charts of one residence, each with the table of exactly the figures it draws: its charges
//! by category year by year (and the hall poster's large-print variant), its place among its
//! peers, provisions against actual, and the table of every amount.

use super::groups::{categories_present, quartiles_table};
use super::summary::ResidenceSummary;
use super::table::{DataTable, Figure, TableRow, PHONE_YEARS};
use super::words::{
    change_cell, count_cell, heating_label, per_m2_cell, per_m2_words, phone_note,
    residences_words, span_words, NO_VALUE,
};
use crate::core::stats::{self, Quartiles};
use crate::core::typography::{
    format_change_percent, format_euros, format_euros_rounded, format_number,
};
use crate::derive::figures::{Aggregate, Figures, YearFigures};
use crate::draw::chart::{self, Series, Unit};
use crate::model::observatory::Observatory;

/// The groups a residence is compared with in one year: the stock, its heating mode, its
/// commune.
pub(super) struct Peers<'a> {
    pub stock: Option<(&'a Aggregate, Quartiles)>,
    pub heating: Option<Quartiles>,
    pub commune: Option<Quartiles>,
    pub commune_name: &'a str,
}

impl<'a> Peers<'a> {
    pub fn of(obs: &Observatory, figures: &'a Figures, i: usize, year: i32) -> Peers<'a> {
        let commune = figures.commune(i);
        Peers {
            stock: figures
                .stock
                .year(year)
                .and_then(|a| a.per_m2.map(|q| (a, q))),
            heating: figures
                .heating_group(obs, i)
                .year(year)
                .and_then(|a| a.per_m2),
            commune: commune.year(year).and_then(|a| a.per_m2),
            commune_name: &commune.name,
        }
    }
}

/// Its € per m² among the stock's quartiles, with the quartiles of its peer groups.
pub(super) fn position(
    obs: &Observatory,
    i: usize,
    last: &YearFigures,
    peers: &Peers<'_>,
) -> Option<Figure> {
    let r = &obs.residences[i];
    let (agg, q) = peers.stock?;
    let title = format!(
        "{}\u{a0}: charges au m² parmi les {} du parc en {}",
        r.name,
        residences_words(agg.residences),
        last.year
    );
    let description = format!(
        "{} pour la résidence\u{202f}; parc\u{a0}: minimum {}, premier quartile {}, médiane {}, troisième quartile {}, maximum {}.",
        per_m2_words(last.per_m2),
        format_euros(q.min),
        format_euros(q.q1),
        format_euros(q.median),
        format_euros(q.q3),
        format_euros(q.max)
    );
    let id = "position";
    let svg = chart::position(&chart::Position {
        id,
        title: &title,
        description: &description,
        value: last.per_m2,
        min: q.min,
        q1: q.q1,
        median: q.median,
        q3: q.q3,
        max: q.max,
        value_label: &r.name,
        unit: Unit::EurosPerM2,
    });
    let group =
        |name: String, q: Quartiles| (format!("{name} ({})", residences_words(q.count)), Some(q));
    let mut groups = vec![group("Ensemble du parc".into(), q)];
    if let Some(h) = peers.heating {
        groups.push(group(format!("Chauffage {}", heating_label(r)), h));
    }
    if let Some(c) = peers.commune {
        groups.push(group(peers.commune_name.to_string(), c));
    }
    let table = quartiles_table(
        "position-tableau",
        &format!("Chiffres du graphique\u{a0}: charges en € par m² et par an en {}, la résidence et ses comparaisons", last.year),
        &groups,
        Some((r.name.clone(), last.per_m2)),
    );
    Some(Figure {
        narrow_svg: None,
        narrow_note: None,
        id: id.into(),
        caption: title,
        svg,
        table,
    })
}

/// The evolution chart on a phone: a viewBox 360 units wide shown at the width of the screen
/// (288 CSS px at 320 px, with the page's margins), so its smallest text, 15,5 units, is at
/// least 12,4 CSS px.
pub const PHONE_CHART: chart::LargePrint = chart::LargePrint {
    width: 360.0,
    height: 330.0,
    font: 15.5,
    last: PHONE_YEARS,
    max_series: 5,
};

/// Provisions against actual, per dwelling and per year.
pub(super) fn provisions(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
    summary: &ResidenceSummary,
) -> Figure {
    let r = &obs.residences[i];
    let f = &figures.residences[i];
    let labels = year_labels(obs, i);
    let per_dwelling = |v: f64| v / r.dwellings.max(1) as f64;
    let provision_series = [
        Series {
            label: "Provisions appelées".into(),
            code: "provisions".into(),
            values: f.years.iter().map(|y| per_dwelling(y.provisions)).collect(),
        },
        Series {
            label: "Dépense réelle".into(),
            code: "reel".into(),
            values: f.years.iter().map(|y| per_dwelling(y.total)).collect(),
        },
    ];
    let title = format!(
        "Provisions appelées et dépense réelle par logement, {}",
        summary.years_span
    );
    let description = summary.regularisation.clone().unwrap_or_default();
    let bars = chart::GroupedBars {
        id: "provisions",
        title: &title,
        description: &description,
        x_labels: &labels,
        series: &provision_series,
        unit: Unit::Euros,
        y_title: "€ par logement et par an",
        x_title: "",
    };
    let svg = chart::grouped_bars(&bars);
    // On a phone the chart of every year scrolls and its legend with it, out of view.
    let narrow = chart::GroupedBars {
        id: "provisions-etroit",
        ..bars
    };
    let narrow_svg = chart::phone_grouped_bars(&narrow, PHONE_YEARS);
    let all: Vec<i32> = f.years.iter().map(|y| y.year).collect();
    let rows = vec![
        TableRow::new(
            "Provisions appelées",
            f.years
                .iter()
                .map(|y| count_cell(per_dwelling(y.provisions)))
                .collect(),
        ),
        TableRow::new(
            "Dépense réelle",
            f.years
                .iter()
                .map(|y| count_cell(per_dwelling(y.total)))
                .collect(),
        ),
        TableRow::new(
            "Régularisation",
            f.years.iter().map(regularisation_cell).collect(),
        )
        .total(),
    ];
    Figure {
        narrow_svg: Some(narrow_svg),
        narrow_note: phone_note(&all, PHONE_YEARS),
        id: "provisions".into(),
        caption: title,
        svg,
        table: DataTable::new(
            "provisions-tableau",
            "Chiffres du graphique\u{a0}: provisions et dépense réelle, en € par logement et par an",
            "Par logement",
            labels,
            rows,
        ),
    }
}

/// What the settlement of one year meant per dwelling, in a table cell.
fn regularisation_cell(y: &YearFigures) -> String {
    let v = y.regularisation_per_dwelling;
    if v.abs() < 0.5 {
        "0".into()
    } else if v > 0.0 {
        format!("{} remboursés", format_euros_rounded(v))
    } else {
        format!("{} à payer", format_euros_rounded(-v))
    }
}

/// Every amount of the residence, in euros, by category and year.
pub(super) fn amounts(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
    summary: &ResidenceSummary,
) -> DataTable {
    let f = &figures.residences[i];
    let (labels, sums, present) = residence_sums(obs, i);
    let mut rows: Vec<TableRow> = present
        .iter()
        .map(|&c| {
            TableRow::new(
                obs.categories[c].label.clone(),
                sums.iter()
                    .map(|v| {
                        if v[c] > 0.0 {
                            format_number(v[c], 2)
                        } else {
                            NO_VALUE.into()
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    rows.push(
        TableRow::new(
            "Total de la dépense réelle",
            f.years.iter().map(|y| format_number(y.total, 2)).collect(),
        )
        .total(),
    );
    rows.push(TableRow::new(
        "Provisions appelées",
        f.years
            .iter()
            .map(|y| format_number(y.provisions, 2))
            .collect(),
    ));
    DataTable::new(
        "montants-tableau",
        format!(
            "Dépense réelle de toute la résidence ({} logements, {}), en euros TTC",
            summary.dwellings, summary.living_area
        ),
        "Catégorie",
        labels,
        rows,
    )
}

/// The years of residence `i`, as column labels.
fn year_labels(obs: &Observatory, i: usize) -> Vec<String> {
    obs.charges[i].iter().map(|y| y.year.to_string()).collect()
}

/// Year labels, actual cost per category and year, and the categories present, of residence `i`.
fn residence_sums(obs: &Observatory, i: usize) -> (Vec<String>, Vec<Vec<f64>>, Vec<usize>) {
    let sums: Vec<Vec<f64>> = obs.charges[i]
        .iter()
        .map(|y| {
            let mut v = vec![0.0; obs.categories.len()];
            for l in &y.lines {
                v[l.category] += l.actual;
            }
            v
        })
        .collect();
    let sum_refs: Vec<&[f64]> = sums.iter().map(Vec::as_slice).collect();
    let present = categories_present(obs, &sum_refs);
    (year_labels(obs, i), sums, present)
}

/// Stacked bars of residence `i` by category, € per dwelling per month, with its table. `id`
/// prefixes every id of the chart: unique per page.
pub fn residence_evolution(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
    id: &str,
) -> Option<Figure> {
    evolution_charts(obs, figures, i, id, false).map(|(figure, _)| figure)
}

/// The series of [`residence_evolution`], computed once for the page's chart, its table and the
/// poster's chart.
struct Evolution<'a> {
    obs: &'a Observatory,
    f: &'a crate::derive::figures::ResidenceFigures,
    name: &'a str,
    labels: Vec<String>,
    /// Actual cost, by year then category.
    sums: Vec<Vec<f64>>,
    /// The same per dwelling per month.
    per_month: Vec<Vec<f64>>,
    present: Vec<usize>,
}

/// [`residence_evolution`] and, with `poster`, its large-print variant for the hall poster
/// ([`crate::present::poster::RESIDENCE_CHART`]), drawn from the same series.
pub(super) fn evolution_charts(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
    id: &str,
    poster: bool,
) -> Option<(Figure, Option<String>)> {
    let r = &obs.residences[i];
    let f = &figures.residences[i];
    let last = f.latest()?;
    let (labels, sums, present) = residence_sums(obs, i);
    let per_month = sums
        .iter()
        .map(|v| {
            v.iter()
                .map(|&x| stats::per_dwelling_per_month(x, r.dwellings))
                .collect()
        })
        .collect();
    let e = Evolution {
        obs,
        f,
        name: &r.name,
        labels,
        sums,
        per_month,
        present,
    };
    let series: Vec<Series> = e
        .present
        .iter()
        .map(|&c| Series {
            label: obs.categories[c].short_label.clone(),
            code: obs.categories[c].code.clone(),
            values: e.per_month.iter().map(|v| v[c]).collect(),
        })
        .collect();
    let title = format!(
        "{}\u{a0}: charges par catégorie, en € par logement et par mois, {}",
        r.name,
        span_words(f.years[0].year, last.year)
    );
    let description = e.description(last);
    let bars = chart::StackedBars {
        id,
        title: &title,
        description: &description,
        x_labels: &e.labels,
        series: &series,
        unit: Unit::Euros,
        y_title: "€ par logement et par mois",
        x_title: "",
    };
    let svg = chart::stacked_bars(&bars);
    let poster_svg = poster.then(|| {
        e.large_print_chart(
            &bars,
            last,
            crate::present::poster::RESIDENCE_CHART,
            "affiche-graphique",
        )
    });
    // On a phone the chart of every year would be drawn at half size: the latest years instead,
    // in large print (see PHONE_CHART), and the table gives them all.
    let narrow_id = format!("{id}-etroit");
    let narrow_svg = e.large_print_chart(&bars, last, PHONE_CHART, &narrow_id);
    let all: Vec<i32> = f.years.iter().map(|y| y.year).collect();
    let narrow_note = phone_note(&all, PHONE_CHART.last);
    let figure = Figure {
        narrow_svg: Some(narrow_svg),
        narrow_note,
        id: id.into(),
        caption: title,
        svg,
        table: e.table(id),
    };
    Some((figure, poster_svg))
}

impl Evolution<'_> {
    /// The chart's description: the latest amount, its heaviest category, the change since the
    /// first year.
    fn description(&self, last: &YearFigures) -> String {
        let first = &self.f.years[0];
        let latest_sums = &self.sums[self.sums.len() - 1];
        let latest = &self.per_month[self.per_month.len() - 1];
        let mut description = format!(
            "En {}\u{a0}: {} par logement et par mois",
            last.year,
            format_euros(last.per_dwelling_month)
        );
        if let Some(&c) = self
            .present
            .iter()
            .max_by(|a, b| latest_sums[**a].total_cmp(&latest_sums[**b]))
        {
            description.push_str(&format!(
                ", dont {} pour «\u{a0}{}\u{a0}»",
                format_euros(latest[c]),
                self.obs.categories[c].short_label
            ));
        }
        description.push('.');
        if first.year != last.year {
            if let Some(ch) = stats::change_percent(first.total, last.total) {
                description.push_str(&format!(
                    " Évolution depuis {}\u{a0}: {}.",
                    first.year,
                    format_change_percent(ch)
                ));
            }
        }
        description
    }

    /// The hall poster's variant of `bars`: the last years in large print.
    /// The chart in large print, for the hall poster or a phone: the last `print.last` years.
    fn large_print_chart(
        &self,
        bars: &chart::StackedBars<'_>,
        last: &YearFigures,
        print: chart::LargePrint,
        id: &str,
    ) -> String {
        let years = &self.f.years;
        let shown = &years[years.len().saturating_sub(print.last)..];
        let span = match (shown.first(), shown.last()) {
            (Some(a), Some(b)) if a.year != b.year => span_words(a.year, b.year),
            _ => span_words(last.year, last.year),
        };
        let title = format!(
            "{}\u{a0}: charges par catégorie, en € par logement et par mois, {span}",
            self.name
        );
        let totals: Vec<String> = shown
            .iter()
            .map(|y| format!("{} en {}", format_euros(y.per_dwelling_month), y.year))
            .collect();
        let description = format!(
            "Total par logement et par mois\u{a0}: {}.",
            totals.join(", ")
        );
        chart::poster_bars(
            &chart::Bars {
                id,
                title: &title,
                description: &description,
                ..*bars
            },
            &print,
        )
    }

    /// The table of the chart: each category, the total, the change, the amount per m².
    fn table(&self, id: &str) -> DataTable {
        let years = &self.f.years;
        let mut rows: Vec<TableRow> = self
            .present
            .iter()
            .map(|&c| {
                TableRow::new(
                    self.obs.categories[c].short_label.clone(),
                    self.per_month
                        .iter()
                        .map(|v| format_number(v[c], 2))
                        .collect(),
                )
            })
            .collect();
        rows.push(
            TableRow::new(
                "Total",
                years
                    .iter()
                    .map(|y| format_number(y.per_dwelling_month, 2))
                    .collect(),
            )
            .total(),
        );
        rows.push(TableRow::new(
            "Évolution sur un an",
            years.iter().map(|y| change_cell(y.change)).collect(),
        ));
        rows.push(TableRow::new(
            "En € par m² et par an",
            years.iter().map(|y| per_m2_cell(y.per_m2)).collect(),
        ));
        DataTable::new(
            format!("{id}-tableau"),
            "Chiffres du graphique\u{a0}: charges par catégorie, en € par logement et par mois",
            "Catégorie",
            self.labels.clone(),
            rows,
        )
    }
}
