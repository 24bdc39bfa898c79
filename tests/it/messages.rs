//! What an author reads when the example site's data is wrong: the cause first, one message per
//! mistake, in French, and the habits of a French spreadsheet user accepted or explained.
//! (The exact texts of bad inputs are kept as snapshots in tests/cases/.)

use crate::support::diagnostics;
use crate::support::{copy_dir, repo, Site};

const RESIDENCES: &str = "content/observatoire/residences.yaml";

/// A copy of the repository's example site (its content and theme).
fn example() -> Site {
    let site = Site::empty();
    copy_dir(&repo().join("content"), &site.path("content"));
    copy_dir(&repo().join("themes"), &site.path("themes"));
    site
}

/// English words serde_yaml, Tera or the OS would print.
const ENGLISH: [&str; 8] = [
    "did not find",
    "expected",
    "invalid type",
    "unknown field",
    "duplicate",
    "stream did not",
    "No such file",
    "os error",
];

fn assert_french(stderr: &str) {
    for word in ENGLISH {
        assert!(
            !stderr.contains(word),
            "English text « {word} » in:\n{stderr}"
        );
    }
}

#[test]
fn a_typo_in_residences_gives_its_one_error_first() {
    // One misspelt key, one duplicate key, one unclosed quote: the three a tired author makes.
    for (from, to) in [
        ("surface_habitable: 3363.5", "surface_habitabl: 3363.5"),
        ("logements: 47,", "logements: 47, logements: 48,"),
        ("nom: \"Le Clos du Bocage\"", "nom: \"Le Clos du Bocage"),
    ] {
        let site = example();
        site.edit(RESIDENCES, from, to);
        let stderr = site.run(&["check"]).failure().stderr;
        let errors = diagnostics::errors(&stderr);
        assert!(
            (1..=5).contains(&errors.len()),
            "{to}: {} errors:\n{stderr}",
            errors.len()
        );
        assert_eq!(errors[0].file, RESIDENCES, "{to}: cause first:\n{stderr}");
        assert_eq!(errors[0].line, Some(5), "{to}:\n{stderr}");
        assert!(
            errors.iter().all(|e| e.file == RESIDENCES),
            "{to}: nothing reported that follows from it:\n{stderr}"
        );
        assert_french(&stderr);
    }
}

#[test]
fn an_empty_residences_file_says_so_once() {
    let site = example();
    site.write(RESIDENCES, "");
    let stderr = site.run(&["check"]).failure().stderr;
    let errors = diagnostics::errors(&stderr);
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].message.contains("aucune résidence"), "{stderr}");
}

#[test]
fn oui_and_non_are_booleans_everywhere() {
    let site = example();
    let text = site.read(RESIDENCES);
    site.write(
        RESIDENCES,
        &text
            .replace("ascenseur: true", "ascenseur: oui")
            .replace("ascenseur: false", "ascenseur: Non")
            .replace("qpv: true", "qpv: OUI"),
    );
    site.edit(
        "content/site.yaml",
        "contenu_exemple: true",
        "contenu_exemple: oui",
    );
    site.edit(
        "content/engagements/01-accueil.md",
        "    affiche: true",
        "    affiche: oui",
    );
    let changed = site.run(&["build"]).success();
    assert_french(&changed.stderr);

    let reference = example();
    reference.run(&["build"]).success();
    for rel in [
        "donnees/residences.csv",
        "affiches/engagements/index.html",
        "index.html",
    ] {
        assert_eq!(site.output(rel), reference.output(rel), "{rel}");
    }
}

#[test]
fn many_errors_of_one_kind_are_grouped_and_the_file_to_fix_is_named() {
    let site = example();
    // Eight residences of one year file that residences.yaml does not know.
    let path = "content/observatoire/charges/2025.yaml";
    let text = site.read(path);
    let mut changed = String::new();
    let mut renamed = 0;
    for line in text.lines() {
        if renamed < 8 && line.starts_with("  ") && line.contains(": { ") {
            changed.push_str(&line.replacen("  ", "  inconnue-", 1));
            renamed += 1;
        } else {
            changed.push_str(line);
        }
        changed.push('\n');
    }
    site.write(path, &changed);
    site.edit(
        "content/site.yaml",
        "principale: \"#1b4b8a\"",
        "principale: \"#1b4b8\"",
    );
    let stderr = site.run(&["check"]).failure().stderr;
    let errors = diagnostics::errors(&stderr);
    // site.yaml first, then five of the eight, then one line for the other three.
    assert_eq!(errors[0].file, "content/site.yaml", "{stderr}");
    assert_eq!(errors.len(), 1 + 5, "{stderr}");
    assert!(
        stderr.contains("… et 3 autres erreurs du même type dans content/observatoire/charges/2025.yaml, lignes "),
        "{stderr}"
    );
    assert!(
        stderr.contains("À corriger en premier : content/site.yaml:"),
        "{stderr}"
    );
    assert_french(&stderr);
}
