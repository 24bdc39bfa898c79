//! What every renderer reads and where it writes: the shared [`RenderContext`], the [`Sink`]
//! the write stage provides, and the [`Renderer`] trait each output kind implements.

use super::shortcodes::ObservatoryShortcodes;
use super::templates::Templates;
use crate::core::diagnostic::Diagnostic;
use crate::core::paths;
use crate::core::progress::Progress;
use crate::derive::contract::Shared;
use crate::derive::figures::Figures;
use crate::model::contract::SourceFile;
use crate::model::site::Site;
use crate::present::contract::ThemeView;
use crate::present::markdown::{self, LinkContext};
use std::io;
use std::sync::Mutex;

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
