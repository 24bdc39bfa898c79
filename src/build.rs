//! The pipeline: load → derive → render → write, each stage timed.

use crate::derive;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render::{self, templates::Templates, RenderContext, RenderStats};
use crate::site::{LoadOptions, Site};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `root/public`.
    pub output: Option<PathBuf>,
    pub load: LoadOptions,
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
    run(options, &target, true)
}

/// Runs every stage into a throw-away folder and reports problems; the output is not touched.
pub fn check(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let scratch = std::env::temp_dir().join(format!("ensemble-check-{}", std::process::id()));
    let result = run(options, &scratch.join("public"), false);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn run(options: &BuildOptions, target: &Path, publish: bool) -> Result<BuildReport, BuildFailure> {
    let mut diagnostics = Diagnostics::new();
    let mut timer = Timer::new();

    // Load.
    let root = &options.root;
    let site = Site::load(root, &options.load, &mut diagnostics);
    let templates = site
        .as_ref()
        .and_then(|s| Templates::load(root, &s.config.theme, &mut diagnostics));
    let (Some(site), Some(mut templates)) = (site, templates) else {
        return Err(fail(diagnostics));
    };
    if diagnostics.has_errors() {
        return Err(fail(diagnostics));
    }
    timer.lap("load");

    // Derive.
    let shared = derive::shared(&site);
    let figures = crate::observatory::figures::Figures::compute(&site.observatory);
    render::install_globals(&mut templates, &site, &shared);
    render::observatory::install_globals(&mut templates, &site.observatory, &figures);
    timer.lap("derive");

    // Render, straight into the staging folder.
    let output = match Output::new(target) {
        Ok(o) => o,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    target,
                    format!("impossible de préparer le dossier de sortie : {e}"),
                )
                .hint("vérifiez les droits d'écriture du dossier parent."),
            );
            return Err(fail(diagnostics));
        }
    };
    let shortcodes =
        crate::observatory::shortcodes::ObservatoryShortcodes::new(&site.observatory, &figures);
    let ctx = RenderContext::new(&site, &shared, &templates, &shortcodes, &output);
    let mut stats = RenderStats::default();
    let (contract, observatory) = rayon::join(
        || render::contract_pages(&ctx),
        || render::observatory::render(&ctx, &figures, None),
    );
    stats.pages += contract + observatory.pages;
    stats.charts +=
        observatory.charts + shortcodes.charts.load(std::sync::atomic::Ordering::Relaxed);
    stats.posters += observatory.posters;
    timer.lap("render");

    // Write: static files, sitemap, then the atomic swap.
    let theme_static = root.join("themes").join(&site.config.theme).join("static");
    for dir in [theme_static, root.join("static")] {
        if let Err(e) = output.copy_dir(&dir) {
            ctx.report(Diagnostic::error(
                crate::diagnostic::display_path(root, &dir),
                format!("copie des fichiers statiques impossible : {e}"),
            ));
        }
    }
    render::sitemap_and_robots(&ctx, &output.written_paths());
    render::finish(&ctx, &mut diagnostics);
    diagnostics.sort();
    if diagnostics.has_errors() {
        output.abandon();
        return Err(BuildFailure { diagnostics });
    }
    let (files, bytes) = (output.files_written(), output.bytes_written());
    if publish {
        if let Err(e) = output.commit() {
            diagnostics.push(Diagnostic::error(target, format!("impossible de remplacer le dossier de sortie : {e}")).hint("un autre programme l'utilise peut-être ; l'ancienne version est restée en place."));
            return Err(BuildFailure { diagnostics });
        }
    } else {
        output.abandon();
    }
    timer.lap("write");
    Ok(BuildReport {
        stats,
        files,
        bytes,
        timings: timer.timings,
        diagnostics,
        output: target.to_path_buf(),
    })
}
