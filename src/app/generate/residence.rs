//! One generated residence: its `residences.yaml` line and what its charges are drawn from.

use super::format::{amount, quote, round_to};
use super::options::GenerateOptions;
use super::rng::SplitMix64;
use super::sector::{BASE_PER_M2, NAMES, NAME_PREFIXES, STREETS};
use crate::core::slug::slugify;
use std::collections::HashSet;
use std::fmt::Write as _;

/// One generated residence and the parameters its charges are drawn from.
pub(super) struct Draft {
    pub(super) line: String,
    pub(super) id: String,
    pub(super) built: i32,
    /// Cost per category in the first year, € for the residence (0 = no such line).
    pub(super) base: [f64; 10],
    /// Year of a thermal renovation that lowers heating costs by a third, if any.
    pub(super) renovated: Option<i32>,
}

/// Where a residence is: its commune, postal code and commune code of INSEE.
pub(super) struct Place<'a> {
    pub(super) commune: &'a str,
    pub(super) postal_code: &'a str,
    pub(super) insee_code: &'a str,
}

pub(super) fn draft(
    rng: &mut SplitMix64,
    place: &Place<'_>,
    options: &GenerateOptions,
    used: &mut HashSet<String>,
) -> Draft {
    let Place {
        commune,
        postal_code,
        insee_code,
    } = *place;
    let (name, id) = unique_name(rng, commune, used);
    let b = building(rng, options);
    let base = base_costs(rng, &b);
    let mut line = format!(
        "  - {{ id: {id}, nom: {}, adresse: {}, code_postal: \"{postal_code}\", commune: {}, logements: {}, surface_habitable: {}, annee_construction: {}, chauffage_collectif: {}, ascenseur: {}",
        quote(&name),
        quote(&format!("{} {}", b.number, b.street)),
        quote(commune),
        b.dwellings,
        amount(b.area),
        b.built,
        b.collective,
        b.lift,
    );
    if let Some(d) = b.dpe {
        let _ = write!(line, ", dpe: {d}");
    }
    if let Some(q) = b.qpv {
        let _ = write!(line, ", qpv: {q}");
    }
    // The fields of the register (RPLS) come from the place and the id, never from the random
    // sequence: adding them leaves every other generated value as it was.
    let _ = write!(
        line,
        ", code_insee: \"{insee_code}\", chauffage: {}, zone_climatique: H1",
        heating_word(b.collective, &id)
    );
    line.push_str(" }");
    Draft {
        line,
        id,
        built: b.built,
        base,
        renovated: b.renovated,
    }
}

/// Some collective residences are on a district heating network (one in four, by their id).
fn heating_word(collective: bool, id: &str) -> &'static str {
    match (collective, id.bytes().map(u32::from).sum::<u32>() % 4) {
        (false, _) => "individuel",
        (true, 0) => "urbain",
        (true, _) => "collectif",
    }
}

/// A name not yet used in this commune, and its id; big corpora run out and number their
/// buildings.
fn unique_name(
    rng: &mut SplitMix64,
    commune: &str,
    used: &mut HashSet<String>,
) -> (String, String) {
    let commune_slug = slugify(commune);
    let mut name = String::new();
    let mut id = String::new();
    for attempt in 0..12 {
        let prefix = *rng.pick(NAME_PREFIXES);
        let (plain, of) = *rng.pick(NAMES);
        name = match prefix {
            "Résidence" => format!("{prefix} {plain}"),
            _ => format!("{prefix} {of}"),
        };
        if attempt == 11 {
            break;
        }
        let stem = name.strip_prefix("Résidence ").unwrap_or(&name);
        id = format!("{commune_slug}-{}", slugify(stem));
        if !used.contains(&id) {
            break;
        }
    }
    if used.contains(&id) || id.is_empty() {
        let stem = slugify(name.strip_prefix("Résidence ").unwrap_or(&name));
        let mut n = 2;
        loop {
            let candidate = format!("{commune_slug}-{stem}-{n}");
            if !used.contains(&candidate) {
                name = format!("{name} {n}");
                id = candidate;
                break;
            }
            n += 1;
        }
    }
    used.insert(id.clone());
    (name, id)
}

/// What a generated building is like.
struct Building {
    built: i32,
    dwellings: u32,
    area: f64,
    lift: bool,
    collective: bool,
    caretaker: bool,
    outdoor: bool,
    renovated: Option<i32>,
    dpe: Option<&'static str>,
    qpv: Option<bool>,
    number: usize,
    street: &'static str,
}

/// Draws a building; the order of the draws is part of the data set's identity (same seed, same
/// files), so it must not change.
fn building(rng: &mut SplitMix64, options: &GenerateOptions) -> Building {
    // Most of the social stock of the Nord dates from the 1960s–1980s.
    let built = (1955.0 + rng.bell(0.0, 1.0) * 67.0).floor() as i32;
    let big = (1960..1985).contains(&built) && rng.chance(0.6);
    let dwellings = if big {
        rng.range(40.0, 220.0)
    } else {
        rng.range(8.0, 70.0)
    }
    .floor() as u32;
    let area = round_to(dwellings as f64 * rng.range(57.0, 74.0), 0.5);
    let lift = if dwellings >= 40 {
        rng.chance(0.85)
    } else {
        rng.chance(0.15)
    };
    let collective = if built < 1990 {
        rng.chance(0.68)
    } else {
        rng.chance(0.4)
    };
    let caretaker = if dwellings >= 30 {
        rng.chance(0.75)
    } else {
        rng.chance(0.3)
    };
    let outdoor = rng.chance(0.85);
    let renovated = (collective && built < 1985 && rng.chance(0.18))
        .then(|| options.first_year + 2 + rng.below(6) as i32)
        .filter(|y| *y <= options.last_year && *y > built);
    let dpe = if rng.chance(0.92) {
        let base: i32 = match built {
            ..=1974 => 4,
            1975..=1989 => 3,
            1990..=2004 => 2,
            _ => 1,
        };
        let shift = rng.below(3) as i32 - 1 - if renovated.is_some() { 2 } else { 0 };
        let idx = (base + shift).clamp(0, 6) as usize;
        Some(["A", "B", "C", "D", "E", "F", "G"][idx])
    } else {
        None
    };
    let qpv = rng.chance(0.9).then(|| rng.chance(0.35));
    let number = 1 + rng.below(180);
    let street = *rng.pick(STREETS);
    Building {
        built,
        dwellings,
        area,
        lift,
        collective,
        caretaker,
        outdoor,
        renovated,
        dpe,
        qpv,
        number,
        street,
    }
}

/// First-year cost of each category for the whole building (0 when it has no such line).
fn base_costs(rng: &mut SplitMix64, b: &Building) -> [f64; 10] {
    let mut base = [0.0; 10];
    for (k, (code, per_m2)) in BASE_PER_M2.iter().enumerate() {
        let present = match *code {
            "CHC" => b.collective,
            "IND" => !b.collective && rng.chance(0.95),
            "ASC" => b.lift,
            "PER" => b.caretaker,
            "EXT" => b.outdoor,
            _ => true,
        };
        if !present {
            continue;
        }
        let mut level = *per_m2 * rng.bell(0.75, 1.25);
        // Without a caretaker a cleaning company does the common areas.
        if *code == "PCI" && !b.caretaker {
            level += 1.6;
        }
        // A lift costs per cabin: small buildings pay more per m².
        if *code == "ASC" && b.dwellings < 40 {
            level *= 1.6;
        }
        // Older buildings lose more heat.
        if *code == "CHC" {
            level *= match b.built {
                ..=1974 => 1.1,
                1975..=1989 => 1.0,
                1990..=2004 => 0.9,
                _ => 0.75,
            };
        }
        base[k] = level * b.area;
    }
    base
}
