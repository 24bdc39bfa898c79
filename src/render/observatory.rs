//! Render stage of the charges observatory: the observatory page, one page per commune and per
//! residence, the "Trouver ma résidence" page and the open data files.
//!
//! Each residence is one job: its summary and charts are computed once ([`ResidenceJob`]) and
//! handed to the page renderer and to any other renderer given to [`render`] (the hall poster
//! takes the large-print variant of the page's chart, drawn from the same series in the same
//! job). Jobs run in parallel; each page's context holds only that page's figures,
//! site-wide values live in Tera's global context ([`install_globals`]).

use super::templates::Templates;
use super::{PageView, RenderContext, RenderStats};
use crate::derive;
use crate::diagnostic::Diagnostic;
use crate::observatory::figures::{Figures, ResidenceFigures};
use crate::observatory::views::{self, ResidenceCharts, ResidenceSummary};
use crate::observatory::{export, Observatory, Residence};
use rayon::prelude::*;
use serde::Serialize;

/// One residence, with everything derived for it, computed once.
pub struct ResidenceJob<'a> {
    pub index: usize,
    pub residence: &'a Residence,
    pub figures: &'a ResidenceFigures,
    pub summary: ResidenceSummary,
    pub charts: ResidenceCharts,
}

/// Something else to produce from each residence job (e.g. its hall poster); returns how many
/// files it wrote.
pub type ResidenceExtra<'a> = &'a (dyn Fn(&ResidenceJob<'_>) -> usize + Sync);

/// Computes each residence's summary and charts once, in parallel, and hands the job to `each`.
/// Returns the sum of what `each` returns.
pub fn residence_jobs<F>(observatory: &Observatory, figures: &Figures, each: F) -> usize
where
    F: Fn(&ResidenceJob<'_>) -> usize + Sync,
{
    (0..observatory.residences.len())
        .into_par_iter()
        .map(|i| {
            let (summary, charts) = views::residence(observatory, figures, i);
            let job = ResidenceJob {
                index: i,
                residence: &observatory.residences[i],
                figures: &figures.residences[i],
                summary,
                charts,
            };
            each(&job)
        })
        .sum()
}

#[derive(Serialize)]
struct Crumb<'a> {
    path: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct DataFiles {
    csv: &'static str,
    residences_csv: &'static str,
    json: &'static str,
}

/// Site-wide observatory values, set once in Tera's global context.
pub fn install_globals(templates: &mut Templates, observatory: &Observatory, figures: &Figures) {
    let globals = templates.tera.global_context();
    globals.insert("observatory_years", &observatory.years);
    globals.insert("observatory_latest_year", &figures.latest_year());
    globals.insert(
        "data_files",
        &DataFiles {
            csv: views::CSV_PATH,
            residences_csv: views::RESIDENCES_CSV_PATH,
            json: views::JSON_PATH,
        },
    );
}

/// Renders every observatory page and data file; `extra` runs in each residence job.
pub fn render(
    ctx: &RenderContext<'_>,
    figures: &Figures,
    extra: Option<ResidenceExtra<'_>>,
) -> RenderStats {
    let obs = &ctx.site.observatory;
    let mut stats = RenderStats::default();
    if obs.is_empty() {
        return stats;
    }
    let (pages, charts_and_extra) = rayon::join(
        || {
            let (pages, ()) = rayon::join(
                || {
                    let (p1, c1) = observatory_page(ctx, figures);
                    let (p2, c2) = commune_pages(ctx, figures);
                    (p1 + p2 + finder_page(ctx, figures), c1 + c2)
                },
                || exports(ctx),
            );
            pages
        },
        || {
            let charts = std::sync::atomic::AtomicUsize::new(0);
            let extra_count = std::sync::atomic::AtomicUsize::new(0);
            let pages = residence_jobs(obs, figures, |job| {
                charts.fetch_add(job.charts.count(), std::sync::atomic::Ordering::Relaxed);
                if let Some(f) = extra {
                    extra_count.fetch_add(f(job), std::sync::atomic::Ordering::Relaxed);
                }
                residence_page(ctx, job) as usize
            });
            (pages, charts.into_inner(), extra_count.into_inner())
        },
    );
    let (other_pages, other_charts) = pages;
    let (residence_pages, residence_charts, extra_count) = charts_and_extra;
    stats.pages = other_pages + residence_pages;
    stats.charts = other_charts + residence_charts;
    stats.posters = extra_count;
    stats
}

fn view<'a>(
    ctx: &RenderContext<'_>,
    title: &'a str,
    description: Option<&'a str>,
    path: &'a str,
    kind: &'a str,
    content: &'a str,
) -> PageView<'a> {
    PageView {
        title,
        description,
        path,
        url: derive::absolute_url(&ctx.shared.base_url, path),
        content,
        headings: &[],
        kind,
    }
}

fn residence_page(ctx: &RenderContext<'_>, job: &ResidenceJob<'_>) -> bool {
    let s = &job.summary;
    let path = s.path.as_str();
    let mut tctx = ctx.page_context(path);
    let description = s
        .headline
        .clone()
        .unwrap_or_else(|| format!("Charges de la résidence {}, {}", s.name, s.commune));
    let page = view(ctx, &s.name, Some(&description), path, "residence", "");
    tctx.insert("page", &page);
    tctx.insert("residence", s);
    let html = |f: &Option<views::Figure>| f.as_ref().map(|f| f.to_html()).unwrap_or_default();
    tctx.insert("chart_evolution", &html(&job.charts.evolution));
    tctx.insert("chart_position", &html(&job.charts.position));
    tctx.insert("chart_provisions", &html(&job.charts.provisions));
    tctx.insert(
        "amounts_table",
        &job.charts
            .amounts
            .as_ref()
            .map(|t| t.to_html())
            .unwrap_or_default(),
    );
    let commune_title = s.commune.as_str();
    tctx.insert(
        "crumbs",
        &[
            Crumb {
                path: views::OBSERVATORY_PATH,
                title: "Observatoire des charges",
            },
            Crumb {
                path: &s.commune_path,
                title: commune_title,
            },
        ],
    );
    tctx.insert("method_path", &method_path(ctx));
    ctx.render_to("residence.html", &tctx, path)
}

fn method_path(ctx: &RenderContext<'_>) -> Option<String> {
    ctx.shared.link_targets.get("methodologie.md").cloned()
}

fn observatory_page(ctx: &RenderContext<'_>, figures: &Figures) -> (usize, usize) {
    let obs = &ctx.site.observatory;
    let path = views::OBSERVATORY_PATH;
    let root = derive::root_prefix(path);
    let Some(v) = views::observatory(obs, figures, &root) else {
        return (0, 0);
    };
    let intro = ctx.site.content.observatory_intro.as_ref();
    let rendered = intro.map(|p| ctx.markdown(&p.source, path));
    let title = intro
        .map(|p| crate::typography::french_spacing(&p.front.titre))
        .unwrap_or_else(|| "Observatoire des charges".into());
    let description = intro
        .and_then(|p| p.front.description.clone())
        .unwrap_or_else(|| v.summary.clone());
    let mut tctx = ctx.page_context(path);
    let page = PageView::optional(
        ctx,
        &title,
        Some(&description),
        path,
        rendered.as_ref(),
        "observatory",
    );
    tctx.insert("page", &page);
    tctx.insert("obs", &v);
    tctx.insert("method_path", &method_path(ctx));
    let ok = ctx.render_to("observatory.html", &tctx, path);
    (ok as usize, if ok { 2 } else { 0 })
}

fn commune_pages(ctx: &RenderContext<'_>, figures: &Figures) -> (usize, usize) {
    let obs = &ctx.site.observatory;
    (0..figures.communes.len())
        .into_par_iter()
        .map(|c| {
            let g = &figures.communes[c];
            let path = views::commune_path(&g.slug);
            let root = derive::root_prefix(&path);
            let v = views::commune(obs, figures, c, &root);
            let title = format!("Les charges des résidences de {}", g.name);
            let description = v.summary.first().cloned();
            let mut tctx = ctx.page_context(&path);
            tctx.insert(
                "page",
                &view(ctx, &title, description.as_deref(), &path, "commune", ""),
            );
            tctx.insert("commune", &v);
            tctx.insert(
                "crumbs",
                &[Crumb {
                    path: views::OBSERVATORY_PATH,
                    title: "Observatoire des charges",
                }],
            );
            let ok = ctx.render_to("commune.html", &tctx, &path);
            (ok as usize, (ok && !v.evolution.is_empty()) as usize)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

fn finder_page(ctx: &RenderContext<'_>, figures: &Figures) -> usize {
    let obs = &ctx.site.observatory;
    let path = views::FINDER_PATH;
    let v = views::finder(obs, figures);
    let mut tctx = ctx.page_context(path);
    tctx.insert(
        "page",
        &view(ctx, "Trouver ma résidence", Some("Cherchez votre résidence par son nom, sa rue, son code postal ou sa commune, et consultez ses charges."), path, "finder", ""),
    );
    tctx.insert("finder", &v);
    ctx.render_to("residences.html", &tctx, path) as usize
}

/// The open data files, streamed to the output.
fn exports(ctx: &RenderContext<'_>) {
    let obs = &ctx.site.observatory;
    let source = ctx.site.config.organisme.nom.as_str();
    let results = [
        (
            views::CSV_PATH,
            ctx.output
                .write_stream(views::CSV_PATH, |w| export::charges_csv(obs, w)),
        ),
        (
            views::RESIDENCES_CSV_PATH,
            ctx.output.write_stream(views::RESIDENCES_CSV_PATH, |w| {
                export::residences_csv(obs, w)
            }),
        ),
        (
            views::JSON_PATH,
            ctx.output
                .write_stream(views::JSON_PATH, |w| export::charges_json(obs, source, w)),
        ),
    ];
    for (path, result) in results {
        if let Err(e) = result {
            ctx.report(
                Diagnostic::error(path, format!("écriture impossible : {e}"))
                    .hint("vérifiez l'espace disque et les droits du dossier de sortie."),
            );
        }
    }
}
