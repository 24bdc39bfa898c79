//! `ensemble build --pdf`: prints every poster to PDF with headless Chromium, next to its page.
//!
//! Chromium is looked for before anything is built, so a missing browser costs nothing and
//! leaves the previous output alone. Pages are printed from the staging folder (their CSS and
//! images are already there) into a scratch folder, then written through [`crate::output`]: the
//! PDFs are part of the atomic swap, and a failed print leaves no PDF anywhere.
//!
//! Each worker starts one Chromium for the whole build and prints page after page in it over
//! the DevTools pipe ([`super::cdp`]); a small fixed number of workers run at once, because
//! each browser uses a few hundred megabytes and the machine builds other things too. A
//! Chromium that cannot be driven that way prints as before, one process per page.

use crate::core::diagnostic::Diagnostic;
use crate::core::paths;
use crate::model::config::CONFIG_FILE;
use crate::model::site::Site;
use crate::present::poster::index::PosterBundle;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Names Chromium goes by on PATH, most specific first.
const BROWSER_NAMES: [&str; 6] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
];
/// A poster prints in one or two seconds; a stuck browser must not hang the build.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);
/// Chromium processes at once.
pub const DEFAULT_WORKERS: usize = 2;

/// How `--pdf` prints.
#[derive(Debug, Clone, Copy)]
pub struct PdfOptions {
    /// Shows `PDF 3/12` on stderr while printing (only when stderr is a terminal).
    pub progress: bool,
    pub workers: usize,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions {
            progress: false,
            workers: DEFAULT_WORKERS,
        }
    }
}

/// One page to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    /// Site-relative HTML page.
    pub page: String,
    /// Site-relative PDF to write.
    pub pdf: String,
    /// Sheets the page must fit on: 1 for a poster, 2 for the recto-verso synthesis.
    pub max_pages: usize,
}

/// One printed PDF, ready to be written into the output.
#[derive(Debug)]
pub struct PrintedPdf {
    pub job: PrintJob,
    pub bytes: Vec<u8>,
    pub pages: usize,
    pub elapsed: Duration,
}

/// The Chromium to print with: `affiches.chromium` from site.yaml, else the first browser found
/// on PATH. The error is the one the author sees, in French, with what to do.
pub fn find_chromium(root: &Path, site: &Site) -> Result<PathBuf, Diagnostic> {
    find_browser(
        root,
        site.config.affiches.chromium.as_deref(),
        &site.config_text,
    )
}

pub fn find_browser(
    root: &Path,
    configured: Option<&str>,
    config_text: &str,
) -> Result<PathBuf, Diagnostic> {
    if let Some(name) = configured.map(str::trim).filter(|n| !n.is_empty()) {
        let given = Path::new(name);
        let found = if given.components().count() > 1 || given.is_absolute() {
            let p = if given.is_absolute() {
                given.to_path_buf()
            } else {
                root.join(given)
            };
            is_executable(&p).then_some(p)
        } else {
            search_path(name)
        };
        return found.ok_or_else(|| {
            let mut d = Diagnostic::error(
                CONFIG_FILE,
                format!("Chromium introuvable : affiches.chromium indique « {name} », qui n'existe pas ou n'est pas un programme. Aucun PDF n'a été produit et le site n'a pas été reconstruit."),
            )
            .hint("indiquez le chemin complet du navigateur (par exemple /usr/bin/chromium), ou retirez la clé « chromium » pour le chercher dans le PATH.");
            if let Some((line, column)) = crate::load::key_lines::position(config_text, "affiches/chromium") {
                d = d.at(line, Some(column)).with_source(config_text);
            }
            d
        });
    }
    BROWSER_NAMES
        .iter()
        .find_map(|n| search_path(n))
        .ok_or_else(|| {
            Diagnostic::error(
                CONFIG_FILE,
                "Chromium introuvable : l'option --pdf imprime les affiches avec Chromium ou Google Chrome, et aucun des deux n'a été trouvé dans le PATH. Aucun PDF n'a été produit et le site n'a pas été reconstruit.",
            )
            .hint("installez Chromium (Debian, Ubuntu : « apt-get install chromium »), ou indiquez son chemin dans content/site.yaml (affiches: chromium: /chemin/vers/chromium). Sans --pdf, les affiches restent imprimables depuis un navigateur.")
        })
}

fn search_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        [
            dir.join(name),
            dir.join(format!("{name}{}", std::env::consts::EXE_SUFFIX)),
        ]
        .into_iter()
        .find(|p| is_executable(p))
    })
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// The pages to print among the site-relative `paths` written: every `affiches/<folder>/index.html`.
pub fn jobs(paths: &[String]) -> Vec<PrintJob> {
    let prefix = format!("{}/", paths::POSTERS_DIR);
    let mut jobs: Vec<PrintJob> = paths
        .iter()
        .filter_map(|p| {
            let folder = p.strip_prefix(&prefix)?.strip_suffix("/index.html")?;
            if folder.is_empty() || folder.contains('/') {
                return None;
            }
            Some(PrintJob {
                page: p.clone(),
                pdf: format!("{prefix}{folder}/{}", paths::pdf_file_name(folder)),
                max_pages: if folder == paths::SYNTHESIS_SLUG {
                    2
                } else {
                    1
                },
            })
        })
        .collect();
    jobs.sort_by(|a, b| a.page.cmp(&b.page));
    jobs.dedup();
    jobs
}

/// Prints every job from the pages under `site_dir` with `chromium`, at most `workers` at once.
/// All or nothing: on the first failure the remaining jobs are skipped and the errors returned.
pub fn print_all(
    chromium: &Path,
    site_dir: &Path,
    jobs: &[PrintJob],
    options: PdfOptions,
) -> Result<Vec<PrintedPdf>, Vec<Diagnostic>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    let site_dir = match std::fs::canonicalize(site_dir) {
        Ok(d) => d,
        Err(e) => {
            return Err(vec![Diagnostic::error(
                site_dir,
                format!("dossier de sortie introuvable pour l'impression : {e}"),
            )])
        }
    };
    // One scratch folder per call: two builds may print at once in one process (tests, serve).
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let scratch = std::env::temp_dir().join(format!(
        "ensemble-pdf-{}-{}",
        std::process::id(),
        CALLS.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(e) = std::fs::create_dir_all(&scratch) {
        return Err(vec![Diagnostic::error(
            &scratch,
            format!("dossier temporaire impossible à créer : {e}"),
        )]);
    }
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<PrintedPdf>> = Mutex::new(Vec::with_capacity(jobs.len()));
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    let workers = options.workers.clamp(1, jobs.len());
    let show = |n: usize| {
        if options.progress {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rImpression des PDF : {n}/{}", jobs.len());
            let _ = err.flush();
        }
    };
    show(0);
    std::thread::scope(|s| {
        for w in 0..workers {
            let (next, done, failed, results, errors, scratch, site_dir, show) = (
                &next, &done, &failed, &results, &errors, &scratch, &site_dir, &show,
            );
            s.spawn(move || {
                // One profile per worker, reused: a profile cannot be shared by two running browsers.
                let profile = scratch.join(format!("profil-{w}"));
                // One browser for all of this worker's prints; without the DevTools pipe (an
                // old Chromium), one process per print as before.
                let mut browser = start_session(chromium, &profile);
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= jobs.len() || failed.load(Ordering::SeqCst) {
                        break;
                    }
                    let job = &jobs[i];
                    let out = scratch.join(format!("{i}.pdf"));
                    let start = Instant::now();
                    let page = site_dir.join(&job.page);
                    let printed = match browser.as_mut() {
                        Some(session) => session.print(&file_url(&page)),
                        None => print_one(chromium, &profile, &page, &out),
                    };
                    match printed {
                        Ok(bytes) => {
                            let pages = count_pages(&bytes);
                            if let Ok(mut r) = results.lock() {
                                r.push(PrintedPdf {
                                    job: job.clone(),
                                    bytes,
                                    pages,
                                    elapsed: start.elapsed(),
                                });
                            }
                        }
                        Err(message) => {
                            failed.store(true, Ordering::SeqCst);
                            if let Ok(mut e) = errors.lock() {
                                e.push(
                                    Diagnostic::error(&job.page, format!("impression en PDF impossible : {message}"))
                                        .hint("vérifiez que Chromium fonctionne sur cette machine (chromium --headless --print-to-pdf=essai.pdf about:blank). Aucun PDF n'a été publié."),
                                );
                            }
                        }
                    }
                    show(done.fetch_add(1, Ordering::SeqCst) + 1);
                }
            });
        }
    });
    if options.progress {
        eprintln!();
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let errors = errors.into_inner().unwrap_or_default();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by(|a, b| a.job.page.cmp(&b.job.page));
    Ok(results)
}

/// The switches of every headless Chromium that prints.
const SWITCHES: [&str; 11] = [
    "--headless",
    // Needed when the build runs as root (containers, CI); the page is our own file.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
];

/// The switches of a one-page print (`--print-to-pdf`) only: in a browser driven over the
/// DevTools pipe they would put headless Chromium in its one-page print mode.
const PRINT_SWITCHES: [&str; 2] = [
    "--no-pdf-header-footer",
    // The same switch in Chromium before version 120.
    "--print-to-pdf-no-header",
];

/// A browser session for a worker, or `None` when this Chromium cannot be driven over a pipe.
fn start_session(chromium: &Path, profile: &Path) -> Option<super::cdp::Browser> {
    std::fs::create_dir_all(profile).ok()?;
    let log = std::fs::File::create(profile.with_extension("session.log")).ok()?;
    super::cdp::Browser::start(chromium, profile, &SWITCHES, log, PRINT_TIMEOUT).ok()
}

/// Prints one page; the PDF's bytes, or why it failed.
fn print_one(chromium: &Path, profile: &Path, page: &Path, out: &Path) -> Result<Vec<u8>, String> {
    std::fs::create_dir_all(profile).map_err(|e| format!("profil temporaire : {e}"))?;
    let log_path = profile.with_extension("log");
    let log = std::fs::File::create(&log_path).map_err(|e| format!("journal temporaire : {e}"))?;
    let mut child = Command::new(chromium)
        .args(SWITCHES)
        .args(PRINT_SWITCHES)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .map_err(|e| format!("Chromium ne démarre pas ({}) : {e}", chromium.display()))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > PRINT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "Chromium n'a pas fini en {} s",
                    PRINT_TIMEOUT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(25)),
            Err(e) => return Err(format!("attente de Chromium impossible : {e}")),
        }
    };
    let bytes = std::fs::read(out).unwrap_or_default();
    if !status.success() || !bytes.starts_with(b"%PDF") {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        let reason = log
            .lines()
            .rfind(|l| !l.contains("dbus") && !l.trim().is_empty())
            .unwrap_or("aucun message")
            .to_string();
        return Err(format!(
            "Chromium a échoué ({status}) sans produire de PDF : {reason}"
        ));
    }
    let _ = std::fs::remove_file(out);
    Ok(bytes)
}

/// What `build --pdf` prints and from where.
pub struct PrintPlan<'a> {
    pub chromium: &'a Path,
    /// The staging folder, holding every page and its files.
    pub site_dir: &'a Path,
    /// Site-relative paths written: the posters among them are printed.
    pub written: &'a [String],
    /// The posters of each commune, bound into one PDF each.
    pub bundles: &'a [PosterBundle],
    /// The site's public address: the PDFs' links point there.
    pub base_url: &'a str,
    /// The previous output's file at a site-relative path, when unchanged since it was written.
    pub previous: &'a (dyn Fn(&str) -> Option<PathBuf> + Sync),
    pub options: PdfOptions,
}

/// What `build --pdf` did, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfReport {
    /// Pages printed by the browser in this build.
    pub printed: usize,
    /// PDFs taken from the previous output: their page and its files did not change.
    pub reused: usize,
    /// PDFs of a commune's posters.
    pub bundles: usize,
}

/// Prints every poster of the plan (one PDF next to each page) and binds each commune's posters
/// into one PDF, handing every file to `write` as soon as it is ready, then the keys of the
/// prints (`.ensemble-prints`). A poster whose key is the previous output's is not printed
/// again. Returns the summary and the warnings (a print on more sheets than its design), or
/// every error.
pub fn print_site(
    plan: &PrintPlan<'_>,
    write: &(dyn Fn(&str, &[u8]) + Sync),
) -> Result<(PdfReport, Vec<Diagnostic>), Vec<Diagnostic>> {
    use super::print_cache::{self, PrintKeys};
    use rayon::prelude::*;
    let jobs = jobs(plan.written);
    let browser = print_cache::browser_key(plan.chromium);
    let previous = PrintKeys::read((plan.previous)(paths::PRINTS));
    let keyed: Vec<(PrintJob, Option<u128>)> = jobs
        .into_par_iter()
        .map(|job| {
            let key = print_cache::page_key(plan.site_dir, &job.page, job.max_pages, browser);
            (job, key)
        })
        .collect();
    let mut warnings = Vec::new();
    let mut publish = |job: &PrintJob, bytes: &[u8]| {
        let pages = count_pages(bytes);
        if pages > job.max_pages {
            warnings.push(
                Diagnostic::warning(
                    &job.page,
                    format!(
                        "l'impression tient sur {pages} pages au lieu de {}",
                        job.max_pages
                    ),
                )
                .hint(
                    "un modèle d'affiche modifié déborde peut-être : vérifiez ses hauteurs fixes.",
                ),
            );
        }
        write(&job.pdf, bytes);
    };
    // A previous PDF whose key matches is kept; the other pages are printed.
    let mut report = PdfReport::default();
    let mut to_print = Vec::new();
    for (job, key) in &keyed {
        let kept = key
            .filter(|k| previous.get(&job.pdf) == Some(*k))
            .and_then(|_| (plan.previous)(&job.pdf))
            .and_then(|file| std::fs::read(file).ok())
            .filter(|bytes| bytes.starts_with(b"%PDF"));
        match kept {
            Some(bytes) => {
                publish(job, &bytes);
                report.reused += 1;
            }
            None => to_print.push(job.clone()),
        }
    }
    let staging = std::fs::canonicalize(plan.site_dir).unwrap_or_else(|_| plan.site_dir.into());
    let staging_url = format!("{}/", file_url(&staging));
    let printed = print_all(plan.chromium, plan.site_dir, &to_print, plan.options)?;
    report.printed = printed.len();
    let published: Vec<Result<(PrintJob, Vec<u8>), Diagnostic>> = printed
        .into_par_iter()
        .map(|p| {
            super::pdf_file::publishable(&p.bytes, &staging_url, plan.base_url)
                .map(|bytes| (p.job.clone(), bytes))
                .map_err(|e| {
                    Diagnostic::error(&p.job.page, format!("PDF imprimé inutilisable : {e}"))
                })
        })
        .collect();
    let mut errors = Vec::new();
    for p in published {
        match p {
            Ok((job, bytes)) => publish(&job, &bytes),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut keys: Vec<(String, u128)> = keyed
        .iter()
        .filter_map(|(job, key)| Some((job.pdf.clone(), (*key)?)))
        .collect();
    let key_of: std::collections::HashMap<String, u128> = keys.iter().cloned().collect();
    for bundle in plan.bundles {
        let (key, bytes) = bind_bundle(plan, bundle, &key_of, &previous)
            .map_err(|e| vec![Diagnostic::error(&bundle.pdf, e)])?;
        write(&bundle.pdf, &bytes);
        report.bundles += 1;
        if let Some(key) = key {
            keys.push((bundle.pdf.clone(), key));
        }
    }
    write(paths::PRINTS, print_cache::serialise(&mut keys).as_bytes());
    Ok((report, warnings))
}

/// The PDF of one commune's posters and its key: the previous output's when every part is
/// unchanged, else bound anew from the parts just written.
fn bind_bundle(
    plan: &PrintPlan<'_>,
    bundle: &PosterBundle,
    keys: &std::collections::HashMap<String, u128>,
    previous: &super::print_cache::PrintKeys,
) -> Result<(Option<u128>, Vec<u8>), String> {
    let part_keys: Option<Vec<(&str, u128)>> = bundle
        .parts
        .iter()
        .map(|(pdf, name)| Some((name.as_str(), *keys.get(pdf)?)))
        .collect();
    let key = part_keys.map(|k| super::print_cache::bundle_key(&bundle.title, &k));
    if let Some(bytes) = key
        .filter(|k| previous.get(&bundle.pdf) == Some(*k))
        .and_then(|_| (plan.previous)(&bundle.pdf))
        .and_then(|file| std::fs::read(file).ok())
    {
        return Ok((key, bytes));
    }
    // The parts were just written into the staging folder; read back one commune at a time
    // rather than every PDF of the site held in memory.
    let mut parts: Vec<(&str, Vec<u8>)> = Vec::with_capacity(bundle.parts.len());
    for (pdf, name) in &bundle.parts {
        if let Ok(bytes) = std::fs::read(plan.site_dir.join(pdf)) {
            parts.push((name.as_str(), bytes));
        }
    }
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    super::pdf_file::bind(&bundle.title, &parts)
        .map(|bytes| (key, bytes))
        .map_err(|e| format!("PDF de la commune impossible à assembler : {e}"))
}

/// `file://` URL of an absolute path, percent-encoded.
pub fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Pages of a PDF as Chromium (Skia) or lopdf writes it: one `/Type /Page` (or `/Type/Page`)
/// dictionary per page, not counting the `/Type /Pages` of the page tree.
pub fn count_pages(pdf: &[u8]) -> usize {
    let key = b"/Type";
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = pdf[i..].windows(key.len()).position(|w| w == key) {
        let mut j = i + at + key.len();
        while pdf.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
            j += 1;
        }
        let rest = &pdf[j..];
        if rest.starts_with(b"/Page") && !rest.get(5).is_some_and(|b| b.is_ascii_alphabetic()) {
            n += 1;
        }
        i = j;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_jobs_are_the_poster_folders() {
        let paths: Vec<String> = [
            "index.html",
            "affiches/index.html",
            "affiches/engagements/index.html",
            "affiches/synthese/index.html",
            "affiches/les-tilleuls/index.html",
            "affiches/les-tilleuls/autre.html",
            "css/poster.css",
        ]
        .map(String::from)
        .to_vec();
        let jobs = jobs(&paths);
        let pdfs: Vec<(&str, usize)> = jobs.iter().map(|j| (j.pdf.as_str(), j.max_pages)).collect();
        assert_eq!(
            pdfs,
            [
                ("affiches/engagements/affiche-engagements.pdf", 1),
                ("affiches/les-tilleuls/affiche-les-tilleuls.pdf", 1),
                ("affiches/synthese/synthese-contrat.pdf", 2),
            ]
        );
    }

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/mon site/é.html")),
            "file:///tmp/mon%20site/%C3%A9.html"
        );
    }

    #[test]
    fn pages_are_counted_without_the_pages_tree() {
        let pdf = b"%PDF-1.4 <</Type /Pages /Count 2>> <</Type /Page\n/Parent 1 0 R>> <</Type /Page /Parent 1 0 R>>";
        assert_eq!(count_pages(pdf), 2);
        let compact =
            b"<</Type/Pages/Count 3>><</Type/Page/Parent 1 0 R>><</Type/Page>><</Type /Page>>";
        assert_eq!(count_pages(compact), 3);
    }

    #[test]
    fn a_configured_browser_that_does_not_exist_is_reported_in_french() {
        let dir = std::env::temp_dir();
        let err = find_browser(&dir, Some("/nonexistent/chromium"), "").unwrap_err();
        assert!(err.is_error());
        assert!(
            err.message.contains("Chromium introuvable"),
            "{}",
            err.message
        );
        assert!(err.message.contains("/nonexistent/chromium"));
    }
}
