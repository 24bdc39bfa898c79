//! `ensemble generate-data`: writes a realistic, deterministic observatory data set — the example
//! site's data and benchmark corpora of any size.
//!
//! Determinism: one hand-rolled splitmix64 generator seeded by `--seed`, and only +, −, ×, ÷ and
//! rounding on floats (no `exp`, `ln` or trigonometry, whose last bits differ between platforms'
//! maths libraries), so a seed gives the same bytes everywhere.
//!
//! Magnitudes follow `shared/domain.md`: about 27–28 € per m² per year across the stock in 2017
//! (150 € a month for 65 m²) and 30 € in 2020, heating about a third where it is collective
//! (those residences pay more, the others less), water about a fifth, the 2022–2023 energy shock
//! (heating up by about half) with provisions that lag behind it, no heating line where heating
//! is individual and no lift line without a lift, and a few one-off events explained by a note.

mod charges;
pub(crate) mod format;
mod options;
mod residence;
mod rng;
mod sector;

pub use options::{parse_years, GenerateOptions};
pub use rng::SplitMix64;

use residence::{draft, Draft};
use sector::COMMUNES;
use std::fmt::Write as _;

/// A generated data set: the files of an observatory folder, and what they hold.
#[derive(Debug)]
pub struct Generated {
    /// (path inside the observatory folder, text): `residences.yaml`, then `charges/AAAA.yaml`.
    pub files: Vec<(String, String)>,
    pub residences: usize,
    pub communes: usize,
    pub lines: usize,
}

/// `residences.yaml` and one `charges/AAAA.yaml` per year, as texts.
pub fn generate(options: &GenerateOptions) -> Generated {
    let mut rng = SplitMix64::new(options.seed);
    let commune_count = (options.residences / 5).clamp(1, COMMUNES.len());
    let communes = &COMMUNES[..commune_count];
    let total_weight: u32 = communes.iter().map(|c| c.2).sum();
    let mut used: std::collections::HashSet<String> = Default::default();
    let mut drafts: Vec<Draft> = Vec::with_capacity(options.residences);
    let mut communes_used = std::collections::BTreeSet::new();

    for i in 0..options.residences {
        // Every commune gets two residences first, then they follow population.
        let c = if i < 2 * commune_count {
            i % commune_count
        } else {
            let mut w = (rng.next_u64() % total_weight as u64) as u32;
            let mut c = 0;
            while w >= communes[c].2 {
                w -= communes[c].2;
                c += 1;
            }
            c
        };
        let (commune, postal_code, _, insee_code) = communes[c];
        communes_used.insert(c);
        let place = residence::Place {
            commune,
            postal_code,
            insee_code,
        };
        drafts.push(draft(&mut rng, &place, options, &mut used));
    }

    let mut files = Vec::new();
    let mut text = String::with_capacity(drafts.len() * 300);
    let _ = writeln!(
        text,
        "# Résidences de l’observatoire des charges : une résidence par ligne.\n# Données d’exemple produites par « ensemble generate-data --residences {} --years {}-{} --seed {} ».\n# Chaque clé est décrite dans le README, section « Observatoire des charges ».\nresidences:",
        options.residences, options.first_year, options.last_year, options.seed
    );
    for d in &drafts {
        text.push_str(&d.line);
        text.push('\n');
    }
    files.push(("residences.yaml".to_string(), text));

    let (year_files, lines) = charges::year_files(&mut rng, &drafts, options);
    files.extend(year_files);
    Generated {
        residences: drafts.len(),
        communes: communes_used.len(),
        files,
        lines,
    }
}

/// The legal pages a generated benchmark site needs to build without warnings.
pub const BENCH_PAGES: [(&str, &str); 2] = [
    (
        "content/mentions-legales.md",
        "---\ntitre: \"Mentions légales\"\n---\n\nSite de démonstration.\n",
    ),
    (
        "content/accessibilite.md",
        "---\ntitre: \"Accessibilité\"\n---\n\nSite de démonstration : non conforme.\n",
    ),
];

/// A minimal `content/site.yaml` for a generated benchmark site.
pub const BENCH_SITE_YAML: &str = "titre: \"Observatoire des charges (corpus de test)\"\nurl_base: \"https://www.exemple-habitat.fr/\"\ncontenu_exemple: true\norganisme:\n  nom: \"Exemple Habitat\"\n  adresse: \"12 rue de l’Exemple, 59000 Lille\"\n  telephone: \"03 20 00 00 00\"\n  directeur_publication: \"Claire Martin\"\n  hebergeur:\n    nom: \"Hébergeur Exemple SAS\"\n    adresse: \"1 avenue du Serveur, 59100 Roubaix\"\n";

#[cfg(test)]
mod tests {
    use super::format::amount;
    use super::*;

    #[test]
    fn splitmix64_matches_reference_values() {
        // Reference outputs of splitmix64 seeded with 1234567 (from the published C code).
        let mut r = SplitMix64::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
        let u = SplitMix64::new(7).unit();
        assert!((0.0..1.0).contains(&u));
    }

    #[test]
    fn years_parse() {
        assert_eq!(parse_years("2016-2025"), Ok((2016, 2025)));
        assert_eq!(parse_years("2024"), Ok((2024, 2024)));
        assert!(parse_years("2025-2016").is_err());
        assert!(parse_years("deux").is_err());
    }

    #[test]
    fn amounts_are_written_short() {
        assert_eq!(amount(41234.5), "41234.5");
        assert_eq!(amount(39000.0), "39000");
        assert_eq!(amount(12.345), "12.35");
    }
}
