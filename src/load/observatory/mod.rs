//! Load stage of the observatory: reads `content/observatoire/`, checks every value and reports
//! each problem with its file and line. Year files are parsed and checked in parallel.
//!
//! Serde gives no position once a value is read, so checks record a *key path* and, only for a
//! file that has something to report, a [`KeyLines`] scan of its text turns paths into lines.

use crate::core::diagnostic::{display_path, Diagnostic, Diagnostics, Severity};
use crate::core::typography::{format_change_percent, format_euros_rounded};
use crate::load::yaml::{self, Entries, KeyLines, LooseNumber, Origin};
use crate::model::categories::{self, Category};
use crate::model::observatory::{ChargeLine, Observatory, Residence, ResidenceYear, DATA_DIR};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A category whose actual cost changes by more than this share in a year is reported (warning)…
pub const JUMP_PERCENT: f64 = 40.0;
/// …when the change is also worth at least this much per dwelling and per year (€), so that
/// small lines moving by a few euros stay quiet.
pub const JUMP_MIN_PER_DWELLING: f64 = 5.0;

pub const RESIDENCES_FILE: &str = "residences.yaml";
pub const CATEGORIES_FILE: &str = "categories.yaml";
pub const CHARGES_DIR: &str = "charges";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResidencesFile {
    #[serde(default)]
    residences: Vec<Residence>,
}

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

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChargesFile {
    annee: i32,
    #[serde(default)]
    residences: Entries<Entries<LineEntry>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct LineEntry {
    #[serde(default)]
    reel: LooseNumber,
    #[serde(default)]
    provisions: LooseNumber,
    #[serde(default)]
    note: Option<String>,
}

/// A problem found in a file, located by key path until the file's lines are scanned.
struct Problem {
    severity: Severity,
    path: String,
    /// Which writing of `path` (0 for the first) when the same key appears several times.
    occurrence: usize,
    message: String,
    hint: Option<String>,
}

impl Problem {
    fn error(path: String, message: String) -> Problem {
        Problem {
            severity: Severity::Error,
            path,
            occurrence: 0,
            message,
            hint: None,
        }
    }
    fn warning(path: String, message: String) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(path, message)
        }
    }
    fn nth(mut self, occurrence: usize) -> Problem {
        self.occurrence = occurrence;
        self
    }
    fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// Turns problems into diagnostics, scanning the file's text for lines only if there are any.
fn locate(file: &Path, text: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let lines = KeyLines::scan(text);
    problems
        .into_iter()
        .map(|p| {
            let mut d = match p.severity {
                Severity::Error => Diagnostic::error(file, p.message),
                Severity::Warning => Diagnostic::warning(file, p.message),
            };
            let found = lines
                .find(&p.path, p.occurrence)
                .or_else(|| lines.find_nearest(&p.path));
            if let Some((line, column)) = found {
                d = d.at(line, Some(column)).with_source(text);
            }
            if let Some(h) = p.hint {
                d = d.hint(h);
            }
            d
        })
        .collect()
}

fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(
            display_path(root, path),
            format!("lecture impossible : {e}"),
        )
        .hint("le fichier doit être du texte UTF-8.")
    })
}

fn parse<T: serde::de::DeserializeOwned>(file: &Path, text: &str) -> Result<T, Diagnostic> {
    let origin = Origin {
        file,
        file_text: text,
        line_offset: 0,
    };
    yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(text), origin)
}

/// One year file after parsing, before checking.
struct YearFile {
    file: PathBuf,
    text: String,
    /// Year given by the file name.
    name_year: i32,
    data: ChargesFile,
}

/// A year file after checking: lines of known residences, by residence index.
struct CheckedYear {
    year: i32,
    lines: Vec<Option<Vec<ChargeLine>>>,
}

pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Observatory {
    let dir = root.join(DATA_DIR);
    if !dir.is_dir() {
        return Observatory::default();
    }
    let residences_path = dir.join(RESIDENCES_FILE);
    let categories_path = dir.join(CATEGORIES_FILE);
    let charges_dir = dir.join(CHARGES_DIR);
    let year_paths = list_year_files(root, &dir, &charges_dir, diagnostics);
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
    let ((residences, categories), parsed) = rayon::join(
        || {
            rayon::join(
                || load_residences(root, &residences_path),
                || load_categories(root, &categories_path),
            )
        },
        || {
            year_paths
                .par_iter()
                .map(|(year, path)| parse_year(root, *year, path))
                .collect::<Vec<_>>()
        },
    );
    let (residences, index, residence_diags) = residences;
    let (categories, category_diags) = categories;
    diagnostics.extend(residence_diags);
    diagnostics.extend(category_diags);

    let mut files = vec![display_path(root, &residences_path)];
    if categories_path.is_file() {
        files.push(display_path(root, &categories_path));
    }
    let mut years: Vec<YearFile> = Vec::new();
    for result in parsed {
        match result {
            Ok(y) => years.push(y),
            Err(d) => diagnostics.push(d),
        }
    }
    years.sort_by_key(|y| y.name_year);
    files.extend(years.iter().map(|y| y.file.clone()));

    let category_index: HashMap<&str, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    let context = CheckContext {
        residences: &residences,
        index: &index,
        categories: &categories,
        category_index: &category_index,
    };
    let (checked, mut problems): (Vec<CheckedYear>, Vec<Vec<Problem>>) =
        years.par_iter().map(|y| check_year(&context, y)).unzip();

    // Year-on-year jumps need the previous year's checked lines.
    let jump_problems: Vec<Vec<Problem>> = (0..checked.len())
        .into_par_iter()
        .map(|i| {
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
    drop(years);

    // Merge years into each residence's history.
    let mut charges: Vec<Vec<ResidenceYear>> = vec![Vec::new(); residences.len()];
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
    if !year_list.is_empty() {
        let text = std::fs::read_to_string(&residences_path).unwrap_or_default();
        let problems: Vec<Problem> = charges
            .iter()
            .enumerate()
            .filter(|(_, years)| years.is_empty())
            .map(|(i, _)| {
                Problem::warning(
                    format!("residences/#{i}"),
                    format!("la résidence « {} » n'a aucune donnée de charges", residences[i].id),
                )
                .hint("sa page dira que les chiffres ne sont pas encore disponibles ; ajoutez ses charges dans un fichier charges/AAAA.yaml.")
            })
            .collect();
        diagnostics.extend(locate(
            &display_path(root, &residences_path),
            &text,
            problems,
        ));
    }

    Observatory {
        residences,
        categories,
        charges,
        years: year_list,
        index,
        files,
    }
}

/// `charges/*.yaml`, with the year each file name gives; warns about files that will be ignored.
fn list_year_files(
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

fn parse_year(root: &Path, name_year: i32, path: &Path) -> Result<YearFile, Diagnostic> {
    let file = display_path(root, path);
    let text = read_text(root, path)?;
    let data: ChargesFile = match fast::charges(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
        Some(data) => data,
        None => parse(&file, &text)?,
    };
    Ok(YearFile {
        file,
        text,
        name_year,
        data,
    })
}

type ResidencesResult = (Vec<Residence>, HashMap<String, usize>, Vec<Diagnostic>);

fn load_residences(root: &Path, path: &Path) -> ResidencesResult {
    let file = display_path(root, path);
    let text = match read_text(root, path) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), HashMap::new(), vec![d]),
    };
    let parsed: ResidencesFile = match parse(&file, &text) {
        Ok(p) => p,
        Err(d) => return (Vec::new(), HashMap::new(), vec![d]),
    };
    let residences = parsed.residences;
    let mut index: HashMap<String, usize> = HashMap::with_capacity(residences.len());
    let mut problems = Vec::new();
    for (i, r) in residences.iter().enumerate() {
        let at = |key: &str| format!("residences/#{i}/{key}");
        if !is_valid_id(&r.id) {
            problems.push(
                Problem::error(at("id"), format!("identifiant « {} » invalide", r.id))
                    .hint(format!("un identifiant s'écrit en minuscules sans accent ni espace, avec des tirets : « {} ». Il sert d'adresse à la page de la résidence : ne le changez plus une fois publié.", crate::core::slug::slugify(&r.id))),
            );
        }
        if crate::core::paths::RESERVED_SLUGS.contains(&r.id.as_str()) {
            problems.push(
                Problem::error(at("id"), format!("identifiant « {} » réservé", r.id))
                    .hint(format!("affiches/{}/ est déjà une affiche du contrat : choisissez un autre identifiant, par exemple en ajoutant la commune devant.", r.id)),
            );
        }
        match index.get(&r.id) {
            Some(&first) => problems.push(
                Problem::error(
                    at("id"),
                    format!(
                        "identifiant « {} » déjà utilisé par la résidence n° {} de la liste ({})",
                        r.id,
                        first + 1,
                        residences[first].name
                    ),
                )
                .hint("chaque résidence a son propre identifiant."),
            ),
            None => {
                index.insert(r.id.clone(), i);
            }
        }
        for (key, value) in [
            ("nom", &r.name),
            ("adresse", &r.address),
            ("commune", &r.commune),
        ] {
            if value.trim().is_empty() {
                problems.push(
                    Problem::error(at(key), format!("« {key} » est vide"))
                        .hint("indiquez-le : il sert à trouver la résidence."),
                );
            }
        }
        if r.postal_code.len() != 5 || !r.postal_code.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(
                Problem::error(at("code_postal"), format!("code postal « {} » invalide", r.postal_code))
                    .hint("un code postal a cinq chiffres ; écrivez-le entre guillemets : code_postal: \"59000\"."),
            );
        }
        if r.dwellings == 0 {
            problems.push(
                Problem::error(at("logements"), "nombre de logements nul".into())
                    .hint("les charges par logement se calculent en divisant par ce nombre : indiquez le nombre de logements de la résidence."),
            );
        }
        if !(r.living_area.is_finite() && r.living_area > 0.0) {
            problems.push(
                Problem::error(at("surface_habitable"), format!("surface habitable nulle ou négative ({})", r.living_area))
                    .hint("indiquez la surface habitable totale de la résidence en m², par exemple 3120.5 : les charges au m² se calculent en divisant par elle."),
            );
        } else if r.dwellings > 0 {
            let per_dwelling = r.living_area / r.dwellings as f64;
            if !(15.0..=200.0).contains(&per_dwelling) {
                problems.push(
                    Problem::warning(at("surface_habitable"), format!("surface moyenne de {} m² par logement : inhabituel", crate::core::typography::format_number(per_dwelling, 0)))
                        .hint("vérifiez que la surface est bien la surface habitable totale de la résidence en m², pas celle d'un logement."),
                );
            }
        }
        if !(1800..=2100).contains(&r.construction_year) {
            problems.push(
                Problem::error(
                    at("annee_construction"),
                    format!(
                        "année de construction {} invraisemblable",
                        r.construction_year
                    ),
                )
                .hint("écrivez l'année sur quatre chiffres, par exemple 1972."),
            );
        }
    }
    (residences, index, locate(&file, &text, problems))
}

fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn load_categories(root: &Path, path: &Path) -> (Vec<Category>, Vec<Diagnostic>) {
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
    (categories, locate(&file, &text, problems))
}

struct CheckContext<'a> {
    residences: &'a [Residence],
    index: &'a HashMap<String, usize>,
    categories: &'a [Category],
    category_index: &'a HashMap<&'a str, usize>,
}

/// Checks one year file; keeps the valid lines of known residences.
fn check_year(ctx: &CheckContext<'_>, year: &YearFile) -> (CheckedYear, Vec<Problem>) {
    let data = &year.data;
    let mut problems = Vec::new();
    if data.annee != year.name_year {
        problems.push(
            Problem::error(
                "annee".into(),
                format!(
                    "année {} dans le fichier de l'année {}",
                    data.annee, year.name_year
                ),
            )
            .hint(format!(
                "un fichier par année : renommez ce fichier en {}.yaml, ou corrigez « annee: {} ».",
                data.annee, year.name_year
            )),
        );
    }
    let mut lines: Vec<Option<Vec<ChargeLine>>> = vec![None; ctx.residences.len()];
    // How many times each residence was met in this file, for duplicate lines.
    let mut met: HashMap<usize, usize> = HashMap::new();
    let known_ids: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let codes: Vec<String> = ctx.categories.iter().map(|c| c.code.clone()).collect();
    for (entry_no, (id, categories)) in data.residences.0.iter().enumerate() {
        let res_path = format!("residences/{id}");
        let Some(&r) = ctx.index.get(id) else {
            let ids =
                known_ids.get_or_init(|| ctx.residences.iter().map(|r| r.id.clone()).collect());
            let occurrence = data.residences.0[..entry_no]
                .iter()
                .filter(|(k, _)| k == id)
                .count();
            let hint = match crate::core::suggest::nearest(id, ids) {
                Some(best) => format!(
                    "vouliez-vous dire « {best} » ? Les identifiants sont ceux de residences.yaml."
                ),
                None => {
                    "ajoutez d'abord la résidence dans residences.yaml, ou corrigez l'identifiant."
                        .to_string()
                }
            };
            problems.push(
                Problem::error(res_path, format!("résidence « {id} » inconnue"))
                    .nth(occurrence)
                    .hint(hint),
            );
            continue;
        };
        let residence = &ctx.residences[r];
        let occurrence = *met.entry(r).and_modify(|n| *n += 1).or_insert(0);
        if occurrence > 0 {
            problems.push(
                Problem::error(
                    res_path,
                    format!(
                        "résidence « {id} » présente deux fois dans l'année {}",
                        year.name_year
                    ),
                )
                .nth(occurrence)
                .hint("regroupez toutes ses catégories sur une seule entrée."),
            );
            continue;
        }
        let mut out: Vec<ChargeLine> = Vec::with_capacity(categories.0.len());
        let mut seen_categories: Vec<usize> = Vec::with_capacity(categories.0.len());
        for (pos, (code, entry)) in categories.0.iter().enumerate() {
            let cat_path = format!("{res_path}/{code}");
            let cat_occurrence = categories.0[..pos]
                .iter()
                .filter(|(c, _)| c == code)
                .count();
            let Some(&c) = ctx.category_index.get(code.as_str()) else {
                let hint = match crate::core::suggest::nearest(&code.to_ascii_uppercase(), &codes) {
                    Some(best) => format!("vouliez-vous dire « {best} » ? Codes possibles : {}", codes.join(", ")),
                    None => format!("codes possibles : {}. Une nouvelle catégorie se déclare dans categories.yaml.", codes.join(", ")),
                };
                problems.push(
                    Problem::error(cat_path, format!("catégorie « {code} » inconnue"))
                        .nth(cat_occurrence)
                        .hint(hint),
                );
                continue;
            };
            if seen_categories.contains(&c) {
                problems.push(
                    Problem::error(
                        cat_path,
                        format!("catégorie « {code} » écrite deux fois pour la résidence « {id} »"),
                    )
                    .nth(cat_occurrence)
                    .hint("une seule ligne par catégorie : additionnez les montants."),
                );
                continue;
            }
            seen_categories.push(c);
            let actual = amount(
                &entry.reel,
                &format!("{cat_path}/reel"),
                "réel",
                cat_occurrence,
                &mut problems,
            );
            let provisions = amount(
                &entry.provisions,
                &format!("{cat_path}/provisions"),
                "provisions",
                cat_occurrence,
                &mut problems,
            );
            let code_str = ctx.categories[c].code.as_str();
            if code_str == "CHC" && !residence.collective_heating {
                problems.push(
                    Problem::warning(cat_path.clone(), format!("ligne de chauffage collectif (CHC) pour « {id} », déclarée sans chauffage collectif"))
                        .nth(cat_occurrence)
                        .hint("corrigez « chauffage_collectif » dans residences.yaml, ou classez la dépense dans une autre catégorie."),
                );
            }
            if code_str == "ASC" && !residence.lift {
                problems.push(
                    Problem::warning(cat_path.clone(), format!("ligne d'ascenseur (ASC) pour « {id} », déclarée sans ascenseur"))
                        .nth(cat_occurrence)
                        .hint("corrigez « ascenseur » dans residences.yaml, ou classez la dépense dans une autre catégorie."),
                );
            }
            if let (Some(actual), Some(provisions)) = (actual, provisions) {
                out.push(ChargeLine {
                    category: c,
                    actual,
                    provisions,
                    note: entry
                        .note
                        .as_deref()
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned),
                });
            }
        }
        out.sort_by_key(|l| l.category);
        lines[r] = Some(out);
    }
    (
        CheckedYear {
            year: year.name_year,
            lines,
        },
        problems,
    )
}

/// A valid amount, or a problem explaining what is wrong with it.
fn amount(
    value: &LooseNumber,
    path: &str,
    what: &str,
    occurrence: usize,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    let key = path.rsplit('/').next().unwrap_or(what);
    match value {
        LooseNumber::Number(v) if v.is_finite() && *v >= 0.0 => Some(*v),
        LooseNumber::Number(v) if v.is_finite() => {
            problems.push(
                Problem::error(path.to_string(), format!("montant {what} négatif ({v})"))
                    .nth(occurrence)
                    .hint("un montant de charges est positif ou nul ; un avoir se déduit de la dépense de la même catégorie."),
            );
            None
        }
        LooseNumber::Number(_) => {
            problems.push(
                Problem::error(path.to_string(), format!("montant {what} non numérique"))
                    .nth(occurrence)
                    .hint("écrivez le montant en chiffres, par exemple 1234.50."),
            );
            None
        }
        LooseNumber::Text(text) => {
            let cleaned: String = text
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '€')
                .map(|c| if c == ',' { '.' } else { c })
                .collect();
            let hint = match cleaned.parse::<f64>() {
                Ok(v) if v.is_finite() => format!("écrivez « {key}: {cleaned} » : en chiffres, sans espace ni symbole €, avec un point pour les décimales (montant lu : {v})."),
                _ => "écrivez le montant en chiffres, sans espace ni symbole €, avec un point pour les décimales : 1234.50.".to_string(),
            };
            problems.push(
                Problem::error(
                    path.to_string(),
                    format!("montant {what} non numérique : « {text} »"),
                )
                .nth(occurrence)
                .hint(hint),
            );
            None
        }
        LooseNumber::Empty => {
            problems.push(
                Problem::error(path.to_string(), format!("montant {what} absent"))
                    .nth(occurrence)
                    .hint("chaque ligne donne « reel » et « provisions » ; écrivez 0 si rien n'a été appelé : { reel: 1234.50, provisions: 0 }."),
            );
            None
        }
    }
}

/// Warnings for categories that jump by more than [`JUMP_PERCENT`] since the previous year,
/// unless the line carries a note that explains it.
fn jumps(ctx: &CheckContext<'_>, previous: &CheckedYear, current: &CheckedYear) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (r, lines) in current.lines.iter().enumerate() {
        let (Some(lines), Some(Some(before))) = (lines, previous.lines.get(r)) else {
            continue;
        };
        let residence = &ctx.residences[r];
        for line in lines {
            if line.note.is_some() {
                continue;
            }
            let Some(old) = before.iter().find(|l| l.category == line.category) else {
                continue;
            };
            let Some(change) = crate::core::stats::change_percent(old.actual, line.actual) else {
                continue;
            };
            let per_dwelling = (line.actual - old.actual).abs() / residence.dwellings.max(1) as f64;
            if change.abs() > JUMP_PERCENT && per_dwelling >= JUMP_MIN_PER_DWELLING {
                let category = &ctx.categories[line.category];
                problems.push(
                    Problem::warning(
                        format!("residences/{}/{}", residence.id, category.code),
                        format!(
                            "« {} » de « {} » : {} en {} contre {} en {} ({})",
                            category.short_label,
                            residence.id,
                            format_euros_rounded(line.actual),
                            current.year,
                            format_euros_rounded(old.actual),
                            previous.year,
                            format_change_percent(change)
                        ),
                    )
                    .hint(format!("variation de plus de {JUMP_PERCENT} % en un an : vérifiez le montant. Si elle est réelle, expliquez-la par une note sur la ligne (note: \"…\") ; l'avertissement disparaîtra.")),
                );
            }
        }
    }
    problems
}

/// A reader for the canonical layout of a year file — one residence per line as flow maps, the
/// layout `generate-data` writes and the documentation shows — about twenty times faster than
/// the general YAML parser, which matters at thousands of residences.
///
/// It accepts only a strict subset whose meaning is unambiguous and gives up (`None`) on
/// anything else (block style, comments after values, single quotes, escapes other than `\"`
/// and `\\`, exponents, special words…): the general parser then reads the file, with its
/// located error messages. Both readers give the same [`ChargesFile`] for what the fast one
/// accepts, which the tests check on the example data.
mod fast {
    use super::{ChargesFile, LineEntry};
    use crate::load::yaml::{Entries, LooseNumber};

    pub(super) fn charges(text: &str) -> Option<ChargesFile> {
        let mut annee: Option<i32> = None;
        let mut residences: Option<Vec<(String, Entries<LineEntry>)>> = None;
        for line in text.lines() {
            let trimmed = line.trim_end();
            if trimmed.is_empty() || trimmed.trim_start().starts_with('#') {
                continue;
            }
            if line.contains('\t') {
                return None;
            }
            if let Some(rest) = trimmed.strip_prefix("annee:") {
                if annee.is_some() || residences.is_some() {
                    return None;
                }
                let value = rest.trim();
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                annee = Some(value.parse().ok()?);
            } else if trimmed == "residences:" {
                if residences.is_some() {
                    return None;
                }
                residences = Some(Vec::new());
            } else if line.starts_with("  ") && !line.starts_with("   ") {
                let list = residences.as_mut()?;
                let mut p = Cursor {
                    s: trimmed.as_bytes(),
                    i: 2,
                };
                let id = p.key()?;
                p.expect(b':')?;
                p.space1()?;
                let entries = p.map(|p| p.line_entry())?;
                if !p.done() {
                    return None;
                }
                list.push((id, Entries(entries)));
            } else {
                return None;
            }
        }
        Some(ChargesFile {
            annee: annee?,
            residences: Entries(residences.unwrap_or_default()),
        })
    }

    struct Cursor<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Cursor<'_> {
        fn peek(&self) -> Option<u8> {
            self.s.get(self.i).copied()
        }
        fn skip_spaces(&mut self) {
            while self.peek() == Some(b' ') {
                self.i += 1;
            }
        }
        fn space1(&mut self) -> Option<()> {
            (self.peek() == Some(b' ')).then(|| self.skip_spaces())
        }
        fn expect(&mut self, b: u8) -> Option<()> {
            (self.peek() == Some(b)).then(|| self.i += 1)
        }
        fn done(&mut self) -> bool {
            self.skip_spaces();
            self.i == self.s.len()
        }
        /// A plain key: letters, digits, `-` and `_`, not a word YAML reads as something else.
        fn key(&mut self) -> Option<String> {
            let start = self.i;
            while self
                .peek()
                .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                self.i += 1;
            }
            let key = std::str::from_utf8(&self.s[start..self.i]).ok()?;
            let lower = key.to_ascii_lowercase();
            let special = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
            let numeric = key
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'-' || b == b'_');
            if key.is_empty() || special.contains(&lower.as_str()) || numeric {
                return None;
            }
            Some(key.to_string())
        }
        /// `{ key: value, … }` with at least one entry.
        fn map<T>(
            &mut self,
            mut entry: impl FnMut(&mut Self) -> Option<(String, T)>,
        ) -> Option<Vec<(String, T)>> {
            self.expect(b'{')?;
            let mut out = Vec::new();
            loop {
                self.skip_spaces();
                out.push(entry(self)?);
                self.skip_spaces();
                match self.peek()? {
                    b',' => self.i += 1,
                    b'}' => {
                        self.i += 1;
                        return Some(out);
                    }
                    _ => return None,
                }
            }
        }
        /// `CODE: { reel: …, provisions: …, note: "…" }`
        fn line_entry(&mut self) -> Option<(String, LineEntry)> {
            let code = self.key()?;
            self.expect(b':')?;
            self.space1()?;
            let mut entry = LineEntry {
                reel: LooseNumber::Empty,
                provisions: LooseNumber::Empty,
                note: None,
            };
            let mut seen = [false; 3];
            self.map(|p| {
                let key = p.key()?;
                p.expect(b':')?;
                p.space1()?;
                let slot = match key.as_str() {
                    "reel" => 0,
                    "provisions" => 1,
                    "note" => 2,
                    _ => return None,
                };
                if std::mem::replace(&mut seen[slot], true) {
                    return None;
                }
                match slot {
                    0 => entry.reel = LooseNumber::Number(p.number()?),
                    1 => entry.provisions = LooseNumber::Number(p.number()?),
                    _ => entry.note = Some(p.quoted()?),
                }
                Some((key, ()))
            })?;
            Some((code, entry))
        }
        /// `-12`, `1234`, `1234.5`: digits with an optional fraction.
        fn number(&mut self) -> Option<f64> {
            let start = self.i;
            if self.peek() == Some(b'-') {
                self.i += 1;
            }
            let digits = self.i;
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.i += 1;
            }
            // No empty integer part, and no leading zero that some YAML readers take as octal.
            if self.i == digits || (self.s[digits] == b'0' && self.i - digits > 1) {
                return None;
            }
            if self.peek() == Some(b'.') {
                self.i += 1;
                let frac = self.i;
                while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    self.i += 1;
                }
                if self.i == frac {
                    return None;
                }
            }
            if !matches!(self.peek(), Some(b' ' | b',' | b'}')) {
                return None;
            }
            std::str::from_utf8(&self.s[start..self.i])
                .ok()?
                .parse()
                .ok()
        }
        /// A double-quoted string with `\"` and `\\` as its only escapes.
        fn quoted(&mut self) -> Option<String> {
            self.expect(b'"')?;
            let mut out = Vec::new();
            loop {
                match self.peek()? {
                    b'"' => {
                        self.i += 1;
                        return String::from_utf8(out).ok();
                    }
                    b'\\' => {
                        let next = *self.s.get(self.i + 1)?;
                        if next != b'"' && next != b'\\' {
                            return None;
                        }
                        out.push(next);
                        self.i += 2;
                    }
                    b => {
                        out.push(b);
                        self.i += 1;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
