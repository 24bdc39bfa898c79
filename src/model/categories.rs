//! The charge categories: the built-in vocabulary of décret n° 82-955 (codes stable across years
//! and files), which `content/observatoire/categories.yaml` may relabel or extend.

use serde::{Deserialize, Serialize};

/// One heading of recoverable charges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Category {
    /// Stable short code used in data files and exports (`CHC`).
    pub code: String,
    /// French label for readers (`Chauffage collectif et eau chaude collective`).
    pub label: String,
    /// Label for chart legends and narrow tables (`Chauffage collectif`).
    pub short_label: String,
    /// Typical items, shown on the method page and in the data documentation.
    pub description: String,
}

/// Code, label, short label, description: décret n° 82-955 as grouped by the sector.
const BUILT_IN: [(&str, &str, &str, &str); 10] = [
    (
        "ASC",
        "Ascenseurs et monte-charge",
        "Ascenseurs",
        "électricité, contrat d’entretien, petites réparations",
    ),
    (
        "EAU",
        "Eau froide et eau chaude",
        "Eau",
        "eau des logements, des parties communes et des espaces extérieurs, assainissement",
    ),
    (
        "CHC",
        "Chauffage collectif et eau chaude collective",
        "Chauffage collectif",
        "combustible ou énergie, conduite de la chaufferie, compteurs, petites réparations",
    ),
    (
        "IND",
        "Installations individuelles",
        "Installations individuelles",
        "entretien des chaudières individuelles et des chauffe-eau",
    ),
    (
        "PCI",
        "Parties communes intérieures",
        "Parties communes",
        "électricité, produits d’entretien, petit matériel",
    ),
    (
        "EXT",
        "Espaces extérieurs",
        "Espaces extérieurs",
        "allées, parkings, espaces verts, aires de jeux",
    ),
    (
        "HYG",
        "Hygiène",
        "Hygiène",
        "bacs à ordures, désinsectisation, dératisation, vide-ordures",
    ),
    (
        "EQD",
        "Équipements divers",
        "Équipements divers",
        "ventilation mécanique (VMC), portes automatiques, interphone",
    ),
    (
        "TAX",
        "Impositions et redevances",
        "Taxes",
        "taxe d’enlèvement des ordures ménagères, taxe de balayage",
    ),
    (
        "PER",
        "Personnel d’immeuble",
        "Personnel",
        "gardien et employé d’immeuble, pour leur part récupérable",
    ),
];

/// The ten built-in categories, in the order charts stack them (largest and most variable first
/// at the bottom: heating, water, then the rest).
pub fn built_in() -> Vec<Category> {
    const ORDER: [&str; 10] = [
        "CHC", "EAU", "IND", "ASC", "PCI", "PER", "TAX", "HYG", "EXT", "EQD",
    ];
    ORDER
        .iter()
        .filter_map(|code| BUILT_IN.iter().find(|c| c.0 == *code))
        .map(|(code, label, short, description)| Category {
            code: code.to_string(),
            label: label.to_string(),
            short_label: short.to_string(),
            description: description.to_string(),
        })
        .collect()
}

/// A category code is 2 to 6 capital ASCII letters or digits, starting with a letter.
pub fn is_valid_code(code: &str) -> bool {
    (2..=6).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_uppercase())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_vocabulary_has_the_ten_codes() {
        let all = built_in();
        assert_eq!(all.len(), 10);
        assert_eq!(all[0].code, "CHC");
        assert!(all.iter().all(|c| is_valid_code(&c.code)));
        assert!(!is_valid_code("chc"));
        assert!(!is_valid_code("C"));
    }
}
