//! Issue 14, "readers first": what tenants meet on the site. The 404 page works at any unknown
//! address (an old QR code in a hall) and opened from disk; the command line speaks French.

use crate::support::Site;

/// Every `href="…"` and `src="…"` value of `html`.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    out
}

#[test]
fn the_404_page_carries_its_styles_and_links_that_resolve_from_any_address() {
    let site = Site::fixture("contract");
    site.build_ok();
    let page = site.output("404.html");
    let css = site.output("css/style.css");
    assert!(
        !page.contains("rel=\"stylesheet\""),
        "no external style sheet: at /a/b/c/ it would not be found"
    );
    let rule = css.lines().find(|l| l.contains(".site-header")).unwrap();
    assert!(page.contains(rule), "the theme's style sheet is inlined");
    let base = "https://essai.example.org/sous/chemin/";
    let urls = urls(&page);
    assert!(urls.iter().any(|u| u == &format!("{base}index.html")));
    assert!(urls
        .iter()
        .any(|u| u == &format!("{base}engagements/index.html")));
    for url in &urls {
        assert!(
            url.starts_with(base)
                || url.starts_with('#')
                || url.starts_with("tel:")
                || url.starts_with("mailto:"),
            "« {url} » depends on the address the page is served at"
        );
    }
    // Every other page keeps its relative links and its shared style sheet.
    let home = site.output("index.html");
    assert!(home.contains("href=\"css/style.css\""));
    assert!(!home.contains(&format!("href=\"{base}index.html\"")));
}

/// Words of clap's English help, or of ours before it was translated.
const ENGLISH: [&str; 12] = [
    "Usage",
    "Print",
    "Commands",
    "Options:",
    "[default",
    "<ROOT>",
    "<OUTPUT>",
    " the ",
    "Builds",
    "Only errors",
    "subcommand",
    "Arguments:",
];

#[test]
fn the_help_of_every_command_is_in_french() {
    let site = Site::fixture("contract");
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["serve", "--help"],
        vec!["check", "--help"],
        vec!["new", "--help"],
        vec!["generate-data", "--help"],
        vec!["import", "--help"],
        vec!["import", "charges", "--help"],
    ] {
        let out = site.run(&args).success().stdout;
        assert!(out.contains("Utilisation : ensemble"), "{args:?}:\n{out}");
        assert!(out.contains("Affiche cette aide"), "{args:?}:\n{out}");
        for word in ENGLISH {
            assert!(!out.contains(word), "« {word} » in {args:?}:\n{out}");
        }
    }
    let root = site.run(&["--help"]).success().stdout;
    assert!(root.contains("Commandes :"), "{root}");
    let build = site.run(&["build", "--help"]).success().stdout;
    assert!(build.contains("--root <DOSSIER>"), "{build}");
    assert!(build.contains("(par défaut : .)"), "{build}");
}

#[test]
fn a_mistyped_command_line_is_answered_in_french() {
    let site = Site::fixture("contract");
    let out = site.run(&["buld"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("commande inconnue « buld »"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("« build »"),
        "suggestion: {}",
        out.stderr
    );
    let out = site.run(&["build", "--nope"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("option inconnue « --nope »"),
        "{}",
        out.stderr
    );
    let out = site.run(&["serve", "--port", "huit"]);
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("« huit »") && out.stderr.contains("--port"),
        "{}",
        out.stderr
    );
    for text in [&out.stderr] {
        for word in ["error", "Usage", "tip", "For more"] {
            assert!(!text.contains(word), "« {word} »: {text}");
        }
    }
}

#[test]
fn the_build_summary_writes_french_numbers_and_real_plurals() {
    let site = Site::fixture("contract");
    let run = site.run(&["build"]).success();
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("Site construit"))
        .unwrap()
        .to_string();
    assert!(
        line.contains("\u{a0}Mo)") && line.contains("\u{a0}s."),
        "{line}"
    );
    let decimal_point = line
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b'.' && w[2].is_ascii_digit());
    assert!(!decimal_point, "decimal point in « {line} »");
    assert!(line.contains(',') && !line.contains("(s)"), "{line}");
    // The contract fixture has no accessibility statement: one warning.
    assert!(run.stderr.contains("1 avertissement :"), "{}", run.stderr);
    let check = site.run(&["check"]).success().stdout;
    assert!(check.contains("aucune erreur, 1 avertissement,"), "{check}");
    site.write(
        "content/accessibilite.md",
        "---\ntitre: Accessibilité\n---\nDéclaration établie le 1er décembre 2026.\n",
    );
    let check = site.run(&["check"]).success();
    assert!(
        check.stdout.contains("aucune erreur, aucun avertissement,"),
        "{}{}",
        check.stdout,
        check.stderr
    );
}

#[test]
fn ordinals_are_superscript_in_pages() {
    let site = Site::fixture("contract");
    site.write(
        "content/accessibilite.md",
        "---\ntitre: Accessibilité\n---\n# Le 1er audit\n\nDéclaration établie le 1er décembre 2026, au 3e étage.\n\n`1er` en code.\n",
    );
    site.edit(
        "content/site.yaml",
        "contenu_exemple: true",
        "contenu_exemple: true\ndate_publication: \"2026-06-01\"",
    );
    site.build_ok();
    let page = site.output("accessibilite/index.html");
    assert!(
        page.contains("le 1<sup>er</sup> décembre 2026, au 3<sup>e</sup> étage"),
        "{page}"
    );
    assert!(page.contains("<code>1er</code>"), "code is left alone");
    assert!(
        page.contains("Le 1er audit</h1>"),
        "headings keep their text: {page}"
    );
    assert!(
        page.contains("Publié le 1<sup>er</sup>\u{a0}juin\u{a0}2026."),
        "{page}"
    );
}

/// Selectors whose text the CSS may clip, because the generator measures that text first and
/// warns, naming what is too long, when it would be clipped (`present/poster/`).
const MEASURED: [&str; 9] = [
    ".p-item",
    ".p-name",
    ".name-size-",
    ".p-address",
    ".p-chart figcaption",
    ".p-date",
    ".clamp",
    ".p-name, .p-address, .p-item",
    ".p-theme h2, .p-date",
];

#[test]
fn no_style_sheet_cuts_text_the_generator_did_not_measure() {
    let theme = crate::support::repo().join("themes/default/static/css");
    for file in ["poster.css", "style.css"] {
        let css = std::fs::read_to_string(theme.join(file)).unwrap();
        for rule in css.split('}') {
            let Some((selectors, body)) = rule.rsplit_once('{') else {
                continue;
            };
            let cuts = body.contains("text-overflow: ellipsis")
                || (body.contains("line-clamp") && !body.contains("line-clamp: none"));
            let selectors = selectors
                .lines()
                .filter(|l| !l.trim_start().starts_with("/*") && !l.contains("*/"))
                .collect::<Vec<_>>()
                .join(" ");
            let selectors = selectors.trim();
            if cuts {
                assert!(
                    MEASURED.iter().any(|m| selectors.starts_with(m)),
                    "{file}: « {selectors} » cuts text silently"
                );
            }
        }
    }
}

#[test]
fn the_synthesis_prints_contact_labels_whole() {
    let site = Site::fixture("posters");
    site.build_ok();
    let synthesis = site.output("affiches/synthese/index.html");
    assert!(
        synthesis.contains("<strong class=\"p-contact-label\">Urgences techniques (nuit, week-end, jours fériés)</strong>"),
        "{synthesis}"
    );
    let css = site.output("css/poster.css");
    let label_rule = css
        .split('}')
        .find(|r| {
            r.trim_start().ends_with("{ display: block; ") || r.contains(".p-contact-label {")
        })
        .unwrap();
    assert!(!label_rule.contains("line-clamp"), "{label_rule}");
}

/// `(data-search, residence name)` of every residence of the built finder page.
fn finder_keys(site: &Site) -> Vec<(String, String)> {
    let page = site.output("residences/index.html");
    page.split("<li data-search=\"")
        .skip(1)
        .map(|item| {
            let key = &item[..item.find('"').unwrap()];
            let link = item.find("<a href=").unwrap();
            let name_at = link + item[link..].find("\">").unwrap() + 2;
            let name = &item[name_at..name_at + item[name_at..].find("</a>").unwrap()];
            (key.to_string(), name.to_string())
        })
        .collect()
}

/// Runs the finder's own script under node: for each query, the names of the residences it
/// keeps. `None` without node.
fn finder_results(site: &Site, queries: &[&str]) -> Option<Vec<Vec<String>>> {
    let script = site.out().join("js/trouver-residence.js");
    let keys = finder_keys(site);
    let input = serde_json::json!({ "keys": keys, "queries": queries });
    let program = format!(
        "const f = require({:?}); const input = {}; console.log(JSON.stringify(input.queries.map(q => input.keys.filter(k => f.matches(q, k[0])).map(k => k[1]))));",
        script.display().to_string(),
        input
    );
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(program)
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

#[test]
fn the_finder_forgives_accents_abbreviations_and_one_typo_and_searches_every_address() {
    let site = Site::fixture("observatory");
    let residences = "content/observatoire/residences.yaml";
    site.edit(
        residences,
        "Résidence Les Acacias",
        "Résidence Saint-Exupéry",
    );
    site.edit(
        residences,
        "    adresse: \"8 rue Jean Lebas\"\n",
        "    adresse: \"8 rue Jean Lebas\"\n    adresses:\n      - \"2 à 18 avenue des Nations-Unies\"\n      - \"1 place de la Liberté\"\n",
    );
    site.build_ok();
    assert!(
        site.output("residences/index.html").contains(
            "<strong>Exemple Habitat</strong> vous renseigne&#160;: <a href=\"tel:0320000000\">"
        ),
        "without contacts, the landlord's own number"
    );
    site.write(
        "content/site.yaml",
        &format!(
            "{}contacts:\n  - libelle: \"Votre agence\"\n    telephone: \"03 20 00 00 01\"\n",
            site.read("content/site.yaml")
        ),
    );
    site.build_ok();
    let page = site.output("residences/index.html");
    assert!(
        page.contains("Aussi&#160;: 2 à 18 avenue des Nations-Unies ; 1 place de la Liberté"),
        "{page}"
    );
    assert!(
        site.output("donnees/residences.csv")
            .contains(";\"2 à 18 avenue des Nations-Unies ; 1 place de la Liberté\"\r\n"),
        "the open data give every address"
    );
    assert!(
        page.contains("id=\"recherche-aucune\""),
        "a next step for a search that finds nothing"
    );
    assert!(
        page.contains("href=\"tel:0320000001\""),
        "the agency's number: {page}"
    );
    let queries = [
        "st exupery",
        "ST-EXUPÉRY",
        "saint exupery",
        "Lile",
        "tileu",
        "avenue des nations",
        "liberte",
        "2 a 18 avenue",
        "Lyon",
        "zzzz",
        "Roubaix",
    ];
    let Some(results) = finder_results(&site, &queries) else {
        eprintln!("node not found: the finder's script is not run");
        return;
    };
    let exupery = vec!["Résidence Saint-Exupéry".to_string()];
    let beffroi = vec!["Résidence Le Beffroi".to_string()];
    assert_eq!(results[0], exupery, "st exupery");
    assert_eq!(results[1], exupery);
    assert_eq!(results[2], exupery);
    assert_eq!(
        results[3].len(),
        2,
        "Lile finds both residences of Lille: {:?}",
        results[3]
    );
    assert!(!results[3].contains(&beffroi[0]));
    assert_eq!(results[4], vec!["Résidence Les Tilleuls".to_string()]);
    assert_eq!(results[5], beffroi, "a second address is searched");
    assert_eq!(results[6], beffroi);
    assert_eq!(results[7], beffroi);
    assert!(
        results[8].is_empty() && results[9].is_empty(),
        "{results:?}"
    );
    assert_eq!(results[10], beffroi);
}

#[test]
fn the_finders_script_normalises_as_the_generator_does() {
    let texts = [
        "Résidence Saint-Éloi",
        "St-Exupéry, Ste Anne",
        "Cœur de l’Œuvre",
        "2 à 18 avenue des Nations-Unies",
        "  RUE   Jean--Lebas ",
    ];
    let script = crate::support::repo().join("themes/default/static/js/trouver-residence.js");
    let program = format!(
        "const f = require({:?}); console.log(JSON.stringify({}.map(t => f.normalize(t).join(' '))));",
        script.display().to_string(),
        serde_json::json!(texts)
    );
    let Ok(out) = std::process::Command::new("node")
        .arg("-e")
        .arg(program)
        .output()
    else {
        eprintln!("node not found: the finder's script is not run");
        return;
    };
    let from_script: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    let from_generator: Vec<String> = texts
        .iter()
        .map(|t| ensemble::core::slug::search_key(&[t]))
        .collect();
    assert_eq!(from_script, from_generator);
}

#[test]
fn the_home_page_opens_with_the_finder() {
    let site = Site::fixture("observatory");
    site.build_ok();
    let home = site.output("index.html");
    let form = home
        .find("<form class=\"home-finder\" action=\"residences/index.html\" method=\"get\"")
        .expect("a search form on the home page");
    assert!(home[form..].contains("name=\"recherche\""));
    // First in the main content, before any text or card: on a phone, in the first screen.
    let main = home.find("<main").unwrap();
    for later in ["class=\"prose\"", "themes-overview", "home-observatory"] {
        if let Some(at) = home.find(later) {
            assert!(form < at, "the finder comes before {later}");
        }
    }
    assert!(form > main);
    // The finder's script fills its field from ?recherche=.
    let script = site.output("js/trouver-residence.js");
    assert!(script.contains("URLSearchParams") && script.contains("\"recherche\""));
    let contract = Site::fixture("contract");
    contract.build_ok();
    assert!(
        !contract.output("index.html").contains("home-finder"),
        "no observatory, no finder"
    );
}

/// Width in CSS px of the content of a page on a phone `screen` px wide (`.wrap`: 1rem each side).
fn content_width(screen: f64) -> f64 {
    screen - 32.0
}

/// The viewBox width and the font sizes of an inline SVG.
fn svg_metrics(svg: &str) -> (f64, Vec<f64>) {
    let view_box = &svg[svg.find("viewBox=\"").unwrap() + 9..];
    let width: f64 = view_box.split(' ').nth(2).unwrap().parse().unwrap();
    let sizes = svg
        .match_indices("font-size=\"")
        .map(|(i, m)| {
            let rest = &svg[i + m.len()..];
            rest[..rest.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    (width, sizes)
}

#[test]
fn on_a_phone_the_residence_chart_fits_with_the_latest_year_in_large_enough_print() {
    let site = Site::fixture("posters");
    site.build_ok();
    let page = site.output("residences/les-tilleuls/index.html");
    let narrow = &page[page
        .find("<div class=\"chart-narrow\">")
        .expect("a phone version")..];
    let svg = &narrow[..narrow.find("</svg>").unwrap()];
    let (width, sizes) = svg_metrics(svg);
    assert!(!sizes.is_empty());
    for screen in [320.0, 360.0] {
        let scale = content_width(screen) / width;
        for size in &sizes {
            assert!(
                size * scale >= 12.0,
                "{size} units = {} px at {screen} px",
                size * scale
            );
        }
    }
    assert!(svg.contains(">2025</text>"), "the latest year is drawn");
    let drawn = &svg[svg.find("</desc>").unwrap()..];
    assert!(!drawn.contains('…'), "no label cut in the phone chart");
    assert!(
        narrow.contains("<p class=\"chart-note\">Sur un petit écran, le graphique montre les 4 dernières années (de 2022 à 2025)"),
        "what the phone chart leaves out is said"
    );
    // The full chart and the phone one swap at the same width.
    let css = site.output("css/style.css");
    assert!(css.contains("@media (max-width: 35.99em) {\n  .chart-scroll.chart-wide { display: none; }\n  .chart-narrow { display: block; }"));
    // A chart without a phone version is never drawn under 35rem: its 14-unit labels at 12 px.
    assert!(css.contains("min-width: 35rem") && !css.contains("min-width: 30rem"));
}

#[test]
fn wide_tables_and_charts_open_on_the_latest_year_with_their_first_column_in_view() {
    let site = Site::fixture("posters");
    site.build_ok();
    let css = site.output("css/style.css");
    for rule in [
        ".table-scroll.table-years { direction: rtl; }",
        ".table-scroll > table { direction: ltr; }",
        ".chart-scroll.chart-years { direction: rtl; }",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
    let sticky = css
        .lines()
        .find(|l| l.starts_with(".table-scroll .data-table th[scope=\"row\"]"))
        .unwrap();
    assert!(sticky.contains("position: sticky; left: 0;") && sticky.contains("background"));
    // The table keeps the years in reading order, the latest last: the scroll starts there.
    let page = site.output("residences/les-tilleuls/index.html");
    assert!(page.contains("<div class=\"table-scroll table-years\" role=\"region\" aria-labelledby=\"evolution-tableau-legende\""), "{page}");
    assert!(
        page.contains("Les années précédentes sont à gauche"),
        "a visible cue"
    );
    // A table that is not by year opens on its first column, as does its chart.
    let position = &page[page.find("id=\"figure-position\"").unwrap()..];
    assert!(position.contains("<div class=\"chart-scroll\" role=\"region\""));
    assert!(position.contains("<div class=\"table-scroll\" role=\"region\""));
    let table = &page[page
        .find("<table class=\"data-table\" id=\"evolution")
        .unwrap()..];
    let head = &table[..table.find("</thead>").unwrap()];
    assert!(head.find(">2019<").unwrap() < head.find(">2025<").unwrap());
}

/// Texts of the drawing of every SVG of `html` (not its title and description) cut with « … ».
fn cut_svg_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for svg in html.split("<svg").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap_or(svg.len())];
        let drawing = svg.find("</desc>").map_or(svg, |i| &svg[i..]);
        for text in drawing.split('>').filter_map(|t| t.split('<').next()) {
            if text.contains('…') {
                out.push(text.to_string());
            }
        }
    }
    out
}

#[test]
fn a_label_shortened_in_a_chart_is_a_warning_that_names_the_file_and_the_field() {
    let site = Site::fixture("posters");
    let run = site.run(&["check"]).success();
    let long = "jardins-partages-faubourg-madeleine";
    let cuts = cut_svg_texts(&{
        site.build_ok();
        site.output(&format!("residences/{long}/index.html"))
    });
    assert!(
        !cuts.is_empty(),
        "the fixture's 120-character name is cut in a chart"
    );
    assert!(
        run.stderr
            .contains("le nom de la résidence est raccourci dans un graphique"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("(id jardins-partages-faubourg-madeleine, champ « nom »)\n  --> content/observatoire/residences.yaml"), "{}", run.stderr);
    // A residence whose name fits has nothing cut and no warning.
    let short = site.output("residences/les-tilleuls/index.html");
    assert!(cut_svg_texts(&short).is_empty());
    assert!(!run.stderr.contains("« Les Tilleuls » raccourci"));
}

#[test]
fn a_sites_own_base_template_still_builds_the_404_page() {
    let site = Site::fixture("contract");
    site.write(
        "templates/base.html",
        // The blocks of the theme's base.html before the 404 page inlined its styles.
        "<!DOCTYPE html><html lang=\"fr\"><head><title>{% block title %}{{ page.title }}{% endblock title %}</title><link rel=\"stylesheet\" href=\"{{ root }}css/style.css\">{% block head %}{% endblock head %}</head><body>{% block breadcrumb %}{% endblock breadcrumb %}{% block main %}{% endblock main %}{% block scripts %}{% endblock scripts %}</body></html>",
    );
    site.build_ok();
    assert!(site.output("404.html").contains("Page introuvable"));
}

#[test]
fn a_long_landlord_name_wraps_on_the_posters_and_what_it_pushes_out_is_told() {
    let site = Site::fixture("posters");
    let long = "Office public de l’habitat de la Métropole européenne de Lille et du Hainaut-Cambrésis, agence Flandre-Lys";
    site.edit(
        "content/site.yaml",
        "  nom: \"Exemple Habitat\"",
        &format!("  nom: \"{long}\""),
    );
    let run = site.run(&["check"]).success();
    assert!(
        run.stderr.contains(
            "lignes en tête de l’affiche : le bas de l’adresse de la résidence sera coupé"
        ),
        "{}",
        run.stderr
    );
    site.build_ok();
    let css = site.output("css/poster.css");
    assert!(
        !css.contains(".contract .p-kicker { white-space: nowrap"),
        "the contract poster's kicker wraps"
    );
    assert!(site
        .output("affiches/engagements/index.html")
        .contains(long));
}
