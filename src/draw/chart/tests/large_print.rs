//! Large print: the bars of hall posters.

use super::*;

const PRINT: LargePrint = demo::POSTER;

fn poster(id: &str, x: &[String], s: &[Series]) -> String {
    poster_bars(
        &Bars {
            id,
            title: "Titre",
            description: "Description.",
            x_labels: x,
            series: s,
            unit: Unit::Euros,
            ..Default::default()
        },
        &PRINT,
    )
}

/// One `<text>` with the size, weight and anchor it has or inherits from its groups.
struct Text {
    x: f64,
    baseline: f64,
    size: f64,
    bold: bool,
    centred: bool,
    content: String,
}

fn texts(svg: &str) -> Vec<Text> {
    let mut out = Vec::new();
    // (font-size, font-weight, text-anchor) set by each open `<svg>` or `<g>`.
    let mut groups: Vec<[Option<String>; 3]> = Vec::new();
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let close = open + rest[open..].find('>').unwrap();
        let tag = format!(" {}", &rest[open + 1..close]);
        let attr = |name: &str| attribute_values(&tag, name).first().map(|v| v.to_string());
        let own = [attr("font-size"), attr("font-weight"), attr("text-anchor")];
        if tag.starts_with(" svg") || tag.starts_with(" g ") || tag == " g" {
            groups.push(own);
        } else if tag == " /g" || tag == " /svg" {
            groups.pop();
        } else if tag.starts_with(" text ") {
            let end = close + 1 + rest[close + 1..].find("</text>").unwrap();
            let get = |k: usize| {
                own[k]
                    .clone()
                    .or_else(|| groups.iter().rev().find_map(|g| g[k].clone()))
            };
            out.push(Text {
                x: attr("x").unwrap().parse().unwrap(),
                baseline: attr("y").unwrap().parse().unwrap(),
                size: get(0).unwrap().parse().unwrap(),
                bold: get(1).as_deref() == Some("bold"),
                centred: get(2).as_deref() == Some("middle"),
                content: rest[close + 1..end].to_string(),
            });
        }
        rest = &rest[close + 1..];
    }
    out
}

#[test]
fn poster_text_is_never_smaller_than_the_print_font() {
    let (x, s) = demo::residence();
    let svg = poster("affiche-graphique", &x, &s);
    assert_sound_sized(&svg, "affiche-graphique", PRINT.width, PRINT.font);
    assert!(svg.contains(" viewBox=\"0 0 460 210\""));
    assert!(svg.contains("font-size=\"18\""), "root size");
    let all = texts(&svg);
    // Five totals, five years, five labels at least.
    assert!(all.len() >= 15, "{} texts", all.len());
    for t in &all {
        assert!(t.size >= PRINT.font, "{}: {}", t.content, t.size);
        // Inside the chart, by the width estimate (DejaVu Sans, the widest).
        let width = if t.bold {
            svg::bold_width(&t.content, t.size)
        } else {
            svg::text_width(&t.content, t.size)
        };
        let left = if t.centred { t.x - width / 2.0 } else { t.x };
        assert!(
            left >= 0.0 && left + width <= PRINT.width,
            "{}: {left} + {width}",
            t.content
        );
        assert!(
            t.baseline - 0.8 * t.size >= 0.0 && t.baseline <= PRINT.height,
            "{}: baseline {}",
            t.content,
            t.baseline
        );
    }
}

#[test]
fn poster_shows_the_last_years_and_the_largest_categories_then_autres() {
    let (x, s) = demo::residence();
    assert_eq!((x.len(), s.len()), (10, 10));
    let svg = poster("g", &x, &s);
    for year in 2020..=2024 {
        assert!(svg.contains(&format!(">{year}</text>")), "{year}");
    }
    assert!(!svg.contains(">2019<"));
    // Five segments: four series and "Autres" (plain white), each with a swatch.
    let segments =
        svg.matches("<path fill=\"url(#g-f").count() + svg.matches("<path fill=\"#fff\"").count();
    assert_eq!(segments, PRINT.max_series);
    let labels = &svg[svg.find("class=\"labels\"").unwrap()..];
    assert_eq!(labels.matches("<rect ").count(), PRINT.max_series);
    assert!(labels.contains(&format!(">{OTHERS}<")));
    // The largest over those years: heating, water, caretaker and lift (see demo::residence).
    let sum = |one: &Series| one.values[5..].iter().sum::<f64>();
    let mut ranked: Vec<&Series> = s.iter().collect();
    ranked.sort_by(|a, b| sum(b).total_cmp(&sum(a)));
    for kept in &ranked[..4] {
        let first_word = kept.label.split(' ').next().unwrap();
        assert!(labels.contains(first_word), "{} kept", kept.label);
    }
    // The description names what "Autres" groups, in the series' order.
    let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
    assert!(
        desc.starts_with("<desc id=\"g-desc\">Description. «\u{a0}Autres\u{a0}» regroupe\u{a0}: ")
    );
    for grouped in &ranked[4..] {
        assert!(desc.contains(&grouped.label), "{} grouped", grouped.label);
    }
    // After five totals and five years, the labels from the top of the stack down.
    assert_eq!(texts(&svg)[10].content, OTHERS);
}

#[test]
fn poster_without_many_categories_groups_nothing() {
    let x = years(2021, 2024);
    let s = charges();
    let svg = poster("p", &x, &s);
    assert!(!svg.contains(OTHERS));
    assert_eq!(svg.matches("<path fill=\"url(#p-f").count(), s.len());
    for one in &s {
        // Labels may wrap on two lines: each word is there.
        for word in one.label.split(' ') {
            assert!(svg.contains(word), "{word}");
        }
    }
    // Totals above the bars, years under them: four of each.
    assert!(svg.contains(">26<") && svg.contains(">31<"), "{svg}");
    // Same series, same texture as on the site's other charts.
    assert!(
        svg.contains("<pattern id=\"p-f2\""),
        "heating keeps its fill"
    );
}

#[test]
fn poster_is_deterministic_and_sound_on_odd_data() {
    let (x, s) = demo::residence();
    assert_eq!(poster("d", &x, &s), poster("d", &x, &s));
    let long = "Chauffage collectif et production d'eau chaude sanitaire collective, \
                y compris l'entretien des compteurs divisionnaires";
    let cases = odd_cases(long, |i| format!("{long} {i}"));
    for (i, (x, s)) in cases.iter().enumerate() {
        let svg = poster(&format!("c{i}"), x, s);
        assert_sound_sized(&svg, &format!("c{i}"), PRINT.width, PRINT.font);
        let segments =
            svg.matches("<path fill=\"url(#").count() + svg.matches("<path fill=\"#fff\"").count();
        assert!(segments <= PRINT.max_series, "case {i}: {segments}");
    }
}

#[test]
fn poster_labels_stay_in_order_and_apart() {
    let (x, s) = demo::residence();
    let svg = poster("o", &x, &s);
    let labels = &svg[svg.find("class=\"labels\"").unwrap()..];
    let swatches: Vec<f64> = labels
        .match_indices("<rect ")
        .map(|(i, _)| attribute_values(&labels[i..], "y")[0].parse().unwrap())
        .collect();
    assert_eq!(swatches.len(), PRINT.max_series);
    for pair in swatches.windows(2) {
        assert!(pair[1] - pair[0] >= PRINT.font * 1.1, "{swatches:?}");
    }
    assert!(swatches[0] >= 0.0 && swatches[swatches.len() - 1] + PRINT.font <= PRINT.height);
}
