use super::*;
use std::collections::HashSet;

const NNBSP: char = '\u{202F}';

fn years(from: i32, to: i32) -> Vec<String> {
    (from..=to).map(|y| y.to_string()).collect()
}

fn series(label: &str, code: &str, values: &[f64]) -> Series {
    Series {
        label: label.to_string(),
        code: code.to_string(),
        values: values.to_vec(),
    }
}

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
                ["&amp;", "&lt;", "&gt;", "&quot;"]
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
fn each_series_has_its_own_pattern_and_legend_swatch() {
    let x = years(2021, 2024);
    let s = charges();
    let svg = stacked_bars(&Bars {
        id: "p",
        x_labels: &x,
        series: &s,
        ..Default::default()
    });
    assert_eq!(svg.matches("<pattern ").count(), s.len());
    // Known codes keep their fill: CHC is fill 2, EAU fill 1 on every chart.
    assert!(svg.contains("<pattern id=\"p-f2\""));
    assert!(svg.contains("<pattern id=\"p-f1\""));
    // One legend swatch and one bar path per series.
    let legend = &svg[svg.find("class=\"legend\"").unwrap()..];
    let legend = &legend[..legend.find("</g>").unwrap()];
    assert_eq!(legend.matches("<rect ").count(), s.len());
    for one in &s {
        assert!(legend.contains(&one.label));
    }
    assert_eq!(svg.matches("<path fill=\"url(#p-f").count(), s.len());
    // Legend from the top of the stack down.
    assert!(legend.find("Impositions").unwrap() < legend.find("Eau froide").unwrap());
}

#[test]
fn figures_are_french() {
    let x = years(2023, 2024);
    let s = vec![
        series("Provisions appelées", "provisions", &[1234.0, 1500.0]),
        series("Dépenses réelles", "reel", &[1180.4, 1623.0]),
    ];
    let bars = Bars {
        id: "f",
        x_labels: &x,
        series: &s,
        unit: Unit::Euros,
        ..Default::default()
    };
    let grouped = grouped_bars(&bars);
    assert!(grouped.contains(&format!(">1{NNBSP}234<")), "{grouped}");
    assert!(grouped.contains(&format!(">1{NNBSP}000<")));
    assert!(grouped.contains("Montant en euros"));
    let stacked = stacked_bars(&bars);
    assert!(stacked.contains(&format!(">2{NNBSP}414<")), "total written");

    let pos = position(&Position {
        id: "q",
        value: 31.2,
        min: 18.0,
        q1: 24.5,
        median: 27.45,
        q3: 30.1,
        max: 41.0,
        value_label: "Les Tilleuls",
        unit: Unit::EurosPerM2,
        ..Default::default()
    });
    assert!(pos.contains("Les Tilleuls\u{A0}: 31,20\u{A0}€/m²"));
    assert!(pos.contains(">27,5<") || pos.contains(">27,4<"));
    assert!(pos.contains(&format!("quartile){NNBSP};")));
    assert!(svg::text_width(position::KEY[0], 15.0) <= 616.0);

    let pct = stacked_bars(&Bars {
        id: "r",
        x_labels: &x,
        series: &s[..1],
        unit: Unit::Percent,
        ..Default::default()
    });
    assert!(pct.contains("\u{A0}%<"));
}

#[test]
fn segments_are_labelled_when_tall_and_totals_always() {
    let x = years(2021, 2024);
    let s = charges();
    let svg = stacked_bars(&Bars {
        id: "s",
        x_labels: &x,
        series: &s,
        ..Default::default()
    });
    assert!(svg.contains(">14,6<"), "tall heating segment labelled");
    assert!(!svg.contains(">1,1<"), "thin lift segment not labelled");
    assert!(svg.contains(">25,5<"), "first total: 6,2+9,8+1,1+5,0+3,4");
    assert!(svg.contains(">30,6<"), "last total");
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
    let nan = f64::NAN;
    let long = "Chauffage collectif et production d'eau chaude sanitaire collective, \
                y compris l'entretien des compteurs divisionnaires et les petites réparations"
        .to_string();
    let many: Vec<Series> = (0..14)
        .map(|i| series(&format!("Série {i}"), &format!("S{i}"), &[i as f64; 30]))
        .collect();
    let cases: Vec<(Vec<String>, Vec<Series>)> = vec![
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
        (years(2021, 2022), vec![series(&long, "", &[1e12, 2e-9])]),
        (
            vec![long.clone(); 3],
            vec![series(&long, "X", &[1.0, 2.0, 3.0])],
        ),
        (years(1995, 2024), many),
        (
            years(2021, 2024),
            vec![series("Énorme", "EAU", &[f64::MAX; 4])],
        ),
    ];
    for (i, (x, s)) in cases.iter().enumerate() {
        for svg in all_charts(&format!("c{i}"), x, s) {
            assert_sound(&svg, &format!("c{i}"));
        }
    }

    let positions = [
        [nan, 1.0, 2.0, 3.0, 4.0, 5.0],
        [1.0, nan, 2.0, 3.0, 4.0, 5.0],
        [5.0, 5.0, 5.0, 5.0, 5.0, 5.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [-3.0, 40.0, 30.0, 20.0, 10.0, 0.0],
        [1e9, 1.0, 2.0, 3.0, 4.0, 5.0],
        [f64::INFINITY, 1.0, 2.0, 3.0, 4.0, 5.0],
        [f64::MAX, -f64::MAX, 0.0, 0.0, 0.0, f64::MAX],
    ];
    for (i, [value, min, q1, median, q3, max]) in positions.into_iter().enumerate() {
        let svg = position(&Position {
            id: "p",
            value,
            min,
            q1,
            median,
            q3,
            max,
            value_label: &long,
            ..Default::default()
        });
        assert_sound(&svg, "p");
        if i == 0 {
            assert!(!svg.contains(ACCENT_FILL), "no marker without a value");
        }
    }

    let bins_cases: [&[(f64, f64, usize)]; 6] = [
        &[],
        &[(1.0, 1.0, 3), (nan, 2.0, 1)],
        &[(0.0, 1.0, 0), (1.0, 2.0, 0)],
        &[(30.0, 35.0, 5), (10.0, 15.0, 2000)],
        &[(0.5, 0.75, 1), (0.75, 1.0, 1_000_000)],
        &[(-5.0, 5.0, 1)],
    ];
    for bins in bins_cases {
        for value in [nan, 12.0, 1e9, 35.0, 10.0] {
            let svg = histogram(&Histogram {
                id: "h",
                bins,
                marker: Some(Marker {
                    value,
                    label: &long,
                }),
                ..Default::default()
            });
            assert_sound(&svg, "h");
        }
    }
}

const ACCENT_FILL: &str = "fill=\"#D55E00\"";

// ---------------------------------------------------------------------------------------------
// Large print (hall posters).

const PRINT: LargePrint = LargePrint {
    width: 460.0,
    height: 210.0,
    font: 18.0,
    last: 5,
    max_series: 5,
};

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
    let (x, s) = demo_residence();
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
    let (x, s) = demo_residence();
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
    // The largest over those years: heating, water, caretaker and lift (see demo_residence).
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
    let (x, s) = demo_residence();
    assert_eq!(poster("d", &x, &s), poster("d", &x, &s));
    let nan = f64::NAN;
    let long = "Chauffage collectif et production d'eau chaude sanitaire collective, \
                y compris l'entretien des compteurs divisionnaires"
        .to_string();
    let many: Vec<Series> = (0..14)
        .map(|i| series(&format!("{long} {i}"), &format!("S{i}"), &[i as f64; 30]))
        .collect();
    let cases: Vec<(Vec<String>, Vec<Series>)> = vec![
        (vec![], vec![]),
        (years(2020, 2024), vec![]),
        (vec![], charges()),
        (years(2024, 2024), charges()),
        (years(2021, 2024), vec![series("Zéro", "EAU", &[0.0; 4])]),
        (years(2021, 2024), vec![series("NaN", "EAU", &[nan; 4])]),
        (
            years(2021, 2024),
            vec![
                series("Négatif", "EAU", &[-5.0, 3.0, nan, f64::INFINITY]),
                series("Court", "CHC", &[1.0]),
            ],
        ),
        (years(2021, 2022), vec![series(&long, "", &[1e12, 2e-9])]),
        (
            vec![long.clone(); 3],
            vec![series(&long, "X", &[1.0, 2.0, 3.0])],
        ),
        (years(1995, 2024), many),
        (
            years(2021, 2024),
            vec![series("Énorme", "EAU", &[f64::MAX; 4])],
        ),
    ];
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
    let (x, s) = demo_residence();
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

#[test]
fn crowded_years_are_thinned_keeping_the_last() {
    let x = years(1995, 2024);
    let s = vec![series("Eau", "EAU", &[5.0; 30])];
    let svg = stacked_bars(&Bars {
        id: "t",
        x_labels: &x,
        series: &s,
        ..Default::default()
    });
    assert!(svg.contains(">2024</text>"));
    assert!(!svg.contains(">2023</text>"));
    let shown = x
        .iter()
        .filter(|y| svg.contains(&format!(">{y}</text>")))
        .count();
    assert!((6..=15).contains(&shown), "{shown} labels");
}

#[test]
fn histogram_marks_the_bin_of_the_value() {
    let svg = histogram(&Histogram {
        id: "h",
        bins: &[(15.0, 20.0, 12), (20.0, 25.0, 48), (25.0, 30.0, 71)],
        marker: Some(Marker {
            value: 22.0,
            label: "Les Tilleuls",
        }),
        ..Default::default()
    });
    assert_eq!(svg.matches(ACCENT_FILL).count(), 2, "marked bin and needle");
    assert!(svg.contains("Les Tilleuls\u{A0}: 22,00\u{A0}€/m²"));
    assert!(svg.contains("Nombre de résidences"));
    assert!(svg.contains(">71<"));
}

/// Writes sample charts to `target/chart_demo.html` (or `$CHART_DEMO`) to look at in a browser.
#[test]
#[ignore]
fn write_demo_page() {
    let path = std::env::var("CHART_DEMO").unwrap_or_else(|_| "target/chart_demo.html".into());
    std::fs::write(&path, demo_page()).unwrap();
    eprintln!("wrote {path}");
}

/// Times each kind of chart in this build; run with
/// `cargo test --release --lib chart::tests::timing -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing() {
    use std::hint::black_box;
    use std::time::Instant;
    let (x, s) = demo_residence();
    let rounds = 20_000;
    let bars = Bars {
        id: "res-1",
        title: "Charges",
        description: "Charges par catégorie",
        x_labels: &x,
        series: &s,
        unit: Unit::EurosPerM2,
        ..Default::default()
    };
    let provisions = demo_provisions();
    let grouped = Bars {
        series: &provisions,
        unit: Unit::Euros,
        ..bars
    };
    let pos = demo_position();
    let bins = demo_bins();
    let hist = Histogram {
        id: "h",
        bins: &bins,
        marker: Some(Marker {
            value: 31.2,
            label: "",
        }),
        ..Default::default()
    };
    let mut report = String::new();
    let mut time = |name: &str, f: &dyn Fn() -> String| {
        let bytes = f().len();
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(f());
        }
        let each = start.elapsed() / rounds;
        report.push_str(&format!("{name:>10}: {each:?} per chart, {bytes} bytes\n"));
    };
    time("stacked", &|| stacked_bars(black_box(&bars)));
    time("grouped", &|| grouped_bars(black_box(&grouped)));
    time("position", &|| position(black_box(&pos)));
    time("histogram", &|| histogram(black_box(&hist)));
    time("poster", &|| poster_bars(black_box(&bars), &PRINT));
    eprint!("{report}");
}

fn demo_residence() -> (Vec<String>, Vec<Series>) {
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

fn demo_provisions() -> Vec<Series> {
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

fn demo_position() -> Position<'static> {
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

fn demo_bins() -> Vec<(f64, f64, usize)> {
    let counts = [4, 11, 29, 58, 87, 96, 71, 38, 12, 6];
    counts
        .iter()
        .enumerate()
        .map(|(i, &c)| (12.0 + 3.0 * i as f64, 15.0 + 3.0 * i as f64, c))
        .collect()
}

fn demo_page() -> String {
    let (x, s) = demo_residence();
    let provisions = demo_provisions();
    let without_lift_and_heating: Vec<Series> = s
        .iter()
        .filter(|one| one.code != "ASC" && one.code != "CHC")
        .cloned()
        .collect();
    let recent = years(2022, 2024);
    let recent_provisions: Vec<Series> = provisions
        .iter()
        .map(|one| Series {
            values: one.values[7..].to_vec(),
            ..one.clone()
        })
        .collect();
    let bins = demo_bins();
    let figure = |caption: &str, svg: String| {
        format!("<figure><figcaption>{caption}</figcaption>{svg}</figure>\n")
    };
    let mut body = String::new();
    body.push_str(&figure(
        "Charges par catégorie, 2015–2024",
        stacked_bars(&Bars {
            id: "res-1-charges",
            title: "Charges récupérables de la résidence Les Tilleuls par catégorie, 2015 à 2024",
            description: "Les charges passent de 27,60 € à 36,90 € par m² et par an ; \
                          le chauffage collectif en explique l'essentiel depuis 2022.",
            x_labels: &x,
            series: &s,
            unit: Unit::EurosPerM2,
            x_title: "Année",
            ..Default::default()
        }),
    ));
    body.push_str(&figure(
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
    ));
    body.push_str(&figure(
        "Position parmi les résidences",
        position(&demo_position()),
    ));
    body.push_str(&figure(
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
    ));
    body.push_str(&figure(
        "Sans ascenseur ni chauffage collectif, trois ans",
        stacked_bars(&Bars {
            id: "res-2-charges",
            title: "Charges de la résidence Le Moulin",
            description: "Trois ans de charges.",
            x_labels: &recent,
            series: &without_lift_and_heating,
            unit: Unit::EurosPerM2,
            ..Default::default()
        }),
    ));
    body.push_str(&figure(
        "Provisions et dépenses, trois ans",
        grouped_bars(&Bars {
            id: "res-2-regul",
            title: "Provisions et dépenses réelles",
            description: "Trois ans.",
            x_labels: &recent,
            series: &recent_provisions,
            unit: Unit::Euros,
            ..Default::default()
        }),
    ));
    body.push_str(&figure(
        "Cas limites",
        stacked_bars(&Bars {
            id: "edge",
            title: "Cas limites",
            description: "Une année sans données, une valeur négative.",
            x_labels: &recent,
            series: &[
                series(
                    "Une catégorie au libellé vraiment très long qui ne tient pas sur deux lignes \
                     de légende même en cherchant bien",
                    "EAU",
                    &[4.0, f64::NAN, -2.0],
                ),
                series("Chauffage", "CHC", &[10.0, f64::NAN, 12.0]),
            ],
            unit: Unit::EurosPerM2,
            ..Default::default()
        }),
    ));
    body.push_str(&figure(
        "Position, valeur hors de l'étendue",
        position(&Position {
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
    ));
    body.push_str(&figure(
        "Vide",
        stacked_bars(&Bars {
            id: "empty",
            title: "Vide",
            ..Default::default()
        }),
    ));
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
