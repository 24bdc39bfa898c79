//! The charges of every generated residence, year by year: prices follow the sector's yearly
//! changes, provisions lag one year behind the actual cost, and a few one-off events carry a note.

use super::format::{amount, quote, round_to};
use super::options::GenerateOptions;
use super::residence::Draft;
use super::rng::SplitMix64;
use super::sector::{provision_rate, yearly_rate, BASE_PER_M2, EVENTS};
use std::fmt::Write as _;

/// One `charges/AAAA.yaml` per year, and the number of charge lines written.
pub(super) fn year_files(
    rng: &mut SplitMix64,
    drafts: &[Draft],
    options: &GenerateOptions,
) -> (Vec<(String, String)>, usize) {
    let mut files = Vec::new();
    let mut lines = 0;
    // Each residence's yearly path needs its previous year: keep them across years.
    let mut previous: Vec<[Option<(f64, f64)>; 10]> = vec![[None; 10]; drafts.len()];
    let mut boosted: Vec<[Option<i32>; 10]> = vec![[None; 10]; drafts.len()];
    let mut price: [f64; 10] = [1.0; 10];
    for year in options.first_year..=options.last_year {
        if year > options.first_year {
            for (k, (code, _)) in BASE_PER_M2.iter().enumerate() {
                price[k] *= 1.0 + yearly_rate(code, year) / 100.0;
            }
        }
        let mut out = String::with_capacity(drafts.len() * 260);
        let _ = writeln!(
            out,
            "# Charges de l’année {year}, en euros TTC pour toute la résidence : dépense réelle (reel)\n# et provisions appelées auprès des locataires (provisions), par catégorie de charges.\nannee: {year}\nresidences:"
        );
        for (r, d) in drafts.iter().enumerate() {
            if d.built >= year {
                continue;
            }
            let _ = write!(out, "  {}: {{ ", d.id);
            let mut first = true;
            for (k, (code, _)) in BASE_PER_M2.iter().enumerate() {
                if d.base[k] <= 0.0 {
                    continue;
                }
                let mut cost = d.base[k] * price[k] * rng.range(0.97, 1.03);
                if *code == "CHC" && d.renovated.is_some_and(|y| y <= year) {
                    cost *= 0.68;
                }
                let mut note: Option<String> = None;
                if *code == "CHC" && d.renovated == Some(year) {
                    note = Some(
                        "réhabilitation thermique : façades isolées et chaufferie neuve".into(),
                    );
                } else if let Some(event_year) = boosted[r][k].take() {
                    note = Some(format!(
                        "retour au niveau habituel après l’intervention de {event_year}"
                    ));
                } else if rng.chance(0.0025) {
                    let matching: Vec<&(&str, &str, f64)> =
                        EVENTS.iter().filter(|e| e.0 == *code).collect();
                    if !matching.is_empty() {
                        let e = rng.pick(&matching);
                        cost *= e.2;
                        note = Some(e.1.to_string());
                        boosted[r][k] = Some(year);
                    }
                }
                let actual = round_to(cost, 0.01);
                let provisions = match previous[r][k] {
                    Some((last_actual, _)) => round_to(
                        last_actual
                            * (1.0 + provision_rate(code, year) / 100.0)
                            * rng.range(0.98, 1.02),
                        1.0,
                    ),
                    None => round_to(actual * rng.range(0.96, 1.05), 1.0),
                };
                previous[r][k] = Some((actual, provisions));
                if !first {
                    out.push_str(", ");
                }
                first = false;
                let _ = write!(
                    out,
                    "{code}: {{ reel: {}, provisions: {}",
                    amount(actual),
                    amount(provisions)
                );
                if let Some(n) = note {
                    let _ = write!(out, ", note: {}", quote(&n));
                }
                out.push_str(" }");
                lines += 1;
            }
            out.push_str(" }\n");
        }
        files.push((format!("charges/{year}.yaml"), out));
    }
    (files, lines)
}
