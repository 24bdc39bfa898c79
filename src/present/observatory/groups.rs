//! Figures of a group of residences (the whole stock, a commune, a heating mode): its evolution by
//! category, how its residences spread, and the quartiles of several groups side by side.

use super::table::{DataTable, Figure, TableRow, PHONE_YEARS};
use super::words::{
    change_cell, count_cell, per_m2_cell, per_m2_words, phone_note, residences_words, span_words,
};
use crate::core::stats::{self, Quartiles};
use crate::core::typography::{format_change_percent, format_euros, format_number};
use crate::derive::figures::{Aggregate, Group};
use crate::draw::chart::{self, Series, Unit};
use crate::model::observatory::Observatory;

/// Categories that appear in any of `by_category` (one slice of amounts per year), in category
/// order.
pub(super) fn categories_present(obs: &Observatory, by_category: &[&[f64]]) -> Vec<usize> {
    (0..obs.categories.len())
        .filter(|&c| {
            by_category
                .iter()
                .any(|v| v.get(c).is_some_and(|x| *x > 0.0))
        })
        .collect()
}

/// Stacked bars of € per m² per year by category for a group, with its table.
pub fn group_evolution(obs: &Observatory, group: &Group, id: &str, whose: &str) -> Option<Figure> {
    let years: Vec<&Aggregate> = group
        .years
        .iter()
        .filter(|a| a.residences > 0 && a.area > 0.0)
        .collect();
    let (first, last) = (years.first()?, years.last()?);
    let labels: Vec<String> = years.iter().map(|a| a.year.to_string()).collect();
    let sums: Vec<&[f64]> = years.iter().map(|a| a.by_category.as_slice()).collect();
    let present = categories_present(obs, &sums);
    let series: Vec<Series> = present
        .iter()
        .map(|&c| Series {
            label: obs.categories[c].short_label.clone(),
            code: obs.categories[c].code.clone(),
            values: years.iter().map(|a| a.category_per_m2(c)).collect(),
        })
        .collect();
    let title = format!(
        "Charges {whose} par catégorie, en € par m² et par an, {}",
        span_words(first.year, last.year)
    );
    let description = group_evolution_words(obs, &present, first, last);
    let bars = chart::StackedBars {
        id,
        title: &title,
        description: &description,
        x_labels: &labels,
        series: &series,
        unit: Unit::EurosPerM2,
        y_title: "€ par m² et par an",
        x_title: "",
    };
    let svg = chart::stacked_bars(&bars);
    // On a phone the chart of every year scrolls and its legend with it, out of view: the
    // latest years instead, drawn to the screen's width.
    let narrow_id = format!("{id}-etroit");
    let narrow = chart::StackedBars {
        id: &narrow_id,
        ..bars
    };
    let narrow_svg = chart::phone_stacked_bars(&narrow, PHONE_YEARS);
    let all: Vec<i32> = years.iter().map(|a| a.year).collect();
    let rows = group_evolution_rows(obs, group, &years, &present);
    Some(Figure {
        narrow_svg: Some(narrow_svg),
        narrow_note: phone_note(&all, PHONE_YEARS),
        id: id.to_string(),
        caption: title,
        svg,
        table: DataTable::new(
            format!("{id}-tableau"),
            format!("Chiffres du graphique\u{a0}: charges {whose} en € par m² de surface habitable et par an"),
            "Catégorie",
            labels,
            rows,
        ),
    })
}

/// The chart's description: the latest average, its heaviest category and the change since the
/// first year.
fn group_evolution_words(
    obs: &Observatory,
    present: &[usize],
    first: &Aggregate,
    last: &Aggregate,
) -> String {
    let mut description = format!(
        "En {}\u{a0}: {} en moyenne",
        last.year,
        per_m2_words(last.average_per_m2())
    );
    if let Some((c, v)) = present
        .iter()
        .map(|&c| (c, last.category_per_m2(c)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        description.push_str(&format!(
            ", dont {} pour «\u{a0}{}\u{a0}»",
            format_euros(v),
            obs.categories[c].short_label
        ));
    }
    description.push('.');
    let change = stats::change_percent(first.average_per_m2(), last.average_per_m2());
    if let (Some(ch), true) = (change, first.year != last.year) {
        description.push_str(&format!(
            " Évolution depuis {}\u{a0}: {}.",
            first.year,
            format_change_percent(ch)
        ));
    }
    description
}

/// One row per category, the total, the change and the number of residences counted.
fn group_evolution_rows(
    obs: &Observatory,
    group: &Group,
    years: &[&Aggregate],
    present: &[usize],
) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = present
        .iter()
        .map(|&c| {
            TableRow::new(
                obs.categories[c].short_label.clone(),
                years
                    .iter()
                    .map(|a| per_m2_cell(a.category_per_m2(c)))
                    .collect(),
            )
        })
        .collect();
    rows.push(
        TableRow::new(
            "Total",
            years
                .iter()
                .map(|a| per_m2_cell(a.average_per_m2()))
                .collect(),
        )
        .total(),
    );
    rows.push(TableRow::new(
        "Évolution sur un an",
        years
            .iter()
            .map(|a| change_cell(group.change(a.year)))
            .collect(),
    ));
    rows.push(TableRow::new(
        "Résidences comptées",
        years
            .iter()
            .map(|a| count_cell(a.residences as f64))
            .collect(),
    ));
    rows
}

/// How residences spread by € per m² in one year: histogram and table of its bins.
pub fn spread(group: &Group, year: i32, id: &str, marker: Option<(f64, &str)>) -> Option<Figure> {
    let agg = group.year(year)?;
    let q = agg.per_m2?;
    let values = &agg.per_m2_sorted;
    let width = stats::nice_width(q.min, q.max, 10);
    let bins = stats::histogram(values, width);
    let title = format!(
        "Répartition des {} selon leurs charges au m² en {year}",
        residences_words(agg.residences)
    );
    let description = format!(
        "La moitié des résidences paie entre {} et {} par m² et par an\u{202f}; médiane {}\u{202f}; de {} pour la moins chère à {} pour la plus chère.",
        format_euros(q.q1),
        format_euros(q.q3),
        format_euros(q.median),
        format_euros(q.min),
        format_euros(q.max)
    );
    let svg = chart::histogram(&chart::Histogram {
        id,
        title: &title,
        description: &description,
        bins: &bins,
        unit: Unit::EurosPerM2,
        marker: marker.map(|(value, label)| chart::Marker { value, label }),
        y_title: "Nombre de résidences",
        x_title: "€ par m² et par an",
    });
    let rows = bins
        .iter()
        .map(|(from, to, n)| {
            TableRow::new(
                format!(
                    "de {} à moins de {}",
                    format_number(*from, 0),
                    format_number(*to, 0)
                ),
                vec![count_cell(*n as f64)],
            )
        })
        .collect();
    Some(Figure {
        narrow_svg: None,
        narrow_note: None,
        id: id.to_string(),
        caption: title,
        svg,
        table: DataTable::new(
            format!("{id}-tableau"),
            format!(
                "Chiffres du graphique\u{a0}: nombre de résidences par tranche de charges en {year}"
            ),
            "Charges en € par m² et par an",
            vec!["Résidences".into()],
            rows,
        ),
    })
}

/// Headers of the quartiles table; the first, the residence's own value, only with a residence.
const QUARTILE_COLUMNS: [&str; 7] = [
    "Valeur",
    "Minimum",
    "1er quartile",
    "Médiane",
    "3e quartile",
    "Maximum",
    "Résidences",
];

/// The quartiles table of a few peer groups for one year, after the row of one residence
/// (`first`: its name and € per m²) when there is one.
pub fn quartiles_table(
    id: &str,
    caption: &str,
    groups: &[(String, Option<Quartiles>)],
    first: Option<(String, f64)>,
) -> DataTable {
    let with_value = first.is_some();
    let mut rows = Vec::new();
    if let Some((label, v)) = first {
        let mut cells = vec![String::new(); QUARTILE_COLUMNS.len()];
        cells[0] = per_m2_cell(v);
        rows.push(TableRow::new(label, cells).total());
    }
    for (label, q) in groups {
        let Some(q) = q else { continue };
        let mut cells = vec![
            per_m2_cell(q.min),
            per_m2_cell(q.q1),
            per_m2_cell(q.median),
            per_m2_cell(q.q3),
            per_m2_cell(q.max),
            count_cell(q.count as f64),
        ];
        // Without a residence row, the "value" column is empty: it is left out.
        if with_value {
            cells.insert(0, String::new());
        }
        rows.push(TableRow::new(label.clone(), cells));
    }
    let skip = usize::from(!with_value);
    DataTable::new(
        id,
        caption,
        "Groupe de résidences",
        QUARTILE_COLUMNS[skip..]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        rows,
    )
}
