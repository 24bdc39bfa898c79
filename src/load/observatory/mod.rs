//! Load stage of the observatory: reads `content/observatoire/`, checks every value and reports
//! each problem with its file and line. Year files are parsed and checked in parallel.
//!
//! Serde gives no position once a value is read, so checks record a *key path* and, only for a
//! file that has something to report, a [`KeyLines`] scan of its text turns paths into lines.

mod cache;
mod categories;
mod charges;
mod fast;
pub(crate) mod problems;
mod residences;
mod values;
mod year_file;

pub use charges::{JUMP_MIN_PER_DWELLING, JUMP_PERCENT};
pub use residences::{check_residences_text, is_valid_id, is_valid_insee_code};

use crate::core::diagnostic::{display_path, Diagnostic, Diagnostics};
use crate::model::categories::Category;
use crate::model::observatory::{Observatory, Residence, ResidenceYear, DATA_DIR};
pub use cache::ParseCache;
use categories::load_categories;
use charges::{check_year, jumps, parse_year, CheckContext, CheckedYear, YearFile};
use problems::{locate, Problem};
use rayon::prelude::*;
use residences::{load_residences, LoadedResidences};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const RESIDENCES_FILE: &str = "residences.yaml";
pub const CATEGORIES_FILE: &str = "categories.yaml";
pub const CHARGES_DIR: &str = "charges";

/// Reads and checks `content/observatoire/` under `root`; every problem goes to `diagnostics`.
/// A site without that folder has no observatory.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Observatory {
    load_with(root, diagnostics, None)
}

/// [`load`], taking from `cache` the files it holds with the same bytes and keeping there those
/// it parses: `serve` parses again only the files an edit changed.
pub fn load_cached(root: &Path, diagnostics: &mut Diagnostics, cache: &ParseCache) -> Observatory {
    load_with(root, diagnostics, Some(cache))
}

fn load_with(
    root: &Path,
    diagnostics: &mut Diagnostics,
    cache: Option<&ParseCache>,
) -> Observatory {
    let dir = root.join(DATA_DIR);
    if !dir.is_dir() {
        return Observatory::default();
    }
    let residences_path = dir.join(RESIDENCES_FILE);
    let categories_path = dir.join(CATEGORIES_FILE);
    let year_paths = list_year_files(root, &dir, &dir.join(CHARGES_DIR), diagnostics);
    if !residences_path.is_file() {
        if !year_paths.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    display_path(root, &residences_path),
                    "fichier des résidences absent : les charges ne peuvent être rattachées à aucune résidence",
                )
                .hint("créez content/observatoire/residences.yaml (voir la référence du README, section Observatoire)."),
            );
        }
        return Observatory::default();
    }

    // Residences and categories on one side, the year files on the other: they do not depend
    // on each other until checking.
    let ((residences, (categories, category_diags)), parsed) = rayon::join(
        || {
            rayon::join(
                || match cache {
                    Some(cache) => cache.residences(root, &residences_path),
                    None => load_residences(root, &residences_path),
                },
                || load_categories(root, &categories_path),
            )
        },
        || {
            year_paths
                .par_iter()
                .map(|(year, path)| match cache {
                    Some(cache) => cache.year(root, *year, path),
                    None => parse_year(root, *year, path),
                })
                .collect::<Vec<_>>()
        },
    );
    diagnostics.extend(residences.diagnostics.iter().cloned());
    diagnostics.extend(category_diags);

    let mut files = vec![display_path(root, &residences_path)];
    if categories_path.is_file() {
        files.push(display_path(root, &categories_path));
    }
    let mut years: Vec<YearFile> = Vec::new();
    for result in parsed {
        match result {
            Ok(mut y) => {
                diagnostics.extend(std::mem::take(&mut y.notations));
                years.push(y)
            }
            Err(list) => diagnostics.extend(list),
        }
    }
    years.sort_by_key(|y| y.name_year);
    files.extend(years.iter().map(|y| y.file.clone()));

    if residences.failed {
        // Every line of every year refers to a residence: reported against a file that could
        // not be read, they would bury its one real error.
        return Observatory {
            unavailable: true,
            files,
            ..Observatory::default()
        };
    }
    let checked = check_years(&residences, &categories, &years, diagnostics);
    drop(years);
    let mut provisional_years: Vec<i32> = checked
        .iter()
        .filter(|y| y.provisional)
        .map(|y| y.year)
        .collect();
    provisional_years.dedup();
    let (charges, year_list) = histories(checked, residences.list.len());
    if !year_list.is_empty() {
        warn_without_data(root, &residences_path, &residences, &charges, diagnostics);
    }
    let (list, charges, index) = publishable(residences, charges);
    Observatory {
        residences: list,
        categories,
        charges,
        years: year_list,
        provisional_years,
        index,
        files,
        unavailable: false,
    }
}

/// The residences that may be published, with their charges and index: one whose id is
/// invalid, reserved or already taken was reported and is left out, so that no page is ever
/// written at its address.
fn publishable(
    residences: LoadedResidences,
    charges: Vec<Vec<ResidenceYear>>,
) -> (
    Vec<Residence>,
    Vec<Vec<ResidenceYear>>,
    HashMap<String, usize>,
) {
    if residences.publishable.iter().all(|&ok| ok) {
        return (residences.list, charges, residences.index);
    }
    let (list, charges): (Vec<Residence>, Vec<Vec<ResidenceYear>>) = residences
        .list
        .into_iter()
        .zip(charges)
        .zip(residences.publishable)
        .filter_map(|(pair, ok)| ok.then_some(pair))
        .unzip();
    let index = list
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.clone(), i))
        .collect();
    (list, charges, index)
}

/// Checks every year file against the residences and categories, and each year against the one
/// before; the valid lines of each year.
fn check_years(
    residences: &LoadedResidences,
    categories: &[Category],
    years: &[YearFile],
    diagnostics: &mut Diagnostics,
) -> Vec<CheckedYear> {
    let category_index: HashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    let context = CheckContext {
        residences: &residences.list,
        index: &residences.index,
        rejected: &residences.rejected,
        categories,
        category_index: &category_index,
    };
    let (checked, mut problems): (Vec<CheckedYear>, Vec<Vec<Problem>>) =
        years.par_iter().map(|y| check_year(&context, y)).unzip();

    // Year-on-year jumps need the previous year's checked lines.
    let jump_problems: Vec<Vec<Problem>> = (0..checked.len())
        .into_par_iter()
        .map(|i: usize| {
            let previous = i
                .checked_sub(1)
                .map(|p| &checked[p])
                .filter(|p| p.year + 1 == checked[i].year);
            match previous {
                Some(prev) => jumps(&context, prev, &checked[i]),
                None => Vec::new(),
            }
        })
        .collect();
    for (list, extra) in problems.iter_mut().zip(jump_problems) {
        list.extend(extra);
    }
    let located: Vec<Vec<Diagnostic>> = problems
        .into_par_iter()
        .zip(years.par_iter())
        .map(|(list, year)| locate(&year.file, &year.text, list))
        .collect();
    for list in located {
        diagnostics.extend(list);
    }
    checked
}

/// Each residence's years of charges, oldest first, and every year that has a file.
fn histories(checked: Vec<CheckedYear>, residences: usize) -> (Vec<Vec<ResidenceYear>>, Vec<i32>) {
    let mut charges: Vec<Vec<ResidenceYear>> = vec![Vec::new(); residences];
    let mut year_list = Vec::new();
    for checked_year in checked {
        year_list.push(checked_year.year);
        for (i, lines) in checked_year.lines.into_iter().enumerate() {
            if let Some(lines) = lines {
                charges[i].push(ResidenceYear {
                    year: checked_year.year,
                    lines,
                });
            }
        }
    }
    year_list.dedup();
    (charges, year_list)
}

/// A warning for each residence without any charges.
fn warn_without_data(
    root: &Path,
    path: &Path,
    residences: &LoadedResidences,
    charges: &[Vec<ResidenceYear>],
    diagnostics: &mut Diagnostics,
) {
    let problems: Vec<Problem> = charges
        .iter()
        .enumerate()
        // A residence that will not be published was reported already.
        .filter(|(i, years)| years.is_empty() && residences.publishable[*i])
        .map(|(i, _)| {
            Problem::warning(
                format!("residences/#{}", residences.positions[i]),
                format!("la résidence « {} » n'a aucune donnée de charges", residences.list[i].id),
            )
            .hint("sa page dira que les chiffres ne sont pas encore disponibles ; ajoutez ses charges dans un fichier charges/AAAA.yaml.")
        })
        .collect();
    diagnostics.extend(locate(
        &display_path(root, path),
        &residences.text,
        problems,
    ));
}

/// `charges/*.yaml`, with the year each file name gives; warns about files that will be ignored.
pub(super) fn list_year_files(
    root: &Path,
    dir: &Path,
    charges_dir: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<(i32, PathBuf)> {
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for path in names {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let known = [RESIDENCES_FILE, CATEGORIES_FILE, CHARGES_DIR, "_index.md"];
            if !known.contains(&name.as_str()) && !name.starts_with('.') {
                let valid: Vec<String> = known.iter().map(|s| s.to_string()).collect();
                let suggestion = crate::core::suggest::nearest(&name, &valid)
                    .map(|s| format!("vouliez-vous dire « {s} » ? "))
                    .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::warning(display_path(root, &path), "fichier ignoré par l'observatoire")
                        .hint(format!("{suggestion}le dossier content/observatoire/ contient residences.yaml, categories.yaml, _index.md et le dossier charges/.")),
                );
            }
        }
    }
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(charges_dir) else {
        return out;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut seen: HashMap<i32, PathBuf> = HashMap::new();
    for path in paths {
        let shown = display_path(root, &path);
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !path.is_file() || !is_yaml {
            if !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            {
                diagnostics.push(
                    Diagnostic::warning(
                        shown,
                        "fichier ignoré : seuls les fichiers AAAA.yaml sont lus dans charges/",
                    )
                    .hint(
                        "nommez le fichier d'après l'année de ses charges, par exemple 2025.yaml.",
                    ),
                );
            }
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let year = if stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()) {
            stem.parse::<i32>()
                .ok()
                .filter(|y| (1900..=2100).contains(y))
        } else {
            None
        };
        let Some(year) = year else {
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    format!("nom de fichier « {stem} » : l'année des charges attendue"),
                )
                .hint("un fichier par année, nommé d'après l'année : charges/2025.yaml."),
            );
            continue;
        };
        if let Some(first) = seen.get(&year) {
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    format!(
                        "deuxième fichier pour l'année {year} (le premier est {})",
                        display_path(root, first).display()
                    ),
                )
                .hint("gardez un seul fichier par année."),
            );
            continue;
        }
        seen.insert(year, path.clone());
        out.push((year, path));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fast;
    use super::problems::parse;
    use super::year_file::ChargesFile;
    use std::path::Path;

    fn general(text: &str) -> ChargesFile {
        parse(Path::new("x.yaml"), text).unwrap()
    }

    #[test]
    fn fast_reader_agrees_with_the_yaml_parser_on_the_example_data() {
        for text in [
            include_str!("../../../content/observatoire/charges/2016.yaml"),
            include_str!("../../../content/observatoire/charges/2025.yaml"),
        ] {
            let fast = fast::charges(text).expect("canonical layout");
            assert_eq!(fast, general(text));
        }
    }

    #[test]
    fn fast_reader_agrees_on_edge_cases_it_accepts() {
        let text = "# c\nannee: 2025\nresidences:\n  a-1: { CHC: { provisions: 2, reel: -1.5 }, CHC: { reel: 0, provisions: 0, note: \"dit \\\"non\\\" \\\\ ok\" } }\n\n  b: {EAU: {reel: 3,provisions: 4}}\n";
        let fast = fast::charges(text).expect("accepted");
        assert_eq!(fast, general(text));
        assert_eq!(fast.residences.0[0].1 .0.len(), 2);
    }

    #[test]
    fn fast_reader_leaves_anything_else_to_the_yaml_parser() {
        for text in [
            "annee: 2025\nresidences:\n  a:\n    CHC: { reel: 1, provisions: 2 }\n",
            "annee: 2025 # commentaire\nresidences:\n",
            "annee: 2025\nresidences:\n  a: { CHC: { reel: 1e3, provisions: 2 } }\n",
            "annee: 2025\nresidences:\n  a: { CHC: { reel: 010, provisions: 2 } }\n",
            "annee: 2025\nresidences:\n  a: { CHC: { reel: \"1 000\", provisions: 2 } }\n",
            "annee: 2025\nresidences:\n  a: { CHC: { reel: 1, provisions: 2, note: 'x' } }\n",
            "annee: 2025\nresidences:\n  a: { CHC: { reel: 1, provisions: 2, autre: 3 } }\n",
            "annee: 2025\nresidences:\n  a: { CHC: { reel: 1, reel: 2 } }\n",
            "annee: 2025\nresidences:\n  true: { CHC: { reel: 1, provisions: 2 } }\n",
            "annee: 2025\nautre: 1\n",
            "residences:\n",
        ] {
            assert_eq!(fast::charges(text), None, "{text}");
        }
    }
}
