//! Whole-site builds of the contract fixture: output layout, relative links, determinism, atomic
//! replacement, and located errors.

use crate::support::{files, scan, staging_leftovers, Site};

fn contract() -> Site {
    Site::fixture("contract")
}

#[test]
fn builds_contract_pages_sitemap_robots_and_404() {
    let f = contract();
    let stdout = f.build_ok();
    assert!(stdout.contains("pages"), "{stdout}");
    for path in [
        "index.html",
        "engagements/index.html",
        "engagements/accueil/index.html",
        "engagements/proprete/index.html",
        "mentions-legales/index.html",
        "geste/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "css/style.css",
    ] {
        assert!(f.out().join(path).is_file(), "missing {path}");
    }
    let theme = f.output("engagements/proprete/index.html");
    assert!(theme.contains(r#"<html lang="fr">"#));
    assert!(theme.contains("Nos engagements") && theme.contains("Vos engagements"));
    assert!(theme.contains("sous 8 jours"));
    assert!(
        theme.contains(r#"href="../../css/style.css""#),
        "stylesheet must be relative"
    );
    assert!(
        theme.contains(r#"href="../../geste/index.html""#),
        "@/ link must be relative"
    );
    assert!(theme.contains("Contenu d’exemple"));
    let sitemap = f.output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://essai.example.org/sous/chemin/engagements/proprete/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("404"));
    assert!(f
        .output("robots.txt")
        .contains("Sitemap: https://essai.example.org/sous/chemin/sitemap.xml"));
    let legal = f.output("mentions-legales/index.html");
    assert!(
        legal.contains("Jeanne Essai") && legal.contains("Hébergeur"),
        "legal notice shows the publisher"
    );
    scan::assert_no_live_content(&f.out());
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let f = contract();
    f.build_ok();
    let problems = ensemble::write::linkcheck::check_dir(&f.out(), &Default::default());
    assert!(
        problems.is_empty(),
        "{:#?}",
        problems.iter().map(|d| d.to_string()).collect::<Vec<_>>()
    );
    // No root-relative URL anywhere in the output.
    for (path, bytes) in files(&f.out()) {
        if path.ends_with(".html") {
            let text = String::from_utf8(bytes).unwrap();
            assert!(
                !text.contains("href=\"/") && !text.contains("src=\"/"),
                "root-relative link in {path}"
            );
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let f = contract();
    f.build_ok();
    let first = files(&f.out());
    f.build_ok();
    assert_eq!(first, files(&f.out()));
}

#[test]
fn the_embedded_theme_is_the_repositorys_default_theme() {
    let embedded = contract();
    embedded.build_ok();
    let copied = contract();
    crate::support::copy_dir(
        &crate::support::repo().join("themes"),
        &copied.path("themes"),
    );
    copied.build_ok();
    assert_eq!(files(&embedded.out()), files(&copied.out()));
}

#[test]
fn broken_front_matter_names_file_and_line_and_keeps_previous_output() {
    let f = contract();
    f.build_ok();
    let before = files(&f.out());
    // Line 2 of the file is the first line of the front matter.
    let original = f.read("content/engagements/02-proprete.md");
    let mut lines: Vec<&str> = original.lines().collect();
    lines[1] = "titre: \"Propreté";
    f.write(
        "content/engagements/02-proprete.md",
        &(lines.join("\n") + "\n"),
    );
    let stderr = f.build_err();
    assert!(
        stderr.contains("content/engagements/02-proprete.md:2"),
        "{stderr}"
    );
    assert_eq!(
        before,
        files(&f.out()),
        "previous output must stay byte-identical"
    );
    // No staging folder is left behind.
    assert!(staging_leftovers(f.root()).is_empty());
}

#[test]
fn unknown_key_is_an_error_with_a_suggestion() {
    let f = contract();
    f.write(
        "content/geste.md",
        "---\ntitre: Geste\nmneu: true\n---\n\nTexte.\n",
    );
    let stderr = f.build_err();
    assert!(stderr.contains("content/geste.md:3"), "{stderr}");
    assert!(stderr.contains("clé inconnue « mneu »"), "{stderr}");
    assert!(stderr.contains("vouliez-vous dire « menu »"), "{stderr}");
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let f = contract();
    f.write(
        "content/geste.md",
        "---\ntitre: Geste\nmneu: true\n---\n\nTexte.\n",
    );
    f.write("content/engagements/01-accueil.md", "---\ntitre: [\n---\n");
    f.write(
        "content/mentions-legales.md",
        "---\ntitre: ML\n---\n\n[lien](@/inexistant.md)\n",
    );
    let stderr = f.build_err();
    assert!(stderr.contains("content/geste.md:3"), "{stderr}");
    assert!(
        stderr.contains("content/engagements/01-accueil.md:"),
        "{stderr}"
    );
    assert!(stderr.contains("content/mentions-legales.md:5"), "{stderr}");
    assert!(stderr.contains("3 erreurs."), "{stderr}");
}

#[test]
fn config_errors_are_located_and_explained() {
    let f = contract();
    f.edit(
        "content/site.yaml",
        "url_base: \"https://essai.example.org/sous/chemin/\"",
        "url_base: \"essai.example.org\"\ncouleurs:\n  principale: \"#aaaaaa\"",
    );
    let stderr = f.build_err();
    assert!(
        stderr.contains("content/site.yaml:2"),
        "url_base line: {stderr}"
    );
    assert!(stderr.contains("adresse absolue"), "{stderr}");
    assert!(stderr.contains("contraste"), "{stderr}");
}

#[test]
fn raw_html_is_sanitized_and_dangerous_links_rejected() {
    let f = contract();
    f.write("content/geste.md", "---\ntitre: Geste\n---\n\n<div class=\"note\" style=\"color: red\">Note <font>vieille</font></div>\n");
    f.build_ok();
    let html = f.output("geste/index.html");
    assert!(html.contains("<div class=\"note\">Note"), "formatting kept");
    assert!(
        !html.contains("color: red") && !html.contains("<font"),
        "the rest dropped"
    );
    scan::assert_no_live_content(&f.out());
    // What would run or load something is an error at its line.
    f.write("content/geste.md", "---\ntitre: Geste\n---\n\n<div class=\"note\" onclick=\"steal()\">Note <script>alert(1)</script></div>\n\n<iframe src=\"https://tiers.example\"></iframe>\n");
    let stderr = f.build_err();
    for (line, what) in [(5, "onclick"), (5, "<script>"), (7, "<iframe>")] {
        assert!(
            stderr.contains(what) && stderr.contains(&format!("content/geste.md:{line}")),
            "{what} at {line}: {stderr}"
        );
    }
    f.write(
        "content/geste.md",
        "---\ntitre: Geste\n---\n\n[clic](javascript:alert(1))\n",
    );
    let stderr = f.build_err();
    assert!(
        stderr.contains("content/geste.md:5") && stderr.contains("javascript"),
        "{stderr}"
    );
}

#[test]
fn site_templates_override_theme_templates_file_by_file() {
    let f = contract();
    f.write(
        "templates/theme.html",
        "{% extends \"theme/theme.html\" %}{% block title %}SURCHARGE {{ theme.title }}{% endblock title %}",
    );
    f.build_ok();
    let theme = f.output("engagements/accueil/index.html");
    assert!(
        theme.contains("<title>SURCHARGE Accueil</title>"),
        "override applied"
    );
    assert!(
        theme.contains("Nos engagements"),
        "theme template still extended"
    );
    assert!(
        !f.output("index.html").contains("SURCHARGE"),
        "other templates untouched"
    );
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let f = contract();
    f.write("templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nonexistent_filter }}\n{% endblock main %}\n");
    let stderr = f.build_err();
    assert!(stderr.contains("templates/page.html:3"), "{stderr}");
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let f = contract();
    f.write(
        "content/brouillon.md",
        "---\ntitre: Pas prêt\nbrouillon: true\n---\n\nTexte.\n",
    );
    f.build_ok();
    assert!(!f.out().join("brouillon/index.html").exists());
    f.run(&["build", "--drafts"]).success();
    assert!(f.out().join("brouillon/index.html").exists());
}

#[test]
fn themes_follow_their_order_and_a_new_file_adds_a_theme() {
    let f = contract();
    let third = f
        .read("content/engagements/01-accueil.md")
        .replace("titre: \"Accueil\"", "titre: \"Antennes-relais\"")
        .replace("ordre: 1", "ordre: 3");
    f.write("content/engagements/03-antennes.md", &third);
    f.build_ok();
    let home = f.output("index.html");
    let (a, b, c) = (
        home.find("Accueil</a>").unwrap(),
        home.find("Propreté</a>").unwrap(),
        home.find("Antennes-relais</a>").unwrap(),
    );
    assert!(a < b && b < c, "themes in `ordre` order");
    assert!(f.out().join("engagements/antennes/index.html").is_file());
}

#[test]
fn french_typography_in_rendered_text() {
    let f = contract();
    f.build_ok();
    let home = f.output("index.html");
    assert!(
        home.contains("Bienvenue\u{202F}!"),
        "narrow no-break space before !"
    );
}

#[test]
fn check_reports_a_broken_link_with_the_file_and_writes_nothing() {
    let f = contract();
    f.write(
        "content/geste.md",
        "---\ntitre: Geste\n---\n\n[perdu](../nulle-part/index.html)\n",
    );
    let stderr = f.run(&["check"]).failure().stderr;
    assert!(stderr.contains("content/geste.md"), "{stderr}");
    assert!(
        stderr.contains("nulle-part/index.html n'existe pas"),
        "{stderr}"
    );
    assert!(!f.out().exists(), "check writes nothing");
}
