//! `categories.yaml`: relabels built-in charge categories or adds new ones.

use super::problems::{locate, parse, read_text, Problem};
use crate::core::diagnostic::{display_path, Diagnostic};
use crate::load::yaml::Entries;
use crate::model::categories::{self, Category};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoriesFile {
    #[serde(default)]
    categories: Entries<CategoryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryEntry {
    libelle: String,
    #[serde(default)]
    libelle_court: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

pub(super) fn load_categories(root: &Path, path: &Path) -> (Vec<Category>, Vec<Diagnostic>) {
    let mut categories = categories::built_in();
    if !path.is_file() {
        return (categories, Vec::new());
    }
    let file = display_path(root, path);
    let text = match read_text(root, path) {
        Ok(t) => t,
        Err(d) => return (categories, vec![d]),
    };
    let parsed: CategoriesFile = match parse(&file, &text) {
        Ok(p) => p,
        Err(d) => return (categories, vec![d]),
    };
    let mut problems = Vec::new();
    let mut empty_codes: Vec<Diagnostic> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (code, entry) in parsed.categories.0 {
        let path = format!("categories/{code}");
        let count = seen.entry(code.clone()).or_insert(0);
        *count += 1;
        if *count > 1 {
            problems.push(
                Problem::error(path, format!("catégorie « {code} » décrite deux fois"))
                    .nth(*count - 1)
                    .hint("gardez un seul bloc par code."),
            );
            continue;
        }
        if code.trim().is_empty() {
            // An empty key has no path of its own: find its line, so it is not reported at 1:1.
            let line = text
                .lines()
                .position(|l| {
                    let t = l.trim_start();
                    t.starts_with("\"\":") || t.starts_with("'':") || t.starts_with(": ")
                })
                .map(|i| i + 1);
            let mut d = Diagnostic::error(&file, "code de catégorie vide");
            if let Some(line) = line {
                d = d.at(line, Some(3)).with_source(&text);
            }
            empty_codes.push(d.hint("écrivez le code de la catégorie avant les deux-points, par exemple « GAR: { libelle: … } »."));
            continue;
        }
        if !categories::is_valid_code(&code) {
            problems.push(
                Problem::error(path, format!("code de catégorie « {code} » invalide"))
                    .hint("un code a 2 à 6 lettres majuscules ou chiffres, sans accent, et commence par une lettre : GAR."),
            );
            continue;
        }
        if entry.libelle.trim().is_empty() {
            problems.push(
                Problem::error(
                    format!("{path}/libelle"),
                    format!("libellé vide pour la catégorie « {code} »"),
                )
                .hint("donnez un libellé en français : il s'affiche dans les tableaux."),
            );
            continue;
        }
        let short = entry.libelle_court.unwrap_or_else(|| entry.libelle.clone());
        match categories.iter_mut().find(|c| c.code == code) {
            Some(existing) => {
                existing.label = entry.libelle;
                existing.short_label = short;
                if let Some(d) = entry.description {
                    existing.description = d;
                }
            }
            None => categories.push(Category {
                code,
                label: entry.libelle,
                short_label: short,
                description: entry.description.unwrap_or_default(),
            }),
        }
    }
    let mut diagnostics = super::values::non_decimal_numbers(&file, &text);
    diagnostics.extend(locate(&file, &text, problems));
    diagnostics.extend(empty_codes);
    (categories, diagnostics)
}
