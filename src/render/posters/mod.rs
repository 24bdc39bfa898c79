//! Hall posters and the A4 synthesis of the contract: pages meant for paper that are also web
//! pages. What goes on each poster is chosen by [`crate::present::poster`]; this module reports
//! its warnings, fills the templates and writes the pages.
//!
//! - [`residence_poster`]: `affiches/<slug>/`, in each residence's job of the observatory;
//! - [`render_contract_posters`]: the three below, once per build, with the residences to list;
//! - [`render_contract_poster`]: `affiches/engagements/`, every theme, both parties;
//! - [`render_synthesis`]: `affiches/synthese/`, the contract on one A4 sheet, recto-verso;
//! - [`render_poster_index`]: `affiches/`, every poster by commune with print instructions;
//! - `ensemble build --pdf` prints them all with headless Chromium ([`crate::write::pdf`]).

use crate::core::diagnostic::Diagnostic;
use crate::present::observatory::job::ResidenceJob;
use crate::present::poster::{contract, index, residence, synthesis, Inputs, PosterPage};
use crate::render::context::{RenderContext, RenderStats, Renderer};
use serde::Serialize;

/// What every poster is built from, taken from the render context.
fn inputs<'a>(ctx: &RenderContext<'a>) -> Inputs<'a> {
    Inputs {
        config: &ctx.site.config,
        themes: ctx.themes,
        base_url: &ctx.shared.base_url,
        publication_date: ctx.shared.publication_date.as_deref(),
    }
}

fn report(ctx: &RenderContext<'_>, diagnostics: Vec<Diagnostic>) {
    for d in diagnostics {
        ctx.report(d);
    }
}

/// Reports the warnings of `page` and writes it with `template`, its body under `body_key`.
fn write_poster<T: Serialize>(
    ctx: &RenderContext<'_>,
    template: &str,
    body_key: &'static str,
    mut page: PosterPage<T>,
) -> bool {
    report(ctx, std::mem::take(&mut page.warnings));
    let mut tctx = ctx.page_context(&page.path);
    tctx.insert("poster", &page.frame);
    tctx.insert(body_key, &page.body);
    tctx.insert("item_clamp", &page.item_clamp);
    tctx.insert("poster_contacts", &page.contacts);
    tctx.insert("contacts_compact", &page.contacts_compact);
    tctx.insert("poster_key_results", &page.key_results);
    // The QR code, the costliest part of a poster, is drawn only when the poster is rendered:
    // the frame's URL and QR id, already in the context, are all it is made from.
    let path = page.path.clone();
    ctx.render_completing(template, tctx, &path, |tctx| {
        page.frame.draw_qr();
        tctx.insert("poster", &page.frame);
    })
}

fn write_residence(
    ctx: &RenderContext<'_>,
    page: Result<PosterPage<residence::ResidenceView>, Diagnostic>,
) -> bool {
    match page {
        Ok(page) => write_poster(ctx, "posters/residence.html", "residence", page),
        Err(error) => {
            ctx.report(error);
            false
        }
    }
}

/// Writes `affiches/<slug>/index.html`, the hall poster of one residence job; how many posters
/// it wrote (0 without charges, or when it could not be written: the problem is reported).
pub fn residence_poster(ctx: &RenderContext<'_>, job: &ResidenceJob<'_>) -> usize {
    let (Some(latest), Some(chart)) = (job.figures.latest(), job.charts.poster.as_ref()) else {
        return 0;
    };
    let provisional = ctx
        .site
        .observatory
        .provisional_years
        .contains(&latest.year);
    let page = residence::view(
        &inputs(ctx),
        job.residence,
        latest,
        provisional,
        chart,
        &job.summary.path,
    );
    write_residence(ctx, page) as usize
}

/// Writes `affiches/engagements/index.html`: "Nos engagements / Vos engagements" for every theme.
pub fn render_contract_poster(ctx: &RenderContext<'_>) -> bool {
    let page = contract::page(&inputs(ctx));
    write_poster(ctx, "posters/contract.html", "poster_themes", page)
}

/// Writes `affiches/synthese/index.html`: the contract on one A4 sheet printed on both sides.
pub fn render_synthesis(ctx: &RenderContext<'_>) -> bool {
    let page = synthesis::page(&inputs(ctx));
    write_poster(ctx, "posters/synthesis.html", "synthesis_sheets", page)
}

/// Writes `affiches/index.html`: the contract poster, the synthesis and the residence posters
/// grouped by commune (alphabetical, French order), with print instructions.
pub fn render_poster_index(
    ctx: &RenderContext<'_>,
    residences: &[index::PosterIndexEntry<'_>],
) -> bool {
    let paper = ctx.site.config.affiches.format;
    let view = index::view(&ctx.shared.base_url, paper, residences);
    let mut tctx = ctx.page_context(view.page.path);
    tctx.insert("page", &view.page);
    tctx.insert("communes", &view.communes);
    tctx.insert("residence_count", &view.residence_count);
    tctx.insert("paper", view.paper);
    tctx.insert("contract_pdf", &view.contract_pdf);
    tctx.insert("synthesis_pdf", &view.synthesis_pdf);
    ctx.render_to("posters/index.html", &tctx, view.page.path)
}

/// The contract poster, the synthesis and the index of every poster; residence posters are
/// rendered in each residence's job by the observatory ([`residence_poster`]).
pub struct ContractPosters;

impl Renderer for ContractPosters {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        let residences = index::entries(&ctx.site.observatory, ctx.figures);
        RenderStats {
            posters: render_contract_posters(ctx, &residences),
            ..RenderStats::default()
        }
    }
}

/// Renders the contract poster, the synthesis and the index listing `residences`. Returns the
/// number of posters written.
pub fn render_contract_posters(
    ctx: &RenderContext<'_>,
    residences: &[index::PosterIndexEntry<'_>],
) -> usize {
    [
        render_contract_poster(ctx),
        render_synthesis(ctx),
        render_poster_index(ctx, residences),
    ]
    .into_iter()
    .filter(|ok| *ok)
    .count()
}
