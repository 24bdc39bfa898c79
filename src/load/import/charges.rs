//! A table read as one year of charges, long layout (one row per residence and category) or
//! wide layout (one column per category, `CODE provisions` for its provisions). Codes and
//! residence identifiers go through the [`Mapping`]; several ERP codes of one category add up.
//! Every problem of the whole table is collected before anything is returned.

use super::mapping::Mapping;
use super::table::{column_letter, normalize_header, Row, Table};
use crate::core::diagnostic::Diagnostic;
use crate::core::number::parse_amount;
use crate::core::typography::count;
use crate::model::observatory::{Category, Residence};
use std::collections::BTreeMap;

/// What one category of one residence adds up to in the imported year.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Amounts {
    pub actual: f64,
    pub provisions: f64,
    pub note: Option<String>,
}

/// The imported year: residence index → category index → amounts.
pub type ImportedYear = BTreeMap<usize, BTreeMap<usize, Amounts>>;

/// Common spellings of each field's header, as [`normalize_header`] writes them.
const SPELLINGS: [(&str, &[&str]); 6] = [
    (
        "residence",
        &[
            "residence",
            "code residence",
            "id residence",
            "identifiant residence",
            "residence id",
            "immeuble",
            "code immeuble",
            "programme",
            "code programme",
        ],
    ),
    (
        "categorie",
        &[
            "categorie",
            "code categorie",
            "code charge",
            "charge",
            "rubrique",
            "code rubrique",
            "nature",
            "code nature",
        ],
    ),
    ("annee", &["annee", "exercice", "annee exercice"]),
    (
        "reel",
        &[
            "reel",
            "reel eur",
            "montant reel",
            "depense reelle",
            "depenses reelles",
            "montant",
            "reel ttc",
            "montant reel ttc",
            "charges reelles",
        ],
    ),
    (
        "provisions",
        &[
            "provisions",
            "provisions eur",
            "provisions appelees",
            "montant provisions",
            "provision",
            "acomptes",
        ],
    ),
    ("note", &["note", "commentaire", "observation", "remarque"]),
];

struct Columns {
    fields: BTreeMap<&'static str, usize>,
    /// Wide layout: column → (category, is provisions).
    wide: Vec<(usize, usize, bool)>,
}

/// Reads `table` as the charges of `year`.
pub fn read(
    table: &Table,
    year: i32,
    mapping: &Mapping,
    residences: &[Residence],
    categories: &[Category],
) -> Result<ImportedYear, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(header_at) = table.header_row() else {
        return Err(vec![Diagnostic::error(table.shown.clone(), "fichier vide : aucune ligne à importer")
            .hint("exportez les charges avec une ligne d’en-têtes puis une ligne par résidence et catégorie.")]);
    };
    let header = &table.rows[header_at];
    let columns = find_columns(table, header, mapping, categories, &mut problems)?;
    let mut out = ImportedYear::new();
    for row in &table.rows[header_at + 1..] {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(&c) = columns.fields.get("annee") {
            let text = cell(row, c).trim();
            match text.parse::<i32>() {
                Ok(y) if y == year => {}
                Ok(_) => continue,
                Err(_) => {
                    problems.push(
                        table
                            .error_at(
                                row,
                                c,
                                format!(
                                    "année « {text} » illisible (colonne {})",
                                    column_letter(c)
                                ),
                            )
                            .hint("écrivez l’année en chiffres, par exemple 2024."),
                    );
                    continue;
                }
            }
        }
        let rc = columns.fields["residence"];
        let Some(residence) = residence_of(cell(row, rc), mapping, residences) else {
            problems.push(table.error_at(row, rc, format!("résidence « {} » inconnue (colonne {})", cell(row, rc).trim(), column_letter(rc)))
                .hint("ajoutez-la à content/observatoire/residences.yaml, ou faites correspondre son code dans la rubrique « residences » du fichier de correspondance (--mapping)."));
            continue;
        };
        let note = columns
            .fields
            .get("note")
            .map(|&c| cell(row, c).trim())
            .filter(|n| !n.is_empty())
            .map(unescape_cell);
        if let Some(&cc) = columns.fields.get("categorie") {
            let Some(category) = category_of(cell(row, cc), mapping, categories) else {
                problems.push(table.error_at(row, cc, format!("catégorie « {} » inconnue (colonne {})", cell(row, cc).trim(), column_letter(cc)))
                    .hint(format!("utilisez un code de l’observatoire (CHC, EAU, ASC…), ou ajoutez ce code à la rubrique « categories » du fichier de correspondance (--mapping) sous la catégorie qu’il alimente, par exemple « EAU: [\"{}\"] ».", cell(row, cc).trim())));
                continue;
            };
            let actual = amount(table, row, columns.fields["reel"], &mut problems);
            let provisions = amount(table, row, columns.fields["provisions"], &mut problems);
            if let (Some(a), Some(p)) = (actual, provisions) {
                add(&mut out, residence, category, a, p, note);
            }
        } else {
            for &(c, category, is_provisions) in &columns.wide {
                if cell(row, c).trim().is_empty() {
                    continue;
                }
                if let Some(v) = amount(table, row, c, &mut problems) {
                    let (a, p) = if is_provisions { (0.0, v) } else { (v, 0.0) };
                    add(&mut out, residence, category, a, p, None);
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

fn cell(row: &Row, col: usize) -> &str {
    row.cells.get(col).map(String::as_str).unwrap_or("")
}

/// Our exports put an apostrophe before a text starting with a formula sign: take it off.
fn unescape_cell(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => text.to_string(),
    }
}

fn add(
    out: &mut ImportedYear,
    residence: usize,
    category: usize,
    actual: f64,
    provisions: f64,
    note: Option<String>,
) {
    let entry = out
        .entry(residence)
        .or_default()
        .entry(category)
        .or_default();
    entry.actual = round_cents(entry.actual + actual);
    entry.provisions = round_cents(entry.provisions + provisions);
    if let Some(n) = note {
        entry.note = Some(match entry.note.take() {
            Some(old) if old != n => format!("{old} ; {n}"),
            _ => n,
        });
    }
}

fn round_cents(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn amount(table: &Table, row: &Row, col: usize, problems: &mut Vec<Diagnostic>) -> Option<f64> {
    let text = cell(row, col);
    match parse_amount(text) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(table.error_at(row, col, format!("montant « {} » illisible (colonne {}) : {e}", text.trim(), column_letter(col)))
                .hint("écrivez un montant en chiffres, par exemple 1 234,56 ou 1234.56 ; 0 si rien n’a été dépensé ou appelé."));
            None
        }
    }
}

fn residence_of(text: &str, mapping: &Mapping, residences: &[Residence]) -> Option<usize> {
    let text = text.trim();
    let id = mapping
        .residences
        .iter()
        .find(|(_, codes)| codes.values().iter().any(|c| c.trim() == text))
        .map(|(id, _)| id.as_str())
        .unwrap_or(text);
    residences.iter().position(|r| r.id == id)
}

fn category_of(text: &str, mapping: &Mapping, categories: &[Category]) -> Option<usize> {
    let text = text.trim();
    let wanted = normalize_header(text);
    let code = mapping
        .categories
        .iter()
        .find(|(_, codes)| {
            codes
                .values()
                .iter()
                .any(|c| c.trim() == text || normalize_header(c) == wanted)
        })
        .map(|(code, _)| code.as_str());
    categories.iter().position(|c| match code {
        Some(code) => c.code == code,
        None => c.code.eq_ignore_ascii_case(text) || normalize_header(&c.label) == wanted,
    })
}

fn find_columns(
    table: &Table,
    header: &Row,
    mapping: &Mapping,
    categories: &[Category],
    problems: &mut Vec<Diagnostic>,
) -> Result<Columns, Vec<Diagnostic>> {
    let names: Vec<String> = header.cells.iter().map(|h| normalize_header(h)).collect();
    let mut fields = BTreeMap::new();
    for (field, spellings) in SPELLINGS {
        let found = match mapping.colonnes.get(field) {
            Some(h) => {
                let wanted = normalize_header(h);
                let at = names.iter().position(|n| *n == wanted);
                if at.is_none() {
                    problems.push(Diagnostic::error(table.shown.clone(), format!("colonne « {h} » absente de la ligne d’en-têtes (champ « {field} » du fichier de correspondance)"))
                        .at(header.line, Some(1))
                        .hint(format!("en-têtes du fichier : {} ; corrigez « colonnes: {field}: » dans le fichier de correspondance.", header.cells.iter().map(|c| format!("« {} »", c.trim())).collect::<Vec<_>>().join(", "))));
                }
                at
            }
            None => names.iter().position(|n| spellings.contains(&n.as_str())),
        };
        if let Some(c) = found {
            fields.insert(field, c);
        }
    }
    let mut wide = Vec::new();
    if !fields.contains_key("categorie") {
        for (c, h) in header.cells.iter().enumerate() {
            let h = h.trim();
            let (stem, is_provisions) = match normalize_header(h).strip_suffix(" provisions") {
                Some(_) => (
                    h.len()
                        .checked_sub("provisions".len())
                        .and_then(|i| h.get(..i))
                        .unwrap_or(h)
                        .trim_end_matches([' ', '_', '-']),
                    true,
                ),
                None => (h, false),
            };
            if let Some(cat) = category_of(stem, mapping, categories) {
                wide.push((c, cat, is_provisions));
            }
        }
    }
    let mut missing: Vec<&str> = Vec::new();
    if !fields.contains_key("residence") {
        missing.push("residence");
    }
    if fields.contains_key("categorie") {
        for f in ["reel", "provisions"] {
            if !fields.contains_key(f) {
                missing.push(f);
            }
        }
    } else if wide.is_empty() {
        missing.push("categorie");
    }
    if !missing.is_empty() {
        problems.push(Diagnostic::error(table.shown.clone(), format!("{} : {}", count(missing.len(), "aucune colonne introuvable", "colonne introuvable", "colonnes introuvables"), missing.join(", ")))
            .at(header.line, Some(1))
            .hint(format!("nommez ces colonnes dans la rubrique « colonnes » du fichier de correspondance (--mapping), par exemple « {}: \"En-tête du fichier\" » ; en présentation large, une colonne par code de catégorie (CHC, EAU…) et « CHC provisions » pour ses provisions.", missing[0])));
    }
    if problems.is_empty() {
        Ok(Columns { fields, wide })
    } else {
        Err(std::mem::take(problems))
    }
}
