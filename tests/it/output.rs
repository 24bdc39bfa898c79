//! The output folder: what a build may replace, and what it leaves behind (issue 10). A refused
//! output is reported before anything is written, and nothing of the site or of the refused
//! folder changes.

use crate::support::{files, staging_leftovers, tree_except, Site};

/// Builds with `--output <out>`, asserts exit code 1 with `message` in stderr, and that no file
/// of the site's folder changed.
fn refused(site: &Site, out: &str, message: &str) {
    let before = tree_except(site.root(), None);
    let run = site.run(&["build", "--output", out]).failure();
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Le dossier de sortie précédent n'a pas été modifié"),
        "{}",
        run.stderr
    );
    assert_eq!(tree_except(site.root(), None), before, "files changed");
}

#[test]
fn the_site_folder_is_never_an_output() {
    let site = Site::fixture("contract");
    refused(&site, ".", "c’est le dossier du site lui-même");
    refused(&site, "content/..", "c’est le dossier du site lui-même");
    refused(&site, "..", "il contient le dossier du site");
    refused(&site, "content", "il est dans content/");
    refused(&site, "content/public", "il est dans content/");
    site.write("templates/page.html", "{% extends \"theme/page.html\" %}");
    refused(&site, "templates", "il est dans templates/");
    refused(&site, "themes/default/sortie", "il est dans themes/");
}

#[test]
fn a_file_or_a_folder_of_someone_else_is_not_replaced() {
    let site = Site::fixture("contract");
    site.write("sortie.txt", "un fichier important");
    refused(&site, "sortie.txt", "c’est un fichier, pas un dossier");
    assert_eq!(site.read("sortie.txt"), "un fichier important");
    site.write("documents/lettre.odt", "une lettre");
    refused(&site, "documents", "qu’ensemble n’a pas écrits");
    assert_eq!(site.read("documents/lettre.odt"), "une lettre");
}

#[test]
fn ensembles_own_outputs_are_replaced_old_and_new() {
    let site = Site::fixture("contract");
    site.build_ok();
    assert!(
        site.path("public/.ensemble").is_file(),
        "every output carries its marker"
    );
    // An output of a version from before the marker is recognised by its layout.
    std::fs::remove_file(site.path("public/.ensemble")).unwrap();
    site.build_ok();
    assert!(site.path("public/.ensemble").is_file());
    // An empty folder is fine too.
    std::fs::create_dir_all(site.path("vide")).unwrap();
    site.run(&["build", "--output", "vide"]).success();
    assert!(site.path("vide/index.html").is_file());
}

#[test]
fn staging_folders_of_interrupted_builds_are_removed_by_the_next_build() {
    let site = Site::fixture("contract");
    site.build_ok();
    // What a `kill -9` in the middle of a build leaves: a staging folder and the old output of
    // a swap, named after a process that no longer runs.
    for dead in [".public.staging-999999999", ".public.staging-999999998.old"] {
        site.write(&format!("{dead}/index.html"), "à moitié écrit");
    }
    site.write(".autre.staging-999999999/x", "pas à nous");
    site.build_ok();
    let left: Vec<String> = staging_leftovers(site.root())
        .into_iter()
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert_eq!(left, Vec::<String>::new());
    assert!(
        site.path(".autre.staging-999999999/x").is_file(),
        "another output's folder stays"
    );
    assert!(!files(&site.path("public")).is_empty());
}
