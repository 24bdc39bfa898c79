//! A table read as the list of residences: one row per residence, columns found by their usual
//! headers (our own `donnees/residences.csv`, « Code postal », « CP », « Nb logements »,
//! « Surface habitable (m²) »…) or named in the mapping file. Every cell is checked and every
//! problem of the whole table collected before anything is returned.

use super::mapping::Mapping;
use super::table::{column_letter, normalize_header, Row, Table};
use crate::core::diagnostic::Diagnostic;
use crate::core::number::parse_amount;
use crate::core::typography::count;
use crate::load::observatory::{is_valid_id, is_valid_insee_code};
use crate::model::observatory::{ClimateZone, EnergyLabel, HeatingMode, Residence};
use std::collections::{BTreeMap, HashMap};

/// Common spellings of each field's header, as [`normalize_header`] writes them.
const SPELLINGS: [(&str, &[&str]); 16] = [
    (
        "id",
        &[
            "id",
            "residence",
            "identifiant",
            "code residence",
            "id residence",
            "identifiant residence",
        ],
    ),
    (
        "nom",
        &["nom", "nom residence", "nom de la residence", "libelle"],
    ),
    ("adresse", &["adresse", "adresse postale", "voie"]),
    ("code_postal", &["code postal", "cp", "code postal cp"]),
    ("commune", &["commune", "ville", "nom commune", "localite"]),
    (
        "logements",
        &[
            "logements",
            "nb logements",
            "nombre de logements",
            "nombre logements",
            "nb lgts",
            "nb logts",
        ],
    ),
    (
        "surface_habitable",
        &[
            "surface habitable",
            "surface habitable m2",
            "surface habitable totale",
            "surface habitable totale m2",
            "shab",
            "shab m2",
        ],
    ),
    (
        "annee_construction",
        &[
            "annee construction",
            "annee de construction",
            "construction",
            "annee de mise en service",
        ],
    ),
    ("chauffage_collectif", &["chauffage collectif"]),
    (
        "chauffage",
        &["chauffage", "mode de chauffage", "type de chauffage"],
    ),
    ("ascenseur", &["ascenseur", "ascenseurs"]),
    (
        "dpe",
        &[
            "dpe",
            "etiquette dpe",
            "etiquette energie",
            "classe energie",
        ],
    ),
    ("qpv", &["qpv", "quartier prioritaire", "en qpv"]),
    (
        "code_insee",
        &["code insee", "insee", "code commune insee", "depcom"],
    ),
    ("zone_climatique", &["zone climatique", "zone"]),
    ("adresses", &["autres adresses", "adresses"]),
];

/// The fields a mapping file's `colonnes` may name for residences.
pub const FIELDS: [&str; 16] = [
    "id",
    "nom",
    "adresse",
    "code_postal",
    "commune",
    "logements",
    "surface_habitable",
    "annee_construction",
    "chauffage_collectif",
    "chauffage",
    "ascenseur",
    "dpe",
    "qpv",
    "code_insee",
    "zone_climatique",
    "adresses",
];

const REQUIRED: [&str; 8] = [
    "id",
    "nom",
    "adresse",
    "code_postal",
    "commune",
    "logements",
    "surface_habitable",
    "annee_construction",
];

/// The residences read, with the line of the table each came from and the column of each field.
#[derive(Debug)]
pub struct ImportedResidences {
    pub list: Vec<Residence>,
    pub lines: Vec<usize>,
    pub columns: BTreeMap<&'static str, usize>,
}

impl ImportedResidences {
    /// A problem the loader found in the residences file made from this table (one residence
    /// per `  - { … }` line, in order), moved to the row and column it came from.
    pub fn relocate(&self, table: &Table, yaml: &str, d: Diagnostic) -> Diagnostic {
        let Some(line) = d.line else { return d };
        let Some(text) = yaml.lines().nth(line - 1).filter(|l| l.starts_with("  - ")) else {
            return d;
        };
        let k = yaml
            .lines()
            .take(line - 1)
            .filter(|l| l.starts_with("  - "))
            .count();
        let (Some(r), Some(&row)) = (self.list.get(k), self.lines.get(k)) else {
            return d;
        };
        let key: String = d
            .column
            .and_then(|c| text.get(c.saturating_sub(1)..))
            .map(|rest| {
                rest.chars()
                    .take_while(|&c| c.is_ascii_alphanumeric() || c == '_')
                    .collect()
            })
            .unwrap_or_default();
        let column = FIELDS
            .iter()
            .find(|f| **f == key)
            .and_then(|f| self.columns.get(f));
        let mut message = format!("résidence « {} » : {}", r.id, d.message);
        if let Some(&c) = column {
            message.push_str(&format!(" (colonne {})", column_letter(c)));
        }
        Diagnostic {
            file: table.shown.clone(),
            line: Some(row),
            column: column.map(|c| c + 1),
            message,
            source_line: None,
            ..d
        }
    }
}

/// Reads `table` as residences, in the order of its rows.
pub fn read(table: &Table, mapping: &Mapping) -> Result<ImportedResidences, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let Some(header_at) = table.header_row() else {
        return Err(vec![Diagnostic::error(
            table.shown.clone(),
            "fichier vide : aucune résidence à importer",
        )
        .hint(
            "exportez les résidences avec une ligne d’en-têtes puis une ligne par résidence.",
        )]);
    };
    let header = &table.rows[header_at];
    let columns = find_columns(table, header, mapping)?;
    let mut out = Vec::new();
    let mut lines = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows[header_at + 1..] {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = Cells {
            table,
            row,
            columns: &columns,
        };
        let Some(r) = cells.residence(mapping, &mut problems) else {
            continue;
        };
        match seen.get(&r.id) {
            Some(&line) => problems.push(
                cells
                    .error("id", format!("identifiant « {} » déjà utilisé ligne {line}", r.id))
                    .hint("chaque résidence a son propre identifiant : gardez une seule ligne par résidence."),
            ),
            None => {
                seen.insert(r.id.clone(), row.line);
                out.push(r);
                lines.push(row.line);
            }
        }
    }
    if out.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(
                table.shown.clone(),
                "aucune résidence sous la ligne d’en-têtes",
            )
            .hint("ajoutez une ligne par résidence sous les en-têtes."),
        );
    }
    if problems.is_empty() {
        Ok(ImportedResidences {
            list: out,
            lines,
            columns,
        })
    } else {
        Err(problems)
    }
}

/// The cells of one row, by field.
struct Cells<'a> {
    table: &'a Table,
    row: &'a Row,
    columns: &'a BTreeMap<&'static str, usize>,
}

impl Cells<'_> {
    fn text(&self, field: &str) -> &str {
        self.columns
            .get(field)
            .and_then(|&c| self.row.cells.get(c))
            .map(|s| s.trim())
            .unwrap_or("")
    }

    fn error(&self, field: &str, message: String) -> Diagnostic {
        let col = self.columns.get(field).copied().unwrap_or(0);
        self.table.error_at(
            self.row,
            col,
            format!("{message} (colonne {})", column_letter(col)),
        )
    }

    fn required(&self, field: &str, problems: &mut Vec<Diagnostic>) -> Option<String> {
        let text = self.text(field);
        if text.is_empty() {
            problems.push(
                self.error(field, format!("« {field} » est vide"))
                    .hint("remplissez cette cellule : chaque résidence a un identifiant, un nom, une adresse, un code postal, une commune, un nombre de logements, une surface habitable et une année de construction."),
            );
            return None;
        }
        if text.chars().any(char::is_control) {
            problems.push(
                self.error(field, format!("« {field} » contient un retour à la ligne ou un caractère de contrôle"))
                    .hint("écrivez le texte sur une seule ligne, sans tabulation : il est affiché sur une ligne dans les pages et les affiches."),
            );
            return None;
        }
        Some(unescape_cell(text))
    }

    fn number<T: std::str::FromStr>(
        &self,
        field: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let text = self.text(field);
        if text.is_empty() {
            self.required(field, problems);
            return None;
        }
        let parsed = text.parse::<T>().ok();
        if parsed.is_none() {
            problems.push(
                self.error(field, format!("« {field} » : « {text} » n’est pas un nombre entier"))
                    .hint("écrivez un nombre entier en chiffres, sans espace, par exemple 40 logements ou 1975."),
            );
        }
        parsed
    }

    fn yes_no(&self, field: &str, problems: &mut Vec<Diagnostic>) -> Option<Option<bool>> {
        let text = self.text(field);
        if text.is_empty() {
            return Some(None);
        }
        match text {
            "1" => return Some(Some(true)),
            "0" => return Some(Some(false)),
            _ => {}
        }
        match crate::core::yes_no::parse(text) {
            Some(b) => Some(Some(b)),
            None => {
                problems.push(
                    self.error(
                        field,
                        format!("« {field} » : « {text} » n’est ni oui ni non"),
                    )
                    .hint("écrivez oui ou non (o/n, vrai/faux, 1/0 sont compris)."),
                );
                None
            }
        }
    }

    fn word<T>(
        &self,
        field: &str,
        words: &[&str],
        parse: impl Fn(&str) -> Option<T>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Option<T>> {
        let text = self.text(field);
        if text.is_empty() {
            return Some(None);
        }
        match parse(text) {
            Some(v) => Some(Some(v)),
            None => {
                let nearest = words
                    .iter()
                    .min_by_key(|w| strsim::levenshtein(&w.to_lowercase(), &text.to_lowercase()))
                    .map(|w| format!("vouliez-vous dire « {w} » ? "))
                    .unwrap_or_default();
                problems.push(
                    self.error(field, format!("« {field} » : valeur « {text} » inconnue"))
                        .hint(format!(
                            "{nearest}Valeurs possibles : {}.",
                            words.join(", ")
                        )),
                );
                None
            }
        }
    }

    /// The residence of this row, or `None` with its problems pushed.
    fn residence(&self, mapping: &Mapping, problems: &mut Vec<Diagnostic>) -> Option<Residence> {
        let before = problems.len();
        let id = self.required("id", problems).map(|id| id_of(&id, mapping));
        if let Some(id) = id.as_deref().filter(|id| !is_valid_id(id)) {
            let example = crate::core::slug::slug_of(id)
                .map(|s| format!(" : « {s} »"))
                .unwrap_or_default();
            problems.push(self.error("id", format!("identifiant « {} » invalide", crate::core::link::shown(id)))
                .hint(format!("un identifiant s’écrit en minuscules sans accent ni espace, avec des tirets{example} ; ou faites correspondre ce code ERP à un identifiant dans la rubrique « residences » du fichier de correspondance (--mapping).")));
        }
        let name = self.required("nom", problems);
        let address = self.required("adresse", problems);
        let commune = self.required("commune", problems);
        let postal_code = self.required("code_postal", problems);
        if let Some(code) = postal_code.as_deref() {
            if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
                problems.push(self.error("code_postal", format!("code postal « {code} » invalide"))
                    .hint("un code postal a cinq chiffres, par exemple 59000 ; si le tableur a retiré le zéro du début (1000 pour 01000), mettez la colonne au format texte avant d’exporter."));
            }
        }
        let dwellings = self.number::<u32>("logements", problems);
        let living_area = self.area(problems);
        let construction_year = self.number::<i32>("annee_construction", problems);
        let collective = self.yes_no("chauffage_collectif", problems);
        let heating = self.word(
            "chauffage",
            &HeatingMode::WORDS,
            HeatingMode::from_word,
            problems,
        );
        let lift = self.yes_no("ascenseur", problems);
        let dpe = self.word(
            "dpe",
            &["A", "B", "C", "D", "E", "F", "G"],
            energy_label,
            problems,
        );
        let qpv = self.yes_no("qpv", problems);
        let insee = self.insee(problems);
        let zone = self.word(
            "zone_climatique",
            &ClimateZone::WORDS,
            ClimateZone::from_word,
            problems,
        );
        let collective_heating = self.heating(collective, heating, problems);
        let lift = match lift {
            Some(Some(b)) => Some(b),
            Some(None) => {
                self.required("ascenseur", problems);
                None
            }
            None => None,
        };
        if problems.len() > before {
            return None;
        }
        Some(Residence {
            id: id?,
            name: name?,
            address: address?,
            postal_code: postal_code?,
            commune: commune?,
            dwellings: dwellings?,
            living_area: living_area?,
            construction_year: construction_year?,
            collective_heating: collective_heating?,
            lift: lift?,
            energy_label: dpe?,
            priority_district: qpv?,
            insee_code: insee?,
            heating: heating?,
            climate_zone: zone?,
            other_addresses: self.other_addresses(),
        })
    }

    /// `autres_adresses`: the other addresses in one cell, separated by « ; ».
    fn other_addresses(&self) -> Vec<String> {
        self.text("adresses")
            .split([';', '\n'])
            .map(|a| unescape_cell(a.trim()).replace(char::is_control, " "))
            .filter(|a| !a.is_empty())
            .collect()
    }

    fn area(&self, problems: &mut Vec<Diagnostic>) -> Option<f64> {
        let text = self.text("surface_habitable");
        if text.is_empty() {
            self.required("surface_habitable", problems);
            return None;
        }
        match parse_amount(text) {
            Ok(v) if v > 0.0 => Some(v),
            Ok(_) => {
                problems.push(self.error("surface_habitable", format!("surface habitable « {text} » nulle ou négative"))
                    .hint("indiquez la surface habitable totale de la résidence en m², par exemple 3 120,5."));
                None
            }
            Err(e) => {
                problems.push(
                    self.error(
                        "surface_habitable",
                        format!("surface habitable « {text} » illisible : {e}"),
                    )
                    .hint("écrivez la surface en m², en chiffres, par exemple 3 120,5 ou 3120.5."),
                );
                None
            }
        }
    }

    fn insee(&self, problems: &mut Vec<Diagnostic>) -> Option<Option<String>> {
        let text = self.text("code_insee");
        if text.is_empty() {
            return Some(None);
        }
        if is_valid_insee_code(text) {
            return Some(Some(text.to_string()));
        }
        problems.push(self.error("code_insee", format!("code Insee « {text} » invalide"))
            .hint("le code Insee de la commune a cinq caractères (59350 pour Lille, 2A004 pour Ajaccio) ; ce n’est pas le code postal."));
        None
    }

    /// `chauffage_collectif` from either column; both given must agree.
    fn heating(
        &self,
        collective: Option<Option<bool>>,
        heating: Option<Option<HeatingMode>>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<bool> {
        match (collective?, heating?) {
            (Some(c), Some(mode)) if c != mode.is_collective() => {
                problems.push(self.error("chauffage", format!("chauffage « {} » contredit chauffage collectif « {} »", mode.word(), if c { "oui" } else { "non" }))
                    .hint("un chauffage collectif ou urbain va avec « oui », un chauffage individuel avec « non » : corrigez l’une des deux cellules."));
                None
            }
            (Some(c), _) => Some(c),
            (None, Some(mode)) => Some(mode.is_collective()),
            (None, None) => {
                let field = if self.columns.contains_key("chauffage") {
                    "chauffage"
                } else {
                    "chauffage_collectif"
                };
                problems.push(self.error(field, "mode de chauffage vide".into())
                    .hint("indiquez le chauffage : collectif, urbain ou individuel (colonne « chauffage »), ou oui / non (colonne « chauffage_collectif »)."));
                None
            }
        }
    }
}

fn energy_label(text: &str) -> Option<EnergyLabel> {
    Some(match text.trim().to_ascii_uppercase().as_str() {
        "A" => EnergyLabel::A,
        "B" => EnergyLabel::B,
        "C" => EnergyLabel::C,
        "D" => EnergyLabel::D,
        "E" => EnergyLabel::E,
        "F" => EnergyLabel::F,
        "G" => EnergyLabel::G,
        _ => return None,
    })
}

/// Our exports put an apostrophe before a text starting with a formula sign: take it off.
fn unescape_cell(text: &str) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_string(),
        _ => text.to_string(),
    }
}

/// Our id for an ERP code of the mapping's `residences`, or the cell as written.
fn id_of(text: &str, mapping: &Mapping) -> String {
    mapping
        .residences
        .iter()
        .find(|(_, codes)| codes.values().iter().any(|c| c.trim() == text))
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| text.to_string())
}

fn find_columns(
    table: &Table,
    header: &Row,
    mapping: &Mapping,
) -> Result<BTreeMap<&'static str, usize>, Vec<Diagnostic>> {
    let names: Vec<String> = header.cells.iter().map(|h| normalize_header(h)).collect();
    let mut problems = Vec::new();
    let mut fields = BTreeMap::new();
    for (field, spellings) in SPELLINGS {
        let found = match mapping.colonnes.get(field) {
            Some(h) => {
                let at = names.iter().position(|n| *n == normalize_header(h));
                if at.is_none() {
                    problems.push(Diagnostic::error(table.shown.clone(), format!("colonne « {h} » absente de la ligne d’en-têtes (champ « {field} » du fichier de correspondance)"))
                        .at(header.line, Some(1))
                        .hint(format!("en-têtes du fichier : {} ; corrigez « colonnes: {field}: » dans le fichier de correspondance.", header.cells.iter().map(|c| format!("« {} »", c.trim())).collect::<Vec<_>>().join(", "))));
                }
                at
            }
            None => names
                .iter()
                .position(|n| n == &normalize_header(field) || spellings.contains(&n.as_str())),
        };
        if let Some(c) = found {
            fields.insert(field, c);
        }
    }
    let mut missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|f| !fields.contains_key(f))
        .collect();
    if !fields.contains_key("ascenseur") {
        missing.push("ascenseur");
    }
    if !fields.contains_key("chauffage") && !fields.contains_key("chauffage_collectif") {
        missing.push("chauffage");
    }
    if !missing.is_empty() {
        problems.push(Diagnostic::error(table.shown.clone(), format!("{} : {}", count(missing.len(), "aucune colonne introuvable", "colonne introuvable", "colonnes introuvables"), missing.join(", ")))
            .at(header.line, Some(1))
            .hint(format!("nommez ces colonnes dans la rubrique « colonnes » du fichier de correspondance (--mapping), par exemple « {}: \"En-tête du fichier\" » ; en-têtes du fichier : {}.", missing[0], header.cells.iter().map(|c| format!("« {} »", c.trim())).collect::<Vec<_>>().join(", "))));
    }
    if problems.is_empty() {
        Ok(fields)
    } else {
        Err(problems)
    }
}
