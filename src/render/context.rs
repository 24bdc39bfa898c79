//! What every renderer reads and where it writes: the shared [`RenderContext`], the [`Sink`]
//! the write stage provides, and the [`Renderer`] trait each output kind implements.

use super::shortcodes::ObservatoryShortcodes;
use super::templates::Templates;
use crate::core::diagnostic::Diagnostic;
use crate::core::fingerprint::Fingerprint;
use crate::core::paths;
use crate::core::progress::Progress;
use crate::derive::contract::Shared;
use crate::derive::figures::Figures;
use crate::model::contract::SourceFile;
use crate::model::site::Site;
use crate::present::contract::ThemeView;
use crate::present::markdown::{self, LinkContext};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
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
    /// Keeps the previous build's file at `path` when it was made from inputs of fingerprint
    /// `key` (see [`RenderContext::render_to`]); true when it is kept and counts as written.
    fn reuse(&self, path: &str, key: u128) -> bool {
        let _ = (path, key);
        false
    }
    /// [`Sink::write`], recording the fingerprint of what the bytes were made from.
    fn write_keyed(&self, path: &str, key: Option<u128>, contents: &[u8]) -> io::Result<()> {
        let _ = key;
        self.write(path, contents)
    }
    /// [`Sink::write_stream`], recording the fingerprint of what the bytes are made from.
    fn write_stream_keyed(
        &self,
        path: &str,
        key: Option<u128>,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let _ = key;
        self.write_stream(path, fill)
    }
}

/// What a page's template reads besides the global context, each value fingerprinted as it is
/// inserted: the page's bytes are a function of these values, the template set and the global
/// context ([`Templates::fingerprint`]).
#[derive(Default)]
pub struct PageContext {
    tera: tera::Context,
    prints: BTreeMap<&'static str, u128>,
}

impl PageContext {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.tera.insert(key, value);
        self.prints
            .insert(key, Fingerprint::new().value(value).finish());
    }

    pub fn tera(&self) -> &tera::Context {
        &self.tera
    }

    fn fingerprint(&self) -> u128 {
        Fingerprint::new().value(&self.prints).finish()
    }
}

/// Counts for the end-of-build summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderStats {
    pub pages: usize,
    pub charts: usize,
    pub posters: usize,
    /// Files made by a template, and those of them kept from the previous build instead.
    pub rendered: usize,
    pub reused: usize,
}

impl std::ops::Add for RenderStats {
    type Output = RenderStats;
    fn add(self, o: RenderStats) -> RenderStats {
        RenderStats {
            pages: self.pages + o.pages,
            charts: self.charts + o.charts,
            posters: self.posters + o.posters,
            rendered: self.rendered + o.rendered,
            reused: self.reused + o.reused,
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
    /// [`Templates::fingerprint`], taken once; `None`: nothing is reused.
    base: Option<u128>,
    /// The observatory's fingerprint, taken once for all the data exports: serialising it is
    /// the cost of a fingerprint (3 % of a 20,000-residence build when taken twice).
    observatory: std::sync::OnceLock<u128>,
    rendered: AtomicUsize,
    reused: AtomicUsize,
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
            base: templates.fingerprint(),
            observatory: std::sync::OnceLock::new(),
            rendered: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
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
    pub fn page_context(&self, path: &str) -> PageContext {
        let mut ctx = PageContext::new();
        ctx.insert("root", &paths::root_prefix(path));
        ctx.insert("current_path", path);
        ctx
    }

    /// Renders `template` with `ctx` and writes it at `path`; problems are reported, not returned.
    /// When the previous build made `path` from the same template set, global context, template
    /// and page context, its file is kept instead (see [`Sink::reuse`]).
    pub fn render_to(&self, template: &str, ctx: &PageContext, path: &str) -> bool {
        let key = self.key(template, ctx, path);
        if key.is_some_and(|k| self.output.reuse(path, k)) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        self.render_keyed(template, ctx, path, key)
    }

    /// [`RenderContext::render_to`] for a page whose context lacks values that are costly to
    /// make and follow from values already in it (a QR code from its URL): `complete` adds them
    /// only when the page is rendered. The caller answers for « follow from ».
    pub fn render_completing(
        &self,
        template: &str,
        mut ctx: PageContext,
        path: &str,
        complete: impl FnOnce(&mut PageContext),
    ) -> bool {
        let key = self.key(template, &ctx, path);
        if key.is_some_and(|k| self.output.reuse(path, k)) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        complete(&mut ctx);
        self.render_keyed(template, &ctx, path, key)
    }

    /// The fingerprint of a file of the data exports made from `inputs` (with the template
    /// set and global context, which hold the site's configuration).
    pub fn data_key<T: Serialize + ?Sized>(&self, path: &str, inputs: &T) -> Option<u128> {
        let base = self.base?;
        Some(
            Fingerprint::new()
                .u128(base)
                .str("data")
                .str(path)
                .value(inputs)
                .finish(),
        )
    }

    /// [`RenderContext::data_key`] of a part of the data exports (`label`) made from the
    /// observatory, whose fingerprint is taken once per build.
    pub fn observatory_key(&self, label: &str) -> Option<u128> {
        self.base?;
        let observatory = *self
            .observatory
            .get_or_init(|| Fingerprint::new().value(&self.site.observatory).finish());
        self.data_key(label, &observatory)
    }

    /// Writes `path` through `fill` unless the previous build wrote it from inputs of
    /// fingerprint `key`, whose file is then kept.
    pub fn write_stream_keyed(
        &self,
        path: &str,
        key: Option<u128>,
        mut fill: impl FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> bool {
        if key.is_some_and(|k| self.output.reuse(path, k)) {
            self.reused.fetch_add(1, Ordering::Relaxed);
            return true;
        }
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let result = self.output.write_stream_keyed(path, key, &mut fill);
        self.written(path, result)
    }

    fn key(&self, template: &str, ctx: &PageContext, path: &str) -> Option<u128> {
        let base = self.base?;
        Some(
            Fingerprint::new()
                .u128(base)
                .str("page")
                .str(template)
                .str(path)
                .u128(ctx.fingerprint())
                .finish(),
        )
    }

    fn render_keyed(
        &self,
        template: &str,
        ctx: &PageContext,
        path: &str,
        key: Option<u128>,
    ) -> bool {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        match self.templates.render(template, ctx.tera()) {
            Ok(html) => {
                let result = self.output.write_keyed(path, key, html.as_bytes());
                self.written(path, result)
            }
            Err(d) => {
                self.report(d);
                false
            }
        }
    }

    /// Files rendered and files reused so far.
    pub fn render_counts(&self) -> (usize, usize) {
        (
            self.rendered.load(Ordering::Relaxed),
            self.reused.load(Ordering::Relaxed),
        )
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
