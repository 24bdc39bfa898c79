//! Render stage of the charges observatory: the observatory page, one page per commune and per
//! residence, the "Trouver ma résidence" page and the open data files.
//!
//! Each residence is one job: its summary and charts are computed once ([`ResidenceJob`]) and
//! serve its page and its hall poster (which takes the large-print variant of the page's chart,
//! drawn from the same series in the same job). Jobs run in parallel; each page's context holds only that page's figures,
//! site-wide values live in Tera's global context ([`install_globals`]).

use super::context::{RenderContext, RenderStats, Renderer};
use super::templates::Templates;
use crate::core::paths;
use crate::derive::figures::Figures;
use crate::model::observatory::Observatory;
use crate::present::contract::PageView;
use crate::present::observatory::job::{residence_jobs, some_residence_jobs, ResidenceJob};
use crate::present::observatory::{self as views};
use rayon::prelude::*;
use serde::Serialize;

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
    chiffres_csv: &'static str,
    ods: &'static str,
    charges_schema: &'static str,
    residences_schema: &'static str,
    chiffres_schema: &'static str,
}

/// Site-wide observatory values, set once in Tera's global context.
pub fn install_globals(templates: &mut Templates, observatory: &Observatory, figures: &Figures) {
    templates.set_global("observatory_years", &observatory.years);
    templates.set_global("observatory_latest_year", &figures.latest_year());
    // « 2025 », « 2024 et 2025 »: the years a notice says are not final yet.
    let provisional: Vec<String> = observatory
        .provisional_years
        .iter()
        .map(|y| y.to_string())
        .collect();
    let provisional_text = match provisional.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} et {last}", rest.join(", ")),
    };
    templates.set_global("observatory_provisional", &provisional_text);
    templates.set_global(
        "observatory_latest_provisional",
        &figures
            .latest_year()
            .is_some_and(|y| observatory.provisional_years.contains(&y)),
    );
    templates.set_global(
        "data_files",
        &DataFiles {
            csv: paths::CSV_PATH,
            residences_csv: paths::RESIDENCES_CSV_PATH,
            json: paths::JSON_PATH,
            chiffres_csv: paths::CHIFFRES_CSV_PATH,
            ods: paths::ODS_PATH,
            charges_schema: paths::CHARGES_SCHEMA_PATH,
            residences_schema: paths::RESIDENCES_SCHEMA_PATH,
            chiffres_schema: paths::CHIFFRES_SCHEMA_PATH,
        },
    );
}

/// The observatory page, one page per commune and per residence (with its hall poster, drawn
/// in the same job from the same figures), and the finder.
pub struct ObservatoryPages;

impl Renderer for ObservatoryPages {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        let obs = &ctx.site.observatory;
        let figures = ctx.figures;
        let mut stats = RenderStats::default();
        if obs.is_empty() {
            return stats;
        }
        let (others, residences) = rayon::join(
            || {
                let (p1, c1) = observatory_page(ctx, figures);
                let (p2, c2) = commune_pages(ctx, figures);
                (p1 + p2 + finder_page(ctx, figures), c1 + c2)
            },
            || {
                let counts = JobCounts::default();
                let pages = residence_jobs(obs, figures, |job| counts.render(ctx, job));
                (
                    pages,
                    counts.charts.into_inner(),
                    counts.posters.into_inner(),
                )
            },
        );
        stats.pages = others.0 + residences.0;
        stats.charts = others.1 + residences.1;
        stats.posters = residences.2;
        stats
    }
}

/// The page and the hall poster of the residences at `indices` only: `serve` puts them in
/// place first after a data edit, before the pages that compare them with others.
pub fn residence_pages(ctx: &RenderContext<'_>, indices: &[usize]) -> RenderStats {
    let counts = JobCounts::default();
    let obs = &ctx.site.observatory;
    let pages = some_residence_jobs(obs, ctx.figures, indices, |job| counts.render(ctx, job));
    RenderStats {
        pages,
        charts: counts.charts.into_inner(),
        posters: counts.posters.into_inner(),
        ..RenderStats::default()
    }
}

/// Charts and posters of the residence jobs rendered so far.
#[derive(Default)]
struct JobCounts {
    charts: std::sync::atomic::AtomicUsize,
    posters: std::sync::atomic::AtomicUsize,
}

impl JobCounts {
    /// Renders one residence's poster and page, reporting its warnings; 1 when its page was
    /// written.
    fn render(&self, ctx: &RenderContext<'_>, job: &ResidenceJob<'_>) -> usize {
        use std::sync::atomic::Ordering::Relaxed;
        if let Some(p) = ctx.progress {
            p.inc();
        }
        self.charts.fetch_add(job.charts.count(), Relaxed);
        let obs = &ctx.site.observatory;
        for d in crate::present::observatory::cuts::warnings(obs, job.index, &job.charts) {
            ctx.report(d);
        }
        self.posters
            .fetch_add(super::posters::residence_poster(ctx, job), Relaxed);
        residence_page(ctx, job) as usize
    }
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
        url: paths::absolute_url(&ctx.shared.base_url, path),
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
    // Figures and tables as data: the theme's partials write them out.
    tctx.insert("charts", &job.charts);
    let commune_title = s.commune.as_str();
    tctx.insert(
        "crumbs",
        &[
            Crumb {
                path: paths::OBSERVATORY_PATH,
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
    let path = paths::OBSERVATORY_PATH;
    let root = paths::root_prefix(path);
    let Some(v) = views::observatory(obs, figures, &root) else {
        return (0, 0);
    };
    let intro = ctx.site.content.observatory_intro.as_ref();
    let rendered = intro.map(|p| ctx.markdown(&p.source, path));
    let title = intro
        .map(|p| crate::core::typography::french_spacing(&p.front.titre))
        .unwrap_or_else(|| "Observatoire des charges".into());
    let description = intro
        .and_then(|p| p.front.description.clone())
        .unwrap_or_else(|| v.summary.clone());
    let mut tctx = ctx.page_context(path);
    let page = PageView::optional(
        &ctx.shared.base_url,
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
            let path = paths::commune_path(&g.slug);
            let root = paths::root_prefix(&path);
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
                    path: paths::OBSERVATORY_PATH,
                    title: "Observatoire des charges",
                }],
            );
            let ok = ctx.render_to("commune.html", &tctx, &path);
            (ok as usize, (ok && v.evolution.is_some()) as usize)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

fn finder_page(ctx: &RenderContext<'_>, figures: &Figures) -> usize {
    let obs = &ctx.site.observatory;
    let path = paths::FINDER_PATH;
    let v = views::finder(obs, figures);
    let mut tctx = ctx.page_context(path);
    tctx.insert(
        "page",
        &view(ctx, "Trouver ma résidence", Some("Cherchez votre résidence par son nom, sa rue, son code postal ou sa commune, et consultez ses charges."), path, "finder", ""),
    );
    tctx.insert("finder", &v);
    ctx.render_to("residences.html", &tctx, path) as usize
}

#[cfg(test)]
mod tests;
