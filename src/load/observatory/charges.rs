//! `charges/AAAA.yaml`: one file per year, every line checked against the residences and the
//! categories, and each year compared with the one before.

use super::fast;
use super::problems::{parse, read_text, Problem};
use super::year_file::{ChargesFile, LineEntry};
use crate::core::diagnostic::display_path;
use crate::core::diagnostic::Diagnostic;
use crate::core::typography::{format_change_percent, format_euros_rounded};
use crate::load::yaml::{Entries, LooseNumber};
use crate::model::categories::Category;
use crate::model::observatory::{ChargeLine, Residence};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A category whose actual cost changes by more than this share in a year is reported (warning)…
pub const JUMP_PERCENT: f64 = 40.0;
/// …when the change is also worth at least this much per dwelling and per year (€), so that
/// small lines moving by a few euros stay quiet.
pub const JUMP_MIN_PER_DWELLING: f64 = 5.0;

/// One year file after parsing, before checking.
pub(super) struct YearFile {
    pub(super) file: PathBuf,
    pub(super) text: String,
    /// Year given by the file name.
    pub(super) name_year: i32,
    /// Shared with `serve`'s parse cache (`super::cache`), which keeps it for the next edit.
    pub(super) data: Arc<ChargesFile>,
    /// Numbers written other than in decimals (`0x10`, `1e300`): errors found in the text.
    pub(super) notations: Vec<Diagnostic>,
}

/// A year file after checking: lines of known residences, by residence index.
pub(super) struct CheckedYear {
    pub(super) year: i32,
    pub(super) provisional: bool,
    pub(super) lines: Vec<Option<Vec<ChargeLine>>>,
}

pub(super) fn parse_year(
    root: &Path,
    name_year: i32,
    path: &Path,
) -> Result<YearFile, Vec<Diagnostic>> {
    let file = display_path(root, path);
    let text = read_text(root, path).map_err(|d| vec![d])?;
    parse_year_text(file, name_year, text)
}

/// [`parse_year`] of a text already read (`serve`'s parse cache reads it to hash it first).
pub(super) fn parse_year_text(
    file: PathBuf,
    name_year: i32,
    text: String,
) -> Result<YearFile, Vec<Diagnostic>> {
    // The fast reader takes decimal numbers only: what it accepts needs no notation check.
    let (data, notations) = match fast::charges(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
        Some(data) => (data, Vec::new()),
        None => match parse(&file, &text) {
            Ok(data) => (data, super::values::non_decimal_numbers(&file, &text)),
            // French numbers break the YAML far from where they are: report them all instead.
            Err(d) => {
                let french = super::values::french_numbers(&file, &text);
                return Err(if french.is_empty() { vec![d] } else { french });
            }
        },
    };
    Ok(YearFile {
        file,
        text,
        name_year,
        data: Arc::new(data),
        notations,
    })
}

pub(super) struct CheckContext<'a> {
    pub(super) residences: &'a [Residence],
    pub(super) index: &'a HashMap<String, usize>,
    /// Residences left out of residences.yaml for a problem reported there.
    pub(super) rejected: &'a std::collections::HashSet<String>,
    pub(super) categories: &'a [Category],
    pub(super) category_index: &'a HashMap<&'a str, usize>,
}

/// Checks one year file; keeps the valid lines of known residences.
pub(super) fn check_year(ctx: &CheckContext<'_>, year: &YearFile) -> (CheckedYear, Vec<Problem>) {
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
            if ctx.rejected.contains(id) {
                // Its error in residences.yaml is the one to fix; its lines follow from it.
                continue;
            }
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
        let mut out = residence_lines(ctx, id, residence, categories, &codes, &mut problems);
        out.sort_by_key(|l| l.category);
        lines[r] = Some(out);
    }
    (
        CheckedYear {
            year: year.name_year,
            provisional: data.provisoire,
            lines,
        },
        problems,
    )
}

/// The valid lines of one residence's entry in a year file; problems for the others.
fn residence_lines(
    ctx: &CheckContext<'_>,
    id: &str,
    residence: &Residence,
    categories: &Entries<LineEntry>,
    codes: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<ChargeLine> {
    let res_path = format!("residences/{id}");
    let mut out: Vec<ChargeLine> = Vec::with_capacity(categories.0.len());
    let mut seen_categories: Vec<usize> = Vec::with_capacity(categories.0.len());
    for (pos, (code, entry)) in categories.0.iter().enumerate() {
        // The key path names a value in a message only: built when there is one, not for each
        // of the hundreds of thousands of lines of a big observatory.
        let cat_path = || format!("{res_path}/{code}");
        let cat_occurrence = categories.0[..pos]
            .iter()
            .filter(|(c, _)| c == code)
            .count();
        let Some(&c) = ctx.category_index.get(code.as_str()) else {
            let hint = match crate::core::suggest::nearest(&code.to_ascii_uppercase(), codes) {
                Some(best) => format!(
                    "vouliez-vous dire « {best} » ? Codes possibles : {}",
                    codes.join(", ")
                ),
                None => format!(
                    "codes possibles : {}. Une nouvelle catégorie se déclare dans categories.yaml.",
                    codes.join(", ")
                ),
            };
            problems.push(
                Problem::error(cat_path(), format!("catégorie « {code} » inconnue"))
                    .nth(cat_occurrence)
                    .hint(hint),
            );
            continue;
        };
        if seen_categories.contains(&c) {
            problems.push(
                Problem::error(
                    cat_path(),
                    format!("catégorie « {code} » écrite deux fois pour la résidence « {id} »"),
                )
                .nth(cat_occurrence)
                .hint("une seule ligne par catégorie : additionnez les montants."),
            );
            continue;
        }
        seen_categories.push(c);
        if let Some(note) = entry.note.as_deref() {
            let path = format!("{}/note", cat_path());
            if let Some(p) = super::values::text(path, "note", note, super::values::MAX_NOTE) {
                problems.push(p.nth(cat_occurrence));
            }
        }
        let actual = valid_amount(&entry.reel).or_else(|| {
            amount(
                &entry.reel,
                &format!("{}/reel", cat_path()),
                "réel",
                cat_occurrence,
                problems,
            )
        });
        let provisions = valid_amount(&entry.provisions).or_else(|| {
            amount(
                &entry.provisions,
                &format!("{}/provisions", cat_path()),
                "provisions",
                cat_occurrence,
                problems,
            )
        });
        let code_str = ctx.categories[c].code.as_str();
        if code_str == "CHC" && !residence.collective_heating {
            problems.push(
                Problem::warning(cat_path(), format!("ligne de chauffage collectif (CHC) pour « {id} », déclarée sans chauffage collectif"))
                    .nth(cat_occurrence)
                    .hint("corrigez « chauffage_collectif » dans residences.yaml, ou classez la dépense dans une autre catégorie."),
            );
        }
        if code_str == "ASC" && !residence.lift {
            problems.push(
                Problem::warning(cat_path(), format!("ligne d'ascenseur (ASC) pour « {id} », déclarée sans ascenseur"))
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
    out
}

/// The amount when [`amount`] would accept it without a word: the common case, decided without
/// building the key path its messages need.
fn valid_amount(value: &LooseNumber) -> Option<f64> {
    match value {
        LooseNumber::Number(v)
            if v.is_finite() && (0.0..=super::values::MAX_AMOUNT).contains(v) =>
        {
            Some(*v)
        }
        _ => None,
    }
}

/// A valid amount, or a problem explaining what is wrong with it.
pub(super) fn amount(
    value: &LooseNumber,
    path: &str,
    what: &str,
    occurrence: usize,
    problems: &mut Vec<Problem>,
) -> Option<f64> {
    let key = path.rsplit('/').next().unwrap_or(what);
    match value {
        LooseNumber::Number(v) if v.is_finite() && *v > super::values::MAX_AMOUNT => {
            problems.push(
                Problem::error(path.to_string(), format!("montant {what} hors de toute mesure : plus de 100 000 000 € pour une catégorie"))
                    .nth(occurrence)
                    .hint("aucune catégorie de charges d'une résidence ne coûte 100 000 000 € par an : vérifiez l'unité (des euros, pas des centimes) et le séparateur décimal (un point)."),
            );
            None
        }
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
pub(super) fn jumps(
    ctx: &CheckContext<'_>,
    previous: &CheckedYear,
    current: &CheckedYear,
) -> Vec<Problem> {
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
