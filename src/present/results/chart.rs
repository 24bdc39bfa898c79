//! The trend of one indicator over the years: its result beside its target, year by year, as
//! grouped bars drawn by [`crate::draw::chart`], with the table of the same figures.

use super::values::{status_icon, status_text, target_text, value_text};
use crate::derive::results::IndicatorFigures;
use crate::draw::chart::{grouped_bars, phone_grouped_bars, Bars, Series, Unit};
use crate::model::results::{Indicator, IndicatorUnit};
use crate::present::observatory::table::{DataTable, Figure, TableRow, PHONE_YEARS};
use crate::present::observatory::words::phone_note;

fn chart_unit(unit: IndicatorUnit) -> (Unit, &'static str) {
    match unit {
        IndicatorUnit::Percent => (Unit::Percent, "Pourcentage"),
        IndicatorUnit::Euros => (Unit::Euros, "Montant en euros"),
        IndicatorUnit::Days => (Unit::Number, "Nombre de jours"),
        IndicatorUnit::Hours => (Unit::Number, "Nombre d’heures"),
        IndicatorUnit::Count => (Unit::Number, "Nombre"),
    }
}

/// The chart and table of `ind`'s results; `None` without any result.
pub(super) fn trend(ind: &Indicator, f: &IndicatorFigures, theme: &str) -> Option<Figure> {
    f.latest?;
    let id = format!("resultat-{}", ind.id);
    let labels: Vec<String> = f.values.iter().map(|(y, _)| y.to_string()).collect();
    let results: Vec<f64> = f
        .values
        .iter()
        .map(|(_, v)| v.unwrap_or(f64::NAN))
        .collect();
    let series = [
        Series {
            label: "Résultat".into(),
            code: "resultat".into(),
            values: results,
        },
        Series {
            label: "Objectif".into(),
            code: "objectif".into(),
            values: vec![ind.objectif; labels.len()],
        },
    ];
    let target = target_text(ind.unite, ind.sens, ind.objectif);
    let (first, last) = (labels.first()?, labels.last()?);
    let title = format!("{theme} : {}, de {first} à {last}", ind.mesure);
    let years: Vec<String> = f
        .values
        .iter()
        .map(|(y, v)| match v {
            Some(v) => {
                let met = ind.sens.is_met(*v, ind.objectif);
                format!("{y} : {}, {}", value_text(ind.unite, *v), status_text(met))
            }
            None => format!("{y} : non mesuré"),
        })
        .collect();
    let description = format!("Objectif : {target}. {}.", years.join(" ; "));
    let (unit, y_title) = chart_unit(ind.unite);
    let bars = Bars {
        id: &id,
        title: &title,
        description: &description,
        x_labels: &labels,
        series: &series,
        unit,
        y_title,
        x_title: "Année",
    };
    let svg = grouped_bars(&bars);
    // On a phone the chart of every year scrolls and its legend with it, out of view: the
    // latest years instead, drawn to the screen's width.
    let narrow_id = format!("{id}-etroit");
    let narrow_svg = phone_grouped_bars(
        &Bars {
            id: &narrow_id,
            ..bars
        },
        PHONE_YEARS,
    );
    let all: Vec<i32> = f.values.iter().map(|(y, _)| *y).collect();
    let rows = f
        .values
        .iter()
        .map(|(y, v)| {
            let cells = match v {
                Some(v) => {
                    let met = ind.sens.is_met(*v, ind.objectif);
                    vec![
                        value_text(ind.unite, *v),
                        target.clone(),
                        format!("{} {}", status_icon(met), status_text(met)),
                    ]
                }
                None => vec!["non mesuré".into(), target.clone(), "–".into()],
            };
            TableRow::new(y.to_string(), cells)
        })
        .collect();
    let mut table = DataTable::new(
        format!("{id}-tableau"),
        format!("{}, année par année", ind.mesure),
        "Année",
        ["Résultat", "Objectif", "Objectif tenu ?"]
            .map(String::from)
            .to_vec(),
        rows,
    );
    table.text_columns = vec![1, 2];
    // Not a table of years by column: its years are rows. Opened from its end, as a table of
    // years is on a phone, its sticky first column would hide the result, the column that
    // matters; it opens on the left instead, with the hint that it scrolls.
    Some(Figure {
        id,
        caption: format!("{} : résultat et objectif, de {first} à {last}", ind.mesure),
        svg,
        narrow_svg: Some(narrow_svg),
        narrow_note: phone_note(&all, PHONE_YEARS),
        table,
    })
}
