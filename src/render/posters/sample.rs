//! Fictitious residences for tests, the print check and previews of the poster templates: a
//! typical one, one in another commune, and one with every field at an extreme length.

use super::ResidencePoster;
use crate::core::typography::format_number;
use crate::draw::chart::Series;

/// An owned residence poster input.
#[derive(Debug, Clone)]
pub struct SampleResidence {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub commune: String,
    pub dwellings: u32,
    pub year: i32,
    pub monthly: f64,
    pub change: Option<f64>,
    pub per_m2: f64,
    pub chart_svg: String,
    pub chart_caption: String,
    pub page_path: String,
}

impl SampleResidence {
    pub fn poster(&self) -> ResidencePoster<'_> {
        ResidencePoster {
            slug: &self.slug,
            name: &self.name,
            address: &self.address,
            postal_code: &self.postal_code,
            commune: &self.commune,
            dwellings: self.dwellings,
            year: self.year,
            monthly_per_dwelling: self.monthly,
            change_percent: self.change,
            per_m2_year: self.per_m2,
            chart_svg: &self.chart_svg,
            chart_caption: &self.chart_caption,
            residence_page_path: &self.page_path,
        }
    }
}

/// Charge categories of the sample charts (label, code): six, so that the poster groups the
/// smallest in "Autres"; the extreme residence has the longest built-in labels.
const CATEGORIES: [(&str, &str); 6] = [
    ("Chauffage collectif", "CHC"),
    ("Eau", "EAU"),
    ("Personnel", "PER"),
    ("Ascenseurs", "ASC"),
    ("Taxes", "TAX"),
    ("Hygiène", "HYG"),
];
const LONG_CATEGORIES: [(&str, &str); 6] = [
    ("Installations individuelles", "IND"),
    ("Espaces extérieurs", "EXT"),
    ("Parties communes", "PCI"),
    ("Équipements divers", "EQD"),
    ("Impositions et redevances", "TAX"),
    ("Hygiène", "HYG"),
];

#[allow(clippy::too_many_arguments)]
fn sample(
    slug: &str,
    name: &str,
    address: &str,
    postal_code: &str,
    commune: &str,
    dwellings: u32,
    categories: &[(&str, &str); 6],
    years: &[(i32, [f64; 6])],
) -> SampleResidence {
    let (year, last) = *years.last().expect("at least one year");
    let monthly: f64 = last.iter().sum();
    let change = years.len().checked_sub(2).map(|i| {
        let before: f64 = years[i].1.iter().sum();
        (monthly / before - 1.0) * 100.0
    });
    SampleResidence {
        slug: slug.into(),
        name: name.into(),
        address: address.into(),
        postal_code: postal_code.into(),
        commune: commune.into(),
        dwellings,
        year,
        monthly,
        change,
        // A 65 m² flat: € per month × 12 / 65.
        per_m2: monthly * 12.0 / 65.0,
        chart_svg: chart_svg(name, categories, years),
        chart_caption: "Charges en euros par logement et par mois".into(),
        page_path: format!("residences/{slug}/index.html"),
    }
}

/// The three sample residences; the last one has extreme lengths everywhere.
pub fn residences() -> Vec<SampleResidence> {
    let tilleuls = [
        (2019, [31.0, 16.8, 13.1, 5.7, 3.1, 1.8]),
        (2020, [33.4, 17.2, 13.6, 5.9, 3.2, 1.9]),
        (2021, [38.1, 17.9, 14.2, 6.1, 3.3, 1.9]),
        (2022, [44.9, 18.4, 14.6, 6.3, 3.4, 1.9]),
        (2023, [49.8, 19.0, 15.1, 6.5, 3.5, 2.0]),
        (2024, [46.2, 19.6, 15.5, 6.6, 3.6, 2.0]),
        (2025, [47.3, 20.1, 16.0, 6.7, 3.7, 2.1]),
    ];
    let fives = [
        (2023, [0.0, 22.4, 12.0, 0.0, 2.6, 1.5]),
        (2024, [0.0, 23.0, 12.3, 0.0, 2.7, 1.5]),
        (2025, [0.0, 22.1, 12.5, 0.0, 2.7, 1.6]),
    ];
    let long_name = "Résidence intergénérationnelle et solidaire des Jardins partagés du Faubourg de la Madeleine-lès-Lille, bâtiments A à D.";
    assert_eq!(long_name.chars().count(), 120);
    vec![
        sample(
            "les-tilleuls",
            "Les Tilleuls",
            "12 rue des Tilleuls",
            "59000",
            "Lille",
            124,
            &CATEGORIES,
            &tilleuls,
        ),
        sample(
            "cite-des-fleurs",
            "Cité des Fleurs",
            "3 allée des Roses",
            "59800",
            "Lille-Fives",
            48,
            &CATEGORIES,
            &fives,
        ),
        sample(
            "jardins-partages-faubourg-madeleine",
            long_name,
            "Entrée principale par le 128 bis boulevard du Maréchal-de-Lattre-de-Tassigny, puis la passerelle piétonne au fond de la cour",
            "59110",
            "La Madeleine-lès-Lille-sur-Deûle-et-Marque",
            1_234,
            &LONG_CATEGORIES,
            &tilleuls,
        ),
    ]
}

/// The poster chart of monthly charges per year, as the observatory draws it
/// ([`crate::draw::chart::poster_bars`] at [`super::RESIDENCE_CHART`]).
pub fn chart_svg(name: &str, categories: &[(&str, &str); 6], years: &[(i32, [f64; 6])]) -> String {
    let labels: Vec<String> = years.iter().map(|(y, _)| y.to_string()).collect();
    let series: Vec<Series> = categories
        .iter()
        .enumerate()
        .map(|(c, (label, code))| Series {
            label: label.to_string(),
            code: code.to_string(),
            values: years.iter().map(|(_, v)| v[c]).collect(),
        })
        .collect();
    let print = super::RESIDENCE_CHART;
    let totals: Vec<String> = years[years.len().saturating_sub(print.last)..]
        .iter()
        .map(|(year, v)| format!("{} € en {year}", format_number(v.iter().sum(), 2)))
        .collect();
    let title = format!("{name}\u{a0}: charges par catégorie, en € par logement et par mois");
    let description = format!(
        "Total par logement et par mois\u{a0}: {}.",
        totals.join(", ")
    );
    crate::draw::chart::poster_bars(
        &crate::draw::chart::Bars {
            id: "affiche-graphique",
            title: &title,
            description: &description,
            x_labels: &labels,
            series: &series,
            unit: crate::draw::chart::Unit::Euros,
            ..Default::default()
        },
        &print,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_have_a_chart_and_an_extreme_case() {
        let all = residences();
        assert_eq!(all.len(), 3);
        assert!(all.iter().all(|r| r.chart_svg.contains("role=\"img\"")));
        assert!(all[2].name.chars().count() >= 120);
        assert!(all[0].change.is_some());
    }
}
