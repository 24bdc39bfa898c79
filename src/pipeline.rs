//! The pipeline: load → derive → present → render → write, each stage timed. This module only
//! names the stages and hands each one what the previous one produced.

use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::progress::Progress;
use crate::derive::contract::Shared;
use crate::derive::figures::Figures;
use crate::load::theme::ThemeFile;
use crate::load::{self, LoadOptions};
use crate::model::observatory::Observatory;
use crate::model::site::Site;
use crate::present::contract::ThemeView;
use crate::render::{self, templates::Templates, RenderContext, RenderStats};
use crate::write::output::Output;
use crate::write::tree::Scratch;
use crate::write::{linkcheck, pdf};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `root/public`.
    pub output: Option<PathBuf>,
    pub load: LoadOptions,
    /// Also prints every poster to PDF with headless Chromium (`ensemble build --pdf`).
    pub pdf: Option<pdf::PdfOptions>,
    /// Shows a progress line on a terminal during long steps.
    pub progress: bool,
    /// Warnings are errors (`--strict`): the build writes nothing and fails.
    pub strict: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub stats: RenderStats,
    pub files: u64,
    pub bytes: u64,
    /// Of `files`, those left as they were in the previous output (hard-linked, not written).
    pub unchanged: u64,
    /// With `--pdf`: what was printed, kept and bound.
    pub pdf: Option<pdf::PdfReport>,
    pub timings: Vec<(&'static str, Duration)>,
    /// Warnings only: a report exists only for a build without errors.
    pub diagnostics: Diagnostics,
    pub output: PathBuf,
}

impl BuildReport {
    pub fn total_time(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }
}

/// Why a build produced nothing: every problem found, errors first.
#[derive(Debug)]
pub struct BuildFailure {
    pub diagnostics: Diagnostics,
}

struct Timer {
    timings: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Timer {
    fn new() -> Self {
        Timer {
            timings: Vec::new(),
            last: Instant::now(),
        }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.last));
        self.last = now;
    }
}

fn fail(mut diagnostics: Diagnostics) -> BuildFailure {
    diagnostics.sort();
    BuildFailure { diagnostics }
}

/// Builds the site into its output folder, replacing the previous output only on success.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let target = options.output_dir();
    run(options, &target, true).map(|(report, _)| report)
}

/// Builds like [`build`] and also hands back the prepared site, for incremental rebuilds.
pub fn build_keeping(options: &BuildOptions) -> Result<(BuildReport, Prepared), BuildFailure> {
    run(options, &options.output_dir(), true)
}

/// Runs every stage into a throw-away folder and reports problems; the output is not touched.
pub fn check(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let scratch = Scratch::new().map_err(|e| {
        let mut diagnostics = Diagnostics::new();
        diagnostics.push(
            Diagnostic::error(
                std::env::temp_dir(),
                format!("dossier temporaire impossible à créer : {e}"),
            )
            .hint("vérifiez l'espace disque et les droits du dossier temporaire (TMPDIR)."),
        );
        BuildFailure { diagnostics }
    })?;
    let result = run(options, &scratch.path().join("public"), false);
    result.map(|(report, _)| report)
}

/// A site loaded, checked and derived, with its templates ready: everything rendering reads.
/// `serve` keeps one between rebuilds so that an edit to one page re-renders only that page.
pub struct Prepared {
    pub site: Site,
    pub templates: Templates,
    pub static_files: Vec<ThemeFile>,
    pub shared: Shared,
    pub figures: Figures,
    pub themes: Vec<ThemeView>,
    /// The observatory's files as `serve` last parsed them ([`reload_observatory`]); empty
    /// unless `options.load.keep_parses`.
    pub parse_cache: crate::load::observatory::ParseCache,
}

/// Load, derive and present stages. `None` when the site cannot be rendered at all (no config,
/// no templates); otherwise load errors are in `diagnostics` and rendering may still go on to
/// find more problems.
pub fn prepare(
    options: &BuildOptions,
    with_pdf: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Prepared> {
    let root = &options.root;
    // Load.
    let parse_cache = crate::load::observatory::ParseCache::default();
    let cache = options.load.keep_parses.then_some(&parse_cache);
    let site = load::site(root, &options.load, cache, diagnostics)?;
    let sources = load::theme::templates(root, &site.config.theme, diagnostics)?;
    let mut static_files = load::theme::static_files(root, &site.config.theme, diagnostics);
    let static_paths: Vec<&str> = static_files.iter().map(|f| f.rel.as_str()).collect();
    load::config::check_logo(&site.config, &site.config_text, &static_paths, diagnostics);
    let mut templates = Templates::new(sources, diagnostics)?;
    // Derive.
    let shared = crate::derive::contract::shared(&site);
    let collisions = crate::derive::outputs::check(&site, &static_files);
    diagnostics.extend(collisions.diagnostics);
    static_files.retain(|f| !collisions.refused_static.contains(&f.rel));
    diagnostics.extend(crate::derive::contract::legal_warnings(&shared));
    diagnostics.extend(crate::derive::sections::feed_warnings(
        &site.content,
        &shared.sections,
    ));
    // A line the loader refused is missing from the model: completeness would only repeat it.
    if !diagnostics.has_errors() {
        diagnostics.extend(crate::derive::completeness::check(&site.observatory));
        diagnostics.extend(crate::derive::results::completeness(
            &site.content,
            &site.results,
        ));
    }
    let figures = Figures::compute(&site.observatory);
    // Present: what every page shares.
    let (mut themes, problems) = crate::present::contract::themes(&site.content.themes);
    diagnostics.extend(problems);
    let results = crate::derive::results::ResultFigures::compute(&site.content, &site.results);
    crate::present::results::attach(&mut themes, &site.content, &results);
    render::install_globals(&mut templates, &site, &shared, &themes, &figures, with_pdf);
    render::results::install_globals(&mut templates, &site, &themes);
    templates.set_program(load::program::identity());
    Some(Prepared {
        site,
        templates,
        static_files,
        shared,
        figures,
        themes,
        parse_cache,
    })
}

/// For `serve`, after an edit of the observatory's data only: reads the observatory again and
/// computes again everything prepared from it (output paths, completeness, figures, the global
/// context), keeping the rest of `prepared`. `Ok` with the warnings and the observatory it
/// replaced (to tell what changed); `Err` with the errors of
/// the data, `prepared` then unchanged; `None` when the change reaches further than this
/// knows how to follow (a path that now collides, a build printing PDFs): build everything.
pub fn reload_observatory(
    prepared: &mut Prepared,
    options: &BuildOptions,
) -> Option<Result<(Diagnostics, Observatory), Diagnostics>> {
    if options.pdf.is_some() || options.strict {
        return None;
    }
    let mut diagnostics = Diagnostics::new();
    let observatory = crate::load::observatory::load_cached(
        &options.root,
        &mut diagnostics,
        &prepared.parse_cache,
    );
    if diagnostics.has_errors() {
        return Some(Err(fail(diagnostics).diagnostics));
    }
    let previous = std::mem::replace(&mut prepared.site.observatory, observatory);
    // The output paths follow from the residences alone (`derive::outputs`): the same
    // residences, already checked when `prepared` was made, give the same paths.
    let same_residences = previous.residences == prepared.site.observatory.residences
        && previous.is_empty() == prepared.site.observatory.is_empty();
    if !same_residences {
        let collisions = crate::derive::outputs::check(&prepared.site, &prepared.static_files);
        if !collisions.diagnostics.is_empty() || !collisions.refused_static.is_empty() {
            prepared.site.observatory = previous;
            return None;
        }
    }
    diagnostics.extend(crate::derive::completeness::check(
        &prepared.site.observatory,
    ));
    prepared.shared = crate::derive::contract::shared(&prepared.site);
    prepared.figures = Figures::compute(&prepared.site.observatory);
    let p = &mut *prepared;
    render::install_globals(
        &mut p.templates,
        &p.site,
        &p.shared,
        &p.themes,
        &p.figures,
        false,
    );
    render::results::install_globals(&mut p.templates, &p.site, &p.themes);
    Some(Ok((diagnostics, previous)))
}

impl Prepared {
    /// The render context of this site, writing into `output`.
    pub fn render_context<'a>(
        &'a self,
        output: &'a dyn crate::render::Sink,
        progress: Option<&'a Progress>,
    ) -> RenderContext<'a> {
        RenderContext::new(
            &self.site,
            &self.shared,
            &self.templates,
            &self.figures,
            &self.themes,
            output,
            progress,
        )
    }
}

/// Under `--strict`, every warning becomes an error.
fn strictly(diagnostics: Diagnostics) -> Diagnostics {
    let mut strict = Diagnostics::new();
    strict.extend(diagnostics.into_iter().map(|mut d| {
        d.severity = crate::core::diagnostic::Severity::Error;
        d
    }));
    strict
}

/// Prints the posters of the staging folder to PDF, with the commune bundles, through `ctx`;
/// what was printed, or `None` when printing failed (its errors are reported in `ctx`).
fn print_posters(
    prepared: &Prepared,
    ctx: &RenderContext<'_>,
    output: &Output,
    chromium: &Path,
    options: pdf::PdfOptions,
) -> Option<pdf::PdfReport> {
    let residences =
        crate::present::poster::index::entries(&prepared.site.observatory, &prepared.figures);
    let site_dir = match output.staging_dir() {
        Ok(dir) => dir,
        Err(e) => {
            ctx.report(staging_error(output.target(), &e));
            return None;
        }
    };
    let plan = pdf::PrintPlan {
        chromium,
        site_dir,
        written: &output.written_paths(),
        bundles: &crate::present::poster::index::bundles(&residences),
        base_url: &prepared.shared.base_url,
        previous: &|path: &str| output.previous_file(path),
        options,
    };
    let write = |path: &str, bytes: &[u8]| {
        ctx.write(path, bytes);
    };
    match pdf::print_site(&plan, &write) {
        Ok((printed, warnings)) => {
            warnings.into_iter().for_each(|d| ctx.report(d));
            Some(printed)
        }
        Err(errors) => {
            errors.into_iter().for_each(|d| ctx.report(d));
            None
        }
    }
}

/// The staging folder beside `target` could not be made.
fn staging_error(target: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        target,
        format!("impossible de préparer le dossier de sortie : {e}"),
    )
    .hint("vérifiez les droits d'écriture du dossier parent.")
}

fn run(
    options: &BuildOptions,
    target: &Path,
    publish: bool,
) -> Result<(BuildReport, Prepared), BuildFailure> {
    let mut diagnostics = Diagnostics::new();
    let mut timer = Timer::new();

    // Load and derive. The browser is looked for before anything is written: without it nothing
    // changes.
    let wants_pdf = options.pdf.is_some() && publish;
    let Some(prepared) = prepare(options, wants_pdf, &mut diagnostics) else {
        return Err(fail(diagnostics));
    };
    // With load errors the site is still rendered (then thrown away) so that problems in other
    // files — broken links, template errors — are reported in the same run.
    let load_failed = diagnostics.has_errors();
    let pdf = match options.pdf.filter(|_| wants_pdf && !load_failed) {
        Some(pdf_options) => match pdf::find_chromium(&options.root, &prepared.site) {
            Ok(chromium) => Some((chromium, pdf_options)),
            Err(d) => {
                diagnostics.push(d);
                return Err(fail(diagnostics));
            }
        },
        None => None,
    };
    timer.lap("load+derive");

    // Render, straight into the staging folder, once the output folder is known to be safe to
    // replace.
    if publish {
        if let Err(d) = crate::write::folder::check(&options.root, target) {
            diagnostics.push(d);
            return Err(fail(diagnostics));
        }
    }
    let output = match Output::new(target) {
        Ok(o) => o,
        Err(e) => {
            diagnostics.push(staging_error(target, &e));
            return Err(fail(diagnostics));
        }
    };
    let progress = Progress::start(
        "résidences",
        prepared.site.observatory.residences.len(),
        options.progress,
    );
    let ctx = prepared.render_context(&output, Some(&progress));
    let stats = render::site(&ctx, &prepared.static_files);
    progress.finish();
    timer.lap("render");

    // Write: the PDFs, printed from the staging folder, then the atomic swap.
    let mut pdf_report = None;
    if let Some((chromium, pdf_options)) = &pdf {
        if !ctx.has_errors() {
            pdf_report = print_posters(&prepared, &ctx, &output, chromium, *pdf_options);
        }
        timer.lap("pdf");
    }
    render::finish(&ctx, &mut diagnostics);
    if !publish && !diagnostics.has_errors() && !load_failed {
        // `check` also proves the rendered site holds together: links, anchors, no root-relative URL.
        match output.staging_dir() {
            Ok(dir) => diagnostics.extend(linkcheck::check_dir(
                dir,
                &crate::derive::contract::source_files(&prepared.site.content),
            )),
            Err(e) => diagnostics.push(staging_error(target, &e)),
        }
        timer.lap("links");
    }
    drop(ctx);
    if options.strict {
        diagnostics = strictly(diagnostics);
    }
    diagnostics.sort();
    if diagnostics.has_errors() {
        output.abandon();
        return Err(BuildFailure { diagnostics });
    }
    let (files, bytes, unchanged) = output.counts();
    if publish {
        if let Err(e) = output.commit() {
            diagnostics.push(Diagnostic::error(target, format!("impossible de remplacer le dossier de sortie : {e}")).hint("un autre programme l'utilise peut-être ; l'ancienne version est restée en place."));
            return Err(BuildFailure { diagnostics });
        }
    } else {
        output.abandon();
    }
    timer.lap("write");
    let report = BuildReport {
        stats,
        files,
        bytes,
        unchanged,
        pdf: pdf_report,
        timings: timer.timings,
        diagnostics,
        output: target.to_path_buf(),
    };
    Ok((report, prepared))
}
