//! Render stage: the only caller of Tera. Turns the loaded site, its derived figures and its
//! views into files, in parallel: each output kind (contract pages, observatory, posters, data
//! exports, sitemap) is its own module. All of them read the same shared, immutable data and
//! hand every file to one [`Sink`], which the write stage provides.

pub mod context;
pub mod contract;
pub mod exports;
pub mod observatory;
pub mod open_data;
pub mod posters;
pub mod results;
pub mod sections;
pub mod shortcodes;
pub mod sitemap;
pub mod templates;

pub use context::{RenderContext, RenderStats, Renderer, Sink};

use crate::core::diagnostic::Diagnostics;
use crate::derive::contract::Shared;
use crate::derive::figures::Figures;
use crate::load::theme::ThemeFile;
use crate::model::site::Site;
use crate::present::contract::ThemeView;
use rayon::prelude::*;
use templates::Templates;

/// Sets Tera's global context once: the site-wide data every page may use, shared by reference.
pub fn install_globals(
    templates: &mut Templates,
    site: &Site,
    shared: &Shared,
    themes: &[ThemeView],
    figures: &Figures,
    with_pdf: bool,
) {
    templates.set_global("site", &site.config);
    templates.set_global("shared", shared);
    templates.set_global("themes", themes);
    templates.set_global("menu", &shared.menu);
    templates.set_global("publication_date", &shared.publication_date);
    // « 1<sup>er</sup> juin 2026 » for HTML pages (the date is checked: no markup of the author).
    let date_html = shared.publication_date.as_deref().map(|d| {
        crate::core::typography::ordinals_html(d).unwrap_or_else(|| crate::core::html::escape(d))
    });
    templates.set_global("publication_date_html", &date_html);
    templates.set_global("base_url", &shared.base_url);
    templates.set_global(
        "contract_version",
        &site
            .config
            .contrat
            .as_ref()
            .map(crate::present::revision::view),
    );
    templates.set_global(
        "news",
        &crate::present::sections::news_blocks(&site.content, &shared.sections),
    );
    let urgent: Vec<_> = site.config.contacts.iter().filter(|c| c.urgence).collect();
    let regular: Vec<_> = site.config.contacts.iter().filter(|c| !c.urgence).collect();
    templates.set_global("contacts", &regular);
    templates.set_global("emergency_contacts", &urgent);
    templates.set_global("accessibility_status", site.config.conformite_rgaa.label());
    templates.set_global("has_observatory", &!site.observatory.is_empty());
    // The contract poster and the synthesis exist even before any residence has data.
    templates.set_global("has_posters", &true);
    templates.set_global(
        "open_data",
        &crate::present::observatory::open_data(&site.config),
    );
    observatory::install_globals(templates, &site.observatory, figures);
    // Whether a PDF is printed next to each poster (`ensemble build --pdf`).
    templates.set_global("posters_pdf", &with_pdf);
}

/// What [`part`] renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    All,
    /// Everything but the observatory's data files (`donnees/`: CSV, JSON, workbook).
    Pages,
    /// The observatory's data files only: `serve` writes them after the pages of a data edit,
    /// which are what the browser shows.
    Data,
}

/// Renders the whole site: every output kind in parallel, then the static files and, knowing
/// every page written, the sitemap.
pub fn site(ctx: &RenderContext<'_>, static_files: &[ThemeFile]) -> RenderStats {
    part(ctx, static_files, Part::All)
}

/// Renders `which` part of the site (see [`site`]).
pub fn part(ctx: &RenderContext<'_>, static_files: &[ThemeFile], which: Part) -> RenderStats {
    let pages: [&dyn Renderer; 5] = [
        &contract::ContractPages,
        &sections::SectionPages,
        &observatory::ObservatoryPages,
        &posters::ContractPosters,
        &results::ResultsPages,
    ];
    let data: [&dyn Renderer; 2] = [&exports::DataExports, &open_data::OpenDataFiles];
    let renderers: Vec<&dyn Renderer> = match which {
        Part::All => pages.into_iter().chain(data).collect(),
        Part::Pages => pages.into(),
        Part::Data => data.into(),
    };
    let mut stats = renderers
        .par_iter()
        .map(|r| r.render(ctx))
        .reduce(RenderStats::default, |a, b| a + b);
    stats.charts += ctx
        .shortcodes
        .charts
        .load(std::sync::atomic::Ordering::Relaxed);
    if which == Part::Data {
        (stats.rendered, stats.reused) = ctx.render_counts();
        return stats;
    }
    for f in static_files {
        ctx.write(&f.rel, &f.bytes);
    }
    let stylesheet = static_files
        .iter()
        .find(|f| f.rel == "css/style.css")
        .map(|f| String::from_utf8_lossy(&f.bytes))
        .unwrap_or_default();
    stats.pages += usize::from(contract::not_found(ctx, &stylesheet));
    sitemap::sitemap_and_robots(ctx, &ctx.output.written_paths());
    (stats.rendered, stats.reused) = ctx.render_counts();
    stats
}

/// Collects every diagnostic the render stage reported, sorted.
pub fn finish(ctx: &RenderContext<'_>, diagnostics: &mut Diagnostics) {
    diagnostics.extend(ctx.take_diagnostics());
}
