//! The charges observatory end to end: the `observatory` fixture (three residences, 2024 and
//! 2025) copied into a temporary folder, changed where a test needs it, built with the binary,
//! and checked on its output files and on the messages an author would read.

use crate::support::diagnostics::{self, Diag};
use crate::support::{copy_dir, Run, Site};

const RESIDENCES: &str = "content/observatoire/residences.yaml";
const Y2024: &str = "content/observatoire/charges/2024.yaml";
const Y2025: &str = "content/observatoire/charges/2025.yaml";

/// The fixture: residences.yaml and the charges of 2024 and 2025.
fn valid_site() -> Site {
    Site::fixture("observatory")
}

/// The fixture without the charges of 2024.
fn site_2025() -> Site {
    let site = valid_site();
    site.remove(Y2024);
    site
}

/// Builds with the warnings printed (`--verbose`), asserting success.
fn build_ok(site: &Site) -> Run {
    site.run(&["build", "--verbose"]).success()
}

/// Builds, asserts failure, returns the errors printed.
fn build_errors(site: &Site) -> Vec<Diag> {
    diagnostics::errors(&site.build_err())
}

fn find<'a>(errors: &'a [Diag], needle: &str) -> &'a Diag {
    diagnostics::find(errors, needle)
}

/// Warnings about observatory data (fixture sites lack the legal pages, which is warned about too).
fn observatory_warnings(stderr: &str) -> Vec<Diag> {
    diagnostics::warnings(stderr)
        .into_iter()
        .filter(|d| d.file.starts_with("content/observatoire"))
        .collect()
}

fn file_is(d: &Diag, rel: &str) {
    assert_eq!(d.file, rel, "{d}");
}

fn read(site: &Site, rel: &str) -> String {
    site.output(rel)
}

#[test]
fn valid_data_builds_pages_charts_and_exports() {
    let root = &valid_site();
    let summary = build_ok(root).summary();
    assert!(summary.charts >= 9, "{summary:?}");

    // One page per residence: key figures in words, charts with titles, tables, notes.
    let page = read(root, "residences/lille-tilleuls/index.html");
    // 2025: 12 550 € for 10 dwellings → 104,58 € per dwelling per month; 2024 was 10 900 €.
    assert!(
        page.contains("En 2025, 104,58\u{a0}€ par logement et par mois, +15,1\u{a0}% sur un an."),
        "{page}"
    );
    assert!(page.contains("<svg") && page.contains("role=\"img\""));
    assert_eq!(
        page.matches("<title").count(),
        1 + 3 + 2,
        "page title + 3 charts + the phone versions of the evolution and provisions charts"
    );
    assert!(page.contains("<desc"));
    assert!(page.contains("<table class=\"data-table\""));
    assert!(page.contains("<th scope=\"row\">"));
    assert!(page.contains("role=\"region\""));
    assert!(page.contains("panne de chaudière en février"));
    // Amounts in French: narrow no-break space in thousands, no-break space before €.
    assert!(page.contains("12\u{202f}550,00"), "{page}");
    assert!(page.contains("\u{a0}€"));
    // 2025: 11 700 € called for 12 550 € spent, 10 dwellings → 85 € to pay each.
    assert!(
        page.contains("environ 85\u{a0}€ à payer en plus par logement"),
        "{page}"
    );

    // Commune pages and the finder.
    let lille = read(root, "observatoire/lille/index.html");
    assert!(lille.contains("residences/lille-acacias/index.html"));
    assert!(lille.contains("Résidence Les Acacias"));
    read(root, "observatoire/roubaix/index.html");
    let finder = read(root, "residences/index.html");
    assert!(finder.contains("data-search=\"residence le beffroi 8 rue jean lebas 59100 roubaix\""));
    assert!(finder.contains("role=\"status\""));
    assert!(finder.contains("<label for=\"recherche\">"));
    assert!(finder.contains("js/trouver-residence.js"));
    read(root, "js/trouver-residence.js");

    // The observatory page and the navigation.
    let obs = read(root, "observatoire/index.html");
    assert!(obs.contains("id=\"donnees\""));
    assert!(obs.contains("donnees/charges.csv"));
    assert!(read(root, "index.html").contains("observatoire/index.html"));

    // Open data.
    let csv = read(root, "donnees/charges.csv");
    assert!(csv.starts_with('\u{feff}'));
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(header.starts_with("annee;residence;nom;"), "{header}");
    assert!(csv.contains("2025;lille-tilleuls;Résidence Les Tilleuls;Lille;59000;CHC;Chauffage collectif et eau chaude collective;7500,00;6600,00;panne de chaudière en février"), "{csv}");
    // 3 + 2 + 2 lines in 2024, the same in 2025, and the header.
    assert_eq!(csv.lines().count(), 1 + 14);
    let json: serde_json::Value =
        serde_json::from_str(&read(root, "donnees/charges.json")).unwrap();
    assert_eq!(json["residences"].as_array().unwrap().len(), 3);
    assert_eq!(json["annees"], serde_json::json!([2024, 2025]));
    read(root, "donnees/residences.csv");

    // The residence poster has the large-print variant of the page's chart, drawn from the
    // same series in the same job, and the poster index lists it.
    let poster = read(root, "affiches/lille-tilleuls/index.html");
    assert!(poster.contains("role=\"img\""));
    assert!(
        poster.contains("affiche-graphique-title"),
        "the poster's chart"
    );
    assert!(poster.contains("class=\"chart chart-poster\""));
    assert!(!poster.contains("evolution-title"), "not the page's chart");
    assert!(read(root, "residences/lille-tilleuls/index.html").contains("evolution-title"));
    assert!(read(root, "affiches/index.html").contains("lille-tilleuls"));
    assert_eq!(summary.posters, 3 + 3, "{summary:?}");
}

#[test]
fn unknown_residence_and_category_are_located_with_suggestions() {
    let dir = site_2025();
    dir.edit(Y2025, "lille-acacias:", "lille-acacia:");
    dir.edit(Y2025, "EAU: { reel: 16500", "EUA: { reel: 16500");
    let errors = build_errors(&dir);
    let d = find(&errors, "résidence « lille-acacia » inconnue");
    file_is(d, "content/observatoire/charges/2025.yaml");
    assert_eq!(d.line, Some(4));
    assert!(
        d.hint.as_deref().unwrap().contains("« lille-acacias »"),
        "{d}"
    );
    let d = find(&errors, "catégorie « EUA » inconnue");
    assert_eq!(d.line, Some(7));
    assert_eq!(d.column, Some(5));
    assert!(d.hint.as_deref().unwrap().contains("« EAU »"), "{d}");
}

#[test]
fn duplicates_are_errors() {
    let dir = site_2025();
    let dup = format!(
        "{}  lille-tilleuls: {{ EAU: {{ reel: 1, provisions: 1 }} }}\n",
        dir.read(Y2025)
    );
    dir.write(Y2025, &dup);
    dir.edit(
        Y2025,
        "lille-acacias: { EAU: { reel: 8200, provisions: 8100 },",
        "lille-acacias: { EAU: { reel: 8200, provisions: 8100 }, EAU: { reel: 1, provisions: 1 },",
    );
    dir.edit(RESIDENCES, "id: roubaix-beffroi", "id: lille-tilleuls");
    let errors = build_errors(&dir);
    let d = find(&errors, "résidence « lille-tilleuls » présente deux fois");
    assert_eq!(d.line, Some(8), "{d}");
    let d = find(&errors, "catégorie « EAU » écrite deux fois");
    assert_eq!(d.line, Some(4), "{d}");
    let d = find(&errors, "identifiant « lille-tilleuls » déjà utilisé");
    file_is(d, "content/observatoire/residences.yaml");
    assert_eq!(d.line, Some(4), "{d}");
}

#[test]
fn bad_amounts_are_all_reported() {
    let dir = site_2025();
    dir.edit(Y2025, "reel: 4100", "reel: -4100");
    dir.edit(Y2025, "reel: 8200", "reel: \"8 200,50\"");
    dir.edit(Y2025, "reel: 33000, provisions: 31000", "reel: 33000");
    let errors = build_errors(&dir);
    let d = find(&errors, "montant réel négatif");
    assert_eq!(d.line, Some(3));
    let d = find(&errors, "montant réel non numérique : « 8 200,50 »");
    assert_eq!(d.line, Some(4));
    assert!(d.hint.as_deref().unwrap().contains("reel: 8200.50"), "{d}");
    let d = find(&errors, "montant provisions absent");
    assert_eq!(d.line, Some(6));
    assert!(errors.len() >= 3);
}

#[test]
fn a_year_in_the_wrong_file_is_an_error() {
    let dir = valid_site();
    dir.write(Y2024, &dir.read(Y2025));
    dir.remove(Y2025);
    let errors = build_errors(&dir);
    let d = find(&errors, "année 2025 dans le fichier de l'année 2024");
    file_is(d, "content/observatoire/charges/2024.yaml");
    assert_eq!(d.line, Some(1));
}

#[test]
fn zero_area_and_unknown_key_are_located() {
    let dir = site_2025();
    dir.edit(
        RESIDENCES,
        "surface_habitable: 1300",
        "surface_habitable: 0",
    );
    dir.edit(
        RESIDENCES,
        "    ascenseur: true\n",
        "    ascenseur: true\n    surface_habitabl: 3\n",
    );
    let errors = build_errors(&dir);
    // An unknown key stops the file: serde reports it first, with the nearest valid key.
    let d = find(&errors, "clé inconnue « surface_habitabl »");
    file_is(d, "content/observatoire/residences.yaml");
    assert_eq!(d.line, Some(14));
    assert!(
        d.hint.as_deref().unwrap().contains("« surface_habitable »"),
        "{d}"
    );

    let dir = site_2025();
    dir.edit(
        RESIDENCES,
        "surface_habitable: 1300",
        "surface_habitable: 0",
    );
    let errors = build_errors(&dir);
    let d = find(&errors, "surface habitable nulle");
    assert_eq!(d.line, Some(3));
}

#[test]
fn jumps_are_warnings_unless_a_note_explains_them() {
    let dir = valid_site();
    dir.edit(Y2025, "EAU: { reel: 16500", "EAU: { reel: 26500");
    let report = dir.run(&["check"]).success(); // warnings only
    let warnings = observatory_warnings(&report.stderr);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("+65,6"), "{}", warnings[0]);
    assert_eq!(warnings[0].line, Some(7));
    // The 2025 heating line of lille-tilleuls rose 25 % with a note: not reported either way.

    dir.edit(
        Y2025,
        "EAU: { reel: 26500, provisions: 16000 }",
        "EAU: { reel: 26500, provisions: 16000, note: \"fuite\" }",
    );
    let report = dir.run(&["check"]).success(); // no error
    assert!(observatory_warnings(&report.stderr).is_empty());
}

#[test]
fn categories_can_be_relabelled_and_extended() {
    let categories = "categories:\n  PER: { libelle: \"Gardiens et employés d’immeuble\", libelle_court: \"Gardiens\" }\n  GAR: { libelle: \"Garages et parkings\" }\n";
    let dir = site_2025();
    dir.edit(
        Y2025,
        "lille-acacias: { EAU",
        "lille-acacias: { GAR: { reel: 600, provisions: 600 }, EAU",
    );
    dir.write("content/observatoire/categories.yaml", categories);
    build_ok(&dir);
    let page = read(&dir, "residences/lille-acacias/index.html");
    assert!(page.contains("Garages et parkings"));
    let obs = read(&dir, "observatoire/index.html");
    assert!(obs.contains("Gardiens et employés d’immeuble"));
}

#[test]
fn shortcodes_embed_charts_and_reject_unknown_ids() {
    let page = "---\ntitre: \"Charges\"\n---\n\n{{ chiffre(id=\"moyenne-m2-an\") }}\n\n{{ graphique(id=\"evolution-parc\") }}\n\n{{ graphique(id=\"residence\", residence=\"lille-tilleuls\") }}\n";
    let dir = valid_site();
    dir.write("content/charges.md", page);
    build_ok(&dir);
    let html = read(&dir, "charges/index.html");
    // 2025: (12 550 + 10 650 + 49 500) / (650 + 1 300 + 2 600) = 72 700 / 4 550 = 15,98 €/m².
    assert!(html.contains("15,98\u{a0}€"), "{html}");
    // The park's evolution and the residence's, each with its phone version.
    assert_eq!(html.matches("role=\"img\"").count(), 4);
    assert!(html.contains("residences/lille-tilleuls/index.html"));

    dir.write(
        "content/charges.md",
        "---\ntitre: \"Charges\"\n---\n\n{{ graphique(id=\"evolution\") }}\n",
    );
    let errors = build_errors(&dir);
    let d = find(&errors, "graphique « evolution » inconnu");
    file_is(d, "content/charges.md");
    assert_eq!(d.line, Some(5));
    assert!(d.message.contains("evolution-parc"), "{d}");
}

#[test]
fn a_site_without_observatory_data_has_no_observatory() {
    let dir = valid_site();
    dir.remove("content/observatoire");
    build_ok(&dir);
    assert!(!dir.path("public/observatoire").exists());
    assert!(!read(&dir, "index.html").contains("observatoire/index.html"));
}

#[test]
fn generated_data_is_deterministic_and_valid() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for dir in [&a, &b] {
        let out = dir.path().to_str().unwrap();
        let args = [
            "generate-data",
            "--output",
            out,
            "--residences",
            "40",
            "--years",
            "2020-2025",
            "--seed",
            "7",
        ];
        Run::new(
            &crate::support::ensemble(dir.path(), &args)
                .output()
                .unwrap(),
        )
        .success();
    }
    for rel in ["residences.yaml", "charges/2020.yaml", "charges/2025.yaml"] {
        assert_eq!(
            std::fs::read(a.path().join(rel)).unwrap(),
            std::fs::read(b.path().join(rel)).unwrap(),
            "{rel}"
        );
    }
    let dir = valid_site();
    dir.remove("content/observatoire");
    copy_dir(a.path(), &dir.path("content/observatoire"));
    let report = build_ok(&dir);
    assert!(observatory_warnings(&report.stderr).is_empty());
    assert!(dir.path("public/observatoire/lille/index.html").exists());
}

/// The fixture whose last year lacks a residence (lille-acacias) and a category (EAU of
/// roubaix-beffroi).
fn incomplete_site() -> Site {
    let dir = valid_site();
    dir.edit(
        Y2025,
        "  lille-acacias: { EAU: { reel: 8200, provisions: 8100 }, IND: { reel: 2450, provisions: 2400 } }\n",
        "",
    );
    dir.edit(Y2025, "    EAU: { reel: 16500, provisions: 16000 }\n", "");
    dir
}

#[test]
fn incomplete_years_are_warnings_and_errors_under_strict() {
    let dir = incomplete_site();
    let report = dir.run(&["check"]).success();
    let warnings = observatory_warnings(&report.stderr);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    let residence = find(&warnings, "« lille-acacias »");
    file_is(residence, Y2025);
    assert_eq!(
        residence.message,
        "résidence « lille-acacias » : des charges en 2024 mais aucune en 2025"
    );
    let category = find(&warnings, "« roubaix-beffroi »");
    file_is(category, Y2025);
    assert_eq!(
        category.message,
        "résidence « roubaix-beffroi », catégorie EAU : présente en 2024 (16\u{202f}000\u{a0}€), absente en 2025"
    );
    assert!(
        category
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("complétez la ligne EAU"),
        "{category}"
    );

    let strict = dir.run(&["check", "--strict"]).failure();
    let errors = diagnostics::errors(&strict.stderr);
    find(&errors, "« lille-acacias »");
    find(&errors, "catégorie EAU");
}

#[test]
fn build_strict_keeps_the_previous_output() {
    let dir = incomplete_site();
    dir.build_ok();
    let before = crate::support::files(&dir.out());
    dir.edit(Y2024, "reel: 6000", "reel: 6100"); // a change that would be published
    let failed = dir.run(&["build", "--strict"]).failure();
    find(&diagnostics::errors(&failed.stderr), "« lille-acacias »");
    assert_eq!(crate::support::files(&dir.out()), before);
    dir.run(&["build"]).success();
    assert_ne!(crate::support::files(&dir.out()), before);
}

#[test]
fn a_provisional_year_is_said_on_every_page_that_shows_it() {
    let site = valid_site();
    // Written in words, as the communication team would.
    site.edit(Y2025, "annee: 2025", "annee: 2025\nprovisoire: oui");
    build_ok(&site);
    let notice = "<strong>Données provisoires&#160;:</strong> les charges de 2025 ne sont pas encore arrêtées";
    for rel in [
        "observatoire/index.html",
        "residences/lille-tilleuls/index.html",
        "observatoire/lille/index.html",
    ] {
        assert!(read(&site, rel).contains(notice), "{rel}");
    }
    assert!(read(&site, "affiches/lille-tilleuls/index.html")
        .contains("Vos charges en 2025 (chiffres provisoires)"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&site, "donnees/charges.json")).unwrap();
    assert_eq!(json["annees_provisoires"], serde_json::json!([2025]));

    // Not provisional: no notice, and the JSON has no such key.
    let final_site = valid_site();
    build_ok(&final_site);
    assert!(!read(&final_site, "observatoire/index.html").contains("Données provisoires"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&final_site, "donnees/charges.json")).unwrap();
    assert!(json.get("annees_provisoires").is_none());
}
