//! The open data beside charges.csv: `chiffres.csv` (figures per residence and year), the ODS
//! workbook read back with calamine (codes as text, amounts as numbers), the Table Schemas
//! against the CSV headers, and the licence and date of the data page.

use crate::support::Site;
use calamine::{Data, Reader};

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("a byte order mark");
    body.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(str::to_string).collect())
        .collect()
}

fn number(cell: &str) -> f64 {
    cell.replace(',', ".").parse().unwrap()
}

#[test]
fn chiffres_csv_has_the_figures_of_each_residence_and_year_from_charges_csv() {
    let site = Site::fixture("observatory");
    site.build_ok();
    let charges = csv_rows(&site.output("donnees/charges.csv"));
    let chiffres = csv_rows(&site.output("donnees/chiffres.csv"));
    assert_eq!(
        chiffres[0].join(";"),
        "annee;residence;nom;commune;code_postal;logements;surface_habitable_m2;reel_eur;provisions_eur;regularisation_eur;eur_par_logement_par_mois;eur_par_m2_par_an;evolution_pct"
    );
    // Three residences, two years.
    assert_eq!(chiffres.len(), 1 + 6, "{chiffres:?}");
    for row in &chiffres[1..] {
        let (year, id) = (&row[0], &row[1]);
        let lines: Vec<&Vec<String>> = charges[1..]
            .iter()
            .filter(|c| &c[0] == year && &c[1] == id)
            .collect();
        let actual: f64 = lines.iter().map(|c| number(&c[7])).sum();
        let provisions: f64 = lines.iter().map(|c| number(&c[8])).sum();
        let (dwellings, area) = (number(&row[5]), number(&row[6]));
        assert!((number(&row[7]) - actual).abs() < 0.006, "{row:?}");
        assert!((number(&row[8]) - provisions).abs() < 0.006, "{row:?}");
        assert!(
            (number(&row[9]) - (provisions - actual)).abs() < 0.011,
            "{row:?}"
        );
        let per_month = actual / dwellings / 12.0;
        assert!((number(&row[10]) - per_month).abs() < 0.006, "{row:?}");
        assert!((number(&row[11]) - actual / area).abs() < 0.006, "{row:?}");
        assert!(row[7].contains(','), "decimal comma: {row:?}");
    }
    // The first year has no change; the second has one.
    assert_eq!(chiffres[1][12], "");
    assert!(!chiffres[chiffres.len() - 1][12].is_empty());
}

#[test]
fn the_ods_workbook_has_three_sheets_with_typed_cells() {
    let site = Site::fixture("observatory");
    site.edit(
        "content/observatoire/residences.yaml",
        "dpe: D, qpv: false }",
        "dpe: D, qpv: false, code_insee: \"59350\", zone_climatique: H1 }",
    );
    site.build_ok();
    let path = site.out().join("donnees/observatoire.ods");
    let mut book: calamine::Ods<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["résidences", "charges", "chiffres"]);
    let residences = book.worksheet_range("résidences").unwrap();
    let header: Vec<String> = residences
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = residences.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::String("lille-tilleuls".into()));
    assert_eq!(first[col("code_postal")], Data::String("59000".into()));
    assert_eq!(first[col("code_insee")], Data::String("59350".into()));
    assert_eq!(first[col("logements")], Data::Float(10.0));
    assert_eq!(first[col("surface_habitable_m2")], Data::Float(650.0));
    assert_eq!(first[col("zone_climatique")], Data::String("H1".into()));
    let charges = book.worksheet_range("charges").unwrap();
    let csv = csv_rows(&site.output("donnees/charges.csv"));
    assert_eq!(charges.height(), csv.len());
    let row = charges.rows().nth(1).unwrap();
    assert_eq!(row[0], Data::Float(csv[1][0].parse().unwrap()));
    assert_eq!(row[7], Data::Float(number(&csv[1][7])));
    let chiffres = book.worksheet_range("chiffres").unwrap();
    assert_eq!(
        chiffres.height(),
        csv_rows(&site.output("donnees/chiffres.csv")).len()
    );
    // Two builds give the same bytes.
    let before = std::fs::read(&path).unwrap();
    site.build_ok();
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn each_csv_file_has_a_table_schema_naming_its_columns_in_order() {
    let site = Site::fixture("observatory");
    site.build_ok();
    for (csv, schema) in [
        ("charges", "schema-charges"),
        ("residences", "schema-residences"),
        ("chiffres", "schema-chiffres"),
    ] {
        let header = csv_rows(&site.output(&format!("donnees/{csv}.csv")))[0].clone();
        let json: serde_json::Value =
            serde_json::from_str(&site.output(&format!("donnees/{schema}.json"))).unwrap();
        let fields = json["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(names, header, "{schema}");
        for f in fields {
            assert!(f["title"].as_str().is_some_and(|t| !t.is_empty()), "{f}");
            let kind = f["type"].as_str().unwrap();
            assert!(
                ["string", "number", "integer", "boolean"].contains(&kind),
                "{f}"
            );
            if kind == "number" {
                assert_eq!(f["decimalChar"], ",", "{f}");
                assert!(f["groupChar"].is_string(), "{f}");
            }
        }
        assert!(json["primaryKey"].as_array().is_some_and(|k| !k.is_empty()));
    }
    let residences: serde_json::Value =
        serde_json::from_str(&site.output("donnees/schema-residences.json")).unwrap();
    let postal = residences["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "code_postal")
        .unwrap();
    assert_eq!(postal["type"], "string");
    assert_eq!(postal["constraints"]["pattern"], "[0-9]{5}");
}

#[test]
fn the_data_page_shows_the_licence_and_the_date_of_the_data() {
    let site = Site::fixture("observatory");
    site.build_ok();
    let page = site.output("observatoire/index.html");
    assert!(
        page.contains("<a href=\"https://www.etalab.gouv.fr/licence-ouverte-open-licence/\">Licence Ouverte / Open Licence version 2.0</a>"),
        "{page}"
    );
    for file in ["chiffres.csv", "observatoire.ods", "schema-charges.json"] {
        assert!(
            page.contains(&format!("href=\"../donnees/{file}\"")),
            "{file}"
        );
    }
    // The fixture has no date_publication: no date rather than the time of the build.
    assert!(!page.contains("la date des données"), "{page}");
    site.edit(
        "content/site.yaml",
        "organisme:",
        "donnees:\n  licence: \"Open Database License (ODbL)\"\n  licence_url: \"https://opendatacommons.org/licenses/odbl/\"\n  date: \"2026-03-01\"\norganisme:",
    );
    site.build_ok();
    let page = site.output("observatoire/index.html");
    assert!(page.contains(
        "<a href=\"https://opendatacommons.org/licenses/odbl/\">Open Database License (ODbL)</a>"
    ));
    assert!(
        page.contains("la date des données, le 1er\u{a0}mars\u{a0}2026"),
        "{page}"
    );
}
