//! The charges observatory end to end: small fixture sites written into a temporary folder,
//! built, and checked on their output files and on the messages an author would read.

use ensemble::core::diagnostic::{Diagnostic, Severity};
use ensemble::pipeline::{self, BuildOptions, BuildReport};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const SITE_YAML: &str = "titre: \"Site de test\"\nurl_base: \"https://exemple.fr/\"\norganisme:\n  nom: \"Exemple Habitat\"\n  adresse: \"1 rue A, 59000 Lille\"\n  telephone: \"03 20 00 00 00\"\n  directeur_publication: \"C. Martin\"\n  hebergeur:\n    nom: \"H\"\n    adresse: \"2 rue B, 59100 Roubaix\"\n";

const RESIDENCES: &str = "\
residences:
  - { id: lille-tilleuls, nom: \"Résidence Les Tilleuls\", adresse: \"12 rue Pasteur\", code_postal: \"59000\", commune: \"Lille\", logements: 10, surface_habitable: 650, annee_construction: 1972, chauffage_collectif: true, ascenseur: true, dpe: D, qpv: false }
  - { id: lille-acacias, nom: \"Résidence Les Acacias\", adresse: \"3 rue Victor Hugo\", code_postal: \"59000\", commune: \"Lille\", logements: 20, surface_habitable: 1300, annee_construction: 1985, chauffage_collectif: false, ascenseur: false }
  - id: roubaix-beffroi
    nom: \"Résidence Le Beffroi\"
    adresse: \"8 rue Jean Lebas\"
    code_postal: \"59100\"
    commune: \"Roubaix\"
    logements: 40
    surface_habitable: 2600
    annee_construction: 1968
    chauffage_collectif: true
    ascenseur: true
";

const Y2024: &str = "\
annee: 2024
residences:
  lille-tilleuls: { CHC: { reel: 6000, provisions: 6000 }, EAU: { reel: 4000, provisions: 4200 }, ASC: { reel: 900, provisions: 900 } }
  lille-acacias: { EAU: { reel: 8000, provisions: 8000 }, IND: { reel: 2400, provisions: 2400 } }
  roubaix-beffroi: { CHC: { reel: 30000, provisions: 31000 }, EAU: { reel: 16000, provisions: 16000 } }
";

const Y2025: &str = "\
annee: 2025
residences:
  lille-tilleuls: { CHC: { reel: 7500, provisions: 6600, note: \"panne de chaudière en février\" }, EAU: { reel: 4100, provisions: 4200 }, ASC: { reel: 950, provisions: 900 } }
  lille-acacias: { EAU: { reel: 8200, provisions: 8100 }, IND: { reel: 2450, provisions: 2400 } }
  roubaix-beffroi:
    CHC: { reel: 33000, provisions: 31000 }
    EAU: { reel: 16500, provisions: 16000 }
";

/// A site with the repository's theme and the given observatory files.
fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "content/site.yaml", SITE_YAML);
    write(
        root,
        "content/_index.md",
        "---\ntitre: \"Accueil\"\n---\n\nBienvenue.\n",
    );
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &root.join("themes"),
    );
    for (path, text) in files {
        write(root, path, text);
    }
    dir
}

fn valid_site() -> TempDir {
    site(&[
        ("content/observatoire/residences.yaml", RESIDENCES),
        ("content/observatoire/charges/2024.yaml", Y2024),
        ("content/observatoire/charges/2025.yaml", Y2025),
    ])
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    }
}

fn build_ok(root: &Path) -> BuildReport {
    match pipeline::build(&options(root)) {
        Ok(report) => report,
        Err(failure) => panic!(
            "build failed:\n{}",
            failure
                .diagnostics
                .iter()
                .map(|d| d.to_string())
                .collect::<String>()
        ),
    }
}

fn build_errors(root: &Path) -> Vec<Diagnostic> {
    match pipeline::build(&options(root)) {
        Ok(_) => panic!("the build should have failed"),
        Err(failure) => failure
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect(),
    }
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The error whose message contains `needle`, or a panic listing all of them.
fn find<'a>(errors: &'a [Diagnostic], needle: &str) -> &'a Diagnostic {
    errors
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "no message contains « {needle} »:\n{}",
                errors.iter().map(|d| d.to_string()).collect::<String>()
            )
        })
}

/// Warnings about observatory data (fixture sites lack the legal pages, which is warned about too).
fn observatory_warnings(report: &BuildReport) -> Vec<&Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.file.starts_with("content/observatoire"))
        .collect()
}

fn file_is(d: &Diagnostic, rel: &str) {
    assert_eq!(d.file, PathBuf::from(rel), "{d}");
}

#[test]
fn valid_data_builds_pages_charts_and_exports() {
    let dir = valid_site();
    let root = dir.path();
    let report = build_ok(root);
    assert!(report.stats.charts >= 9, "{:?}", report.stats);

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
        1 + 3,
        "page title + 3 charts"
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
    assert_eq!(report.stats.posters, 3 + 3, "{:?}", report.stats);
}

#[test]
fn unknown_residence_and_category_are_located_with_suggestions() {
    let bad = Y2025
        .replace("lille-acacias:", "lille-acacia:")
        .replace("EAU: { reel: 16500", "EUA: { reel: 16500");
    let dir = site(&[
        ("content/observatoire/residences.yaml", RESIDENCES),
        ("content/observatoire/charges/2025.yaml", &bad),
    ]);
    let errors = build_errors(dir.path());
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
    let dup = format!("{Y2025}  lille-tilleuls: {{ EAU: {{ reel: 1, provisions: 1 }} }}\n")
        .replace(
        "lille-acacias: { EAU: { reel: 8200, provisions: 8100 },",
        "lille-acacias: { EAU: { reel: 8200, provisions: 8100 }, EAU: { reel: 1, provisions: 1 },",
    );
    let residences = RESIDENCES.replace("id: roubaix-beffroi", "id: lille-tilleuls");
    let dir = site(&[
        ("content/observatoire/residences.yaml", &residences),
        ("content/observatoire/charges/2025.yaml", &dup),
    ]);
    let errors = build_errors(dir.path());
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
    let bad = Y2025
        .replace("reel: 4100", "reel: -4100")
        .replace("reel: 8200", "reel: \"8 200,50\"")
        .replace("reel: 33000, provisions: 31000", "reel: 33000");
    let dir = site(&[
        ("content/observatoire/residences.yaml", RESIDENCES),
        ("content/observatoire/charges/2025.yaml", &bad),
    ]);
    let errors = build_errors(dir.path());
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
    let dir = site(&[
        ("content/observatoire/residences.yaml", RESIDENCES),
        ("content/observatoire/charges/2024.yaml", Y2025),
    ]);
    let errors = build_errors(dir.path());
    let d = find(&errors, "année 2025 dans le fichier de l'année 2024");
    file_is(d, "content/observatoire/charges/2024.yaml");
    assert_eq!(d.line, Some(1));
}

#[test]
fn zero_area_and_unknown_key_are_located() {
    let residences = RESIDENCES
        .replace("surface_habitable: 1300", "surface_habitable: 0")
        .replace(
            "    ascenseur: true\n",
            "    ascenseur: true\n    surface_habitabl: 3\n",
        );
    let dir = site(&[
        ("content/observatoire/residences.yaml", &residences),
        ("content/observatoire/charges/2025.yaml", Y2025),
    ]);
    let errors = build_errors(dir.path());
    // An unknown key stops the file: serde reports it first, with the nearest valid key.
    let d = find(&errors, "clé inconnue « surface_habitabl »");
    file_is(d, "content/observatoire/residences.yaml");
    assert_eq!(d.line, Some(14));
    assert!(
        d.hint.as_deref().unwrap().contains("« surface_habitable »"),
        "{d}"
    );

    let residences = RESIDENCES.replace("surface_habitable: 1300", "surface_habitable: 0");
    let dir = site(&[
        ("content/observatoire/residences.yaml", &residences),
        ("content/observatoire/charges/2025.yaml", Y2025),
    ]);
    let errors = build_errors(dir.path());
    let d = find(&errors, "surface habitable nulle");
    assert_eq!(d.line, Some(3));
}

#[test]
fn jumps_are_warnings_unless_a_note_explains_them() {
    let jump = Y2025.replace("EAU: { reel: 16500", "EAU: { reel: 26500");
    let dir = site(&[
        ("content/observatoire/residences.yaml", RESIDENCES),
        ("content/observatoire/charges/2024.yaml", Y2024),
        ("content/observatoire/charges/2025.yaml", &jump),
    ]);
    let report = pipeline::check(&options(dir.path())).expect("warnings only");
    let warnings = observatory_warnings(&report);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].message.contains("+65,6"), "{}", warnings[0]);
    assert_eq!(warnings[0].line, Some(7));
    // The 2025 heating line of lille-tilleuls rose 25 % with a note: not reported either way.

    let explained = jump.replace(
        "EAU: { reel: 26500, provisions: 16000 }",
        "EAU: { reel: 26500, provisions: 16000, note: \"fuite\" }",
    );
    write(
        dir.path(),
        "content/observatoire/charges/2025.yaml",
        &explained,
    );
    let report = pipeline::check(&options(dir.path())).expect("no error");
    assert!(observatory_warnings(&report).is_empty());
}

#[test]
fn categories_can_be_relabelled_and_extended() {
    let categories = "categories:\n  PER: { libelle: \"Gardiens et employés d’immeuble\", libelle_court: \"Gardiens\" }\n  GAR: { libelle: \"Garages et parkings\" }\n";
    let year = Y2025.replace(
        "lille-acacias: { EAU",
        "lille-acacias: { GAR: { reel: 600, provisions: 600 }, EAU",
    );
    let dir = site(&[
        ("content/observatoire/residences.yaml", RESIDENCES),
        ("content/observatoire/categories.yaml", categories),
        ("content/observatoire/charges/2025.yaml", &year),
    ]);
    build_ok(dir.path());
    let page = read(dir.path(), "residences/lille-acacias/index.html");
    assert!(page.contains("Garages et parkings"));
    let obs = read(dir.path(), "observatoire/index.html");
    assert!(obs.contains("Gardiens et employés d’immeuble"));
}

#[test]
fn shortcodes_embed_charts_and_reject_unknown_ids() {
    let page = "---\ntitre: \"Charges\"\n---\n\n{{ chiffre(id=\"moyenne-m2-an\") }}\n\n{{ graphique(id=\"evolution-parc\") }}\n\n{{ graphique(id=\"residence\", residence=\"lille-tilleuls\") }}\n";
    let dir = site(&[
        ("content/observatoire/residences.yaml", RESIDENCES),
        ("content/observatoire/charges/2024.yaml", Y2024),
        ("content/observatoire/charges/2025.yaml", Y2025),
        ("content/charges.md", page),
    ]);
    build_ok(dir.path());
    let html = read(dir.path(), "charges/index.html");
    // 2025: (12 550 + 10 650 + 49 500) / (650 + 1 300 + 2 600) = 72 700 / 4 550 = 15,98 €/m².
    assert!(html.contains("15,98\u{a0}€"), "{html}");
    assert_eq!(html.matches("role=\"img\"").count(), 2);
    assert!(html.contains("residences/lille-tilleuls/index.html"));

    write(
        dir.path(),
        "content/charges.md",
        "---\ntitre: \"Charges\"\n---\n\n{{ graphique(id=\"evolution\") }}\n",
    );
    let errors = build_errors(dir.path());
    let d = find(&errors, "graphique « evolution » inconnu");
    file_is(d, "content/charges.md");
    assert_eq!(d.line, Some(5));
    assert!(d.message.contains("evolution-parc"), "{d}");
}

#[test]
fn a_site_without_observatory_data_has_no_observatory() {
    let dir = site(&[]);
    build_ok(dir.path());
    assert!(!dir.path().join("public/observatoire").exists());
    assert!(!read(dir.path(), "index.html").contains("observatoire/index.html"));
}

#[test]
fn generated_data_is_deterministic_and_valid() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let options = ensemble::app::generate::GenerateOptions {
        residences: 40,
        first_year: 2020,
        last_year: 2025,
        seed: 7,
    };
    for dir in [&a, &b] {
        let generated = ensemble::app::generate::generate(&options);
        ensemble::write::files::replace_observatory_data(dir.path(), &generated.files).unwrap();
    }
    for rel in ["residences.yaml", "charges/2020.yaml", "charges/2025.yaml"] {
        assert_eq!(
            std::fs::read(a.path().join(rel)).unwrap(),
            std::fs::read(b.path().join(rel)).unwrap(),
            "{rel}"
        );
    }
    let dir = site(&[]);
    copy_dir(a.path(), &dir.path().join("content/observatoire"));
    let report = build_ok(dir.path());
    assert!(observatory_warnings(&report).is_empty());
    assert!(dir
        .path()
        .join("public/observatoire/lille/index.html")
        .exists());
}
