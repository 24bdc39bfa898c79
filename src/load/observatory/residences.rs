//! `residences.yaml`: every residence, each field checked.

use super::problems::{locate, read_text, Problem};
use crate::core::diagnostic::{display_path, Diagnostic};
use crate::load::yaml::{parse_list, Origin};
use crate::model::observatory::Residence;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The residences as read, with their index by id, the file's text (to locate later warnings)
/// and every problem found.
#[derive(Clone)]
pub(super) struct LoadedResidences {
    pub(super) list: Vec<Residence>,
    /// Where each residence of `list` is in the file (0-based): a faulty one is left out of
    /// `list`, and key paths count the items as written.
    pub(super) positions: Vec<usize>,
    /// Ids of the residences left out because of a problem already reported: their charges are
    /// not reported again as lines of an unknown residence.
    pub(super) rejected: HashSet<String>,
    /// The file could not be read at all: nothing that depends on it is checked.
    pub(super) failed: bool,
    /// Whether each residence may be published: its id is valid, not reserved, not a duplicate.
    /// The others are checked with their charges, then dropped: an id is an address, and an
    /// invalid one is never rendered.
    pub(super) publishable: Vec<bool>,
    pub(super) index: HashMap<String, usize>,
    pub(super) text: String,
    pub(super) diagnostics: Vec<Diagnostic>,
}

pub(super) fn load_residences(root: &Path, path: &Path) -> LoadedResidences {
    let file = display_path(root, path);
    match read_text(root, path) {
        Ok(text) => check_text(&file, text),
        Err(d) => failed(vec![d]),
    }
}

/// Every problem of a residences file's text, as `build` would report them: `import
/// residences` checks the file it is about to write with it.
pub fn check_residences_text(file: &Path, text: &str) -> Vec<Diagnostic> {
    check_text(file, text.to_string()).diagnostics
}

fn failed(diagnostics: Vec<Diagnostic>) -> LoadedResidences {
    LoadedResidences {
        list: Vec::new(),
        positions: Vec::new(),
        rejected: HashSet::new(),
        failed: true,
        publishable: Vec::new(),
        index: HashMap::new(),
        text: String::new(),
        diagnostics,
    }
}

pub(super) fn check_text(file: &Path, text: String) -> LoadedResidences {
    let file = file.to_path_buf();
    // A French number (`surface_habitable: 3 363,5`) breaks the line around it: each one is
    // the cause of what YAML would say, so they are reported instead.
    let french = super::values::french_numbers(&file, &text);
    if !french.is_empty() {
        return failed(french);
    }
    let origin = Origin {
        file: &file,
        file_text: &text,
        line_offset: 0,
    };
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let (items, item_diagnostics) = match parse_list::<Residence>(body, origin, "residences") {
        Ok(parsed) => parsed,
        Err(d) => return failed(vec![d.with_source(&text)]),
    };
    if items.is_empty() && item_diagnostics.is_empty() {
        return failed(vec![
            Diagnostic::error(&file, "le fichier ne contient aucune résidence")
                .hint("écrivez « residences: » puis une ligne par résidence, par exemple :\n  - { id: lille-les-tilleuls, nom: \"Les Tilleuls\", adresse: \"3 rue des Tilleuls\", code_postal: \"59000\", commune: \"Lille\", logements: 40, surface_habitable: 2600, annee_construction: 1975, chauffage_collectif: oui, ascenseur: non }"),
        ]);
    }
    let mut residences = Vec::with_capacity(items.len());
    let mut positions = Vec::with_capacity(items.len());
    let mut rejected = HashSet::new();
    for item in items {
        match item.value {
            Some(r) => {
                residences.push(r);
                positions.push(item.position);
            }
            None => {
                rejected.extend(item.id);
            }
        }
    }
    let mut index: HashMap<String, usize> = HashMap::with_capacity(residences.len());
    let mut problems = Vec::new();
    resolve_heating(&text, &mut residences, &positions, &mut problems);
    let mut publishable = Vec::with_capacity(residences.len());
    let mut communes: HashMap<String, usize> = HashMap::new();
    for (i, r) in residences.iter().enumerate() {
        publishable.push(
            is_valid_id(&r.id)
                && !crate::core::paths::RESERVED_SLUGS.contains(&r.id.as_str())
                && !index.contains_key(&r.id),
        );
        let at = positions[i];
        check_commune(i, at, &residences, &mut communes, &mut problems);
        match index.get(&r.id) {
            Some(&first) => problems.push(
                Problem::error(
                    format!("residences/#{at}/id"),
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
        check_residence(at, r, &mut problems);
    }
    let mut diagnostics = super::values::non_decimal_numbers(&file, &text);
    diagnostics.extend(item_diagnostics);
    diagnostics.extend(locate(&file, &text, problems));
    LoadedResidences {
        list: residences,
        positions,
        rejected,
        failed: false,
        publishable,
        index,
        text,
        diagnostics,
    }
}

/// The checks of one residence's own fields.
fn check_residence(i: usize, r: &Residence, problems: &mut Vec<Problem>) {
    {
        let at = |key: &str| format!("residences/#{i}/{key}");
        if !is_valid_id(&r.id) {
            let example = crate::core::slug::slug_of(&r.id)
                .map(|s| format!(" : « {s} »"))
                .unwrap_or_default();
            problems.push(
                Problem::error(at("id"), format!("identifiant « {} » invalide", crate::core::link::shown(&r.id)))
                    .hint(format!("un identifiant s'écrit en minuscules sans accent ni espace, avec des tirets{example}. Il sert d'adresse à la page de la résidence : ne le changez plus une fois publié.")),
            );
        }
        if crate::core::paths::RESERVED_SLUGS.contains(&r.id.as_str()) {
            problems.push(
                Problem::error(at("id"), format!("identifiant « {} » réservé", r.id))
                    .hint(format!("affiches/{}/ est déjà une affiche du contrat : choisissez un autre identifiant, par exemple en ajoutant la commune devant.", r.id)),
            );
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
            } else if let Some(p) =
                super::values::text(at(key), key, value, super::values::MAX_NAME)
            {
                problems.push(p);
            }
        }
        check_other_addresses(i, r, problems);
        if r.postal_code.len() != 5 || !r.postal_code.bytes().all(|b| b.is_ascii_digit()) {
            problems.push(
                Problem::error(at("code_postal"), format!("code postal « {} » invalide", r.postal_code))
                    .hint("un code postal a cinq chiffres ; écrivez-le entre guillemets : code_postal: \"59000\"."),
            );
        }
        if let Some(code) = &r.insee_code {
            if !is_valid_insee_code(code) {
                problems.push(
                    Problem::error(at("code_insee"), format!("code Insee « {} » invalide", crate::core::link::shown(code)))
                        .hint("le code Insee de la commune a cinq caractères (59350 pour Lille, 2A004 pour Ajaccio) ; ce n’est pas le code postal. Écrivez-le entre guillemets : code_insee: \"59350\"."),
                );
            }
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
}

/// `chauffage` and `chauffage_collectif`: either may be given, and both must agree. Serde cannot
/// tell a left-out boolean from `false`, so the key is looked up in the text.
fn resolve_heating(
    text: &str,
    residences: &mut [Residence],
    positions: &[usize],
    problems: &mut Vec<Problem>,
) {
    // Scanned once, and only if some residence needs it: where `chauffage` is given and agrees
    // with the value read, whether the other key was written changes nothing.
    let keys = std::cell::OnceCell::new();
    for (r, &at) in residences.iter_mut().zip(positions) {
        if r.heating
            .is_some_and(|mode| mode.is_collective() == r.collective_heating)
        {
            continue;
        }
        let written = keys
            .get_or_init(|| crate::load::key_lines::KeyLines::scan(text))
            .find(&format!("residences/#{at}/chauffage_collectif"), 0)
            .is_some();
        match (r.heating, written) {
            (None, false) => problems.push(
                Problem::error(
                    format!("residences/#{at}"),
                    format!("mode de chauffage absent pour la résidence « {} »", r.id),
                )
                .hint("ajoutez « chauffage: collectif », « chauffage: urbain » (réseau de chaleur) ou « chauffage: individuel », ou bien « chauffage_collectif: oui » ou « non »."),
            ),
            (Some(mode), false) => r.collective_heating = mode.is_collective(),
            (Some(mode), true) if mode.is_collective() != r.collective_heating => problems.push(
                Problem::error(
                    format!("residences/#{at}/chauffage"),
                    format!(
                        "« chauffage: {} » contredit « chauffage_collectif: {} »",
                        mode.word(),
                        if r.collective_heating { "oui" } else { "non" }
                    ),
                )
                .hint("un chauffage collectif ou urbain va avec « chauffage_collectif: oui », un chauffage individuel avec « non » : corrigez l’une des deux clés, ou retirez « chauffage_collectif »."),
            ),
            _ => {}
        }
    }
}

/// A commune code of INSEE: five characters, digits, or `2A`/`2B` then three digits (Corsica).
pub fn is_valid_insee_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && (b.iter().all(u8::is_ascii_digit)
            || (b[0] == b'2'
                && matches!(b[1], b'A' | b'B')
                && b[2..].iter().all(u8::is_ascii_digit)))
}

/// `adresses:`, the residence's other addresses: each one written, and none the same as
/// `adresse` or another one (compared as the finder compares them: case, accents, hyphens).
fn check_other_addresses(i: usize, r: &Residence, problems: &mut Vec<Problem>) {
    let mut seen = vec![crate::core::slug::search_key(&[&r.address])];
    for (j, address) in r.other_addresses.iter().enumerate() {
        let at = format!("residences/#{i}/adresses/#{j}");
        if address.trim().is_empty() {
            problems.push(
                Problem::error(at, format!("l'adresse n° {} de « adresses » est vide", j + 1))
                    .hint("écrivez l'adresse (par exemple « 2 à 18 avenue des Nations ») ou retirez la ligne."),
            );
            continue;
        }
        if let Some(p) =
            super::values::text(at.clone(), "adresses", address, super::values::MAX_NAME)
        {
            problems.push(p);
            continue;
        }
        let key = crate::core::slug::search_key(&[address]);
        if let Some(first) = seen.iter().position(|k| *k == key) {
            let same = if first == 0 {
                format!("« adresse » ({})", r.address)
            } else {
                format!("l'adresse n° {first} de « adresses »")
            };
            problems.push(
                Problem::error(at, format!("l'adresse « {address} » répète {same}"))
                    .hint("« adresses » liste les autres adresses de la résidence (autres entrées, autres numéros) : retirez ce doublon."),
            );
            continue;
        }
        seen.push(key);
    }
}

/// One page per commune: two spellings that make the same address (`Saint-Éloi`, `Saint Eloi`)
/// would share it under one of the two names. `communes` maps each commune's slug to the first
/// residence that gave it.
fn check_commune(
    i: usize,
    position: usize,
    residences: &[Residence],
    communes: &mut HashMap<String, usize>,
    problems: &mut Vec<Problem>,
) {
    let name = residences[i].commune.trim();
    if name.is_empty() {
        return;
    }
    let at = format!("residences/#{position}/commune");
    let Some(slug) = crate::core::slug::slug_of(name) else {
        problems.push(
            Problem::error(
                at,
                format!("la commune « {name} » ne donne aucune adresse de page"),
            )
            .hint("écrivez le nom de la commune en lettres, par exemple « Villeneuve-d’Ascq »."),
        );
        return;
    };
    match communes.get(&slug) {
        None => {
            communes.insert(slug, i);
        }
        Some(&first) if residences[first].commune.trim() != name => {
            let other = &residences[first];
            problems.push(
                Problem::error(
                    at,
                    format!(
                        "commune « {name} » écrite « {} » pour la résidence « {} » : les deux auraient la même page observatoire/{slug}/",
                        other.commune.trim(),
                        other.id
                    ),
                )
                .hint("écrivez le nom de la commune de la même façon pour toutes ses résidences (accents, tirets et apostrophes compris) : une commune a une seule page."),
            );
        }
        Some(_) => {}
    }
}

pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::is_valid_insee_code;

    #[test]
    fn insee_codes_have_five_characters_with_corsica_letters() {
        for code in ["59350", "01053", "2A004", "2B033", "97411"] {
            assert!(is_valid_insee_code(code), "{code}");
        }
        for code in ["5935", "593500", "2C004", "3A004", "59 35", "2a004", ""] {
            assert!(!is_valid_insee_code(code), "{code}");
        }
    }
}
