//! Completeness of the observatory, year on year: a residence that had charges the previous year
//! and has none, a category a residence had and lacks, a residence total that moves by more than
//! [`TOTAL_JUMP_PERCENT`]. Each is a warning (an error under `--strict`): a figure shown to
//! tenants is right or absent, and a hole in the data is most often a line forgotten in a file.
//!
//! A single category that jumps is already reported by the loader
//! ([`crate::load::observatory::JUMP_PERCENT`], at the line of the file); the total check here only
//! covers what it misses: a residence whose total moves while no category of it was reported.

use crate::core::diagnostic::Diagnostic;
use crate::core::typography::{format_change_percent, format_euros_rounded};
use crate::load::observatory::{JUMP_MIN_PER_DWELLING, JUMP_PERCENT};
use crate::model::observatory::{Observatory, ResidenceYear, DATA_DIR};
use std::path::PathBuf;

/// A residence total that moves by more than this, in %, from one year to the next is reported.
pub const TOTAL_JUMP_PERCENT: f64 = 40.0;

/// The charges file of `year`, relative to the site root.
fn year_file(year: i32) -> PathBuf {
    PathBuf::from(format!("{DATA_DIR}/charges/{year}.yaml"))
}

/// Every completeness warning of the observatory, oldest year first.
pub fn check(observatory: &Observatory) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for &year in &observatory.years {
        if !observatory.years.contains(&(year - 1)) {
            continue;
        }
        for (r, years) in observatory.charges.iter().enumerate() {
            let find = |y: i32| years.iter().find(|ry| ry.year == y);
            let Some(before) = find(year - 1).filter(|b| !b.lines.is_empty()) else {
                continue;
            };
            let id = &observatory.residences[r].id;
            match find(year).filter(|c| !c.lines.is_empty()) {
                None => warnings.push(
                    Diagnostic::warning(
                        year_file(year),
                        format!(
                            "résidence « {id} » : des charges en {} mais aucune en {year}",
                            year - 1
                        ),
                    )
                    .at(1, None)
                    .hint(format!(
                        "complétez les charges de « {id} » dans ce fichier (residences: {id}: …), ou retirez la résidence de residences.yaml si elle n'est plus gérée."
                    )),
                ),
                Some(current) => {
                    warnings.extend(compare(observatory, r, year, before, current));
                }
            }
        }
    }
    warnings
}

/// Missing categories and a total jump of one residence between two consecutive years.
fn compare(
    observatory: &Observatory,
    r: usize,
    year: i32,
    before: &ResidenceYear,
    current: &ResidenceYear,
) -> Vec<Diagnostic> {
    let residence = &observatory.residences[r];
    let id = &residence.id;
    // A note on any line of the year explains the changes of the residence.
    if current.lines.iter().any(|l| l.note.is_some()) {
        return Vec::new();
    }
    let mut warnings = Vec::new();
    for old in &before.lines {
        if current.lines.iter().any(|l| l.category == old.category) {
            continue;
        }
        let code = &observatory.categories[old.category].code;
        warnings.push(
            Diagnostic::warning(
                year_file(year),
                format!(
                    "résidence « {id} », catégorie {code} : présente en {} ({}), absente en {year}",
                    year - 1,
                    format_euros_rounded(old.actual)
                ),
            )
            .at(1, None)
            .hint(format!(
                "complétez la ligne {code} de « {id} » ({code}: {{ reel: …, provisions: … }}) ou ajoutez une note sur une autre ligne de la résidence (note: \"…\") pour expliquer sa disparition."
            )),
        );
    }
    if !warnings.is_empty() || category_jump(before, current, residence.dwellings) {
        // Already explained by a warning on a category.
        return warnings;
    }
    let total = |ry: &ResidenceYear| ry.lines.iter().map(|l| l.actual).sum::<f64>();
    let (old, new) = (total(before), total(current));
    if let Some(change) = crate::core::stats::change_percent(old, new) {
        if change.abs() > TOTAL_JUMP_PERCENT {
            warnings.push(
                Diagnostic::warning(
                    year_file(year),
                    format!(
                        "résidence « {id} », toutes catégories : {} en {year} contre {} en {} ({})",
                        format_euros_rounded(new),
                        format_euros_rounded(old),
                        year - 1,
                        format_change_percent(change)
                    ),
                )
                .at(1, None)
                .hint(format!(
                    "le total varie de plus de {TOTAL_JUMP_PERCENT} % en un an : complétez les lignes manquantes de « {id} » ou ajoutez une note sur la ligne qui explique la variation (note: \"…\")."
                )),
            );
        }
    }
    warnings
}

/// True when one category of the residence is already reported by the loader's jump check.
fn category_jump(before: &ResidenceYear, current: &ResidenceYear, dwellings: u32) -> bool {
    current.lines.iter().any(|line| {
        before
            .lines
            .iter()
            .find(|l| l.category == line.category)
            .and_then(|old| {
                let change = crate::core::stats::change_percent(old.actual, line.actual)?;
                let per_dwelling = (line.actual - old.actual).abs() / dwellings.max(1) as f64;
                Some(change.abs() > JUMP_PERCENT && per_dwelling >= JUMP_MIN_PER_DWELLING)
            })
            .unwrap_or(false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::categories::Category;
    use crate::model::observatory::{ChargeLine, Residence};

    fn category(code: &str) -> Category {
        Category {
            code: code.into(),
            label: code.into(),
            short_label: code.into(),
            description: String::new(),
        }
    }

    fn residence(id: &str) -> Residence {
        Residence {
            id: id.into(),
            name: id.into(),
            address: "1 rue".into(),
            other_addresses: Vec::new(),
            postal_code: "59000".into(),
            commune: "Lille".into(),
            dwellings: 10,
            living_area: 700.0,
            construction_year: 1970,
            collective_heating: false,
            lift: false,
            energy_label: None,
            priority_district: None,
            insee_code: None,
            heating: None,
            climate_zone: None,
        }
    }

    fn year(year: i32, lines: &[(usize, f64)]) -> ResidenceYear {
        ResidenceYear {
            year,
            lines: lines
                .iter()
                .map(|&(category, actual)| ChargeLine {
                    category,
                    actual,
                    provisions: actual,
                    note: None,
                })
                .collect(),
        }
    }

    fn model(charges: Vec<Vec<ResidenceYear>>) -> Observatory {
        let residences: Vec<Residence> = (0..charges.len())
            .map(|i| residence(&format!("res-{i}")))
            .collect();
        Observatory {
            index: residences
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.clone(), i))
                .collect(),
            residences,
            categories: vec![category("EAU"), category("CHC"), category("TAX")],
            charges,
            years: vec![2023, 2024],
            unavailable: false,
            provisional_years: Vec::new(),
            files: Vec::new(),
        }
    }

    fn messages(o: &Observatory) -> Vec<String> {
        check(o).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn complete_stable_years_give_no_warning() {
        let o = model(vec![vec![
            year(2023, &[(0, 1000.0), (1, 2000.0)]),
            year(2024, &[(0, 1050.0), (1, 1900.0)]),
        ]]);
        assert!(check(&o).is_empty(), "{:?}", messages(&o));
    }

    #[test]
    fn a_residence_without_charges_is_reported_on_the_year_file() {
        let o = model(vec![
            vec![year(2023, &[(0, 1000.0)]), year(2024, &[(0, 1000.0)])],
            vec![year(2023, &[(0, 1000.0)])],
        ]);
        let warnings = check(&o);
        assert_eq!(warnings.len(), 1, "{:?}", messages(&o));
        let text = warnings[0].to_string();
        assert!(!warnings[0].is_error());
        assert!(
            text.contains("content/observatoire/charges/2024.yaml"),
            "{text}"
        );
        assert!(
            text.contains("« res-1 »") && text.contains("aucune en 2024"),
            "{text}"
        );
    }

    #[test]
    fn a_missing_category_names_residence_and_code_once() {
        let o = model(vec![vec![
            year(2023, &[(0, 1000.0), (1, 5000.0)]),
            year(2024, &[(0, 1000.0)]),
        ]]);
        let m = messages(&o);
        assert_eq!(m.len(), 1, "the total drop is not reported twice: {m:?}");
        assert!(m[0].contains("« res-0 », catégorie CHC"), "{}", m[0]);
        assert!(m[0].contains("absente en 2024"), "{}", m[0]);
    }

    #[test]
    fn a_note_on_the_residence_silences_missing_categories() {
        let mut current = year(2024, &[(0, 1000.0)]);
        current.lines[0].note = Some("chauffage individualisé".into());
        let o = model(vec![vec![year(2023, &[(0, 1000.0), (1, 5000.0)]), current]]);
        assert!(check(&o).is_empty(), "{:?}", messages(&o));
    }

    #[test]
    fn a_total_jump_spread_over_categories_is_reported() {
        let o = model(vec![vec![
            year(2023, &[(0, 1000.0), (2, 1000.0)]),
            year(2024, &[(0, 1300.0), (2, 1600.0)]),
        ]]);
        // TAX +60 % with 60 € per dwelling is a category jump: already reported, not repeated.
        assert!(check(&o).is_empty(), "{:?}", messages(&o));
        // A new category makes the total jump while no category of last year jumped.
        let o = model(vec![vec![
            year(2023, &[(0, 1000.0)]),
            year(2024, &[(0, 1000.0), (2, 900.0)]),
        ]]);
        let m = messages(&o);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("toutes catégories"), "{}", m[0]);
        assert!(m[0].contains("2024.yaml"), "{}", m[0]);
    }

    #[test]
    fn a_gap_year_is_not_compared() {
        let mut o = model(vec![vec![
            year(2022, &[(0, 1000.0), (1, 1000.0)]),
            year(2024, &[(0, 1000.0)]),
        ]]);
        o.years = vec![2022, 2024];
        assert!(check(&o).is_empty(), "{:?}", messages(&o));
    }
}
