//! `resultats/AAAA.yaml`: the value of each indicator in one evaluation year, every entry
//! checked against the indicators of the contract.

use super::indicators::{target_problem, Known};
use crate::core::diagnostic::{display_path, Diagnostic};
use crate::load::observatory::problems::{locate, parse, read_text, Problem};
use crate::load::yaml::{Entries, LooseNumber};
use crate::model::results::{ResultValue, ResultYear};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResultsFile {
    annee: i32,
    #[serde(default)]
    indicateurs: Entries<ValueEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueEntry {
    #[serde(default)]
    valeur: LooseNumber,
    /// How many cases were measured.
    #[serde(default)]
    effectif: Option<u64>,
    #[serde(default)]
    commentaire: Option<String>,
}

/// Reads and checks the results of `year` at `path`: the valid values, and every problem
/// located at its line. `Err` when the file cannot be read or is not valid YAML.
pub(super) fn load_year(
    root: &Path,
    (year, taken): (i32, &[i32]),
    path: &Path,
    known: &Known,
) -> Result<(ResultYear, Vec<Diagnostic>), Diagnostic> {
    let file = display_path(root, path);
    let text = read_text(root, path)?;
    let data: ResultsFile = parse(&file, &text)?;
    let mut problems = Vec::new();
    if data.annee != year {
        problems.push(
            Problem::error(
                "annee".into(),
                format!("année {} dans le fichier des résultats de {year}", data.annee),
            )
            .hint(if taken.contains(&data.annee) {
                format!("le fichier {}.yaml existe déjà : corrigez « annee: {year} ».", data.annee)
            } else {
                format!(
                    "un fichier par année : renommez ce fichier en {}.yaml, ou corrigez « annee: {year} ».",
                    data.annee
                )
            }),
        );
    }
    let mut values = Vec::new();
    let mut met: HashMap<&str, usize> = HashMap::new();
    for (id, entry) in &data.indicateurs.0 {
        let key = format!("indicateurs/{id}");
        let occurrence = *met.entry(id).and_modify(|n| *n += 1).or_insert(0);
        if occurrence > 0 {
            problems.push(
                Problem::error(
                    key,
                    format!("indicateur « {id} » écrit deux fois dans l'année {year}"),
                )
                .nth(occurrence)
                .hint("gardez une seule ligne par indicateur."),
            );
            continue;
        }
        let Some(&unit) = known.units.get(id) else {
            if known.themes_failed || known.refused.contains(id) {
                // Defined, perhaps, in a file already reported: a second message would be wrong.
                continue;
            }
            let hint = match crate::core::suggest::nearest(id, &known.ids) {
                Some(best) => format!("vouliez-vous dire « {best} » ? Les identifiants sont ceux des « indicateur: » de content/engagements/."),
                None => "ajoutez d'abord l'indicateur sous son engagement dans content/engagements/ (indicateur: {id: …}), ou corrigez l'identifiant.".into(),
            };
            problems.push(Problem::error(key, format!("indicateur « {id} » inconnu")).hint(hint));
            continue;
        };
        let value = match &entry.valeur {
            LooseNumber::Number(v) => *v,
            LooseNumber::Text(t) => {
                problems.push(
                    Problem::error(format!("{key}/valeur"), format!("valeur « {t} » de l'indicateur « {id} » : un nombre attendu"))
                        .hint("écrivez le nombre sans guillemets, sans unité et avec un point décimal : « valeur: 94.5 » pour 94,5 %."),
                );
                continue;
            }
            LooseNumber::Empty => {
                problems.push(
                    Problem::error(key, format!("indicateur « {id} » sans valeur"))
                        .hint("donnez le résultat de l'année (« valeur: 94.5 »), ou retirez la ligne si l'indicateur n'a pas été mesuré : un résultat absent n'est jamais un zéro."),
                );
                continue;
            }
        };
        if let Some(problem) = target_problem(unit, value) {
            problems.push(
                Problem::error(
                    format!("{key}/valeur"),
                    format!("valeur {value} de l'indicateur « {id} » invalide : {problem}"),
                )
                .hint("vérifiez le résultat de l'année et son unité."),
            );
            continue;
        }
        values.push(ResultValue {
            id: id.clone(),
            value,
            count: entry.effectif,
            comment: entry.commentaire.clone().filter(|c| !c.trim().is_empty()),
        });
    }
    let diagnostics = locate(&file, &text, problems);
    Ok((
        ResultYear {
            year,
            file,
            values,
            text: None,
        },
        diagnostics,
    ))
}
