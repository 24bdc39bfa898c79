//! The indicators of the contract: `indicateur:` under a landlord commitment, checked once the
//! themes are loaded (an id is a slug, unique across the site; the target is a usable number).

use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::slug::slug_of;
use crate::load::content::at_front_key;
use crate::model::contract::Theme;
use crate::model::results::{IndicatorRef, IndicatorUnit};
use std::collections::HashMap;

/// The valid indicators of `themes` in reading order, and the ids of those refused; every
/// problem goes to `diagnostics`.
pub(super) fn indicators(
    themes: &[Theme],
    diagnostics: &mut Diagnostics,
) -> (Vec<IndicatorRef>, Vec<String>) {
    let mut found = Vec::new();
    let mut rejected = Vec::new();
    // id → (theme, key path) of its first definition, to name both places of a duplicate.
    let mut seen: HashMap<&str, (usize, String)> = HashMap::new();
    for (t, theme) in themes.iter().enumerate() {
        for (i, c) in theme.front.engagements_locataire.iter().enumerate() {
            if c.indicateur.is_some() {
                let d = Diagnostic::error(
                    &theme.source.path,
                    "indicateur sous un engagement du locataire : seuls les engagements du bailleur ont des résultats publiés",
                )
                .hint("déplacez « indicateur: » sous l'engagement du bailleur qu'il mesure (engagements_bailleur), ou retirez-le.");
                let key = format!("engagements_locataire/#{i}/indicateur");
                diagnostics.push(at_front_key(d, &theme.source, &key));
            }
        }
        for (i, c) in theme.front.engagements_bailleur.iter().enumerate() {
            let Some(ind) = &c.indicateur else { continue };
            let key = format!("engagements_bailleur/#{i}/indicateur");
            let at = |field: &str, d: Diagnostic| {
                at_front_key(d, &theme.source, &format!("{key}/{field}"))
            };
            let before = diagnostics.error_count();
            if slug_of(&ind.id).as_deref() != Some(ind.id.as_str()) {
                let hint = match slug_of(&ind.id) {
                    Some(s) => format!("écrivez l'identifiant en minuscules, sans accent ni espace, avec des tirets : « id: {s} »."),
                    None => "donnez un identifiant fait de lettres, de chiffres et de tirets, par exemple « id: premiere-reponse-48h ».".into(),
                };
                diagnostics.push(at(
                    "id",
                    Diagnostic::error(
                        &theme.source.path,
                        format!("identifiant d'indicateur « {} » invalide", ind.id),
                    )
                    .hint(hint),
                ));
            } else if let Some((first_theme, first_key)) = seen.get(ind.id.as_str()) {
                let first = &themes[*first_theme].source;
                let first_at = crate::load::key_lines::position(
                    first.front_text(),
                    &format!("{first_key}/id"),
                )
                .map(|(line, _)| format!(":{}", line + first.front_line_offset))
                .unwrap_or_default();
                diagnostics.push(at(
                    "id",
                    Diagnostic::error(
                        &theme.source.path,
                        format!(
                            "indicateur « {} » déjà défini dans {}{first_at}",
                            ind.id,
                            first.path.display()
                        ),
                    )
                    .hint("chaque indicateur a un identifiant unique dans tout le site : renommez l'un des deux."),
                ));
            }
            if ind.mesure.trim().is_empty() {
                diagnostics.push(at(
                    "mesure",
                    Diagnostic::error(&theme.source.path, "mesure vide : dites ce qui est mesuré")
                        .hint("par exemple « mesure: Part des demandes qui ont reçu une première réponse sous 48 h »."),
                ));
            }
            if let Some(problem) = target_problem(ind.unite, ind.objectif) {
                diagnostics.push(at(
                    "objectif",
                    Diagnostic::error(&theme.source.path, format!("objectif {} invalide : {problem}", ind.objectif))
                        .hint("écrivez l'objectif comme un nombre, sans unité : « objectif: 90 » pour 90 %, « objectif: 8 » pour 8 jours."),
                ));
            }
            if diagnostics.error_count() > before {
                // The year files may use the id as it should be written: no second message.
                rejected.extend(slug_of(&ind.id));
                rejected.push(ind.id.clone());
            } else {
                seen.entry(ind.id.as_str()).or_insert((t, key.clone()));
                found.push(IndicatorRef {
                    theme: t,
                    commitment: i,
                });
            }
        }
    }
    (found, rejected)
}

/// What is wrong with `value` as a value or a target of `unit`, if anything.
pub(super) fn target_problem(unit: IndicatorUnit, value: f64) -> Option<String> {
    if !value.is_finite() {
        return Some("ce n'est pas un nombre fini".into());
    }
    if value < 0.0 {
        return Some("un résultat ne peut pas être négatif".into());
    }
    if unit == IndicatorUnit::Percent && value > 100.0 {
        return Some("un pourcentage ne dépasse pas 100".into());
    }
    None
}

/// The ids of the valid indicators and their units, for checking year files.
pub(super) struct Known {
    pub(super) ids: Vec<String>,
    pub(super) units: HashMap<String, crate::model::results::IndicatorUnit>,
    /// Whether a theme failed to load: an id missing here may be defined in it, and calling it
    /// unknown would only add a wrong second message.
    pub(super) themes_failed: bool,
    /// The ids of indicators refused (already reported where they are defined).
    pub(super) refused: Vec<String>,
}

impl Known {
    pub(super) fn new(
        themes: &[Theme],
        indicators: &[crate::model::results::IndicatorRef],
        refused: Vec<String>,
        themes_failed: bool,
    ) -> Known {
        let mut ids = Vec::new();
        let mut units = HashMap::new();
        for r in indicators {
            let c = &themes[r.theme].front.engagements_bailleur[r.commitment];
            if let Some(ind) = &c.indicateur {
                ids.push(ind.id.clone());
                units.insert(ind.id.clone(), ind.unite);
            }
        }
        Known {
            ids,
            units,
            themes_failed,
            refused,
        }
    }
}
