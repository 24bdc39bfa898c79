//! The pipeline: load → derive → render → write, each stage timed.

use crate::derive;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::poster;
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
    /// Also prints every poster to PDF with headless Chromium (`ensemble build --pdf`).
    pub pdf: Option<crate::poster::pdf::PdfOptions>,
    /// Shows a progress line on a terminal during long steps.
    pub progress: bool,
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

/// Output path → the Markdown file it comes from, so problems found in the output name the file
/// an author can fix.
fn source_files(site: &Site) -> std::collections::HashMap<String, PathBuf> {
    let c = &site.content;
    c.pages
        .iter()
        .map(|p| (p.path.clone(), p.source.path.clone()))
        .chain(
            c.themes
                .iter()
                .map(|t| (t.path.clone(), t.source.path.clone())),
        )
        .chain(
            [&c.contract_intro, &c.observatory_intro]
                .into_iter()
                .flatten()
                .map(|p| (p.path.clone(), p.source.path.clone())),
        )
        .collect()
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

/// A site loaded, checked and derived, with its templates ready: everything rendering reads.
/// `serve` keeps one between rebuilds so that an edit to one page re-renders only that page.
pub struct Prepared {
    pub site: Site,
    pub templates: Templates,
    pub shared: derive::Shared,
    pub figures: crate::observatory::figures::Figures,
}

/// Load and derive stages. `None` when the site cannot be rendered at all (no config, no
/// templates); otherwise load errors are in `diagnostics` and rendering may still go on to find
/// more problems.
pub fn prepare(
    options: &BuildOptions,
    with_pdf: bool,
    diagnostics: &mut Diagnostics,
) -> Option<Prepared> {
    let root = &options.root;
    let site = Site::load(root, &options.load, diagnostics);
    let templates = site
        .as_ref()
        .and_then(|s| Templates::load(root, &s.config.theme, diagnostics));
    let (Some(site), Some(mut templates)) = (site, templates) else {
        return None;
    };
    let shared = derive::shared(&site);
    diagnostics.extend(derive::legal_warnings(&shared));
    let figures = crate::observatory::figures::Figures::compute(&site.observatory);
    render::install_globals(&mut templates, &site, &shared);
    render::observatory::install_globals(&mut templates, &site.observatory, &figures);
    poster::install_globals(&mut templates, with_pdf);
    Some(Prepared {
        site,
        templates,
        shared,
        figures,
    })
}

fn run(options: &BuildOptions, target: &Path, publish: bool) -> Result<BuildReport, BuildFailure> {
    run_keeping(options, target, publish).map(|(report, _)| report)
}

/// Builds like [`build`] and also hands back the prepared site, for incremental rebuilds.
pub fn build_keeping(options: &BuildOptions) -> Result<(BuildReport, Prepared), BuildFailure> {
    run_keeping(options, &options.output_dir(), true)
}

fn run_keeping(
    options: &BuildOptions,
    target: &Path,
    publish: bool,
) -> Result<(BuildReport, Prepared), BuildFailure> {
    let mut diagnostics = Diagnostics::new();
    let mut timer = Timer::new();
    let root = &options.root;

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
        Some(pdf_options) => {
            match poster::pdf::find_chromium(
                root,
                prepared.site.config.affiches.chromium.as_deref(),
            ) {
                Ok(chromium) => Some((chromium, pdf_options)),
                Err(d) => {
                    diagnostics.push(d);
                    return Err(fail(diagnostics));
                }
            }
        }
        None => None,
    };
    timer.lap("load+derive");
    let Prepared {
        site,
        templates,
        shared,
        figures,
    } = &prepared;
    let (site, templates, shared, figures) = (site, templates, shared, figures);

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
        crate::observatory::shortcodes::ObservatoryShortcodes::new(&site.observatory, figures);
    let ctx = RenderContext::new(site, shared, templates, &shortcodes, &output);
    let mut stats = RenderStats::default();
    // Each residence job renders its page and, from the same figures and series, its poster.
    let poster_entries: std::sync::Mutex<Vec<poster::PosterIndexEntry<'_>>> = Default::default();
    let progress = crate::progress::Progress::start(
        "résidences",
        site.observatory.residences.len(),
        options.progress,
    );
    let residence_poster = |job: &render::observatory::ResidenceJob<'_>| -> usize {
        progress.inc();

        let r = &site.observatory.residences[job.index];
        let (Some(latest), Some(chart)) = (job.figures.latest(), job.charts.poster.as_ref()) else {
            return 0;
        };
        let p = poster::ResidencePoster {
            slug: &r.id,
            name: &r.name,
            address: &r.address,
            postal_code: &r.postal_code,
            commune: &r.commune,
            dwellings: r.dwellings,
            year: latest.year,
            monthly_per_dwelling: latest.per_dwelling_month,
            change_percent: latest.change,
            per_m2_year: latest.per_m2,
            chart_svg: chart,
            chart_caption: "Charges en euros par logement et par mois",
            residence_page_path: &job.summary.path,
        };
        if !poster::render_residence_poster(&ctx, &p) {
            return 0;
        }
        if let Ok(mut entries) = poster_entries.lock() {
            entries.push(poster::PosterIndexEntry {
                slug: &r.id,
                name: &r.name,
                address: &r.address,
                postal_code: &r.postal_code,
                commune: &r.commune,
            });
        }
        1
    };
    let (contract, observatory) = rayon::join(
        || render::contract_pages(&ctx),
        || render::observatory::render(&ctx, figures, Some(&residence_poster)),
    );
    stats.pages += contract + observatory.pages;
    stats.charts +=
        observatory.charts + shortcodes.charts.load(std::sync::atomic::Ordering::Relaxed);
    drop(progress);
    let mut entries = poster_entries.into_inner().unwrap_or_default();

    // Jobs finish in any order; the index lists residences as residences.yaml does.
    let order: std::collections::HashMap<&str, usize> = site
        .observatory
        .residences
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    entries.sort_by_key(|e| order.get(e.slug).copied().unwrap_or(usize::MAX));
    stats.posters += observatory.posters + poster::render_contract_posters(&ctx, &entries);
    timer.lap("render");

    // Write: static files, sitemap, then the atomic swap.
    match crate::theme::files(root, &site.config.theme, "static") {
        Ok(files) => {
            for f in files {
                ctx.write(&f.rel, &f.bytes);
            }
        }
        Err(e) => ctx.report(Diagnostic::error(
            format!("themes/{}/static", site.config.theme),
            format!("copie des fichiers statiques impossible : {e}"),
        )),
    }
    // The site's own static files come last and so replace the theme's.
    if let Err(e) = output.copy_dir(&root.join("static")) {
        ctx.report(Diagnostic::error(
            "static",
            format!("copie des fichiers statiques impossible : {e}"),
        ));
    }
    render::sitemap_and_robots(&ctx, &output.written_paths());
    if let Some((chromium, pdf_options)) = &pdf {
        // Printed last, once the pages and their CSS are in the staging folder.
        if !ctx.has_errors() {
            poster::pdf::print_site(&ctx, chromium, *pdf_options);
        }
        timer.lap("pdf");
    }
    render::finish(&ctx, &mut diagnostics);
    if !publish && !diagnostics.has_errors() && !load_failed {
        // `check` also proves the rendered site holds together: links, anchors, no root-relative URL.
        diagnostics.extend(crate::linkcheck::check_dir(
            output.staging_dir(),
            &source_files(site),
        ));
        timer.lap("links");
    }
    drop(ctx);
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
    let report = BuildReport {
        stats,
        files,
        bytes,
        timings: timer.timings,
        diagnostics,
        output: target.to_path_buf(),
    };
    Ok((report, prepared))
}
