//! The mapping file of an import (YAML, French keys, see the README « Importer des données »):
//! which column holds which field, which ERP charge codes or labels make up each of our
//! categories, and which ERP residence codes are which of our residences.
//!
//! ```yaml
//! colonnes:            # champ → en-tête de colonne du fichier
//!   residence: "Code immeuble"
//!   categorie: "Code charge"
//!   reel: "Montant réel"
//!   provisions: "Provisions appelées"
//! categories:          # notre code → codes ou libellés de l’ERP (leurs montants s’additionnent)
//!   CHC: ["P01", "P02"]
//! residences:          # notre identifiant → code(s) de l’ERP
//!   lille-les-tilleuls: "IMM0012"
//! ```

use crate::core::diagnostic::Diagnostic;
use crate::load::yaml::{self, Origin};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One value or several: `CHC: P01` or `CHC: [P01, P02]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn values(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// A mapping file as written.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Field (`residence`, `categorie`, `annee`, `reel`, `provisions`, `note`) → header.
    #[serde(default)]
    pub colonnes: BTreeMap<String, String>,
    /// Our category code → ERP codes or labels.
    #[serde(default)]
    pub categories: BTreeMap<String, OneOrMany>,
    /// Our residence id → ERP residence codes.
    #[serde(default)]
    pub residences: BTreeMap<String, OneOrMany>,
}

/// Fields a `colonnes` entry may name.
pub const FIELDS: [&str; 6] = [
    "residence",
    "categorie",
    "annee",
    "reel",
    "provisions",
    "note",
];

/// Reads and checks a mapping file of a charges import.
pub fn load(path: &Path, shown: &Path) -> Result<Mapping, Vec<Diagnostic>> {
    load_for(path, shown, &FIELDS)
}

/// Reads and checks a mapping file whose `colonnes` may name `fields`.
pub fn load_for(path: &Path, shown: &Path, fields: &[&str]) -> Result<Mapping, Vec<Diagnostic>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![
            Diagnostic::error(shown, format!("fichier de correspondance illisible : {e}"))
                .hint("vérifiez le chemin donné à --mapping."),
        ]
    })?;
    let mapping: Mapping = yaml::parse(
        &text,
        Origin {
            file: shown,
            file_text: &text,
            line_offset: 0,
        },
    )
    .map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    for field in mapping.colonnes.keys() {
        if !fields.contains(&field.as_str()) {
            let (line, col) = crate::load::key_lines::position(&text, &format!("colonnes/{field}"))
                .unwrap_or((1, 1));
            problems.push(
                Diagnostic::error(
                    shown,
                    format!("champ « {field} » inconnu dans « colonnes »"),
                )
                .at(line, Some(col))
                .with_source(&text)
                .hint(format!(
                    "les champs possibles sont : {}.",
                    fields.join(", ")
                )),
            );
        }
    }
    if problems.is_empty() {
        Ok(mapping)
    } else {
        Err(problems)
    }
}
