//! `ensemble import charges` and `ensemble import residences`: a spreadsheet or ERP export read
//! and checked whole (`load::import`), then written as the canonical year file the fast reader
//! takes (one residence per line, flow maps, as `generate-data` writes), atomically, with a
//! summary of what changes.

use crate::app::generate::format::{amount, quote};
use crate::core::diagnostic::{display_path, Diagnostic, Diagnostics};
use crate::core::typography::count;
use crate::load::import::{self, charges::ImportedYear, mapping::Mapping};
use crate::model::observatory::{ChargeLine, Observatory, ResidenceYear, DATA_DIR};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `import charges` was asked to do.
#[derive(Debug, Clone)]
pub struct ChargesImport {
    pub root: PathBuf,
    pub file: PathBuf,
    pub year: i32,
    pub mapping: Option<PathBuf>,
    pub sheet: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

/// Prints `diagnostics` and says nothing was written: how every import ends on a problem.
pub(super) fn fail(diagnostics: Vec<Diagnostic>) -> ExitCode {
    let mut all = Diagnostics::new();
    all.extend(diagnostics);
    all.print(true);
    eprintln!("import interrompu : rien n’a été écrit.");
    ExitCode::from(1)
}

/// Runs `import charges`; nothing is written unless the whole input is right.
pub fn charges(options: &ChargesImport) -> ExitCode {
    let root = &options.root;
    let mut diagnostics = Diagnostics::new();
    let obs = crate::load::observatory::load(root, &mut diagnostics);
    if diagnostics.has_errors() {
        eprintln!("les données actuelles de l’observatoire ont des erreurs : corrigez-les avant d’importer.");
        return fail(diagnostics.into_vec());
    }
    if obs.residences.is_empty() {
        return fail(vec![Diagnostic::error(
            display_path(root, &root.join(DATA_DIR).join("residences.yaml")),
            "aucune résidence : les charges importées ne peuvent être rattachées à rien",
        )
        .hint(
            "importez d’abord les résidences, ou écrivez content/observatoire/residences.yaml.",
        )]);
    }
    let mapping = match &options.mapping {
        Some(m) => match import::mapping::load(m, m) {
            Ok(m) => m,
            Err(d) => return fail(d),
        },
        None => Mapping::default(),
    };
    let table = match import::read_table(&options.file, &options.file, options.sheet.as_deref()) {
        Ok(t) => t,
        Err(d) => return fail(vec![d]),
    };
    let imported = match import::charges::read(
        &table,
        options.year,
        &mapping,
        &obs.residences,
        &obs.categories,
    ) {
        Ok(y) => y,
        Err(d) => return fail(d),
    };
    let target = root
        .join(DATA_DIR)
        .join("charges")
        .join(format!("{}.yaml", options.year));
    let shown = display_path(root, &target);
    if imported.is_empty() {
        return fail(vec![Diagnostic::error(
            options.file.clone(),
            format!("aucune ligne de charges pour l’année {}", options.year),
        )
        .hint(
            "vérifiez --year et, s’il y a une colonne d’année, les années du fichier.",
        )]);
    }
    let exists = target.is_file();
    if exists && !options.force && !options.dry_run {
        return fail(vec![Diagnostic::error(shown, format!("l’année {} existe déjà", options.year))
            .hint("ajoutez --force pour la remplacer (l’ancien fichier est remplacé d’un coup), ou --dry-run pour voir d’abord ce qui changerait.")]);
    }
    print!("{}", summary(&obs, options.year, &imported));
    completeness(&obs, options.year, &imported);
    let text = year_file(&obs, options.year, &imported);
    if options.dry_run {
        println!(
            "essai (--dry-run) : {} n’a pas été écrit{}.",
            shown.display(),
            if exists {
                " (l’année existe : --force la remplacerait)"
            } else {
                ""
            }
        );
        return ExitCode::SUCCESS;
    }
    write(&target, shown, &text, "content/observatoire/charges/")
}

/// Writes `text` to `target` (shown as `shown`) atomically and says so; how every import ends
/// when all is right. `folder` is named in the hint when it cannot be written.
pub(super) fn write(target: &Path, shown: PathBuf, text: &str, folder: &str) -> ExitCode {
    match crate::write::import::write_atomic(target, text) {
        Ok(()) => {
            println!("écrit : {}", shown.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(vec![Diagnostic::error(
            shown,
            format!("écriture impossible : {e}"),
        )
        .hint(format!(
            "vérifiez les droits d’écriture du dossier {folder}."
        ))]),
    }
}

/// The warnings `check` would give on the years the import touches (the imported year against
/// the one before, the year after against it), printed before anything is written.
fn completeness(obs: &Observatory, year: i32, imported: &ImportedYear) {
    let merged = with_year(obs, year, imported);
    let touched = [year, year + 1].map(|y| {
        std::path::Path::new(DATA_DIR)
            .join("charges")
            .join(format!("{y}.yaml"))
    });
    let warnings: Vec<Diagnostic> = crate::derive::completeness::check(&merged)
        .into_iter()
        .filter(|d| touched.contains(&d.file))
        .collect();
    if warnings.is_empty() {
        println!("  complétude : rien à signaler par rapport à l’année précédente.");
        return;
    }
    println!(
        "  complétude : {}, {} ci-dessous ({} de « ensemble check »).",
        count(
            warnings.len(),
            "aucun avertissement",
            "avertissement",
            "avertissements"
        ),
        if warnings.len() == 1 {
            "détaillé"
        } else {
            "détaillés"
        },
        if warnings.len() == 1 { "celui" } else { "ceux" }
    );
    let mut all = Diagnostics::new();
    all.extend(warnings);
    all.print(true);
}

/// The observatory as it will be once `imported` replaces the charges of `year`.
fn with_year(obs: &Observatory, year: i32, imported: &ImportedYear) -> Observatory {
    let mut charges = obs.charges.clone();
    for (r, years) in charges.iter_mut().enumerate() {
        years.retain(|y| y.year != year);
        if let Some(lines) = imported.get(&r) {
            let lines = lines
                .iter()
                .map(|(&category, a)| ChargeLine {
                    category,
                    actual: a.actual,
                    provisions: a.provisions,
                    note: a.note.clone(),
                })
                .collect();
            years.push(ResidenceYear { year, lines });
            years.sort_by_key(|y| y.year);
        }
    }
    let mut years = obs.years.clone();
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable();
    }
    Observatory {
        residences: obs.residences.clone(),
        categories: obs.categories.clone(),
        charges,
        years,
        index: obs.index.clone(),
        files: obs.files.clone(),
        provisional_years: obs.provisional_years.clone(),
        unavailable: false,
    }
}

/// The canonical year file: the layout `generate-data` writes and the fast reader takes.
pub fn year_file(obs: &Observatory, year: i32, imported: &ImportedYear) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Charges de l’année {year}, en euros TTC pour toute la résidence : dépense réelle (reel)\n# et provisions appelées auprès des locataires (provisions), par catégorie de charges.\n# Importé par « ensemble import charges ».\nannee: {year}\nresidences:"
    );
    for (&r, lines) in imported {
        let _ = write!(out, "  {}: {{ ", obs.residences[r].id);
        for (k, (&c, a)) in lines.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            let _ = write!(
                out,
                "{}: {{ reel: {}, provisions: {}",
                obs.categories[c].code,
                amount(a.actual),
                amount(a.provisions)
            );
            if let Some(n) = &a.note {
                let _ = write!(out, ", note: {}", quote(n));
            }
            out.push_str(" }");
        }
        out.push_str(" }\n");
    }
    out
}

fn year_lines(obs: &Observatory, year: i32) -> ImportedYear {
    let mut out = ImportedYear::new();
    for (r, years) in obs.charges.iter().enumerate() {
        if let Some(y) = years.iter().find(|y| y.year == year) {
            let lines = out.entry(r).or_default();
            for l in &y.lines {
                lines.insert(
                    l.category,
                    import::charges::Amounts {
                        actual: l.actual,
                        provisions: l.provisions,
                        note: l.note.clone(),
                    },
                );
            }
        }
    }
    out
}

/// Residences added or missing, lines changed against the current file, totals per category
/// against the previous year.
pub fn summary(obs: &Observatory, year: i32, imported: &ImportedYear) -> String {
    let mut out = String::new();
    let current = year_lines(obs, year);
    let previous = year_lines(obs, year - 1);
    let missing: Vec<&str> = (0..obs.residences.len())
        .filter(|r| !imported.contains_key(r) && obs.residences[*r].construction_year < year)
        .map(|r| obs.residences[r].id.as_str())
        .collect();
    let lines: usize = imported.values().map(|l| l.len()).sum();
    let _ = writeln!(
        out,
        "import {year} : {}, {}.",
        count(
            imported.len(),
            "aucune résidence",
            "résidence",
            "résidences"
        ),
        count(
            lines,
            "aucune ligne de charges",
            "ligne de charges",
            "lignes de charges"
        )
    );
    let added = imported.keys().filter(|r| !current.contains_key(r)).count();
    let _ = writeln!(out, "  résidences ajoutées à l’année : {added} ; résidences de residences.yaml sans charges : {}{}", missing.len(),
        if missing.is_empty() { String::new() } else { format!(" ({}{})", missing.iter().take(5).copied().collect::<Vec<_>>().join(", "), if missing.len() > 5 { ", …" } else { "" }) });
    let (mut changed, mut new_lines) = (0, 0);
    for (r, cats) in imported {
        for (c, a) in cats {
            match current.get(r).and_then(|l| l.get(c)) {
                Some(old) if old == a => {}
                Some(_) => changed += 1,
                None => new_lines += 1,
            }
        }
    }
    let removed: usize = current
        .iter()
        .map(|(r, cats)| {
            cats.keys()
                .filter(|c| imported.get(r).is_none_or(|l| !l.contains_key(c)))
                .count()
        })
        .sum();
    let _ = writeln!(
        out,
        "  par rapport au fichier actuel : {}, {}, {}.",
        count(
            new_lines,
            "aucune ligne nouvelle",
            "ligne nouvelle",
            "lignes nouvelles"
        ),
        count(changed, "aucune modifiée", "modifiée", "modifiées"),
        count(removed, "aucune retirée", "retirée", "retirées")
    );
    let _ = writeln!(
        out,
        "  total réel par catégorie ({year} ; {} pour comparer) :",
        year - 1
    );
    for (c, cat) in obs.categories.iter().enumerate() {
        let total = |y: &ImportedYear| -> Option<f64> {
            let v: Vec<f64> = y
                .values()
                .filter_map(|l| l.get(&c))
                .map(|a| a.actual)
                .collect();
            (!v.is_empty()).then(|| v.iter().sum())
        };
        let (now, before) = (total(imported), total(&previous));
        if now.is_none() && before.is_none() {
            continue;
        }
        let show = |v: Option<f64>| {
            v.map(crate::core::typography::format_euros)
                .unwrap_or_else(|| "—".into())
        };
        let change = match (now, before) {
            (Some(n), Some(b)) if b != 0.0 => {
                let percent = (n - b) / b * 100.0;
                format!(
                    " ({})",
                    crate::core::typography::format_change_percent(percent)
                )
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "    {:<4} {} ; {}{change}",
            cat.code,
            show(now),
            show(before)
        );
    }
    out
}
