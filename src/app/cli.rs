//! Command line: parses arguments, runs the library, prints diagnostics and a summary.

use crate::load::LoadOptions;
use crate::pipeline::{self, BuildOptions, BuildReport};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::core::typography::{count, format_megabytes, format_seconds};

fn errors(n: usize) -> String {
    count(n, "aucune erreur", "erreur", "erreurs")
}

fn warnings(n: usize) -> String {
    count(n, "aucun avertissement", "avertissement", "avertissements")
}

#[derive(Debug, Parser)]
#[command(
    name = "ensemble",
    version,
    about = "Générateur de site pour le contrat de service et l'observatoire des charges d'un bailleur social"
)]
pub struct Cli {
    /// N'affiche que les erreurs
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Affiche aussi les avertissements et le temps de chaque étape
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Construit le site dans le dossier de sortie (public/ par défaut)
    Build {
        /// Dossier du site
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
        /// Dossier de sortie (DOSSIER_DU_SITE/public par défaut)
        #[arg(long, value_name = "DOSSIER")]
        output: Option<PathBuf>,
        /// Remplace url_base de site.yaml (plan du site, QR codes des affiches)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Inclut les pages marquées « brouillon: true »
        #[arg(long)]
        drafts: bool,
        /// Affiche le temps de chaque étape
        #[arg(long)]
        timings: bool,
        /// Imprime aussi chaque affiche et la synthèse en PDF, avec Chromium sans fenêtre
        #[arg(long)]
        pdf: bool,
        /// Les avertissements sont des erreurs : rien n'est écrit, code de sortie 1
        #[arg(long)]
        strict: bool,
    },
    /// Construit, sert le site sur 127.0.0.1, reconstruit à chaque modification et recharge la page
    Serve {
        /// Dossier du site
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
        /// Dossier de sortie (DOSSIER_DU_SITE/public par défaut)
        #[arg(long, value_name = "DOSSIER")]
        output: Option<PathBuf>,
        /// Port d'écoute
        #[arg(long, default_value_t = 1111, value_name = "PORT")]
        port: u16,
        /// Adresse d'écoute ; toute autre que la boucle locale montre vos brouillons au réseau
        #[arg(long, default_value = "127.0.0.1", value_name = "ADRESSE")]
        bind: std::net::IpAddr,
        /// Ouvre le site dans le navigateur par défaut
        #[arg(long)]
        open: bool,
        /// Inclut les pages marquées « brouillon: true »
        #[arg(long)]
        drafts: bool,
    },
    /// Crée un site neuf dans DOSSIER (absent ou vide), qui se construit tel quel
    New {
        /// Dossier à créer
        #[arg(value_name = "DOSSIER")]
        dir: PathBuf,
    },
    /// Fait toutes les vérifications sans écrire le site ; code de sortie 1 en cas d'erreur
    Check {
        /// Dossier du site
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
        /// Vérifie avec cette url_base, comme la construirait « build --base-url »
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Inclut les pages marquées « brouillon: true »
        #[arg(long)]
        drafts: bool,
        /// Les avertissements sont des erreurs : code de sortie 1 s'il y en a
        #[arg(long)]
        strict: bool,
    },
    /// Écrit des données de charges réalistes et reproductibles (exemple ou corpus de test)
    GenerateData {
        /// Dossier de l'observatoire à écrire (residences.yaml et charges/AAAA.yaml), par
        /// exemple content/observatoire ; avec --site, la racine d'un site neuf
        #[arg(long, value_name = "DOSSIER")]
        output: PathBuf,
        /// Nombre de résidences
        #[arg(long, default_value_t = 60, value_name = "NOMBRE")]
        residences: usize,
        /// Première et dernière année, par exemple 2016-2025
        #[arg(long, default_value = "2016-2025", value_name = "ANNÉES")]
        years: String,
        /// Même graine, mêmes données, sur toutes les machines
        #[arg(long, default_value_t = 2025, value_name = "GRAINE")]
        seed: u64,
        /// Fait de DOSSIER un site complet à construire (content/site.yaml, les données, et une
        /// copie de ./themes s'il existe)
        #[arg(long)]
        site: bool,
    },
    /// Importe des charges d'un tableur ou d'un export d'ERP (.csv, .xlsx, .xls, .ods)
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportWhat {
    /// Une année de charges dans content/observatoire/charges/AAAA.yaml
    Charges {
        /// Fichier à importer (.csv, .xlsx, .xls, .ods)
        #[arg(value_name = "FICHIER")]
        file: PathBuf,
        /// Année des charges
        #[arg(long, value_name = "AAAA")]
        year: i32,
        /// Dossier du site
        #[arg(long, default_value = ".", value_name = "DOSSIER")]
        root: PathBuf,
        /// Fichier de correspondance (YAML) : colonnes, codes de charges et de résidences de l'ERP
        #[arg(long, value_name = "FICHIER")]
        mapping: Option<PathBuf>,
        /// Feuille d'un classeur (la première par défaut)
        #[arg(long, value_name = "FEUILLE")]
        sheet: Option<String>,
        /// Vérifie et affiche le résumé sans rien écrire
        #[arg(long)]
        dry_run: bool,
        /// Remplace le fichier de l'année s'il existe
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
                    keep_parses: false,
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
                    // Each data edit then parses again only the files it changed.
                    keep_parses: true,
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
                    keep_parses: false,
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
            // The old output is deleted in the background; a normal exit waits for it.
            crate::write::output::wait_for_cleanup();
            ExitCode::SUCCESS
        }
        Err(failure) => {
            failure.diagnostics.print(!quiet);
            eprintln!(
                "Échec : {}. Le dossier de sortie précédent n'a pas été modifié.",
                errors(failure.diagnostics.error_count())
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
                    "Vérification terminée : aucune erreur, {}, {}.",
                    warnings(report.diagnostics.warning_count()),
                    count(
                        report.stats.pages,
                        "aucune page contrôlée",
                        "page contrôlée",
                        "pages contrôlées"
                    )
                );
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            failure.diagnostics.print(true);
            eprintln!(
                "Vérification : {}, {}.",
                errors(failure.diagnostics.error_count()),
                warnings(failure.diagnostics.warning_count())
            );
            ExitCode::from(1)
        }
    }
}

fn print_report(report: &BuildReport, quiet: bool, verbose: bool, timings: bool, what: &str) {
    if verbose {
        report.diagnostics.print(true);
    } else if report.diagnostics.warning_count() > 0 && !quiet {
        let n = report.diagnostics.warning_count();
        let them = if n == 1 { "le lire" } else { "les lire" };
        eprintln!("{} : lancez « ensemble check » pour {them}.", warnings(n));
    }
    if timings {
        for (stage, d) in &report.timings {
            let ms = crate::core::typography::format_number(d.as_secs_f64() * 1000.0, 1);
            eprintln!("  {stage:<8} {ms:>8} ms");
        }
        let files = |n: u64| crate::core::typography::format_number(n as f64, 0);
        eprintln!(
            "  rendus   {}, {} repris de la sortie précédente",
            crate::core::typography::count(
                report.stats.rendered,
                "aucun fichier",
                "fichier",
                "fichiers"
            ),
            files(report.stats.reused as u64)
        );
        eprintln!(
            "  fichiers {} inchangés, {} écrits",
            files(report.unchanged),
            files(report.files - report.unchanged)
        );
    }
    if !quiet {
        let s = report.stats;
        println!(
            "{what} dans {} : {}, {}, {}, {} ({}) en {}.",
            report.output.display(),
            count(s.pages, "aucune page", "page", "pages"),
            count(s.charts, "aucun graphique", "graphique", "graphiques"),
            count(s.posters, "aucune affiche", "affiche", "affiches"),
            count(
                report.files as usize,
                "aucun fichier",
                "fichier",
                "fichiers"
            ),
            format_megabytes(report.bytes),
            format_seconds(report.total_time().as_secs_f64())
        );
        if let Some(p) = report.pdf {
            println!(
                "PDF : {}, {} de la construction précédente (page inchangée), {}.",
                count(p.printed, "aucun imprimé", "imprimé", "imprimés"),
                count(p.reused, "aucun repris", "repris", "repris"),
                count(
                    p.bundles,
                    "aucun recueil par commune",
                    "recueil par commune",
                    "recueils par commune"
                )
            );
        }
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
