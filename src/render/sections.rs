//! Sections that list pages: each page of the list (`section/index.html`,
//! `section/page/2/index.html`…) and, with `flux: true`, the section's Atom feed.

use super::context::{RenderContext, RenderStats, Renderer};
use crate::core::diagnostic::Diagnostic;
use crate::core::paths;
use crate::derive::sections::Section;
use crate::model::contract::Page;
use crate::present::contract::PageView;
use crate::present::sections::{self, ListPage};
use rayon::prelude::*;
use serde::Serialize;

/// The template of a section's list, unless the section names its own.
pub const SECTION_TEMPLATE: &str = "section.html";
pub const FEED_TEMPLATE: &str = "atom.xml";

/// The lists and feeds of every section with pages.
pub struct SectionPages;

impl Renderer for SectionPages {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        let pages = ctx
            .shared
            .sections
            .par_iter()
            .map(|s| section(ctx, s))
            .sum();
        RenderStats {
            pages,
            ..RenderStats::default()
        }
    }
}

/// A link of the breadcrumb.
#[derive(Serialize)]
pub struct Crumb<'a> {
    pub title: String,
    pub path: &'a str,
}

/// The section whose list has the page at `index` of `content.pages`: its `_index.md`.
pub fn parent_of<'a>(ctx: &'a RenderContext<'_>, index: usize) -> Option<&'a Page> {
    let content = &ctx.site.content;
    let section = ctx.shared.section_of.get(&index)?;
    Some(&content.pages[ctx.shared.sections[*section].page])
}

/// Renders the section whose `_index.md` is at `index` of `content.pages`, if it lists pages;
/// `None` when it is a plain page.
pub fn section_at(ctx: &RenderContext<'_>, index: usize) -> Option<bool> {
    let s = ctx.shared.sections.iter().find(|s| s.page == index)?;
    Some(section(ctx, s) > 0)
}

/// Every page of the list of `s` and its feed; the number of pages written.
fn section(ctx: &RenderContext<'_>, s: &Section) -> usize {
    let content = &ctx.site.content;
    let index = &content.pages[s.page];
    let feed = sections::feed(
        content,
        s,
        &ctx.shared.base_url,
        &ctx.site.config.organisme.nom,
    );
    let rendered = ctx.markdown(&index.source, &index.path);
    let written = sections::list_pages(content, s)
        .iter()
        .filter(|list| {
            list_page(
                ctx,
                index,
                list,
                &rendered.html,
                feed.as_ref().map(|f| f.path.as_str()),
            )
        })
        .count();
    if let Some(feed) = feed {
        if ctx.templates.has(FEED_TEMPLATE) {
            let mut tctx = super::context::PageContext::new();
            tctx.insert("feed", &feed);
            ctx.render_to(FEED_TEMPLATE, &tctx, &feed.path);
        } else {
            ctx.report(
                Diagnostic::warning(&index.source.path, "le thème n'a pas de modèle atom.xml : le flux Atom de cette rubrique n'est pas écrit")
                    .hint("copiez templates/atom.xml du thème par défaut dans votre thème, ou retirez « flux: true »."),
            );
        }
    }
    written
}

fn list_page(
    ctx: &RenderContext<'_>,
    index: &Page,
    list: &ListPage,
    intro: &str,
    feed_path: Option<&str>,
) -> bool {
    let path = list.path.as_str();
    let first = list.pagination.current == 1;
    let base_title = crate::core::typography::french_spacing(&index.front.titre);
    let title = if first {
        base_title.clone()
    } else {
        format!(
            "{base_title} (page {} sur {})",
            list.pagination.current, list.pagination.total
        )
    };
    let view = PageView {
        title: &title,
        description: index.front.description.as_deref(),
        path,
        url: paths::absolute_url(&ctx.shared.base_url, path),
        // The section's text opens the first page of its list only.
        content: if first { intro } else { "" },
        headings: &[],
        kind: "section",
    };
    let mut tctx = ctx.page_context(path);
    tctx.insert("page", &view);
    tctx.insert("list", list);
    tctx.insert("feed_path", &feed_path);
    tctx.insert("section_title", &base_title);
    if !first {
        let crumbs = [Crumb {
            title: base_title,
            path: &index.path,
        }];
        tctx.insert("crumbs", &crumbs);
    }
    let template = match &index.front.modele {
        Some(t) => t.clone(),
        None if ctx.templates.has(&format!("{}.html", index.slug)) => {
            format!("{}.html", index.slug)
        }
        None if ctx.templates.has(SECTION_TEMPLATE) => SECTION_TEMPLATE.to_string(),
        None => "page.html".to_string(),
    };
    if !ctx.templates.has(&template) {
        let d = Diagnostic::error(&index.source.path, format!("modèle « {template} » introuvable"))
            .hint("créez templates/ce-modele.html ou retirez la clé « modele » pour le modèle par défaut.");
        ctx.report(crate::load::content::at_front_key(
            d,
            &index.source,
            "modele",
        ));
        return false;
    }
    ctx.render_to(&template, &tctx, path)
}
