//! `ensemble import charges`: an ERP export in Windows-1252 through a mapping, an XLSX made here
//! and a checked-in ODS, a bad cell located in its sheet, --force, --dry-run, and the round trip
//! of the example site's own `donnees/charges.csv`.

use crate::support::{copy_dir, files, repo, Site};

const YEAR_2023: &str = "content/observatoire/charges/2023.yaml";

fn erp_site() -> Site {
    Site::layers(&["observatory", "import-erp"])
}

#[test]
fn an_erp_export_in_windows_1252_imports_through_its_mapping_and_builds() {
    let site = erp_site();
    let run = site
        .run(&[
            "import",
            "charges",
            "import/export-erp.csv",
            "--year",
            "2023",
            "--mapping",
            "import/correspondance.yaml",
        ])
        .success();
    assert!(
        run.stdout
            .contains("import 2023 : 3 résidences, 7 lignes de charges"),
        "{}",
        run.stdout
    );
    let text = site.read(YEAR_2023);
    // P01 + P02 add up into CHC; the parenthesised credit is negative; the 2022 row is left out.
    assert!(text.contains("lille-tilleuls: { CHC: { reel: 6434.56, provisions: 6000, note: \"hausse du prix du gaz\" }, EAU: { reel: 3900.5, provisions: 4000 }, ASC: { reel: 900, provisions: 900, note: \"avoir du contrat d’ascenseur\" } }"), "{text}");
    assert!(text.contains("roubaix-beffroi: { CHC: { reel: 31100.25, provisions: 30000 }, EAU: { reel: 15800, provisions: 15500 } }"), "{text}");
    site.build_ok();
    let page = site.output("residences/lille-tilleuls/index.html");
    assert!(
        page.contains("2023"),
        "the residence page shows the imported year"
    );
}

#[test]
fn a_wide_ods_workbook_imports_with_numbers_and_french_text_amounts() {
    let site = erp_site();
    site.run(&[
        "import",
        "charges",
        "import/charges-larges.ods",
        "--year",
        "2023",
    ])
    .success();
    let text = site.read(YEAR_2023);
    assert!(
        text.contains("lille-acacias: { EAU: { reel: 8300.1, provisions: 8200 } }"),
        "{text}"
    );
    assert!(
        text.contains("lille-tilleuls: { CHC: { reel: 7100.4, provisions: 6900 }"),
        "{text}"
    );
    site.build_ok();
}

fn write_xlsx(path: &std::path::Path, bad: bool) {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Export ERP").unwrap();
    let header = [
        "Code immeuble",
        "Code charge",
        "Montant réel",
        "Provisions appelées",
        "Commentaire",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, f64, f64); 3] = [
        ("IMM001", "P01", 5000.0, 4800.0),
        ("IMM002", "E10", 8100.25, 8000.0),
        ("IMM003", "E10", 16000.0, 15000.0),
    ];
    for (r, (imm, code, real, prov)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *imm).unwrap();
        sheet.write_string(r, 1, *code).unwrap();
        sheet.write_number(r, 2, *real).unwrap();
        sheet.write_number(r, 3, *prov).unwrap();
    }
    if bad {
        sheet.write_string(2, 3, "huit mille").unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn an_xlsx_workbook_imports_through_the_mapping() {
    let site = erp_site();
    write_xlsx(&site.path("import/export.xlsx"), false);
    site.run(&[
        "import",
        "charges",
        "import/export.xlsx",
        "--year",
        "2023",
        "--mapping",
        "import/correspondance.yaml",
        "--sheet",
        "Export ERP",
    ])
    .success();
    let text = site.read(YEAR_2023);
    assert!(
        text.contains("lille-acacias: { EAU: { reel: 8100.25, provisions: 8000 } }"),
        "{text}"
    );
    site.build_ok();
}

#[test]
fn a_bad_cell_of_a_sheet_is_located_by_sheet_row_and_column_and_nothing_is_written() {
    let site = erp_site();
    write_xlsx(&site.path("import/export.xlsx"), true);
    let run = site
        .run(&[
            "import",
            "charges",
            "import/export.xlsx",
            "--year",
            "2023",
            "--mapping",
            "import/correspondance.yaml",
        ])
        .failure();
    assert!(
        run.stderr.contains("--> import/export.xlsx:Export ERP:3:4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("montant « huit mille » illisible (colonne D)"),
        "{}",
        run.stderr
    );
    assert!(!site.path(YEAR_2023).exists());
    let run = site
        .run(&[
            "import",
            "charges",
            "import/export.xlsx",
            "--year",
            "2023",
            "--sheet",
            "Feuil9",
        ])
        .failure();
    assert!(
        run.stderr
            .contains("feuille « Feuil9 » absente du classeur"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_existing_year_is_replaced_only_with_force() {
    let site = erp_site();
    site.write("releve.csv", "residence;categorie;reel;provisions\nlille-tilleuls;CHC;7 100,40;6 900\nlille-acacias;EAU;8 000;8 000\nroubaix-beffroi;EAU;1 234,5;1 200\n");
    let before = site.read("content/observatoire/charges/2025.yaml");
    site.run(&["import", "charges", "releve.csv", "--year", "2025"])
        .failure();
    assert_eq!(site.read("content/observatoire/charges/2025.yaml"), before);
    let run = site
        .run(&[
            "import",
            "charges",
            "releve.csv",
            "--year",
            "2025",
            "--force",
        ])
        .success();
    assert!(run.stdout.contains("3 modifiées"), "{}", run.stdout);
    let after = site.read("content/observatoire/charges/2025.yaml");
    assert!(
        after.contains("roubaix-beffroi: { EAU: { reel: 1234.5, provisions: 1200 } }"),
        "{after}"
    );
    site.build_ok();
}

#[test]
fn a_dry_run_prints_the_summary_and_writes_nothing() {
    let site = erp_site();
    let before = files(site.root());
    let run = site
        .run(&[
            "import",
            "charges",
            "import/export-erp.csv",
            "--year",
            "2023",
            "--mapping",
            "import/correspondance.yaml",
            "--dry-run",
        ])
        .success();
    assert!(run.stdout.contains("essai (--dry-run)"), "{}", run.stdout);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.trim_start().starts_with("CHC") && l.contains("534,81")),
        "{}",
        run.stdout
    );
    assert_eq!(files(site.root()), before);
}

#[test]
fn the_example_sites_own_charges_csv_imports_back_to_the_same_pages() {
    let site = Site::empty();
    copy_dir(&repo().join("content"), &site.path("content"));
    copy_dir(&repo().join("themes"), &site.path("themes"));
    site.run(&["build", "--output", "avant"]).success();
    let years: Vec<String> = std::fs::read_dir(site.path("content/observatoire/charges"))
        .unwrap()
        .flatten()
        .filter_map(|e| {
            e.path()
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .collect();
    assert!(years.len() >= 2);
    for year in &years {
        let run = site
            .run(&[
                "import",
                "charges",
                "avant/donnees/charges.csv",
                "--year",
                year,
                "--force",
            ])
            .success();
        assert!(
            run.stdout
                .contains("aucune ligne nouvelle, aucune modifiée, aucune retirée"),
            "{year}: {}",
            run.stdout
        );
    }
    site.run(&["build", "--output", "apres"]).success();
    let (before, after) = (files(&site.path("avant")), files(&site.path("apres")));
    assert_eq!(before.len(), after.len());
    for ((p, a), (q, b)) in before.iter().zip(&after) {
        assert_eq!(p, q);
        assert!(a == b, "{p} differs after the round trip");
    }
}

#[test]
fn the_repositorys_sample_erp_export_gives_back_the_example_2025_file() {
    let site = Site::empty();
    copy_dir(&repo().join("content"), &site.path("content"));
    copy_dir(&repo().join("import"), &site.path("import"));
    let before = files(site.root());
    let run = site
        .run(&[
            "import",
            "charges",
            "import/export-erp-2025.csv",
            "--year",
            "2025",
            "--mapping",
            "import/correspondance.yaml",
            "--dry-run",
        ])
        .success();
    assert!(
        run.stdout
            .contains("aucune ligne nouvelle, aucune modifiée, aucune retirée"),
        "{}",
        run.stdout
    );
    assert_eq!(files(site.root()), before);
}

#[test]
fn the_mapping_scaffolded_by_new_is_a_valid_mapping() {
    let site = Site::empty();
    site.run(&["new", "site"]).success();
    let root = site.path("site");
    std::fs::write(root.join("export.csv"), "Code immeuble;Code charge;Montant réel;Provisions appelées\nIMM0012;P01;1 000,50;900\nIMM0012;P02;200;200\nIMM0041;E10;300;300\n").unwrap();
    let run = crate::support::ensemble(
        &root,
        &[
            "import",
            "charges",
            "export.csv",
            "--year",
            "2026",
            "--mapping",
            "import/correspondance.yaml",
        ],
    )
    .output()
    .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let text =
        std::fs::read_to_string(root.join("content/observatoire/charges/2026.yaml")).unwrap();
    assert!(
        text.contains("lille-les-tilleuls: { CHC: { reel: 1200.5, provisions: 1100 } }"),
        "{text}"
    );
    assert!(
        text.contains("roubaix-le-beffroi: { EAU: { reel: 300, provisions: 300 } }"),
        "{text}"
    );
}

#[test]
fn the_summary_gives_the_completeness_warnings_of_check_before_writing() {
    let site = Site::fixture("observatory");
    site.write(
        "releve.csv",
        "residence;categorie;reel;provisions\nlille-tilleuls;CHC;7100,40;6900\nroubaix-beffroi;CHC;31000;30000\n",
    );
    let run = site
        .run(&[
            "import",
            "charges",
            "releve.csv",
            "--year",
            "2026",
            "--dry-run",
        ])
        .success();
    assert!(
        run.stdout
            .contains("complétude : 4 avertissements, détaillés"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("résidence « lille-acacias » : des charges en 2025 mais aucune en 2026"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("résidence « lille-tilleuls », catégorie EAU : présente en 2025"));
    assert!(!site.path("content/observatoire/charges/2026.yaml").exists());
    // The same year complete: nothing to report.
    site.write(
        "complet.csv",
        "residence;categorie;reel;provisions\nlille-tilleuls;CHC;7100;6900\nlille-tilleuls;EAU;4100;4000\nlille-tilleuls;ASC;950;950\n",
    );
    let run = site
        .run(&[
            "import",
            "charges",
            "complet.csv",
            "--year",
            "2026",
            "--dry-run",
        ])
        .success();
    assert!(run
        .stderr
        .contains("« lille-acacias » : des charges en 2025"));
    assert!(
        !run.stderr.contains("« lille-tilleuls », catégorie"),
        "{}",
        run.stderr
    );
}
