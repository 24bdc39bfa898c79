//! Rendering skipped (issue 15): a file whose inputs — its page context, the template set, the
//! global context, the program — have the fingerprint recorded in the previous output's
//! manifest is kept without rendering. Each test edits one input and checks that the rebuilt
//! output holds exactly the bytes of a build into a new folder, and that what could not change
//! was not rendered again.

use crate::support::{copy_dir, files, repo, Site};

/// (rendered, reused) from the `rendus` line of `--timings`.
fn build_counting(site: &Site, extra: &[&str]) -> (u64, u64) {
    let mut args = vec!["build", "--timings"];
    args.extend_from_slice(extra);
    let run = site.run(&args).success();
    let line = run
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with("rendus "))
        .unwrap_or_else(|| panic!("no « rendus » line in\n{}", run.stderr));
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    match numbers[..] {
        [rendered, reused] => (rendered, reused),
        [reused] if line.contains("aucun fichier") => (0, reused),
        [rendered] if line.contains("aucun repris") => (rendered, 0),
        _ => panic!("unexpected line: {line}"),
    }
}

/// The site's output compared with a build of the same sources into a new folder, file by file
/// (the manifest included): the paths that differ, or are in one only.
fn differences_from_fresh(site: &Site, extra: &[&str]) -> Vec<String> {
    let fresh = site.path("neuf");
    let _ = std::fs::remove_dir_all(&fresh);
    let mut args = vec!["build", "--output", "neuf"];
    args.extend_from_slice(extra);
    site.run(&args).success();
    let rebuilt = files(&site.out());
    let new = files(&fresh);
    std::fs::remove_dir_all(&fresh).unwrap();
    let mut differ: Vec<String> = rebuilt
        .iter()
        .filter(|(p, bytes)| new.iter().find(|(q, _)| q == p).map(|(_, b)| b) != Some(bytes))
        .map(|(p, _)| p.clone())
        .collect();
    differ.extend(
        new.iter()
            .filter(|(p, _)| !rebuilt.iter().any(|(q, _)| q == p))
            .map(|(p, _)| format!("{p} (only in the fresh build)")),
    );
    differ
}

/// The posters site (contract, observatory, posters) with its own copy of the default theme,
/// so that templates and theme files can be edited; built once.
fn built_site() -> Site {
    let site = Site::fixture("posters");
    copy_dir(&repo().join("themes/default"), &site.path("themes/default"));
    let (rendered, reused) = build_counting(&site, &[]);
    assert!(rendered > 20 && reused == 0, "{rendered} / {reused}");
    site
}

/// Applies `edit`, rebuilds over the previous output and checks it against a fresh build;
/// returns (rendered, reused) of the rebuild.
fn after(site: &Site, edit: impl FnOnce(&Site)) -> (u64, u64) {
    edit(site);
    let counts = build_counting(site, &[]);
    assert_eq!(differences_from_fresh(site, &[]), Vec::<String>::new());
    counts
}

#[test]
fn a_rebuild_without_change_renders_nothing() {
    let site = built_site();
    let before = files(&site.out());
    let (rendered, reused) = build_counting(&site, &[]);
    assert_eq!(rendered, 0, "{reused} reused");
    assert!(reused > 20);
    assert_eq!(files(&site.out()), before);
    assert_eq!(differences_from_fresh(&site, &[]), Vec::<String>::new());
}

#[test]
fn a_charges_value_re_renders_what_shows_it_and_nothing_else() {
    let site = built_site();
    let (rendered, reused) = after(&site, |s| {
        s.edit(
            "content/observatoire/charges/2025.yaml",
            "EAU: { reel: 12729.6,",
            "EAU: { reel: 12829.6,",
        )
    });
    assert!(rendered > 0, "the residence, its commune, the observatory");
    assert!(reused > rendered, "{rendered} rendered, {reused} reused");
}

#[test]
fn a_residence_name_reaches_every_page_that_shows_it() {
    let site = built_site();
    let (rendered, _) = after(&site, |s| {
        s.edit(
            "content/observatoire/residences.yaml",
            "nom: \"Cité des Fleurs\"",
            "nom: \"Cité des Glycines\"",
        )
    });
    assert!(rendered > 0);
    assert!(site
        .output("affiches/index.html")
        .contains("Cité des Glycines"));
}

#[test]
fn a_template_edit_re_renders_the_pages_that_use_it() {
    let site = built_site();
    let (rendered, _) = after(&site, |s| {
        s.edit(
            "themes/default/templates/partials/provisional.html",
            "Données provisoires",
            "Données encore provisoires",
        )
    });
    assert!(rendered > 0);
}

#[test]
fn a_site_yaml_edit_reaches_every_page() {
    let site = built_site();
    let (rendered, reused) = after(&site, |s| {
        s.edit(
            "content/site.yaml",
            "url_base: \"https://www.exemple-habitat.fr/\"",
            "url_base: \"https://habitat.example.org/charges/\"",
        )
    });
    // Every page names the site; the QR codes of the posters follow url_base.
    assert_eq!(reused, 0, "{rendered} rendered");
    assert!(site
        .output("affiches/les-tilleuls/index.html")
        .contains("habitat.example.org/charges"));
}

#[test]
fn a_theme_markdown_edit_reaches_the_menus_and_the_posters() {
    let site = built_site();
    let (rendered, _) = after(&site, |s| {
        s.edit(
            "content/engagements/02-proprete.md",
            "Nous affichons dans le hall les jours de ménage",
            "Nous affichons dans chaque hall les jours de ménage",
        )
    });
    assert!(rendered > 0);
}

#[test]
fn the_stylesheet_inlined_in_the_404_page_is_followed() {
    let site = built_site();
    after(&site, |s| {
        let css = s.read("themes/default/static/css/style.css");
        s.write(
            "themes/default/static/css/style.css",
            &format!("{css}\n/* retouche */\n"),
        );
    });
    assert!(site.output("404.html").contains("/* retouche */"));
}

#[test]
fn command_line_options_are_inputs_too() {
    let site = built_site();
    let args = ["--base-url", "https://autre.example.org/"];
    let (_, reused) = build_counting(&site, &args);
    assert_eq!(reused, 0, "url_base is on every page");
    assert_eq!(differences_from_fresh(&site, &args), Vec::<String>::new());
    // Back to site.yaml's url_base: everything again, nothing stale from the run before.
    build_counting(&site, &[]);
    assert_eq!(differences_from_fresh(&site, &[]), Vec::<String>::new());
    let (_, reused) = build_counting(&site, &["--drafts"]);
    assert!(reused > 0, "no draft in this site: the same pages");
    assert_eq!(
        differences_from_fresh(&site, &["--drafts"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_manifest_of_another_program_reuses_nothing() {
    let site = built_site();
    // The same files, as if another build of ensemble had made them: keys that cannot match.
    let manifest = site.out().join(".ensemble-manifest");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let changed: String = text
        .lines()
        .map(|l| {
            let mut parts: Vec<String> = l.splitn(4, ' ').map(str::to_string).collect();
            if parts.len() == 4 && parts[2] != "-" {
                parts[2] = format!("{:032x}", 7);
            }
            parts.join(" ") + "\n"
        })
        .collect();
    std::fs::write(&manifest, changed).unwrap();
    let (_, reused) = build_counting(&site, &[]);
    assert_eq!(reused, 0);
    assert_eq!(differences_from_fresh(&site, &[]), Vec::<String>::new());
}
