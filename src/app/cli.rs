//! Command line: parses arguments, runs the library, prints diagnostics and a summary.

use crate::load::LoadOptions;
use crate::pipeline::{self, BuildOptions, BuildReport};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "ensemble",
    version,
    about = "Générateur de site pour le contrat de service et l'observatoire des charges d'un bailleur social"
)]
pub struct Cli {
    /// Only errors are printed.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Warnings and per-stage timings are printed too.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Builds the site into the output folder (public/ by default).
    Build {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replaces url_base of site.yaml (sitemap and poster QR codes).
        #[arg(long)]
        base_url: Option<String>,
        /// Includes pages marked `brouillon: true`.
        #[arg(long)]
        drafts: bool,
        /// Prints the time of each stage.
        #[arg(long)]
        timings: bool,
        /// Also prints every poster and the synthesis to PDF, with headless Chromium.
        #[arg(long)]
        pdf: bool,
        /// Warnings are errors: nothing is written and the exit code is 1.
        #[arg(long)]
        strict: bool,
    },
    /// Builds, serves on 127.0.0.1, rebuilds on change and reloads the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback exposes your drafts to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Opens the site in the default browser.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        drafts: bool,
    },
    /// Creates a new site in DIR (missing or empty) that builds without edits.
    New { dir: PathBuf },
    /// Runs every check without writing the output; exit code 1 on errors.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Checks with this url_base, as `build --base-url` would build.
        #[arg(long)]
        base_url: Option<String>,
        #[arg(long)]
        drafts: bool,
        /// Warnings are errors: exit code 1 when there is any.
        #[arg(long)]
        strict: bool,
    },
    /// Writes a realistic, deterministic charges data set (example data or benchmark corpus).
    GenerateData {
        /// Observatory folder to write (residences.yaml and charges/AAAA.yaml), e.g.
        /// content/observatoire; with --site, the root of a new site.
        #[arg(long)]
        output: PathBuf,
        #[arg(long, default_value_t = 60)]
        residences: usize,
        /// First and last year, e.g. 2016-2025.
        #[arg(long, default_value = "2016-2025")]
        years: String,
        /// Same seed, same data, on every machine.
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// Makes OUTPUT a complete site to build (content/site.yaml, the data, and a copy of
        /// ./themes when there is one).
        #[arg(long)]
        site: bool,
    },
    /// Imports charges or residences from a spreadsheet or an ERP export (.csv, .xlsx, .xls, .ods).
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// One year of charges into content/observatoire/charges/AAAA.yaml.
    Charges {
        file: PathBuf,
        #[arg(long)]
        year: i32,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Mapping file (YAML): columns, ERP charge codes, ERP residence codes.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Sheet of a workbook (the first one by default).
        #[arg(long)]
        sheet: Option<String>,
        /// Checks and prints the summary without writing.
        #[arg(long)]
        dry_run: bool,
        /// Replaces the year file when it exists.
        #[arg(long)]
        force: bool,
    },
    /// The residences into content/observatoire/residences.yaml (rewritten whole).
    Residences {
        file: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Mapping file (YAML): columns, ERP residence codes.
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// Sheet of a workbook (the first one by default).
        #[arg(long)]
        sheet: Option<String>,
        /// Checks and prints the summary without writing.
        #[arg(long)]
        dry_run: bool,
        /// Allows the import to leave out residences of the current file (their pages go).
        #[arg(long)]
        force: bool,
    },
}

fn import(what: ImportWhat) -> ExitCode {
    match what {
        ImportWhat::Charges {
            file,
            year,
            root,
            mapping,
            sheet,
            dry_run,
            force,
        } => crate::app::import::charges(&crate::app::import::ChargesImport {
            root,
            file,
            year,
            mapping,
            sheet,
            dry_run,
            force,
        }),
        ImportWhat::Residences {
            file,
            root,
            mapping,
            sheet,
            dry_run,
            force,
        } => crate::app::import_residences::residences(
            &crate::app::import_residences::ResidencesImport {
                root,
                file,
                mapping,
                sheet,
                dry_run,
                force,
            },
        ),
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let (quiet, verbose) = (cli.quiet, cli.verbose);
    match cli.command {
        Command::Import { what } => import(what),
        Command::GenerateData {
            output,
            residences,
            years,
            seed,
            site,
        } => generate_data(&output, residences, &years, seed, site, quiet),
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            pdf,
            strict,
        } => {
            use std::io::IsTerminal;
            let options = BuildOptions {
                root,
                output,
                load: LoadOptions {
                    include_drafts: drafts,
                    base_url,
                },
                pdf: pdf.then(|| crate::write::pdf::PdfOptions {
                    progress: !quiet && std::io::stderr().is_terminal(),
                    ..Default::default()
                }),
                progress: !quiet,
                strict,
            };
            build(&options, quiet, verbose, timings)
        }
        Command::Serve {
            root,
            output,
            port,
            bind,
            open,
            drafts,
        } => {
            let build = BuildOptions {
                root,
                output,
                load: LoadOptions {
                    include_drafts: drafts,
                    base_url: None,
                },
                pdf: None,
                progress: false,
                strict: false,
            };
            let options = crate::app::serve::ServeOptions {
                build,
                bind,
                port,
                open,
                quiet,
            };
            finish(crate::app::serve::serve(options).map(|()| None))
        }
        Command::New { dir } => finish(
            crate::app::scaffold::create(&dir)
                .map(|guide| Some(format!("Site créé dans {}.\n{guide}", dir.display()))),
        ),
        Command::Check {
            root,
            base_url,
            drafts,
            strict,
        } => {
            let options = BuildOptions {
                root,
                output: None,
                load: LoadOptions {
                    include_drafts: drafts,
                    base_url,
                },
                pdf: None,
                progress: !quiet,
                strict,
            };
            check(&options, quiet)
        }
    }
}

/// Prints what a command that succeeded has to say, or its error.
fn finish(result: Result<Option<String>, String>) -> ExitCode {
    match result {
        Ok(message) => {
            if let Some(m) = message {
                println!("{m}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("erreur : {message}");
            ExitCode::from(1)
        }
    }
}

fn build(options: &BuildOptions, quiet: bool, verbose: bool, timings: bool) -> ExitCode {
    match pipeline::build(options) {
        Ok(report) => {
            print_report(
                &report,
                quiet,
                verbose,
                timings || verbose,
                "Site construit",
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            failure.diagnostics.print(!quiet);
            eprintln!(
                "Échec : {} erreur(s). Le dossier de sortie précédent n'a pas été modifié.",
                failure.diagnostics.error_count()
            );
            ExitCode::from(1)
        }
    }
}

fn check(options: &BuildOptions, quiet: bool) -> ExitCode {
    match pipeline::check(options) {
        Ok(report) => {
            report.diagnostics.print(true);
            if !quiet {
                println!(
                    "Vérification terminée : aucune erreur, {} avertissement(s), {} pages contrôlées.",
                    report.diagnostics.warning_count(),
                    report.stats.pages
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            failure.diagnostics.print(true);
            eprintln!(
                "Vérification : {} erreur(s), {} avertissement(s).",
                failure.diagnostics.error_count(),
                failure.diagnostics.warning_count()
            );
            ExitCode::from(1)
        }
    }
}

fn print_report(report: &BuildReport, quiet: bool, verbose: bool, timings: bool, what: &str) {
    if verbose {
        report.diagnostics.print(true);
    } else if report.diagnostics.warning_count() > 0 && !quiet {
        eprintln!(
            "{} avertissement(s) : lancez « ensemble check » pour les lire.",
            report.diagnostics.warning_count()
        );
    }
    if timings {
        for (stage, d) in &report.timings {
            eprintln!("  {stage:<8} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    if !quiet {
        let s = report.stats;
        println!(
            "{what} dans {} : {} pages, {} graphiques, {} affiches, {} fichiers ({:.1} Mo) en {:.2} s.",
            report.output.display(),
            s.pages,
            s.charts,
            s.posters,
            report.files,
            report.bytes as f64 / 1_000_000.0,
            report.total_time().as_secs_f64()
        );
    }
}

fn generate_data(
    output: &Path,
    residences: usize,
    years: &str,
    seed: u64,
    site: bool,
    quiet: bool,
) -> ExitCode {
    use crate::app::generate;
    use crate::write::files;
    let (first_year, last_year) = match generate::parse_years(years) {
        Ok(y) => y,
        Err(e) => {
            eprintln!("erreur : {e}");
            return ExitCode::from(2);
        }
    };
    let options = generate::GenerateOptions {
        residences,
        first_year,
        last_year,
        seed,
    };
    let data_dir = if site {
        output.join(crate::model::observatory::DATA_DIR)
    } else {
        output.to_path_buf()
    };
    let generated = generate::generate(&options);
    let result = (|| -> std::io::Result<()> {
        if site {
            let mut files: Vec<(&str, &str)> =
                vec![(crate::model::config::CONFIG_FILE, generate::BENCH_SITE_YAML)];
            files.extend(generate::BENCH_PAGES.iter().copied());
            files::write_all(output, &files)?;
            let themes = Path::new("themes");
            if themes.is_dir() {
                files::copy_tree(themes, &output.join("themes"))?;
            }
        }
        files::replace_observatory_data(&data_dir, &generated.files)
    })();
    match result {
        Ok(()) => {
            let summary = &generated;
            if !quiet {
                println!(
                    "Données écrites dans {} : {} résidences dans {} communes, {} à {}, {} lignes de charges, {} fichiers.",
                    data_dir.display(),
                    summary.residences,
                    summary.communes,
                    first_year,
                    last_year,
                    summary.lines,
                    summary.files.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "erreur : écriture impossible dans {} : {e}",
                data_dir.display()
            );
            ExitCode::from(1)
        }
    }
}
