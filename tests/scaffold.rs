//! `ensemble new` writes a site that builds and checks cleanly as is, with no theme folder.

use std::process::Command;

fn ensemble(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ensemble"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn new_site_builds_and_checks_without_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("mon-site");
    let out = ensemble(tmp.path(), &["new", "mon-site"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Par quoi commencer"));
    assert!(!site.join("themes").exists(), "the embedded theme is used");
    assert!(site.join("LISEZMOI.md").is_file());

    let out = ensemble(&site, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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
    let out = ensemble(&site, &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("aucune erreur, 0 avertissement"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("garder.txt"), "important").unwrap();
    let out = ensemble(tmp.path(), &["new", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("n'est pas vide"));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("garder.txt")).unwrap(),
        "important"
    );
}
