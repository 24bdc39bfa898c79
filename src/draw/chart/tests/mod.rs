//! The charts' tests: here what every chart guarantees and the helpers that check it; in
//! one module per chart kind what is its own.

use super::demo::{series, years};
use super::*;
use std::collections::HashSet;

mod bars;
mod fills;
mod histogram;
mod large_print;
mod position;

const NNBSP: char = '\u{202F}';
const ACCENT_FILL: &str = "fill=\"#D55E00\"";
/// A category label far too long for any chart.
const LONG: &str = "Chauffage collectif et production d'eau chaude sanitaire collective, \
                    y compris l'entretien des compteurs divisionnaires et les petites réparations";

fn charges() -> Vec<Series> {
    vec![
        series("Eau froide et eau chaude", "EAU", &[6.2, 6.4, 6.5, 6.9]),
        series("Chauffage collectif", "CHC", &[9.8, 10.1, 14.6, 13.2]),
        series("Ascenseurs", "ASC", &[1.1, 1.2, 1.2, 1.3]),
        series("Personnel", "PER", &[5.0, 5.1, 5.3, 5.4]),
        series("Impositions et redevances", "TAX", &[3.4, 3.5, 3.6, 3.8]),
    ]
}

/// Every chart this module can draw from the same data, for checks that apply to all.
fn all_charts(id: &str, x: &[String], s: &[Series]) -> Vec<String> {
    let bars = Bars {
        id,
        title: "Titre",
        description: "Description",
        x_labels: x,
        series: s,
        unit: Unit::EurosPerM2,
        ..Default::default()
    };
    vec![
        stacked_bars(&bars),
        grouped_bars(&bars),
        position(&Position {
            id,
            title: "Titre",
            description: "Description",
            value: 31.2,
            min: 18.0,
            q1: 24.5,
            median: 27.4,
            q3: 30.1,
            max: 41.0,
            value_label: "Les Tilleuls",
            unit: Unit::EurosPerM2,
        }),
        histogram(&Histogram {
            id,
            title: "Titre",
            description: "Description",
            bins: &[
                (15.0, 20.0, 12),
                (20.0, 25.0, 48),
                (25.0, 30.0, 71),
                (30.0, 35.0, 22),
            ],
            unit: Unit::EurosPerM2,
            marker: Some(Marker {
                value: 31.2,
                label: "",
            }),
            ..Default::default()
        }),
    ]
}

/// Odd data for the bar charts: nothing, no series, no year, one year, zeros, no number,
/// negative and infinite values, too few values, huge and tiny values, `long` labels, 14
/// series named `many` over 30 years, `f64::MAX`.
fn odd_cases(long: &str, many: impl Fn(usize) -> String) -> Vec<(Vec<String>, Vec<Series>)> {
    let nan = f64::NAN;
    let many: Vec<Series> = (0..14)
        .map(|i| series(&many(i), &format!("S{i}"), &[i as f64; 30]))
        .collect();
    vec![
        (vec![], vec![]),
        (years(2020, 2024), vec![]),
        (vec![], charges()),
        (years(2024, 2024), charges()),
        (years(2021, 2024), vec![series("Zéro", "EAU", &[0.0; 4])]),
        (
            years(2021, 2024),
            vec![series("Non numérique", "EAU", &[nan; 4])],
        ),
        (
            years(2021, 2024),
            vec![
                series("Négatif", "EAU", &[-5.0, 3.0, nan, f64::INFINITY]),
                series("Court", "CHC", &[1.0]),
            ],
        ),
        (years(2021, 2022), vec![series(long, "", &[1e12, 2e-9])]),
        (
            vec![long.to_string(); 3],
            vec![series(long, "X", &[1.0, 2.0, 3.0])],
        ),
        (years(1995, 2024), many),
        (
            years(2021, 2024),
            vec![series("Énorme", "EAU", &[f64::MAX; 4])],
        ),
    ]
}

/// Values of every `name="…"` attribute.
fn attribute_values<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
    let needle = format!(" {name}=\"");
    svg.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &svg[i + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// A minimal well-formedness check: tags balance, attributes are quoted, no stray `<` or `&`.
fn assert_well_formed(svg: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        assert!(!text.contains('>'), "stray > in text {text:?}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "bare & in {text:?}"
            );
        }
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            stack.push(tag.split(' ').next().unwrap());
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert!(rest.is_empty());
}

fn assert_sound(svg: &str, id: &str) {
    assert_sound_sized(svg, id, 640.0, 14.0);
    assert!(svg.contains(" width=\"100%\""));
}

/// [`assert_sound`] for a chart `width` units wide whose text is never under `min_font`.
fn assert_sound_sized(svg: &str, id: &str, width: f64, min_font: f64) {
    assert_well_formed(svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(!svg.contains("<?xml") && !svg.contains("DOCTYPE"));
    assert!(svg.contains(" role=\"img\""));
    assert!(svg.contains(&format!(" aria-labelledby=\"{id}-title {id}-desc\"")));
    let after_root = &svg[svg.find('>').unwrap() + 1..];
    assert!(after_root.starts_with(&format!("<title id=\"{id}-title\">")));
    let desc = format!("</title><desc id=\"{id}-desc\">");
    assert!(after_root.contains(&desc));
    let mut view_box = String::new();
    svg::num(&mut view_box, width);
    assert!(svg.contains(&format!(" viewBox=\"0 0 {view_box} ")));
    assert!(!svg.contains(" height=\"") || !svg[..svg.find('>').unwrap()].contains(" height="));
    assert!(svg.contains("font-family=\"system-ui, sans-serif\""));
    for bad in ["NaN", "inf"] {
        assert!(!svg.contains(bad), "{bad} in output");
    }
    let bytes = svg.as_bytes();
    for w in bytes.windows(3) {
        let exponent = w[0].is_ascii_digit()
            && w[1] == b'e'
            && (w[2].is_ascii_digit() || w[2] == b'-' || w[2] == b'+');
        assert!(!exponent, "exponent notation in output");
    }
    let ids = attribute_values(svg, "id");
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    for found in &ids {
        assert!(found.starts_with(&format!("{id}-")), "{found} not prefixed");
    }
    for (i, _) in svg.match_indices("url(#") {
        let target = &svg[i + 5..i + 5 + svg[i + 5..].find(')').unwrap()];
        assert!(unique.contains(target), "url(#{target}) undefined");
    }
    for font_size in attribute_values(svg, "font-size") {
        assert!(
            font_size.parse::<f64>().unwrap() >= min_font,
            "font-size {font_size}"
        );
    }
}

#[test]
fn every_chart_has_an_accessible_name_and_sound_ids() {
    let x = years(2021, 2024);
    for svg in all_charts("res-42-charges", &x, &charges()) {
        assert_sound(&svg, "res-42-charges");
        assert!(svg.contains("<title id=\"res-42-charges-title\">Titre</title>"));
        assert!(svg.contains("<desc id=\"res-42-charges-desc\">Description</desc>"));
    }
}

#[test]
fn two_charts_on_one_page_share_no_id() {
    let x = years(2021, 2024);
    let s = charges();
    let page: String = ["a", "b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .enumerate()
        .map(|(i, id)| all_charts(id, &x, &s).swap_remove(i % 4))
        .collect();
    let ids = attribute_values(&page, "id");
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len());
}

#[test]
fn ids_are_made_safe() {
    let x = years(2021, 2024);
    for svg in all_charts("12 rue \"des\" <Lilas>", &x, &charges()) {
        assert_sound(&svg, "chart-12-rue-des-Lilas-");
    }
}

#[test]
fn output_is_deterministic() {
    let x = years(2021, 2024);
    let s = charges();
    assert_eq!(all_charts("d", &x, &s), all_charts("d", &x, &s));
}

#[test]
fn user_text_is_escaped() {
    let x = vec!["<2024>".to_string()];
    let s = vec![series("Eau & \"assainissement\"", "EAU", &[3.0])];
    let svg = stacked_bars(&Bars {
        id: "e",
        title: "Charges <b>&</b>",
        description: "a \u{0} b",
        x_labels: &x,
        series: &s,
        ..Default::default()
    });
    assert_sound(&svg, "e");
    assert!(svg.contains("Charges &lt;b&gt;&amp;&lt;/b&gt;"));
    assert!(svg.contains("Eau &amp; &quot;assainissement&quot;"));
    assert!(svg.contains("&lt;2024&gt;"));
}

#[test]
fn odd_data_never_panics_and_stays_sound() {
    let cases = odd_cases(LONG, |i| format!("Série {i}"));
    for (i, (x, s)) in cases.iter().enumerate() {
        for svg in all_charts(&format!("c{i}"), x, s) {
            assert_sound(&svg, &format!("c{i}"));
        }
    }
}
