//! Load stage of the yearly results: the indicators of the contract's commitments (in the
//! themes' front matter, see [`indicators`]) and `content/resultats/`: one `AAAA.yaml` per
//! evaluation year, its optional `AAAA.md` text and `_index.md`, the page's introduction.
//! Every problem is located at its key; a year file is checked against the indicators.

mod indicators;
mod years;

use crate::core::diagnostic::{display_path, Diagnostic, Diagnostics};
use crate::model::contract::Content;
use crate::model::results::{Results, RESULTS_DIR};
use std::path::{Path, PathBuf};

/// Checks the indicators of `content`'s themes and reads `content/resultats/`. The texts of the
/// evaluation years and the introduction are moved out of `content` into the results.
pub fn load(root: &Path, content: &mut Content, diagnostics: &mut Diagnostics) -> Results {
    let (indicators, refused) = indicators::indicators(&content.themes, diagnostics);
    let themes_failed = content
        .failed
        .iter()
        .any(|(key, _)| key.starts_with("engagements/"));
    let known = indicators::Known::new(&content.themes, &indicators, refused, themes_failed);
    let dir = root.join("content").join(RESULTS_DIR);
    let mut years = Vec::new();
    let files = list_year_files(root, &dir, diagnostics);
    let taken: Vec<i32> = files.iter().map(|(y, _)| *y).collect();
    for (year, path) in files {
        match years::load_year(root, (year, &taken), &path, &known) {
            Ok((y, problems)) => {
                diagnostics.extend(problems);
                years.push(y);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    for text in std::mem::take(&mut content.results_texts) {
        let stem = text
            .source
            .key
            .trim_start_matches("resultats/")
            .trim_end_matches(".md");
        match years.iter_mut().find(|y| y.year.to_string() == stem) {
            Some(y) => y.text = Some(text),
            None => diagnostics.push(
                Diagnostic::error(
                    &text.source.path,
                    format!("texte « {stem}.md » sans fichier de résultats {stem}.yaml"),
                )
                .hint("le texte d'une année d'évaluation accompagne ses résultats : nommez-le d'après l'année (2025.md, à côté de 2025.yaml), ou créez d'abord le fichier des résultats."),
            ),
        }
    }
    Results {
        indicators,
        years,
        intro: content.results_intro.take(),
    }
}

/// The `AAAA.yaml` files of `dir`, by year; other files are reported (Markdown is the content
/// loader's).
fn list_year_files(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<(i32, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if name.starts_with('.') || path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let shown = display_path(root, &path);
        if !is_yaml {
            diagnostics.push(
                Diagnostic::warning(shown, "fichier ignoré : seuls les fichiers AAAA.yaml et AAAA.md sont lus dans resultats/")
                    .hint("nommez le fichier des résultats d'après leur année, par exemple 2025.yaml."),
            );
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let year = Some(&stem)
            .filter(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<i32>().ok())
            .filter(|y| (1900..=2100).contains(y));
        match year {
            Some(y) if out.iter().any(|(seen, _)| *seen == y) => diagnostics.push(
                Diagnostic::error(shown, format!("deuxième fichier pour l'année {y}"))
                    .hint("gardez un seul fichier par année (2025.yaml ou 2025.yml)."),
            ),
            Some(y) => out.push((y, path)),
            None => diagnostics.push(
                Diagnostic::error(
                    shown,
                    format!("nom de fichier « {stem} » : l'année des résultats attendue"),
                )
                .hint("un fichier par année d'évaluation, nommé d'après l'année : resultats/2025.yaml."),
            ),
        }
    }
    out
}
