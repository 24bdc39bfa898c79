//! Incremental rebuilds used by `serve`: a body edit re-renders only its page. These call the
//! library (`app::rebuild::apply`) on a kept build, as `serve` does between two edits.

use crate::support::{files, Site};
use ensemble::app::rebuild::{apply, Outcome};
use ensemble::pipeline::{build_keeping, BuildOptions};

fn options(f: &Site) -> BuildOptions {
    BuildOptions {
        root: f.root().to_path_buf(),
        ..Default::default()
    }
}

#[test]
fn a_body_edit_rerenders_only_that_page() {
    let f = Site::fixture("contract");
    let opts = options(&f);
    let (_, mut prepared) = build_keeping(&opts).expect("first build");
    let before = files(&f.out());
    f.write("content/geste.md", "---\ntitre: Le geste commercial\nmenu: true\nordre: 1\n---\n\n## Quand\n\nTexte réécrit.\n");
    match apply(&mut prepared, &opts, &[f.path("content/geste.md")]) {
        Outcome::Rendered(pages) => assert_eq!(pages, vec!["geste/index.html".to_string()]),
        other => panic!("expected one page, got {other:?}"),
    }
    let after = files(&f.out());
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(changed, vec!["geste/index.html"]);
    assert!(f.output("geste/index.html").contains("Texte réécrit."));

    // The incremental result is the page a full build writes.
    let incremental = f.output("geste/index.html");
    f.build_ok();
    assert_eq!(incremental, f.output("geste/index.html"));
}

#[test]
fn theme_body_edit_is_incremental_but_a_front_matter_edit_is_not() {
    let f = Site::fixture("contract");
    let opts = options(&f);
    let (_, mut prepared) = build_keeping(&opts).unwrap();
    let theme = "content/engagements/01-accueil.md";
    let original = f.read(theme);
    f.edit(theme, "Une enquête chaque année.", "Deux enquêtes par an.");
    assert!(matches!(
        apply(&mut prepared, &opts, &[f.path(theme)]),
        Outcome::Rendered(_)
    ));
    assert!(f
        .output("engagements/accueil/index.html")
        .contains("Deux enquêtes par an."));

    // A new title feeds the home page and the menus: everything must be rebuilt.
    f.write(
        theme,
        &original.replace("titre: \"Accueil\"", "titre: \"Accueil et écoute\""),
    );
    assert!(matches!(
        apply(&mut prepared, &opts, &[f.path(theme)]),
        Outcome::NeedsFullBuild
    ));
    // So does a new file, and a removed one.
    f.write("content/nouveau.md", "---\ntitre: Nouveau\n---\n");
    assert!(matches!(
        apply(&mut prepared, &opts, &[f.path("content/nouveau.md")]),
        Outcome::NeedsFullBuild
    ));
    f.remove("content/geste.md");
    assert!(matches!(
        apply(&mut prepared, &opts, &[f.path("content/geste.md")]),
        Outcome::NeedsFullBuild
    ));
}

#[test]
fn a_broken_body_is_reported_and_the_page_stays_as_it_was() {
    let f = Site::fixture("contract");
    let opts = options(&f);
    let (_, mut prepared) = build_keeping(&opts).unwrap();
    let before = f.output("geste/index.html");
    f.write(
        "content/geste.md",
        "---\ntitre: Le geste commercial\nmenu: true\nordre: 1\n---\n\n[perdu](@/nulle-part.md)\n",
    );
    match apply(&mut prepared, &opts, &[f.path("content/geste.md")]) {
        Outcome::Failed(d) => {
            let text: String = d.iter().map(|x| x.to_string()).collect();
            assert!(text.contains("content/geste.md:7"), "{text}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
    assert_eq!(before, f.output("geste/index.html"));
    // Once fixed, the next edit goes through the fast path again.
    f.write(
        "content/geste.md",
        "---\ntitre: Le geste commercial\nmenu: true\nordre: 1\n---\n\nRéparé.\n",
    );
    assert!(matches!(
        apply(&mut prepared, &opts, &[f.path("content/geste.md")]),
        Outcome::Rendered(_)
    ));
}

#[test]
fn a_body_edit_of_a_section_keeps_its_list_and_matches_a_full_build() {
    let f = Site::fixture("contract");
    f.write(
        "content/actualites/_index.md",
        "---\ntitre: Actualités\nflux: true\n---\n\nAvant.\n",
    );
    f.write(
        "content/actualites/reunion.md",
        "---\ntitre: Réunion\ndate: \"2026-11-20\"\n---\n\nTexte.\n",
    );
    let opts = options(&f);
    let (_, mut prepared) = build_keeping(&opts).expect("first build");
    f.edit("content/actualites/_index.md", "Avant.", "Après.");
    assert!(matches!(
        apply(
            &mut prepared,
            &opts,
            &[f.path("content/actualites/_index.md")]
        ),
        Outcome::Rendered(_)
    ));
    let incremental = f.output("actualites/index.html");
    assert!(incremental.contains("Après."));
    assert!(
        incremental.contains("actualites/reunion/index.html"),
        "still lists its page"
    );
    f.build_ok();
    assert_eq!(incremental, f.output("actualites/index.html"));
}
