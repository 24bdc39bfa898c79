//! The repository's own example site (`content/`, the site `cargo run -- build` builds), built
//! into a temp folder: the acceptance criteria of the contract, observatory and posters on real
//! content.

use crate::support::{ensemble, scan, Run};

fn count_dirs(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().join("index.html").is_file())
        .count()
}

#[test]
fn example_site_meets_its_acceptance_criteria() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut command = ensemble(
        tmp.path(),
        &["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"],
    );
    Run::new(&command.arg(&out).output().unwrap()).success();

    // Contract: seven themes and the history of its versions, sitemap, robots, 404.
    assert_eq!(count_dirs(&out.join("engagements")), 7 + 1);
    assert!(out.join("engagements/historique/index.html").is_file());
    // News: four articles listed on one page, with their feed.
    assert_eq!(count_dirs(&out.join("actualites")), 4);
    assert!(out.join("actualites/atom.xml").is_file());
    for f in [
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "mentions-legales/index.html",
        "accessibilite/index.html",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // Observatory: residences, communes, exports, a chart on the charges theme page.
    let residences = count_dirs(&out.join("residences"));
    assert!(residences >= 40, "{residences} residence pages");
    let communes = count_dirs(&out.join("observatoire"));
    assert!(communes >= 5, "{communes} commune pages");
    let csv = std::fs::read(out.join("donnees/charges.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "CSV has a BOM");
    assert!(String::from_utf8_lossy(&csv)
        .lines()
        .next()
        .unwrap()
        .contains(';'));
    assert!(out.join("donnees/charges.json").is_file());
    let charges_theme =
        std::fs::read_to_string(out.join("engagements/maitrise-des-charges/index.html")).unwrap();
    assert!(
        charges_theme.contains("<svg") && charges_theme.contains("role=\"img\""),
        "chart embedded"
    );
    for entry in std::fs::read_dir(out.join("residences")).unwrap().flatten() {
        let page = entry.path().join("index.html");
        if !page.is_file() || entry.file_name() == "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            html.contains("<table"),
            "{} has a data table",
            page.display()
        );
        assert!(
            html.contains("\u{A0}€"),
            "{} has French amounts",
            page.display()
        );
        assert_eq!(
            html.matches("<svg").count(),
            html.matches("<title").count() - 1,
            "{}: every chart has a <title>",
            page.display()
        );
    }
    // Posters: one per residence, the contract poster, the synthesis, each with a QR code.
    assert_eq!(count_dirs(&out.join("affiches")), residences + 2);
    for entry in std::fs::read_dir(out.join("affiches")).unwrap().flatten() {
        let page = entry.path().join("index.html");
        if page.is_file() && entry.file_name() != "synthese" {
            let html = std::fs::read_to_string(&page).unwrap();
            assert!(html.contains("ensemble:paper"), "{}", page.display());
            if entry.file_name() != "engagements" {
                assert!(html.contains("qr"), "{} has a QR code", page.display());
            }
        }
    }
    // No script but the theme's, no event handler, no javascript: URL.
    scan::assert_no_live_content(&out);
    // Relative links only, and all of them resolve.
    let problems = ensemble::write::linkcheck::check_dir(&out, &Default::default());
    assert!(
        problems.is_empty(),
        "{:#?}",
        problems
            .iter()
            .take(5)
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
    );
}
