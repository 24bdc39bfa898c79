//! The contract part of the site: home page, contract overview, one page per theme, free pages
//! and the 404 page.

use super::context::{RenderContext, RenderStats, Renderer};
use crate::core::diagnostic::Diagnostic;
use crate::core::paths;
use crate::model::contract::{Page, PageKind};
use crate::present::contract::PageView;
use rayon::prelude::*;

/// One page of the contract part of the site.
enum ContractJob {
    Home,
    ContractIndex,
    Theme(usize),
    /// Index into `content.pages`.
    Page(usize),
    History,
}

/// One contract page, named for an incremental re-render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractPage {
    Home,
    ContractIndex,
    /// Index into `content.themes`.
    Theme(usize),
    /// Index into `content.pages`.
    Page(usize),
}

/// Renders just one contract page (after an edit to its Markdown body).
pub fn contract_page(ctx: &RenderContext<'_>, page: ContractPage) -> bool {
    let content = &ctx.site.content;
    let job = match page {
        ContractPage::Home => ContractJob::Home,
        ContractPage::ContractIndex => ContractJob::ContractIndex,
        ContractPage::Theme(i) if i < content.themes.len() => ContractJob::Theme(i),
        ContractPage::Page(i) if i < content.pages.len() => match content.pages[i].kind {
            PageKind::Home => ContractJob::Home,
            _ => match super::sections::section_at(ctx, i) {
                Some(written) => return written,
                None => ContractJob::Page(i),
            },
        },
        _ => return false,
    };
    render_contract_job(ctx, &job)
}

/// The home page, the contract overview, the themes, free pages and the 404 page.
pub struct ContractPages;

impl Renderer for ContractPages {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        RenderStats {
            pages: contract_pages(ctx),
            ..RenderStats::default()
        }
    }
}

fn contract_pages(ctx: &RenderContext<'_>) -> usize {
    let content = &ctx.site.content;
    let mut jobs = vec![ContractJob::Home, ContractJob::ContractIndex];
    jobs.extend((0..content.themes.len()).map(ContractJob::Theme));
    if ctx.site.config.contrat.is_some() {
        jobs.push(ContractJob::History);
    }
    // A section that lists pages is rendered with its list, by `sections`.
    let listed = |i: &usize| ctx.shared.sections.iter().any(|s| s.page == *i);
    jobs.extend(
        content
            .pages
            .iter()
            .enumerate()
            .filter(|(i, p)| p.kind != PageKind::Home && !listed(i))
            .map(|(i, _)| ContractJob::Page(i)),
    );
    jobs.par_iter()
        .filter(|job| render_contract_job(ctx, job))
        .count()
}

fn render_contract_job(ctx: &RenderContext<'_>, job: &ContractJob) -> bool {
    let content = &ctx.site.content;
    let base = &ctx.shared.base_url;
    match job {
        ContractJob::Home => {
            let home = content.pages.iter().find(|p| p.kind == PageKind::Home);
            optional_page(
                ctx,
                home,
                paths::HOME_PATH,
                &ctx.site.config.titre,
                "home",
                "index.html",
            )
        }
        ContractJob::ContractIndex => optional_page(
            ctx,
            content.contract_intro.as_ref(),
            paths::CONTRACT_PATH,
            "Le contrat, thème par thème",
            "contract",
            "contract.html",
        ),
        ContractJob::Theme(i) => {
            let theme = &content.themes[*i];
            let view_theme = &ctx.themes[*i];
            let path = theme.path.as_str();
            let mut tctx = ctx.page_context(path);
            let rendered = ctx.markdown(&theme.source, path);
            let view = PageView {
                title: &view_theme.title,
                description: Some(&view_theme.summary),
                path,
                url: paths::absolute_url(base, path),
                content: &rendered.html,
                headings: &rendered.headings,
                kind: "theme",
            };
            tctx.insert("page", &view);
            tctx.insert("theme", view_theme);
            tctx.insert("previous", &i.checked_sub(1).map(|p| &ctx.themes[p]));
            tctx.insert("next", &ctx.themes.get(i + 1));
            ctx.render_to("theme.html", &tctx, path)
        }
        ContractJob::Page(i) => {
            let page = &content.pages[*i];
            let path = page.path.as_str();
            let mut tctx = ctx.page_context(path);
            tctx.insert("page_date", &crate::present::sections::page_date(page));
            if let Some(parent) = super::sections::parent_of(ctx, *i) {
                let crumbs = [super::sections::Crumb {
                    title: crate::core::typography::french_spacing(&parent.front.titre),
                    path: &parent.path,
                }];
                tctx.insert("crumbs", &crumbs);
            }
            let rendered = ctx.markdown(&page.source, path);
            let title = crate::core::typography::french_spacing(&page.front.titre);
            let view = PageView {
                title: &title,
                description: page.front.description.as_deref(),
                path,
                url: paths::absolute_url(base, path),
                content: &rendered.html,
                headings: &rendered.headings,
                kind: if page.kind == PageKind::Section {
                    "section"
                } else {
                    "page"
                },
            };
            tctx.insert("page", &view);
            let template = match &page.front.modele {
                Some(t) => t.clone(),
                None if ctx.templates.has(&format!("{}.html", page.slug)) => {
                    format!("{}.html", page.slug)
                }
                None => "page.html".to_string(),
            };
            if !ctx.templates.has(&template) {
                let d = Diagnostic::error(&page.source.path, format!("modèle « {template} » introuvable"))
                    .hint("créez templates/ce-modele.html ou retirez la clé « modele » pour le modèle par défaut.");
                ctx.report(crate::load::content::at_front_key(
                    d,
                    &page.source,
                    "modele",
                ));
                return false;
            }
            ctx.render_to(&template, &tctx, path)
        }
        ContractJob::History => history_page(ctx),
    }
}

/// The 404 page. It is served at any unknown address, however deep (`/a/b/c/`, an old QR code
/// after a residence changed its id), and opened from disk: relative links and a linked style
/// sheet would resolve against that address. So `root` is the site's absolute address
/// (`url_base`) and `stylesheet`, the theme's `css/style.css`, is inlined.
pub fn not_found(ctx: &RenderContext<'_>, stylesheet: &str) -> bool {
    let path = paths::NOT_FOUND_PATH;
    let base = &ctx.shared.base_url;
    let mut tctx = ctx.page_context(path);
    tctx.insert("root", base);
    // A `</style>` in the theme's CSS would end the element early.
    tctx.insert("inline_stylesheet", &stylesheet.replace("</", "<\\/"));
    let view = PageView {
        title: "Page introuvable",
        description: None,
        path,
        url: paths::absolute_url(base, path),
        content: "",
        headings: &[],
        kind: "not-found",
    };
    tctx.insert("page", &view);
    ctx.render_to("404.html", &tctx, path)
}

/// A page that exists with or without its Markdown file (home, contract index): the file, when
/// present, gives the title, description and text.
fn optional_page(
    ctx: &RenderContext<'_>,
    page: Option<&Page>,
    path: &str,
    default_title: &str,
    kind: &str,
    template: &str,
) -> bool {
    let mut tctx = ctx.page_context(path);
    let rendered = page.map(|p| ctx.markdown(&p.source, path));
    let title = page
        .map(|p| p.front.titre.as_str())
        .unwrap_or(default_title);
    let description = page.and_then(|p| p.front.description.as_deref());
    let view = PageView::optional(
        &ctx.shared.base_url,
        title,
        description,
        path,
        rendered.as_ref(),
        kind,
    );
    tctx.insert("page", &view);
    ctx.render_to(template, &tctx, path)
}

/// The contract's versions, newest first (`site.yaml`'s `contrat:`).
fn history_page(ctx: &RenderContext<'_>) -> bool {
    let path = paths::HISTORY_PATH;
    let mut tctx = ctx.page_context(path);
    let view = PageView::bare(
        &ctx.shared.base_url,
        "Les versions du contrat",
        Some("Ce qui a changé dans le contrat de service, version par version."),
        path,
        "history",
    );
    tctx.insert("page", &view);
    let crumbs = [super::sections::Crumb {
        title: "Nos engagements".to_string(),
        path: paths::CONTRACT_PATH,
    }];
    tctx.insert("crumbs", &crumbs);
    ctx.render_to("history.html", &tctx, path)
}
