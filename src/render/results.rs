//! The yearly results of the contract: `resultats/index.html` (every theme, every indicator,
//! its trend chart and table), one page per evaluation year (`resultats/AAAA/index.html`, the
//! year's text and figures), and their open data:
//!
//! - `donnees/resultats.csv`: one row per year and indicator, with the conventions of
//!   `charges.csv` (UTF-8 with a byte order mark, `;`, decimal comma, CRLF, formula-safe cells);
//! - `donnees/resultats.json`: the indicators and every year's values (decimal point).
//!
//! The result figures are derived again here from the loaded site (a few microseconds): the
//! render context stays the same for every renderer.

use super::context::{RenderContext, RenderStats, Renderer};
use super::exports::{csv_writer, decimal_comma, safe_cell};
use super::templates::Templates;
use crate::core::paths;
use crate::derive::results::{indicator, ResultFigures};
use crate::model::contract::Content;
use crate::model::results::Results;
use crate::model::site::Site;
use crate::present::contract::{PageView, ThemeView};
use crate::present::results::{key_results, results_view, year_view};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct ResultsFiles {
    csv: &'static str,
    json: &'static str,
    page: &'static str,
}

/// Sets the results' site-wide values in Tera's global context.
pub fn install_globals(templates: &mut Templates, site: &Site, themes: &[ThemeView]) {
    let latest = site.results.years.last().map(|y| y.year);
    templates.set_global("has_results", &latest.is_some());
    templates.set_global(
        "results_files",
        &ResultsFiles {
            csv: paths::RESULTS_CSV_PATH,
            json: paths::RESULTS_JSON_PATH,
            page: paths::RESULTS_PATH,
        },
    );
    // The posters' key results: the latest year's result of every measured commitment.
    templates.set_global("results_summary", &key_results(themes));
}

#[derive(Serialize)]
struct Crumb<'a> {
    path: &'a str,
    title: &'a str,
}

/// The results pages and their data files, when there is at least one year of results.
pub struct ResultsPages;

impl Renderer for ResultsPages {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        let (content, results) = (&ctx.site.content, &ctx.site.results);
        if results.is_empty() {
            return RenderStats::default();
        }
        let figures = ResultFigures::compute(content, results);
        let mut stats = RenderStats::default();
        if let Some(view) = results_view(content, results, &figures, ctx.themes) {
            let path = paths::RESULTS_PATH;
            let mut tctx = ctx.page_context(path);
            let rendered = results
                .intro
                .as_ref()
                .map(|p| ctx.markdown(&p.source, path));
            let title = results
                .intro
                .as_ref()
                .map(|p| crate::core::typography::french_spacing(&p.front.titre))
                .unwrap_or_else(|| "Nos résultats, engagement par engagement".into());
            let description = results
                .intro
                .as_ref()
                .and_then(|p| p.front.description.as_deref());
            let page = PageView::optional(
                &ctx.shared.base_url,
                &title,
                description,
                path,
                rendered.as_ref(),
                "results",
            );
            tctx.insert("page", &page);
            tctx.insert("results", &view);
            stats.charts += view
                .themes
                .iter()
                .flat_map(|t| &t.indicators)
                .filter(|i| i.figure.is_some())
                .count();
            stats.pages += usize::from(ctx.render_to("results.html", &tctx, path));
        }
        for year in &results.years {
            let path = paths::results_year_path(year.year);
            let mut tctx = ctx.page_context(&path);
            let view = year_view(content, year, &figures, ctx.themes);
            let rendered = year.text.as_ref().map(|p| ctx.markdown(&p.source, &path));
            let description = year
                .text
                .as_ref()
                .and_then(|p| p.front.description.as_deref());
            let page = PageView::optional(
                &ctx.shared.base_url,
                &view.title,
                description,
                &path,
                rendered.as_ref(),
                "results-year",
            );
            tctx.insert("page", &page);
            tctx.insert("year", &view);
            tctx.insert(
                "crumbs",
                &[Crumb {
                    path: paths::RESULTS_PATH,
                    title: "Nos résultats",
                }],
            );
            stats.pages += usize::from(ctx.render_to("results-year.html", &tctx, &path));
        }
        let source = ctx.site.config.organisme.nom.as_str();
        ctx.write_stream(paths::RESULTS_CSV_PATH, |w| {
            results_csv(content, results, w)
        });
        ctx.write_stream(paths::RESULTS_JSON_PATH, |w| {
            results_json(content, results, source, w)
        });
        stats
    }
}

pub const RESULTS_COLUMNS: [&str; 11] = [
    "annee",
    "indicateur",
    "theme",
    "mesure",
    "unite",
    "sens",
    "objectif",
    "valeur",
    "objectif_tenu",
    "effectif",
    "commentaire",
];

/// Writes `resultats.csv`: year by year, indicators in the order of the contract; an indicator
/// not measured a year has no row that year (never a zero).
pub fn results_csv(content: &Content, results: &Results, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv_writer(out);
    w.write_record(RESULTS_COLUMNS)?;
    for year in &results.years {
        let year_text = year.year.to_string();
        for &at in &results.indicators {
            let Some(ind) = indicator(content, at) else {
                continue;
            };
            let Some(v) = year.value(&ind.id) else {
                continue;
            };
            let theme = &content.themes[at.theme].slug;
            w.write_record([
                year_text.as_str(),
                &safe_cell(&ind.id),
                &safe_cell(theme),
                &safe_cell(&ind.mesure),
                ind.unite.code(),
                ind.sens.code(),
                &decimal_comma(ind.objectif),
                &decimal_comma(v.value),
                if ind.sens.is_met(v.value, ind.objectif) {
                    "oui"
                } else {
                    "non"
                },
                &v.count.map(|n| n.to_string()).unwrap_or_default(),
                &safe_cell(v.comment.as_deref().unwrap_or("")),
            ])?;
        }
    }
    w.flush()
}

#[derive(Serialize)]
struct JsonResults<'a> {
    source: &'a str,
    reutilisation: &'a str,
    annees: Vec<i32>,
    indicateurs: Vec<JsonIndicator<'a>>,
}

#[derive(Serialize)]
struct JsonIndicator<'a> {
    id: &'a str,
    theme: &'a str,
    mesure: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    methode: Option<&'a str>,
    unite: &'static str,
    sens: &'static str,
    objectif: f64,
    resultats: Vec<JsonValue<'a>>,
}

#[derive(Serialize)]
struct JsonValue<'a> {
    annee: i32,
    valeur: f64,
    objectif_tenu: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    effectif: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commentaire: Option<&'a str>,
}

/// Writes `resultats.json`.
pub fn results_json(
    content: &Content,
    results: &Results,
    source: &str,
    out: &mut dyn Write,
) -> io::Result<()> {
    let indicateurs = results
        .indicators
        .iter()
        .filter_map(|&at| {
            let ind = indicator(content, at)?;
            Some(JsonIndicator {
                id: &ind.id,
                theme: &content.themes[at.theme].slug,
                mesure: &ind.mesure,
                methode: ind.methode.as_deref(),
                unite: ind.unite.code(),
                sens: ind.sens.code(),
                objectif: ind.objectif,
                resultats: results
                    .years
                    .iter()
                    .filter_map(|y| {
                        let v = y.value(&ind.id)?;
                        Some(JsonValue {
                            annee: y.year,
                            valeur: v.value,
                            objectif_tenu: ind.sens.is_met(v.value, ind.objectif),
                            effectif: v.count,
                            commentaire: v.comment.as_deref(),
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    let doc = JsonResults {
        source,
        reutilisation: "libre, en citant la source et l’année des résultats",
        annees: results.years.iter().map(|y| y.year).collect(),
        indicateurs,
    };
    // Same writer as charges.json: strings stay inert wherever the file is pasted.
    let mut writer = serde_json::Serializer::with_formatter(&mut *out, super::exports::InertInHtml);
    serde::Serialize::serialize(&doc, &mut writer).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
