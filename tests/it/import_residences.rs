//! `ensemble import residences`: a Windows-1252 CSV with French headers, an XLSX made here with
//! numbers for postal codes and 1/0 for yes/no, the round trip of the example site's own
//! `donnees/residences.csv`, residences left out (--force, or refused when they have charges),
//! --dry-run.

use crate::support::{copy_dir, files, repo, Site};

const RESIDENCES: &str = "content/observatoire/residences.yaml";

/// The three residences of the `observatory` fixture, as a landlord's export spells them.
const FRENCH_CSV: &str = "Code résidence;Nom de la résidence;Adresse;CP;Commune;Code Insee;Nb logements;Surface habitable (m²);Année de construction;Mode de chauffage;Ascenseur;Étiquette DPE;QPV;Zone climatique\r\n\
lille-tilleuls;Résidence Les Tilleuls;12 rue Pasteur;59000;Lille;59350;10;650;1972;urbain;oui;D;non;H1\r\n\
lille-acacias;Résidence Les Acacias;3 rue Victor Hugo;59000;Lille;59350;20;1 300,5;1985;individuel;N;;;H1\r\n\
roubaix-beffroi;Résidence Le Beffroi;8 rue Jean Lebas;59100;Roubaix;59512;40;2600;1968;collectif;O;C;vrai;\r\n";

#[test]
fn a_windows_1252_csv_with_french_headers_imports_and_builds() {
    let site = Site::fixture("observatory");
    let (bytes, _, lossy) = encoding_rs::WINDOWS_1252.encode(FRENCH_CSV);
    assert!(!lossy);
    std::fs::write(site.path("export.csv"), &bytes).unwrap();
    let run = site.run(&["import", "residences", "export.csv"]).success();
    assert!(
        run.stdout.contains("import des résidences : 3 résidences."),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  3 modifiées ("), "{}", run.stdout);
    let text = site.read(RESIDENCES);
    assert!(text.contains("  - { id: lille-acacias, nom: \"Résidence Les Acacias\", adresse: \"3 rue Victor Hugo\", code_postal: \"59000\", commune: \"Lille\", logements: 20, surface_habitable: 1300.5, annee_construction: 1985, chauffage_collectif: false, ascenseur: false, code_insee: \"59350\", chauffage: individuel, zone_climatique: H1 }\n"), "{text}");
    assert!(
        text.contains("chauffage_collectif: true, ascenseur: true, dpe: D, qpv: false, code_insee: \"59350\", chauffage: urbain, zone_climatique: H1 }"),
        "{text}"
    );
    site.build_ok();
    let page = site.output("residences/lille-tilleuls/index.html");
    assert!(
        page.contains("<dt>Code commune (Insee)</dt><dd>59350</dd>"),
        "{page}"
    );
    assert!(page.contains("<dt>Zone climatique</dt><dd>H1</dd>"));
    assert!(page.contains("collectif (réseau de chaleur urbain)"));
    let csv = site.output("donnees/residences.csv");
    assert!(
        csv.contains("lille-tilleuls;Résidence Les Tilleuls;12 rue Pasteur;59000;Lille;10;650,00;1972;oui;oui;D;non;59350;urbain;H1;\r\n"),
        "{csv}"
    );
}

#[test]
fn an_xlsx_with_numbers_for_codes_and_one_zero_for_yes_no_imports() {
    use rust_xlsxwriter::Workbook;
    let site = Site::fixture("observatory");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Patrimoine").unwrap();
    let header = [
        "Identifiant",
        "Nom",
        "Adresse",
        "Code postal",
        "Commune",
        "Nombre de logements",
        "Surface habitable",
        "Année de construction",
        "Chauffage collectif",
        "Ascenseur",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        (
            "lille-tilleuls",
            "Les Tilleuls",
            "12 rue Pasteur",
            59000.0,
            "Lille",
            10.0,
            650.25,
            1972.0,
            1.0,
            1.0,
        ),
        (
            "lille-acacias",
            "Les Acacias",
            "3 rue Victor Hugo",
            59000.0,
            "Lille",
            20.0,
            1300.0,
            1985.0,
            0.0,
            0.0,
        ),
        (
            "roubaix-beffroi",
            "Le Beffroi",
            "8 rue Jean Lebas",
            59100.0,
            "Roubaix",
            40.0,
            2600.0,
            1968.0,
            1.0,
            1.0,
        ),
    ];
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, row.0).unwrap();
        sheet.write_string(r, 1, row.1).unwrap();
        sheet.write_string(r, 2, row.2).unwrap();
        sheet.write_number(r, 3, row.3).unwrap();
        sheet.write_string(r, 4, row.4).unwrap();
        for (c, v) in [(5, row.5), (6, row.6), (7, row.7), (8, row.8), (9, row.9)] {
            sheet.write_number(r, c, v).unwrap();
        }
    }
    book.save(site.path("patrimoine.xlsx")).unwrap();
    // A postal code that lost its leading zero in the spreadsheet is located by sheet, row and
    // column, and nothing is written.
    let before = site.read(RESIDENCES);
    sheet_with_bad_postal_code(&site.path("mauvais.xlsx"));
    let run = site
        .run(&["import", "residences", "mauvais.xlsx"])
        .failure();
    assert!(
        run.stderr.contains("--> mauvais.xlsx:Feuil1:3:2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("code postal « 1000 » invalide (colonne B)"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read(RESIDENCES), before);
    site.run(&[
        "import",
        "residences",
        "patrimoine.xlsx",
        "--sheet",
        "Patrimoine",
    ])
    .success();
    let text = site.read(RESIDENCES);
    assert!(text.contains("  - { id: lille-tilleuls, nom: \"Les Tilleuls\", adresse: \"12 rue Pasteur\", code_postal: \"59000\", commune: \"Lille\", logements: 10, surface_habitable: 650.25, annee_construction: 1972, chauffage_collectif: true, ascenseur: true }\n"), "{text}");
    assert!(text.contains("id: lille-acacias, nom: \"Les Acacias\", adresse: \"3 rue Victor Hugo\", code_postal: \"59000\", commune: \"Lille\", logements: 20, surface_habitable: 1300, annee_construction: 1985, chauffage_collectif: false, ascenseur: false }"), "{text}");
    site.build_ok();
    assert!(site
        .output("residences/lille-tilleuls/index.html")
        .contains("Les Tilleuls"));
}

#[test]
fn the_example_sites_own_residences_csv_imports_back_to_the_same_pages() {
    let site = Site::empty();
    copy_dir(&repo().join("content"), &site.path("content"));
    copy_dir(&repo().join("themes"), &site.path("themes"));
    site.run(&["build", "--output", "avant"]).success();
    let before_yaml = site.read(RESIDENCES);
    let run = site
        .run(&["import", "residences", "avant/donnees/residences.csv"])
        .success();
    assert!(
        run.stdout
            .contains("aucune ajoutée\n  aucune modifiée\n  aucune retirée"),
        "{}",
        run.stdout
    );
    let data_lines = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(data_lines(&before_yaml), data_lines(&site.read(RESIDENCES)));
    // The sheet « résidences » of the published workbook imports back the same way.
    site.run(&[
        "import",
        "residences",
        "avant/donnees/observatoire.ods",
        "--sheet",
        "résidences",
    ])
    .success();
    assert_eq!(data_lines(&before_yaml), data_lines(&site.read(RESIDENCES)));
    site.run(&["build", "--output", "apres"]).success();
    let (before, after) = (files(&site.path("avant")), files(&site.path("apres")));
    assert_eq!(before.len(), after.len());
    let mut residence_pages = 0;
    for ((p, a), (q, b)) in before.iter().zip(&after) {
        assert_eq!(p, q);
        assert!(a == b, "{p} differs after the round trip");
        residence_pages += usize::from(p.starts_with("residences/"));
    }
    assert!(residence_pages >= 60, "{residence_pages}");
}

#[test]
fn leaving_out_a_residence_takes_force_and_one_with_charges_is_refused() {
    let site = Site::fixture("observatory");
    site.write(
        "content/observatoire/residences.yaml",
        &format!(
            "{}  - {{ id: lille-sans-charges, nom: \"Sans charges\", adresse: \"1 rue Neuve\", code_postal: \"59000\", commune: \"Lille\", logements: 5, surface_habitable: 300, annee_construction: 2024, chauffage: individuel, ascenseur: non }}\n",
            site.read("content/observatoire/residences.yaml")
        ),
    );
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(FRENCH_CSV);
    std::fs::write(site.path("export.csv"), &bytes).unwrap();
    let before = site.read(RESIDENCES);
    let run = site.run(&["import", "residences", "export.csv"]).failure();
    assert!(
        run.stderr
            .contains("l’import retirerait 1 résidence : lille-sans-charges"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read(RESIDENCES), before);
    let dry = site
        .run(&["import", "residences", "export.csv", "--dry-run"])
        .success();
    assert!(
        dry.stdout.contains("  1 retirée (lille-sans-charges)"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("n’a pas été écrit"));
    assert_eq!(site.read(RESIDENCES), before);
    site.run(&["import", "residences", "export.csv", "--force"])
        .success();
    assert!(!site.read(RESIDENCES).contains("lille-sans-charges"));

    let two = FRENCH_CSV
        .lines()
        .filter(|l| !l.starts_with("roubaix"))
        .collect::<Vec<_>>()
        .join("\r\n");
    site.write("deux.csv", &two);
    let before = site.read(RESIDENCES);
    let run = site
        .run(&["import", "residences", "deux.csv", "--force"])
        .failure();
    assert!(
        run.stderr
            .contains("1 résidence absente du fichier mais qui a des charges : roubaix-beffroi"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read(RESIDENCES), before);
}

fn sheet_with_bad_postal_code(path: &std::path::Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Feuil1").unwrap();
    let rows = [
        [
            "residence",
            "cp",
            "nom",
            "adresse",
            "commune",
            "logements",
            "surface habitable",
            "annee construction",
            "chauffage",
            "ascenseur",
        ],
        [
            "lille-tilleuls",
            "59000",
            "Les Tilleuls",
            "12 rue Pasteur",
            "Lille",
            "10",
            "650",
            "1972",
            "collectif",
            "oui",
        ],
        [
            "bourg-les-lilas",
            "1000",
            "Les Lilas",
            "1 rue Neuve",
            "Bourg-en-Bresse",
            "8",
            "500",
            "1990",
            "individuel",
            "non",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            match v.parse::<f64>() {
                Ok(n) if r > 0 => sheet.write_number(r as u32, c as u16, n).unwrap(),
                _ => sheet.write_string(r as u32, c as u16, *v).unwrap(),
            };
        }
    }
    book.save(path).unwrap();
}

#[test]
fn other_addresses_and_the_register_fields_survive_the_round_trip() {
    let site = Site::fixture("observatory");
    site.edit(
        RESIDENCES,
        "dpe: D, qpv: false }",
        "dpe: D, qpv: false, adresses: [\"14 rue Pasteur\", \"2 à 8 place Verte\"], code_insee: \"59350\", chauffage: urbain, zone_climatique: H1 }",
    );
    site.build_ok();
    let pages = |s: &Site| {
        [
            "residences/lille-tilleuls/index.html",
            "residences/index.html",
        ]
        .map(|p| s.output(p))
    };
    let old_pages = pages(&site);
    site.run(&["import", "residences", "public/donnees/residences.csv"])
        .success();
    let after = site.read(RESIDENCES);
    assert!(
        after.contains("adresses: [\"14 rue Pasteur\", \"2 à 8 place Verte\"], code_insee: \"59350\", chauffage: urbain, zone_climatique: H1 }"),
        "{after}"
    );
    site.build_ok();
    assert_eq!(pages(&site), old_pages);
}
