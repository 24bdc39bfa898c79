//! Sample data of a made-up residence, Les Tilleuls, and a page of sample charts: the demo
//! page (`cargo run --example chart_demo -- OUT.html`), the timings (`cargo bench --bench
//! charts`) and the tests draw the same charts.

use super::{
    grouped_bars, histogram, stacked_bars, Bars, Histogram, LargePrint, Marker, Position, Series,
    Unit,
};

/// A chart of a hall poster: 460 × 210 points, no text under 18 points, the last five years
/// and at most five segments.
pub const POSTER: LargePrint = LargePrint {
    width: 460.0,
    height: 210.0,
    font: 18.0,
    last: 5,
    max_series: 5,
};

/// The years `from` to `to`, as x labels.
pub(super) fn years(from: i32, to: i32) -> Vec<String> {
    (from..=to).map(|y| y.to_string()).collect()
}

pub(super) fn series(label: &str, code: &str, values: &[f64]) -> Series {
    Series {
        label: label.to_string(),
        code: code.to_string(),
        values: values.to_vec(),
    }
}

/// Ten years (2015 to 2024) of the ten charge categories of Les Tilleuls, in euros per m²:
/// heating jumps by 45 % in 2022.
pub fn residence() -> (Vec<String>, Vec<Series>) {
    let x = years(2015, 2024);
    let ramp = |base: f64, growth: f64, shock: f64| -> Vec<f64> {
        (0..10)
            .map(|i| {
                let y = base * (1.0 + growth).powi(i);
                if i >= 7 {
                    y * shock
                } else {
                    y
                }
            })
            .map(|v: f64| (v * 100.0).round() / 100.0)
            .collect()
    };
    let s = vec![
        series("Ascenseurs et monte-charge", "ASC", &ramp(1.1, 0.02, 1.05)),
        series("Eau froide et eau chaude", "EAU", &ramp(6.1, 0.025, 1.05)),
        series(
            "Chauffage collectif (et eau chaude collective)",
            "CHC",
            &ramp(9.2, 0.01, 1.45),
        ),
        series("Installations individuelles", "IND", &ramp(0.9, 0.02, 1.0)),
        series("Parties communes intérieures", "PCI", &ramp(1.1, 0.02, 1.2)),
        series("Espaces extérieurs", "EXT", &ramp(0.8, 0.02, 1.0)),
        series("Hygiène", "HYG", &ramp(0.7, 0.02, 1.0)),
        series("Équipements divers", "EQD", &ramp(0.6, 0.02, 1.0)),
        series("Impositions et redevances", "TAX", &ramp(2.2, 0.03, 1.0)),
        series(
            "Personnel (gardien, employé d'immeuble)",
            "PER",
            &ramp(4.9, 0.015, 1.0),
        ),
    ];
    (x, s)
}

/// Provisions called and actual costs per dwelling of Les Tilleuls, 2015 to 2024, in euros:
/// costs overtake the provisions in 2022.
pub fn provisions() -> Vec<Series> {
    vec![
        series(
            "Provisions appelées",
            "provisions",
            &[
                1690.0, 1720.0, 1750.0, 1760.0, 1790.0, 1820.0, 1850.0, 2100.0, 2460.0, 2380.0,
            ],
        ),
        series(
            "Dépenses réelles",
            "reel",
            &[
                1655.0, 1702.0, 1781.0, 1744.0, 1801.0, 1795.0, 1990.0, 2512.0, 2391.0, 2304.0,
            ],
        ),
    ]
}

/// Where Les Tilleuls' 31,20 €/m² sits among 412 residences.
pub fn position() -> Position<'static> {
    Position {
        id: "res-1-position",
        title: "Position des charges de la résidence Les Tilleuls en 2024",
        description: "Avec 31,20 € par m², Les Tilleuls se situe au-dessus de la médiane \
                      (27,40 €) des 412 résidences du patrimoine.",
        value: 31.2,
        min: 14.8,
        q1: 23.9,
        median: 27.4,
        q3: 30.6,
        max: 44.1,
        value_label: "Les Tilleuls",
        unit: Unit::EurosPerM2,
    }
}

/// How the 412 residences spread, in bins of 3 €/m² from 12 to 42.
pub fn bins() -> Vec<(f64, f64, usize)> {
    let counts = [4, 11, 29, 58, 87, 96, 71, 38, 12, 6];
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| (12.0 + 3.0 * i as f64, 15.0 + 3.0 * i as f64, c))
        .collect()
}

/// A whole HTML page of sample charts, the cases that matter included (a residence without
/// lift nor collective heating, three years only, missing and negative values, a value below
/// every peer, no data), to look at in a browser, in grey (`<body class="gray">`) or printed.
pub fn page() -> String {
    let figure = |(caption, svg): (&str, String)| {
        format!("<figure><figcaption>{caption}</figcaption>{svg}</figure>\n")
    };
    let body: String = residence_figures()
        .into_iter()
        .chain(edge_figures())
        .map(figure)
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Graphiques</title><style>\
         body{{font-family:system-ui,sans-serif;margin:0 auto;max-width:760px;padding:8px}}\
         figure{{margin:0 0 24px}}figcaption{{font-weight:bold;margin-bottom:4px}}\
         .chart{{display:block;height:auto}}\
         body.gray{{filter:grayscale(1)}}\
         </style></head><body><main><h1>Graphiques de démonstration</h1>\n{body}</main></body></html>\n"
    )
}

/// (caption, chart) of every kind of chart for Les Tilleuls.
fn residence_figures() -> Vec<(&'static str, String)> {
    let (x, s) = residence();
    let provisions = provisions();
    let bins = bins();
    vec![
        (
            "Charges par catégorie, 2015–2024",
            stacked_bars(&Bars {
                id: "res-1-charges",
                title:
                    "Charges récupérables de la résidence Les Tilleuls par catégorie, 2015 à 2024",
                description: "Les charges passent de 27,60 € à 36,90 € par m² et par an ; \
                              le chauffage collectif en explique l'essentiel depuis 2022.",
                x_labels: &x,
                series: &s,
                unit: Unit::EurosPerM2,
                x_title: "Année",
                ..Default::default()
            }),
        ),
        (
            "Provisions et dépenses réelles par logement",
            grouped_bars(&Bars {
                id: "res-1-regul",
                title: "Provisions appelées et dépenses réelles par logement, 2015 à 2024",
                description: "Les dépenses ont dépassé les provisions en 2022.",
                x_labels: &x,
                series: &provisions,
                unit: Unit::Euros,
                y_title: "Euros par logement et par an",
                ..Default::default()
            }),
        ),
        (
            "Position parmi les résidences",
            super::position(&position()),
        ),
        (
            "Répartition des résidences",
            histogram(&Histogram {
                id: "obs-hist",
                title: "Répartition des 412 résidences selon leurs charges en 2024",
                description: "La plupart des résidences ont entre 24 et 33 € par m² et par an.",
                bins: &bins,
                unit: Unit::EurosPerM2,
                marker: Some(Marker {
                    value: 31.2,
                    label: "Les Tilleuls",
                }),
                ..Default::default()
            }),
        ),
    ]
}

/// (caption, chart) of the cases at the edges: fewer categories and years, odd values, a value
/// outside the peers' range, nothing to draw.
fn edge_figures() -> Vec<(&'static str, String)> {
    let (_, s) = residence();
    let without_lift_and_heating: Vec<Series> = s
        .into_iter()
        .filter(|one| one.code != "ASC" && one.code != "CHC")
        .collect();
    let recent = years(2022, 2024);
    let recent_provisions: Vec<Series> = provisions()
        .into_iter()
        .map(|one| Series {
            values: one.values[7..].to_vec(),
            ..one
        })
        .collect();
    let odd = [
        series(
            "Une catégorie au libellé vraiment très long qui ne tient pas sur deux lignes \
             de légende même en cherchant bien",
            "EAU",
            &[4.0, f64::NAN, -2.0],
        ),
        series("Chauffage", "CHC", &[10.0, f64::NAN, 12.0]),
    ];
    let recent_bars = Bars {
        x_labels: &recent,
        unit: Unit::EurosPerM2,
        ..Default::default()
    };
    vec![
        (
            "Sans ascenseur ni chauffage collectif, trois ans",
            stacked_bars(&Bars {
                id: "res-2-charges",
                title: "Charges de la résidence Le Moulin",
                description: "Trois ans de charges.",
                series: &without_lift_and_heating,
                ..recent_bars
            }),
        ),
        (
            "Provisions et dépenses, trois ans",
            grouped_bars(&Bars {
                id: "res-2-regul",
                title: "Provisions et dépenses réelles",
                description: "Trois ans.",
                series: &recent_provisions,
                unit: Unit::Euros,
                ..recent_bars
            }),
        ),
        (
            "Cas limites",
            stacked_bars(&Bars {
                id: "edge",
                title: "Cas limites",
                description: "Une année sans données, une valeur négative.",
                series: &odd,
                ..recent_bars
            }),
        ),
        (
            "Position, valeur hors de l'étendue",
            super::position(&Position {
                id: "pos-2",
                title: "Position",
                description: "Valeur la plus basse.",
                value: 9.5,
                min: 12.0,
                q1: 24.0,
                median: 25.0,
                q3: 26.5,
                max: 29.0,
                value_label: "",
                unit: Unit::EurosPerM2,
            }),
        ),
        (
            "Vide",
            stacked_bars(&Bars {
                id: "empty",
                title: "Vide",
                ..Default::default()
            }),
        ),
    ]
}
