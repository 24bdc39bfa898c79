//! Render stage: the only caller of Tera. Turns the loaded site, its derived figures and its
//! views into files, in parallel: each output kind (contract pages, observatory, posters, data
//! exports, sitemap) is its own module. All of them read the same shared, immutable data and
//! hand every file to one [`Sink`], which the write stage provides.

pub mod contract;
pub mod exports;
pub mod observatory;
pub mod posters;
pub mod shortcodes;
pub mod sitemap;
pub mod templates;

use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::paths;
use crate::core::progress::Progress;
use crate::derive::contract::Shared;
use crate::derive::figures::Figures;
use crate::load::theme::ThemeFile;
use crate::model::contract::SourceFile;
use crate::model::site::Site;
use crate::present::contract::ThemeView;
use crate::present::markdown::{self, LinkContext};
use rayon::prelude::*;
use shortcodes::ObservatoryShortcodes;
use std::io;
use std::sync::Mutex;
use templates::Templates;

/// Where rendered files go: the write stage's staging folder, or a scratch one. Paths are
/// site-relative (`engagements/accueil/index.html`). Safe to call from several threads.
pub trait Sink: Sync {
    fn write(&self, path: &str, contents: &[u8]) -> io::Result<()>;
    /// Writes `path` through `fill`, streaming: for data exports too big to hold whole.
    fn write_stream(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()>;
    /// Every path written so far, sorted.
    fn written_paths(&self) -> Vec<String>;
}

/// Counts for the end-of-build summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub charts: usize,
    pub posters: usize,
}

impl std::ops::Add for RenderStats {
    type Output = RenderStats;
    fn add(self, o: RenderStats) -> RenderStats {
        RenderStats {
            pages: self.pages + o.pages,
            charts: self.charts + o.charts,
            posters: self.posters + o.posters,
        }
    }
}

/// One kind of output (contract pages, observatory, posters, data files), rendered from the
/// shared context; problems are reported there.
pub trait Renderer: Sync {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats;
}

/// Everything a page renderer may read. Built once; shared by reference across threads.
pub struct RenderContext<'a> {
    pub site: &'a Site,
    pub shared: &'a Shared,
    pub templates: &'a Templates,
    pub figures: &'a Figures,
    pub themes: &'a [ThemeView],
    pub shortcodes: ObservatoryShortcodes<'a>,
    pub output: &'a dyn Sink,
    /// Ticked once per residence rendered.
    pub progress: Option<&'a Progress>,
    diagnostics: Mutex<Vec<Diagnostic>>,
}

impl<'a> RenderContext<'a> {
    pub fn new(
        site: &'a Site,
        shared: &'a Shared,
        templates: &'a Templates,
        figures: &'a Figures,
        themes: &'a [ThemeView],
        output: &'a dyn Sink,
        progress: Option<&'a Progress>,
    ) -> Self {
        RenderContext {
            site,
            shared,
            templates,
            figures,
            themes,
            shortcodes: ObservatoryShortcodes::new(&site.observatory, figures, templates),
            output,
            progress,
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
        ctx.insert("root", &paths::root_prefix(path));
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
        let result = self.output.write(path, bytes);
        self.written(path, result)
    }

    /// Writes `path` through `fill`, streamed to the output.
    pub fn write_stream(
        &self,
        path: &str,
        mut fill: impl FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> bool {
        let result = self.output.write_stream(path, &mut fill);
        self.written(path, result)
    }

    fn written(&self, path: &str, result: io::Result<()>) -> bool {
        match result {
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
    pub fn markdown(&self, source: &SourceFile, path: &str) -> markdown::Rendered {
        let root = paths::root_prefix(path);
        let links = LinkContext {
            targets: &self.shared.link_targets,
            root: &root,
        };
        let src = markdown::Source {
            file: &source.path,
            file_text: &source.text,
            line_offset: source.body_line_offset,
        };
        let mut rendered = markdown::render(source.body_text(), &src, &links, &self.shortcodes);
        for d in rendered.diagnostics.drain(..) {
            self.report(d);
        }
        rendered
    }
}

/// Sets Tera's global context once: the site-wide data every page may use, shared by reference.
pub fn install_globals(
    templates: &mut Templates,
    site: &Site,
    shared: &Shared,
    themes: &[ThemeView],
    figures: &Figures,
    with_pdf: bool,
) {
    let globals = templates.tera.global_context();
    globals.insert("site", &site.config);
    globals.insert("shared", shared);
    globals.insert("themes", themes);
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
    observatory::install_globals(templates, &site.observatory, figures);
    // Whether a PDF is printed next to each poster (`ensemble build --pdf`).
    templates
        .tera
        .global_context()
        .insert("posters_pdf", &with_pdf);
}

/// Renders the whole site: every output kind in parallel, then the static files and, knowing
/// every page written, the sitemap.
pub fn site(ctx: &RenderContext<'_>, static_files: &[ThemeFile]) -> RenderStats {
    let renderers: [&dyn Renderer; 4] = [
        &contract::ContractPages,
        &observatory::ObservatoryPages,
        &posters::ContractPosters,
        &exports::DataExports,
    ];
    let mut stats = renderers
        .par_iter()
        .map(|r| r.render(ctx))
        .reduce(RenderStats::default, |a, b| a + b);
    stats.charts += ctx
        .shortcodes
        .charts
        .load(std::sync::atomic::Ordering::Relaxed);
    for f in static_files {
        ctx.write(&f.rel, &f.bytes);
    }
    sitemap::sitemap_and_robots(ctx, &ctx.output.written_paths());
    stats
}

/// Collects every diagnostic the render stage reported, sorted.
pub fn finish(ctx: &RenderContext<'_>, diagnostics: &mut Diagnostics) {
    diagnostics.extend(ctx.take_diagnostics());
}
