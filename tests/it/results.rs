//! Yearly results of the contract's commitments end to end: the `results` fixture (an
//! indicator in each of its two themes, results of 2024 and 2025 and the 2025 text) built with
//! the binary, and its pages, theme pages, posters and data files read back.

use crate::support::{diagnostics, Site};

const Y2025: &str = "content/resultats/2025.yaml";

fn built() -> Site {
    let site = Site::fixture("results");
    site.build_ok();
    site
}

/// The text of `html` with tags removed and spaces collapsed, for sentences split by markup.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#160;", "\u{a0}")
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The part of `html` from the element with id `id` to the next indicator section.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[start..];
    let end = rest[1..]
        .find("<section class=\"indicator\"")
        .map_or(rest.len(), |e| e + 1);
    &rest[..end]
}

#[test]
fn every_indicator_has_its_chart_its_table_and_a_text_cue() {
    let site = built();
    let page = site.output("resultats/index.html");
    for (id, value, cue) in [
        ("premiere-reponse-48h", "94,5\u{a0}%", "objectif tenu"),
        ("delai-encombrants", "4,5\u{a0}jours", "objectif tenu"),
    ] {
        let part = section(&page, &format!("indicateur-{id}"));
        // One accessible chart and its phone version: role, title and description, and its
        // data table.
        assert_eq!(part.matches("<svg").count(), 2, "{id}");
        assert!(part.contains("role=\"img\""), "{id}");
        assert!(part.contains("<title") && part.contains("<desc"), "{id}");
        assert!(
            part.contains(&format!("id=\"resultat-{id}-tableau\"")),
            "{id}"
        );
        let t = text(part);
        assert!(t.contains(&format!("Résultat 2025 {value}")), "{id}: {t}");
        assert!(t.contains(&format!("✔ {cue}")), "{id}: {t}");
        // A row per year in the table, 2024 included.
        assert!(t.contains("2024"), "{id}");
    }
    // 2024: 88,5 % against at least 90 %: not met, said in words.
    let first = text(section(&page, "indicateur-premiere-reponse-48h"));
    assert!(
        first.contains("2024 88,5\u{a0}% au moins 90\u{a0}% ✘ objectif non tenu"),
        "{first}"
    );
    assert!(first.contains("en progrès par rapport à 2024"), "{first}");
    // The shape is decoration: screen readers read the words.
    assert!(page.contains("<span class=\"result-icon\" aria-hidden=\"true\">✔</span>"));
    assert!(text(&page).contains("En 2025, 2 objectifs tenus sur 2 mesurés."));
}

#[test]
fn a_missed_target_says_so_in_words_and_a_shape() {
    let site = Site::fixture("results");
    site.edit(Y2025, "valeur: 4.5", "valeur: 7");
    site.build_ok();
    let t = text(section(
        &site.output("resultats/index.html"),
        "indicateur-delai-encombrants",
    ));
    assert!(
        t.contains("Résultat 2025 7\u{a0}jours – ✘ objectif non tenu"),
        "{t}"
    );
    // A delay (maximum) that grows from 6,5 to 7 days is worse, not better.
    assert!(
        t.contains("en recul par rapport à 2024 (6,5\u{a0}jours)"),
        "{t}"
    );
    let theme = text(&site.output("engagements/proprete/index.html"));
    assert!(theme.contains("✘ objectif non tenu"), "{theme}");
}

#[test]
fn theme_pages_show_the_result_beside_the_commitment() {
    let site = built();
    let html = site.output("engagements/accueil/index.html");
    let item = &html[html
        .find("Nous vous donnons une première réponse.")
        .unwrap()..];
    let item = &item[..item.find("</li>").unwrap()];
    let t = text(item);
    assert!(
        t.contains("Résultat 2025\u{a0}: 94,5\u{a0}% (objectif\u{a0}: au moins 90\u{a0}%) – ✔ objectif tenu"),
        "{t}"
    );
    assert!(item.contains("href=\"../../resultats/index.html#indicateur-premiere-reponse-48h\""));
    // The commitment without an indicator shows no result.
    let other = &html[html.find("Nous répondons à votre demande.").unwrap()..];
    assert!(!other[..other.find("</li>").unwrap()].contains("Résultat"));
}

#[test]
fn a_missing_result_is_shown_missing_never_as_zero() {
    let site = Site::fixture("results");
    site.edit(
        Y2025,
        "  delai-encombrants:\n    valeur: 4.5\n    effectif: 310\n",
        "",
    );
    let run = site.run(&["build", "--verbose"]).success();
    let warnings = diagnostics::warnings(&run.stderr);
    diagnostics::find(&warnings, "un résultat en 2024 mais aucun en 2025");
    let page = site.output("resultats/index.html");
    let t = text(section(&page, "indicateur-delai-encombrants"));
    assert!(t.contains("Résultat 2024 6,5\u{a0}jours"), "{t}");
    assert!(t.contains("Pas de résultat publié pour 2025."), "{t}");
    assert!(t.contains("2025 non mesuré"), "{t}");
    assert!(!t.contains("0\u{a0}jour"), "{t}");
    let csv = site.output("donnees/resultats.csv");
    assert!(!csv.contains("2025;delai-encombrants"), "{csv}");
    let year = text(&site.output("resultats/2025/index.html"));
    assert!(year.contains("non mesuré"), "{year}");
}

#[test]
fn the_year_page_has_its_text_and_its_figures() {
    let site = built();
    let html = site.output("resultats/2025/index.html");
    let t = text(&html);
    assert!(t.contains("Le bilan 2025 avec les associations"), "{t}");
    assert!(
        t.contains("Présenté au conseil de concertation locative"),
        "{t}"
    );
    assert!(t.contains("94,5\u{a0}% au moins 90\u{a0}% ✔ objectif tenu 1\u{202f}200 Nouveau standard téléphonique."), "{t}");
    assert!(html.contains("href=\"../../resultats/index.html#indicateur-delai-encombrants\""));
    // 2024 has no text: a page with the figures alone.
    let t2024 = text(&site.output("resultats/2024/index.html"));
    assert!(t2024.contains("Les résultats de 2024"), "{t2024}");
    assert!(t2024.contains("✘ objectif non tenu"), "{t2024}");
    // Linked from the results page, which links its data files.
    let index = site.output("resultats/index.html");
    assert!(index.contains("href=\"../resultats/2025/index.html\""));
    assert!(index.contains("href=\"../donnees/resultats.csv\""));
    assert!(index.contains("href=\"../donnees/resultats.json\""));
}

#[test]
fn the_csv_is_for_a_french_spreadsheet() {
    let site = built();
    let bytes = std::fs::read(site.out().join("donnees/resultats.csv")).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let csv = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "annee;indicateur;theme;mesure;unite;sens;objectif;valeur;objectif_tenu;effectif;commentaire"
    );
    assert!(lines.contains(&"2024;premiere-reponse-48h;accueil;Part des demandes qui ont reçu une première réponse sous 48 h;%;minimum;90,00;88,50;non;1100;"), "{csv}");
    assert!(lines.contains(&"2025;delai-encombrants;proprete;Délai moyen d’enlèvement des encombrants;jours;maximum;5,00;4,50;oui;310;"), "{csv}");
    assert_eq!(lines.iter().filter(|l| !l.is_empty()).count(), 5);
}

#[test]
fn the_json_is_parseable_and_complete() {
    let site = built();
    let doc: serde_json::Value =
        serde_json::from_str(&site.output("donnees/resultats.json")).unwrap();
    assert_eq!(doc["annees"], serde_json::json!([2024, 2025]));
    let first = &doc["indicateurs"][0];
    assert_eq!(first["id"], "premiere-reponse-48h");
    assert_eq!(first["unite"], "%");
    assert_eq!(first["objectif"], 90.0);
    assert_eq!(first["resultats"][1]["valeur"], 94.5);
    assert_eq!(first["resultats"][1]["objectif_tenu"], true);
    assert_eq!(first["resultats"][0]["objectif_tenu"], false);
    assert_eq!(doc["indicateurs"][1]["sens"], "maximum");
}

#[test]
fn the_data_page_and_the_contract_link_to_the_results() {
    let site = Site::layers(&["observatory", "results"]);
    site.build_ok();
    let obs = site.output("observatoire/index.html");
    assert!(obs.contains("href=\"../donnees/resultats.csv\""));
    assert!(obs.contains("href=\"../resultats/index.html\""));
    let contract = site.output("engagements/index.html");
    assert!(contract.contains("href=\"../resultats/index.html\""));
}

#[test]
fn a_site_without_results_has_no_results_pages() {
    let site = Site::fixture("contract");
    site.build_ok();
    assert!(!site.out().join("resultats").exists());
    assert!(!site.out().join("donnees/resultats.csv").exists());
    assert!(!site.output("engagements/index.html").contains("resultats"));
}

#[test]
fn the_results_pages_pass_the_link_check() {
    let site = Site::fixture("results");
    site.run(&["check"]).success();
}

#[test]
fn the_posters_show_the_latest_key_results() {
    let site = built();
    let synthesis = site.output("affiches/synthese/index.html");
    let verso = &synthesis[synthesis.find("class=\"sheet verso\"").expect("a verso")..];
    let block = &verso[verso
        .find("id=\"results-title\">")
        .expect("key results on the verso")..];
    let block = text(&block[..block.find("</section>").unwrap()]);
    assert!(block.contains("Nos résultats 2025 Accueil"), "{block}");
    assert!(
        block.contains(
            "Accueil , sous 48 h\u{a0}: 94,5\u{a0}% ✔ objectif tenu (au moins 90\u{a0}%)"
        ),
        "{block}"
    );
    assert!(block.contains("Propreté , sous 5 jours ouvrés\u{a0}: 4,5\u{a0}jours ✔ objectif tenu (au plus 5\u{a0}jours)"), "{block}");
    // Still one recto and one verso.
    assert_eq!(synthesis.matches("class=\"sheet ").count(), 2);
    // Two short themes leave room on the contract poster for its line of results.
    let poster = text(&site.output("affiches/engagements/index.html"));
    assert!(
        poster.contains("Nos résultats 2025\u{a0}: 2 objectifs tenus sur 2 mesurés."),
        "{poster}"
    );
    // A 2025 result missing: the synthesis lists only the results of 2025, never a zero.
    let site = Site::fixture("results");
    site.edit(
        Y2025,
        "  delai-encombrants:\n    valeur: 4.5\n    effectif: 310\n",
        "",
    );
    site.build_ok();
    let synthesis = text(&site.output("affiches/synthese/index.html"));
    assert!(!synthesis.contains("Propreté , sous 5"), "{synthesis}");
    assert!(
        synthesis.contains("1 objectif tenu sur 1 mesuré")
            || synthesis.contains("Accueil , sous 48 h")
    );
}

#[test]
fn pages_link_to_the_results_texts() {
    let site = Site::fixture("results");
    site.write(
        "content/bilan.md",
        "---\ntitre: Bilan\n---\n\nLire [le bilan 2025](@/resultats/2025.md).\n",
    );
    site.build_ok();
    assert!(site
        .output("bilan/index.html")
        .contains("href=\"../resultats/2025/index.html\""));
}
