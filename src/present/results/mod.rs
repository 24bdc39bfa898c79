//! What the results pages, the theme pages and the posters show of the yearly results: for each
//! indicator its commitment, what is measured and how, the latest result against the target
//! with a text cue (« objectif tenu », with a shape, never a colour alone), and the trend over
//! the years as an accessible chart with its data table.

mod chart;
pub mod values;

use crate::core::paths;
use crate::core::typography::french_spacing;
use crate::derive::results::{indicator, IndicatorFigures, ResultFigures, Trend};
use crate::model::contract::Content;
use crate::model::results::{Indicator, ResultYear, Results};
use crate::present::contract::ThemeView;
use crate::present::observatory::table::{DataTable, Figure, TableRow};
use serde::Serialize;
use values::{status_icon, status_text, target_text, value_text};
pub use values::{CommitmentResult, LatestView};

/// One indicator, on the results page.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub id: String,
    /// Anchor of its section on the results page.
    pub anchor: String,
    /// The commitment it measures, as trusted HTML.
    pub commitment: String,
    pub measure: String,
    pub method: Option<String>,
    pub target: String,
    pub latest: Option<LatestView>,
    /// Said when the latest year of results has no value for this indicator.
    pub missing: Option<String>,
    pub figure: Option<Figure>,
}

/// The indicators of one theme.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeResults {
    pub number: usize,
    pub title: String,
    pub path: String,
    pub indicators: Vec<IndicatorView>,
}

/// One evaluation year, for links.
#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub path: String,
}

/// The results page: every theme, every indicator.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    pub first_year: i32,
    pub latest_year: i32,
    pub years: Vec<YearLink>,
    pub themes: Vec<ThemeResults>,
    /// How many indicators kept their target in the latest year, of how many measured.
    pub met_count: usize,
    pub measured_count: usize,
}

/// The page of one evaluation year.
#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub title: String,
    pub table: DataTable,
    pub met_count: usize,
    pub measured_count: usize,
}

/// The latest year's results, for the posters.
#[derive(Debug, Clone, Serialize)]
pub struct KeyResults {
    pub year: i32,
    pub met_count: usize,
    pub measured_count: usize,
    pub items: Vec<KeyResult>,
}

/// A key result for the posters: the theme, what is measured, the value and its cue.
#[derive(Debug, Clone, Serialize)]
pub struct KeyResult {
    pub theme: String,
    /// What the value counts, short: the commitment's target text, or the measure.
    pub label: String,
    pub value: String,
    pub target: String,
    pub met: bool,
    pub status: &'static str,
    pub icon: &'static str,
}

fn anchor(id: &str) -> String {
    format!("indicateur-{id}")
}

fn latest_view(ind: &Indicator, f: &IndicatorFigures) -> Option<LatestView> {
    let l = f.latest?;
    let trend = l.previous.zip(l.trend).map(|(p, t)| {
        let word = match t {
            Trend::Better => "en progrès",
            Trend::Worse => "en recul",
            Trend::Same => "stable",
        };
        format!(
            "{word} par rapport à {} ({})",
            l.year - 1,
            value_text(ind.unite, p)
        )
    });
    Some(LatestView {
        year: l.year,
        value: value_text(ind.unite, l.value),
        met: l.met,
        status: status_text(l.met),
        icon: status_icon(l.met),
        trend,
    })
}

/// The results page's view.
pub fn results_view(
    content: &Content,
    results: &Results,
    figures: &ResultFigures,
    themes: &[ThemeView],
) -> Option<ResultsView> {
    let first_year = results.years.first()?.year;
    let latest_year = results.years.last()?.year;
    let mut out: Vec<ThemeResults> = Vec::new();
    for f in &figures.indicators {
        let Some(ind) = indicator(content, f.at) else {
            continue;
        };
        let theme = &themes[f.at.theme];
        let view = IndicatorView {
            id: ind.id.clone(),
            anchor: anchor(&ind.id),
            commitment: theme.landlord[f.at.commitment].html.clone(),
            measure: french_spacing(&ind.mesure),
            method: ind.methode.as_deref().map(french_spacing),
            target: target_text(ind.unite, ind.sens, ind.objectif),
            latest: latest_view(ind, f),
            missing: (f.latest.map(|l| l.year) != Some(latest_year))
                .then(|| format!("Pas de résultat publié pour {latest_year}.")),
            figure: chart::trend(ind, f, &theme.short_title),
        };
        match out.last_mut().filter(|t| t.number == theme.number) {
            Some(t) => t.indicators.push(view),
            None => out.push(ThemeResults {
                number: theme.number,
                title: theme.title.clone(),
                path: theme.path.clone(),
                indicators: vec![view],
            }),
        }
    }
    let latest: Vec<_> = figures
        .indicators
        .iter()
        .filter_map(|f| f.latest.filter(|l| l.year == latest_year))
        .collect();
    Some(ResultsView {
        first_year,
        latest_year,
        years: results
            .years
            .iter()
            .map(|y| YearLink {
                year: y.year,
                path: paths::results_year_path(y.year),
            })
            .collect(),
        themes: out,
        met_count: latest.iter().filter(|l| l.met).count(),
        measured_count: latest.len(),
    })
}

/// Sets the result of every measured commitment of `themes`, for the theme pages and posters.
pub fn attach(themes: &mut [ThemeView], content: &Content, figures: &ResultFigures) {
    for f in &figures.indicators {
        let Some(ind) = indicator(content, f.at) else {
            continue;
        };
        let Some(c) = themes
            .get_mut(f.at.theme)
            .and_then(|t| t.landlord.get_mut(f.at.commitment))
        else {
            continue;
        };
        c.result = Some(CommitmentResult {
            measure: french_spacing(&ind.mesure),
            target: target_text(ind.unite, ind.sens, ind.objectif),
            latest: latest_view(ind, f),
            href: format!("{}#{}", paths::RESULTS_PATH, anchor(&ind.id)),
        });
    }
}

/// The view of the page of evaluation year `year`: every indicator's result that year.
pub fn year_view(
    content: &Content,
    year: &ResultYear,
    figures: &ResultFigures,
    themes: &[ThemeView],
) -> YearView {
    let mut rows = Vec::new();
    let (mut met_count, mut measured_count) = (0, 0);
    for f in &figures.indicators {
        let Some(ind) = indicator(content, f.at) else {
            continue;
        };
        let theme = &themes[f.at.theme];
        let label = format!("{} – {}", theme.short_title, french_spacing(&ind.mesure));
        let target = target_text(ind.unite, ind.sens, ind.objectif);
        let cells = match year.value(&ind.id) {
            Some(v) => {
                let met = ind.sens.is_met(v.value, ind.objectif);
                measured_count += 1;
                met_count += usize::from(met);
                vec![
                    value_text(ind.unite, v.value),
                    target,
                    format!("{} {}", status_icon(met), status_text(met)),
                    v.count
                        .map(|n| crate::core::typography::format_number(n as f64, 0))
                        .unwrap_or_default(),
                    v.comment.as_deref().map(french_spacing).unwrap_or_default(),
                ]
            }
            None => vec![
                "non mesuré".into(),
                target,
                "–".into(),
                String::new(),
                String::new(),
            ],
        };
        rows.push(TableRow::new(label, cells).linked(format!(
            "../../{}#{}",
            paths::RESULTS_PATH,
            anchor(&ind.id)
        )));
    }
    let mut table = DataTable::new(
        format!("resultats-{}", year.year),
        format!(
            "Résultats {} des engagements, indicateur par indicateur",
            year.year
        ),
        "Indicateur",
        [
            "Résultat",
            "Objectif",
            "Objectif tenu ?",
            "Effectif mesuré",
            "Commentaire",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    );
    table.text_columns = vec![1, 2, 4];
    let title = year
        .text
        .as_ref()
        .map(|p| french_spacing(&p.front.titre))
        .unwrap_or_else(|| format!("Les résultats de {}", year.year));
    YearView {
        year: year.year,
        title,
        table,
        met_count,
        measured_count,
    }
}

/// The latest year's results of every measured commitment, read from the themes' views (see
/// [`attach`]), for the posters; `None` when no commitment has a result.
pub fn key_results(themes: &[ThemeView]) -> Option<KeyResults> {
    let year = themes
        .iter()
        .flat_map(|t| &t.landlord)
        .filter_map(|c| c.result.as_ref()?.latest.as_ref().map(|l| l.year))
        .max()?;
    let mut items = Vec::new();
    for t in themes {
        for c in &t.landlord {
            let Some(r) = &c.result else { continue };
            let Some(l) = r.latest.as_ref().filter(|l| l.year == year) else {
                continue;
            };
            items.push(KeyResult {
                theme: t.short_title.clone(),
                // The commitment's own short target (« sous 48 h ») says what the value counts.
                label: c.target.clone().unwrap_or_else(|| r.measure.clone()),
                value: l.value.clone(),
                target: r.target.clone(),
                met: l.met,
                status: l.status,
                icon: l.icon,
            });
        }
    }
    Some(KeyResults {
        year,
        met_count: items.iter().filter(|k| k.met).count(),
        measured_count: items.len(),
        items,
    })
}
