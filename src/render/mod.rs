//! Render stage: turns the loaded site and its derived views into files, in parallel. Each
//! output kind (contract pages, observatory, posters, data exports) is its own module; all of them
//! read the same shared, immutable data and write through one [`Output`].

pub mod observatory;
pub mod templates;

use crate::derive::{self, Shared};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, LinkContext, ShortcodeRenderer};
use crate::output::Output;
use crate::site::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::Mutex;
use templates::Templates;

/// Counts for the end-of-build summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub charts: usize,
    pub posters: usize,
}

/// Everything a page renderer may read. Built once; shared by reference across threads.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub shared: &'a Shared,
    pub templates: &'a Templates,
    pub shortcodes: &'a dyn ShortcodeRenderer,
    pub output: &'a Output,
    diagnostics: Mutex<Vec<Diagnostic>>,
}

/// The per-page part of a template context; the site-wide part lives in Tera's global context.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Site-relative output path.
    pub path: &'a str,
    pub url: String,
    /// Rendered body HTML.
    pub content: &'a str,
    pub headings: &'a [markdown::Heading],
    pub kind: &'a str,
}

impl<'a> PageView<'a> {
    /// The view of a page whose Markdown text may be absent (no `_index.md`): empty content then.
    pub fn optional(
        ctx: &RenderContext<'_>,
        title: &'a str,
        description: Option<&'a str>,
        path: &'a str,
        rendered: Option<&'a markdown::Rendered>,
        kind: &'a str,
    ) -> PageView<'a> {
        PageView {
            title,
            description,
            path,
            url: derive::absolute_url(&ctx.shared.base_url, path),
            content: rendered.map(|r| r.html.as_str()).unwrap_or(""),
            headings: rendered.map(|r| r.headings.as_slice()).unwrap_or(&[]),
            kind,
        }
    }
}

impl<'a> RenderContext<'a> {
    pub fn new(
        site: &'a Site,
        shared: &'a Shared,
        templates: &'a Templates,
        shortcodes: &'a dyn ShortcodeRenderer,
        output: &'a Output,
    ) -> Self {
        RenderContext {
            site,
            shared,
            templates,
            shortcodes,
            output,
            diagnostics: Mutex::new(Vec::new()),
        }
    }

    pub fn report(&self, d: Diagnostic) {
        if let Ok(mut list) = self.diagnostics.lock() {
            list.push(d);
        }
    }

    /// Whether an error was reported so far.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .lock()
            .map(|l| l.iter().any(Diagnostic::is_error))
            .unwrap_or(true)
    }

    pub fn take_diagnostics(&self) -> Vec<Diagnostic> {
        self.diagnostics
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }

    /// A context holding what every template needs for the page at `path`.
    pub fn page_context(&self, path: &str) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("root", &derive::root_prefix(path));
        ctx.insert("current_path", path);
        ctx
    }

    /// Renders `template` with `ctx` and writes it at `path`; problems are reported, not returned.
    pub fn render_to(&self, template: &str, ctx: &tera::Context, path: &str) -> bool {
        match self.templates.render(template, ctx) {
            Ok(html) => self.write(path, html.as_bytes()),
            Err(d) => {
                self.report(d);
                false
            }
        }
    }

    pub fn write(&self, path: &str, bytes: &[u8]) -> bool {
        match self.output.write(path, bytes) {
            Ok(()) => true,
            Err(e) => {
                self.report(
                    Diagnostic::error(path, format!("écriture impossible : {e}"))
                        .hint("vérifiez l'espace disque et les droits du dossier de sortie."),
                );
                false
            }
        }
    }

    /// Renders the Markdown body of a source file for the page at `path`.
    pub fn markdown(&self, source: &crate::content::SourceFile, path: &str) -> markdown::Rendered {
        let root = derive::root_prefix(path);
        let links = LinkContext {
            targets: &self.shared.link_targets,
            root: &root,
        };
        let src = markdown::Source {
            file: &source.path,
            file_text: &source.text,
            line_offset: source.body_line_offset,
        };
        let mut rendered = markdown::render(source.body_text(), &src, &links, self.shortcodes);
        for d in rendered.diagnostics.drain(..) {
            self.report(d);
        }
        rendered
    }
}

/// Sets Tera's global context once: the site-wide data every page may use, shared by reference.
pub fn install_globals(templates: &mut Templates, site: &Site, shared: &Shared) {
    let globals = templates.tera.global_context();
    globals.insert("site", &site.config);
    globals.insert("shared", shared);
    globals.insert("themes", &shared.themes);
    globals.insert("menu", &shared.menu);
    globals.insert("publication_date", &shared.publication_date);
    globals.insert("base_url", &shared.base_url);
    let urgent: Vec<_> = site.config.contacts.iter().filter(|c| c.urgence).collect();
    let regular: Vec<_> = site.config.contacts.iter().filter(|c| !c.urgence).collect();
    globals.insert("contacts", &regular);
    globals.insert("emergency_contacts", &urgent);
    globals.insert("accessibility_status", site.config.conformite_rgaa.label());
    globals.insert("has_observatory", &!site.observatory.is_empty());
    // The contract poster and the synthesis exist even before any residence has data.
    globals.insert("has_posters", &true);
}

/// One page of the contract part of the site.
enum ContractJob<'a> {
    Home,
    ContractIndex,
    Theme(usize),
    Page(&'a crate::content::Page),
    NotFound,
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
            crate::content::PageKind::Home => ContractJob::Home,
            _ => ContractJob::Page(&content.pages[i]),
        },
        _ => return false,
    };
    render_contract_job(ctx, &job)
}

/// Renders the home page, the contract, free pages and the 404 page.
pub fn contract_pages(ctx: &RenderContext<'_>) -> usize {
    let content = &ctx.site.content;
    let mut jobs = vec![
        ContractJob::Home,
        ContractJob::ContractIndex,
        ContractJob::NotFound,
    ];
    jobs.extend((0..content.themes.len()).map(ContractJob::Theme));
    jobs.extend(
        content
            .pages
            .iter()
            .filter(|p| p.kind != crate::content::PageKind::Home)
            .map(ContractJob::Page),
    );
    jobs.par_iter()
        .filter(|job| render_contract_job(ctx, job))
        .count()
}

fn render_contract_job(ctx: &RenderContext<'_>, job: &ContractJob<'_>) -> bool {
    let content = &ctx.site.content;
    let base = &ctx.shared.base_url;
    match job {
        ContractJob::Home => {
            let home = content
                .pages
                .iter()
                .find(|p| p.kind == crate::content::PageKind::Home);
            optional_page(
                ctx,
                home,
                "index.html",
                &ctx.site.config.titre,
                "home",
                "index.html",
            )
        }
        ContractJob::ContractIndex => optional_page(
            ctx,
            content.contract_intro.as_ref(),
            "engagements/index.html",
            "Le contrat, thème par thème",
            "contract",
            "contract.html",
        ),
        ContractJob::Theme(i) => {
            let theme = &content.themes[*i];
            let view_theme = &ctx.shared.themes[*i];
            let path = theme.path.as_str();
            let mut tctx = ctx.page_context(path);
            let rendered = ctx.markdown(&theme.source, path);
            let view = PageView {
                title: &view_theme.title,
                description: Some(&view_theme.summary),
                path,
                url: derive::absolute_url(base, path),
                content: &rendered.html,
                headings: &rendered.headings,
                kind: "theme",
            };
            tctx.insert("page", &view);
            tctx.insert("theme", view_theme);
            tctx.insert("previous", &i.checked_sub(1).map(|p| &ctx.shared.themes[p]));
            tctx.insert("next", &ctx.shared.themes.get(i + 1));
            ctx.render_to("theme.html", &tctx, path)
        }
        ContractJob::Page(page) => {
            let path = page.path.as_str();
            let mut tctx = ctx.page_context(path);
            let rendered = ctx.markdown(&page.source, path);
            let title = crate::typography::french_spacing(&page.front.titre);
            let view = PageView {
                title: &title,
                description: page.front.description.as_deref(),
                path,
                url: derive::absolute_url(base, path),
                content: &rendered.html,
                headings: &rendered.headings,
                kind: if page.kind == crate::content::PageKind::Section {
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
                let line = crate::config::find_key_line(&page.source.text, "modele").unwrap_or(1);
                ctx.report(
                    Diagnostic::error(&page.source.path, format!("modèle « {template} » introuvable"))
                        .at(line, None)
                        .with_source(&page.source.text)
                        .hint("créez templates/ce-modele.html ou retirez la clé « modele » pour le modèle par défaut."),
                );
                return false;
            }
            ctx.render_to(&template, &tctx, path)
        }
        ContractJob::NotFound => {
            let path = "404.html";
            let mut tctx = ctx.page_context(path);
            let view = PageView {
                title: "Page introuvable",
                description: None,
                path,
                url: derive::absolute_url(base, path),
                content: "",
                headings: &[],
                kind: "not-found",
            };
            tctx.insert("page", &view);
            ctx.render_to("404.html", &tctx, path)
        }
    }
}

/// A page that exists with or without its Markdown file (home, contract index): the file, when
/// present, gives the title, description and text.
fn optional_page(
    ctx: &RenderContext<'_>,
    page: Option<&crate::content::Page>,
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
    let view = PageView::optional(ctx, title, description, path, rendered.as_ref(), kind);
    tctx.insert("page", &view);
    ctx.render_to(template, &tctx, path)
}

/// `sitemap.xml` (absolute URLs from url_base, sorted) and `robots.txt`.
pub fn sitemap_and_robots(ctx: &RenderContext<'_>, paths: &[String]) {
    let mut urls: Vec<String> = paths
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .map(|p| derive::absolute_url(&ctx.shared.base_url, p))
        .collect();
    urls.sort();
    urls.dedup();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in &urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(url));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    ctx.write("sitemap.xml", xml.as_bytes());
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        ctx.shared.base_url
    );
    ctx.write("robots.txt", robots.as_bytes());
}

pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Collects every diagnostic the render stage reported, sorted.
pub fn finish(ctx: &RenderContext<'_>, diagnostics: &mut Diagnostics) {
    diagnostics.extend(ctx.take_diagnostics());
}
