//! `ensemble import residences`: a spreadsheet or an export of the residences read and checked
//! whole (`load::import::residences`), then written as `content/observatoire/residences.yaml` in
//! the compact layout `generate-data` writes (one residence per line), atomically, with a
//! summary of what changes.
//!
//! The file is rewritten whole. A residence of the current file left out of the import loses
//! its page: that takes `--force`; and one that still has charges is always refused, since its
//! charges would belong to no residence.

use super::import::fail;
use crate::app::generate::format::{amount, quote};
use crate::core::diagnostic::{display_path, Diagnostic, Diagnostics};
use crate::core::typography::count;
use crate::load::import::{self, mapping::Mapping};
use crate::model::observatory::{Observatory, Residence, DATA_DIR};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `import residences` was asked to do.
#[derive(Debug, Clone)]
pub struct ResidencesImport {
    pub root: PathBuf,
    pub file: PathBuf,
    pub mapping: Option<PathBuf>,
    pub sheet: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

/// Runs `import residences`; nothing is written unless the whole input is right.
pub fn residences(options: &ResidencesImport) -> ExitCode {
    let root = &options.root;
    let target = root.join(DATA_DIR).join("residences.yaml");
    let shown = display_path(root, &target);
    let mut diagnostics = Diagnostics::new();
    let obs = crate::load::observatory::load(root, &mut diagnostics);
    if diagnostics.has_errors() && target.exists() {
        eprintln!("les données actuelles de l’observatoire ont des erreurs : corrigez-les avant d’importer.");
        return fail(diagnostics.into_vec());
    }
    let mapping = match &options.mapping {
        Some(m) => match import::mapping::load_for(m, m, &import::residences::FIELDS) {
            Ok(m) => m,
            Err(d) => return fail(d),
        },
        None => Mapping::default(),
    };
    let table = match import::read_table(&options.file, &options.file, options.sheet.as_deref()) {
        Ok(t) => t,
        Err(d) => return fail(vec![d]),
    };
    let read = match import::residences::read(&table, &mapping) {
        Ok(r) => r,
        Err(d) => return fail(d),
    };
    let imported = &read.list;
    let text = residences_file(imported);
    // What build would say of the file, said of the table's cells before it is written.
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        crate::load::observatory::check_residences_text(&shown, &text)
            .into_iter()
            .map(|d| read.relocate(&table, &text, d))
            .partition(|d| d.severity == crate::core::diagnostic::Severity::Error);
    if !errors.is_empty() {
        return fail(errors.into_iter().chain(warnings).collect());
    }
    let left_out: Vec<usize> = (0..obs.residences.len())
        .filter(|&i| !imported.iter().any(|r| r.id == obs.residences[i].id))
        .collect();
    let with_charges: Vec<&str> = left_out
        .iter()
        .filter(|&&i| !obs.charges[i].is_empty())
        .map(|&i| obs.residences[i].id.as_str())
        .collect();
    if !with_charges.is_empty() {
        return fail(vec![Diagnostic::error(options.file.clone(), format!("{} : {}", count(with_charges.len(), "aucune résidence absente du fichier", "résidence absente du fichier mais qui a des charges", "résidences absentes du fichier mais qui ont des charges"), with_charges.join(", ")))
            .hint("gardez ces résidences dans le fichier importé : leurs charges de content/observatoire/charges/ ne se rattacheraient plus à rien.")]);
    }
    if !left_out.is_empty() && !options.force && !options.dry_run {
        let ids: Vec<&str> = left_out
            .iter()
            .map(|&i| obs.residences[i].id.as_str())
            .collect();
        return fail(vec![Diagnostic::error(shown, format!("l’import retirerait {} : {}", count(ids.len(), "aucune résidence", "résidence", "résidences"), ids.join(", ")))
            .hint("ajoutez --force pour les retirer (leur page disparaît), ou ajoutez-les au fichier importé ; --dry-run montre ce qui changerait.")]);
    }
    print!("{}", summary(&obs, imported));
    if !warnings.is_empty() {
        let mut all = Diagnostics::new();
        all.extend(warnings);
        all.print(true);
    }
    if options.dry_run {
        println!("essai (--dry-run) : {} n’a pas été écrit.", shown.display());
        return ExitCode::SUCCESS;
    }
    super::import::write(&target, shown, &text, "content/observatoire/")
}

/// The residences file: the layout `generate-data` writes and the README shows.
pub fn residences_file(residences: &[Residence]) -> String {
    let mut out = String::from(
        "# Résidences de l’observatoire des charges : une résidence par ligne.\n# Importé par « ensemble import residences ».\n# Chaque clé est décrite dans le README, section « Observatoire des charges ».\nresidences:\n",
    );
    for r in residences {
        let _ = write!(
            out,
            "  - {{ id: {}, nom: {}, adresse: {}, code_postal: {}, commune: {}, logements: {}, surface_habitable: {}, annee_construction: {}, chauffage_collectif: {}, ascenseur: {}",
            r.id,
            quote(&r.name),
            quote(&r.address),
            quote(&r.postal_code),
            quote(&r.commune),
            r.dwellings,
            amount(r.living_area),
            r.construction_year,
            r.collective_heating,
            r.lift
        );
        if let Some(d) = r.energy_label {
            let _ = write!(out, ", dpe: {}", d.letter());
        }
        if let Some(q) = r.priority_district {
            let _ = write!(out, ", qpv: {q}");
        }
        if !r.other_addresses.is_empty() {
            let list: Vec<String> = r.other_addresses.iter().map(|a| quote(a)).collect();
            let _ = write!(out, ", adresses: [{}]", list.join(", "));
        }
        if let Some(c) = &r.insee_code {
            let _ = write!(out, ", code_insee: {}", quote(c));
        }
        if let Some(h) = r.heating {
            let _ = write!(out, ", chauffage: {}", h.word());
        }
        if let Some(z) = r.climate_zone {
            let _ = write!(out, ", zone_climatique: {}", z.word());
        }
        out.push_str(" }\n");
    }
    out
}

/// Residences added, removed and changed against the current file.
pub fn summary(obs: &Observatory, imported: &[Residence]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "import des résidences : {}.",
        count(
            imported.len(),
            "aucune résidence",
            "résidence",
            "résidences"
        )
    );
    let added: Vec<&str> = imported
        .iter()
        .filter(|r| obs.residence(&r.id).is_none())
        .map(|r| r.id.as_str())
        .collect();
    let changed: Vec<&str> = imported
        .iter()
        .filter(|r| obs.residence(&r.id).is_some_and(|old| old != *r))
        .map(|r| r.id.as_str())
        .collect();
    let removed: Vec<&str> = obs
        .residences
        .iter()
        .filter(|old| !imported.iter().any(|r| r.id == old.id))
        .map(|r| r.id.as_str())
        .collect();
    for (what, ids) in [
        (["aucune ajoutée", "ajoutée", "ajoutées"], &added),
        (["aucune modifiée", "modifiée", "modifiées"], &changed),
        (["aucune retirée", "retirée", "retirées"], &removed),
    ] {
        let [none, one, many] = what;
        let _ = writeln!(
            out,
            "  {}{}",
            count(ids.len(), none, one, many),
            listed(ids)
        );
    }
    out
}

fn listed(ids: &[&str]) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let more = if ids.len() > 5 { ", …" } else { "" };
    format!(
        " ({}{more})",
        ids.iter().take(5).copied().collect::<Vec<_>>().join(", ")
    )
}
