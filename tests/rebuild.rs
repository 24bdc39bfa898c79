//! Incremental rebuilds used by `serve`: a body edit re-renders only its page.

mod common;
use common::Fixture;
use ensemble::app::rebuild::{apply, Outcome};
use ensemble::pipeline::{build_keeping, BuildOptions};

fn options(f: &Fixture) -> BuildOptions {
    BuildOptions {
        root: f.root().to_path_buf(),
        ..Default::default()
    }
}

#[test]
fn a_body_edit_rerenders_only_that_page() {
    let f = Fixture::minimal();
    let opts = options(&f);
    let (_, mut prepared) = build_keeping(&opts).expect("first build");
    let before = common::snapshot(&f.path("public"));
    f.write("content/geste.md", "---\ntitre: Le geste commercial\nmenu: true\nordre: 1\n---\n\n## Quand\n\nTexte réécrit.\n");
    match apply(&mut prepared, &opts, &[f.path("content/geste.md")]) {
        Outcome::Rendered(pages) => assert_eq!(pages, vec!["geste/index.html".to_string()]),
        other => panic!("expected one page, got {other:?}"),
    }
    let after = common::snapshot(&f.path("public"));
    let changed: Vec<&str> = before
        .iter()
        .zip(&after)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(changed, vec!["geste/index.html"]);
    assert!(f.read("public/geste/index.html").contains("Texte réécrit."));

    // The incremental result is the page a full build writes.
    let incremental = f.read("public/geste/index.html");
    f.build_ok();
    assert_eq!(incremental, f.read("public/geste/index.html"));
}

#[test]
fn theme_body_edit_is_incremental_but_a_front_matter_edit_is_not() {
    let f = Fixture::minimal();
    let opts = options(&f);
    let (_, mut prepared) = build_keeping(&opts).unwrap();
    let theme = common::theme_md(1, "Accueil")
        .replace("Une enquête chaque année.", "Deux enquêtes par an.");
    f.write("content/engagements/01-accueil.md", &theme);
    assert!(matches!(
        apply(
            &mut prepared,
            &opts,
            &[f.path("content/engagements/01-accueil.md")]
        ),
        Outcome::Rendered(_)
    ));
    assert!(f
        .read("public/engagements/accueil/index.html")
        .contains("Deux enquêtes par an."));

    // A new title feeds the home page and the menus: everything must be rebuilt.
    f.write(
        "content/engagements/01-accueil.md",
        &common::theme_md(1, "Accueil et écoute"),
    );
    assert!(matches!(
        apply(
            &mut prepared,
            &opts,
            &[f.path("content/engagements/01-accueil.md")]
        ),
        Outcome::NeedsFullBuild
    ));
    // So does a new file, and a removed one.
    f.write("content/nouveau.md", "---\ntitre: Nouveau\n---\n");
    assert!(matches!(
        apply(&mut prepared, &opts, &[f.path("content/nouveau.md")]),
        Outcome::NeedsFullBuild
    ));
    std::fs::remove_file(f.path("content/geste.md")).unwrap();
    assert!(matches!(
        apply(&mut prepared, &opts, &[f.path("content/geste.md")]),
        Outcome::NeedsFullBuild
    ));
}

#[test]
fn a_broken_body_is_reported_and_the_page_stays_as_it_was() {
    let f = Fixture::minimal();
    let opts = options(&f);
    let (_, mut prepared) = build_keeping(&opts).unwrap();
    let before = f.read("public/geste/index.html");
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
    assert_eq!(before, f.read("public/geste/index.html"));
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
