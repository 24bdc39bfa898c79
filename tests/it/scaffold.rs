//! `ensemble new` writes a site that builds and checks cleanly as is, with no theme folder.

use crate::support::{ensemble, scan, Run, Site};

fn run(dir: &std::path::Path, args: &[&str]) -> Run {
    Run::new(&ensemble(dir, args).output().unwrap())
}

#[test]
fn new_site_builds_and_checks_without_edits() {
    let tmp = Site::empty();
    let site = tmp.path("mon-site");
    let out = run(tmp.root(), &["new", "mon-site"]).success();
    assert!(out.stdout.contains("Par quoi commencer"));
    assert!(!site.join("themes").exists(), "the embedded theme is used");
    assert!(site.join("LISEZMOI.md").is_file());

    run(&site, &["build"]).success();
    for path in [
        "index.html",
        "engagements/accueil/index.html",
        "mentions-legales/index.html",
        "accessibilite/index.html",
        "css/style.css",
        "residences/lille-les-tilleuls/index.html",
        "residences/roubaix-le-beffroi/index.html",
        "affiches/lille-les-tilleuls/index.html",
        "affiches/engagements/index.html",
        "donnees/charges.csv",
    ] {
        assert!(site.join("public").join(path).is_file(), "missing {path}");
    }
    scan::assert_no_live_content(&site.join("public"));
    let out = run(&site, &["check"]).success();
    assert!(
        out.stdout.contains("aucune erreur, aucun avertissement"),
        "{}",
        out.stdout
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let tmp = Site::empty();
    tmp.write("garder.txt", "important");
    let out = run(tmp.root(), &["new", "."]).failure();
    assert!(out.stderr.contains("n'est pas vide"));
    assert_eq!(tmp.read("garder.txt"), "important");
}
