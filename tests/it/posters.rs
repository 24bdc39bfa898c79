//! Hall posters and the A4 synthesis (issue #4): the pages `ensemble build` writes under
//! `affiches/`, built with the binary from the `posters` fixture (the example site's contract and
//! three residences, one of them with extreme lengths: a 120-character name, a long address and
//! commune, 1 234 dwellings), `posters-extreme` laid over it for texts at their longest, and
//! `--pdf` with and without Chromium.

use crate::support::{files, staging_leftovers, Run, Site};
use ensemble::write::pdf::count_pages;
use std::path::{Path, PathBuf};

/// The contract of the example site and the three sample residences.
fn example() -> Site {
    Site::fixture("posters")
}

/// [`example`] with every field at an extreme length: ten contacts with long labels, addresses
/// and hours; every commitment 300 characters long with a long target, all chosen for the
/// poster.
fn extreme() -> Site {
    let site = Site::layers(&["posters", "posters-extreme"]);
    let long = "Nous nous engageons à vous répondre de manière complète, claire et argumentée, en tenant compte de votre situation particulière, de l’historique de votre dossier, des contraintes techniques et réglementaires et des délais des entreprises intervenantes, après consultation des services concernés.";
    assert!(long.chars().count() >= 290);
    assert!(site
        .read("content/engagements/01-accueil.md")
        .contains(long));
    assert_eq!(
        site.read("content/site.yaml").matches("- libelle:").count(),
        10
    );
    site
}

/// Adds lines under `affiches:` in site.yaml.
fn set_poster_settings(site: &Site, lines: &str) {
    let config = site.read("content/site.yaml");
    assert!(config.contains("affiches:\n  format: A3"));
    site.write(
        "content/site.yaml",
        &config.replace("affiches:\n  format: A3", &format!("affiches:\n{lines}")),
    );
}

/// `ensemble build --root <site> <args>`.
fn ensemble(site: &Site, args: &[&str]) -> Run {
    let root = site.root().to_str().unwrap();
    let all: Vec<&str> = ["build", "--root", root]
        .into_iter()
        .chain(args.iter().copied())
        .collect();
    site.run(&all)
}

fn build(site: &Site, args: &[&str]) -> Run {
    ensemble(site, args).success()
}

/// Builds with the warnings printed, returning them.
fn build_with_residences(site: &Site) -> String {
    build(site, &["--verbose"]).stderr
}

fn meta_paper(html: &str) -> &str {
    let key = "<meta name=\"ensemble:paper\" content=\"";
    let start = html.find(key).expect("meta ensemble:paper") + key.len();
    &html[start..start + html[start..].find('"').unwrap()]
}

fn assert_print_page(html: &str, paper: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">"));
    assert_eq!(meta_paper(html), paper);
    assert!(
        html.contains(&format!("@page {{ size: {paper} portrait; margin: 0; }}")),
        "no @page {paper}"
    );
    assert!(html.contains("<link rel=\"stylesheet\" href=\"../../css/poster.css\">"));
    assert!(html.contains("<main id=\"affiche\""));
    assert_eq!(html.matches("<h1").count(), 1);
}

/// The QR code's `<svg>`, which must name the URL it leads to.
fn assert_qr(html: &str, url: &str) {
    let class = html.find("class=\"qr\"").expect("QR svg");
    let start = html[..class].rfind("<svg").unwrap();
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    assert!(svg.contains("role=\"img\""));
    assert!(
        svg.contains(&format!("Code QR vers {url}</title>")),
        "QR title is not {url}"
    );
    assert!(svg.contains("<path fill=\"#000\" d=\"M"));
    // The URL is printed under the code, breakable after each slash.
    assert!(
        html.contains(&url.replace('/', "/<wbr>")),
        "printed URL missing"
    );
}

#[test]
fn build_writes_the_contract_poster_the_synthesis_and_the_index() {
    let site = example();
    let out = build(&site, &[]);
    // The contract poster, the synthesis and one poster per residence.
    assert!(out.stdout.contains(" 6 affiches"), "{}", out.stdout);

    let contract = site.output("affiches/engagements/index.html");
    assert_print_page(&contract, "A3");
    assert_qr(&contract, "https://www.exemple-habitat.fr/engagements/");
    assert!(contract.contains("Nos engagements</span>"));
    assert!(contract.contains("Vos engagements</span>"));
    // Every theme, with at least one commitment of each party.
    for n in 1..=7 {
        let start = contract
            .find(&format!("<h2 id=\"theme-{n}\">"))
            .unwrap_or_else(|| panic!("theme {n}"));
        let theme = &contract[start..];
        let theme = &theme[..theme.find("</section>").unwrap()];
        assert_eq!(
            theme.matches("class=\"p-item\"").count(),
            2,
            "theme {n}: one line per party"
        );
    }
    assert!(contract.contains("Affiche publiée le 1er\u{A0}décembre\u{A0}2026."));

    let synthesis = site.output("affiches/synthese/index.html");
    assert_print_page(&synthesis, "A4");
    assert_qr(&synthesis, "https://www.exemple-habitat.fr/engagements/");
    assert_eq!(
        synthesis.matches("class=\"sheet ").count(),
        2,
        "recto and verso"
    );
    assert_eq!(synthesis.matches("<h2 id=\"theme-").count(), 7);

    let index = site.output("affiches/index.html");
    assert!(index.contains("<a href=\"engagements/index.html\">"));
    assert!(index.contains("<a href=\"synthese/index.html\">"));
    assert!(index.contains("Comment imprimer"));
    // Without --pdf there is no PDF, and no page links to one.
    for page in [&contract, &synthesis, &index] {
        assert!(!page.contains(".pdf\""));
    }
    assert!(!site
        .out()
        .join("affiches/engagements/affiche-engagements.pdf")
        .exists());
    // The posters are in the main navigation.
    assert!(site
        .output("index.html")
        .contains("href=\"affiches/index.html\""));
}

#[test]
fn residence_posters_fit_extreme_lengths_and_are_indexed_by_commune() {
    let site = extreme();
    let warnings = build_with_residences(&site);
    for slug in [
        "les-tilleuls",
        "cite-des-fleurs",
        "jardins-partages-faubourg-madeleine",
    ] {
        let html = site.output(&format!("affiches/{slug}/index.html"));
        assert_print_page(&html, "A3");
        assert_qr(
            &html,
            &format!("https://www.exemple-habitat.fr/residences/{slug}/"),
        );
        assert!(html.contains(&format!("<a href=\"../../residences/{slug}/index.html\">")));
        assert!(html.contains("Vos charges en 2025"));
        assert!(
            html.contains(
                "role=\"img\" aria-labelledby=\"affiche-graphique-title affiche-graphique-desc\""
            ),
            "chart"
        );
        // The large-print chart, printed at its viewBox size in points, the poster's width: no
        // text under 22 pt on A3 (a printed box of 25,6 pt), 15,6 pt on A4.
        assert!(html.contains("style=\"--chart-w: 760.0; --chart-h: 205.0\""));
        let chart = &html[html
            .find("class=\"chart chart-poster\"")
            .expect("poster chart")..];
        let chart = &chart[..chart.find("</svg>").unwrap()];
        assert!(chart.contains(">2025</text>") && !chart.contains(">2020</text>"));
        let sizes: Vec<f64> = chart
            .split(" font-size=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(
            !sizes.is_empty() && sizes.iter().all(|s| *s >= 22.0),
            "{sizes:?}"
        );
        assert!(html.contains("Affiche publiée le 1er\u{A0}décembre\u{A0}2026."));
        // Ten contacts do not fit: the emergency one comes first, the others as room allows.
        let contacts = html.matches("<li class=\"p-contact").count();
        assert!((1..10).contains(&contacts), "{contacts} contacts");
        assert!(html.contains("<li class=\"p-contact urgent\">"));
        let first = html.find("<li class=\"p-contact").unwrap();
        assert!(html[first..].starts_with("<li class=\"p-contact urgent\">"));
        // Read from a metre, the residence poster leaves the commitments to the contract
        // poster; it gives the regularisation of the year instead.
        assert!(!html.contains("class=\"p-item\""), "{slug}");
        assert!(
            html.contains("class=\"p-regularisation\">En 2025, vos provisions "),
            "{slug}"
        );
    }
    let extreme = site.output("affiches/jardins-partages-faubourg-madeleine/index.html");
    assert!(
        extreme.contains("name-size-4"),
        "the 120-character name gets the smallest type"
    );
    assert!(warnings.contains("l’adresse"), "{warnings}");
    assert!(warnings.contains("l’affiche du contrat"), "{warnings}");

    let index = site.output("affiches/index.html");
    let lille = index.find(">Lille</h3>").expect("Lille");
    let fives = index.find(">Lille-Fives</h3>").expect("Lille-Fives");
    let madeleine = index
        .find(">La Madeleine-lès-Lille-sur-Deûle-et-Marque</h3>")
        .expect("La Madeleine");
    assert!(
        madeleine < lille && lille < fives,
        "communes in alphabetical order"
    );
    assert!(index[lille..fives].contains("<a href=\"les-tilleuls/index.html\">Les Tilleuls</a>"));
    assert!(index[fives..].contains("<a href=\"cite-des-fleurs/index.html\">Cité des Fleurs</a>"));
}

#[test]
fn a4_posters_are_the_same_design_on_a4() {
    let site = example();
    set_poster_settings(&site, "  format: A4\n");
    build_with_residences(&site);
    assert_print_page(&site.output("affiches/les-tilleuls/index.html"), "A4");
    assert_print_page(&site.output("affiches/engagements/index.html"), "A4");
    assert_print_page(&site.output("affiches/synthese/index.html"), "A4");
    let css = site.output("css/poster.css");
    assert!(css.contains(".paper-a4 .poster { --u: 0.707107mm; }"));
}

/// A residence whose identifier is the folder of the contract poster (or of the synthesis) is
/// refused where it is written and by the poster renderer, and the contract poster stays as it
/// was.
#[test]
fn a_residence_cannot_take_the_folder_of_the_contract_poster() {
    let site = example();
    build(&site, &[]);
    let before = files(&site.out());
    site.edit(
        "content/observatoire/residences.yaml",
        "id: les-tilleuls,",
        "id: engagements,",
    );
    for year in 2019..=2025 {
        site.edit(
            &format!("content/observatoire/charges/{year}.yaml"),
            "  les-tilleuls: ",
            "  engagements: ",
        );
    }
    let stderr = ensemble(&site, &[]).failure().stderr;
    let errors = crate::support::diagnostics::errors(&stderr);
    // Where the author wrote it.
    let d = crate::support::diagnostics::find(&errors, "identifiant « engagements » réservé");
    assert_eq!(d.file, "content/observatoire/residences.yaml", "{d}");
    assert_eq!(d.line, Some(5), "{d}");
    assert!(
        d.hint.as_deref().unwrap().contains("affiches/engagements/"),
        "{d}"
    );
    // And it is never rendered: no second error at an output path.
    assert_eq!(errors.len(), 1, "{stderr}");
    assert_eq!(files(&site.out()), before);
}

/// `--pdf` with `affiches.chromium` pointing nowhere: non-zero exit, a French message, and the
/// previous output exactly as it was (nothing was built, so no staging folder either).
#[test]
fn pdf_without_chromium_fails_before_building_and_keeps_the_previous_output() {
    let site = example();
    build(&site, &[]);
    let before = files(&site.out());
    set_poster_settings(&site, "  format: A3\n  chromium: /nonexistent/chromium\n");
    let stderr = ensemble(&site, &["--pdf"]).failure().stderr;
    assert!(stderr.contains("Chromium introuvable"), "{stderr}");
    assert!(stderr.contains("/nonexistent/chromium"), "{stderr}");
    assert!(
        stderr.contains("content/site.yaml:"),
        "points at the key: {stderr}"
    );
    assert!(
        stderr.contains("Le dossier de sortie précédent n'a pas été modifié"),
        "{stderr}"
    );
    assert_eq!(files(&site.out()), before);
    let leftovers = staging_leftovers(site.root());
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A browser that fails while printing: the build fails and publishes no PDF, not even the
/// ones printed before the failure.
#[cfg(unix)]
#[test]
fn a_failing_print_publishes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let site = example();
    build(&site, &[]);
    let before = files(&site.out());
    let fake = site.path("faux-chromium.sh");
    std::fs::write(&fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    set_poster_settings(
        &site,
        &format!("  format: A3\n  chromium: {}\n", fake.display()),
    );
    let stderr = ensemble(&site, &["--pdf"]).failure().stderr;
    assert!(stderr.contains("impression en PDF impossible"), "{stderr}");
    assert!(stderr.contains("cannot open display"), "{stderr}");
    assert_eq!(files(&site.out()), before);
}

fn chromium() -> Option<PathBuf> {
    ensemble::write::pdf::find_browser(Path::new("."), None, "").ok()
}

/// Points (width, height) of the first page of a PDF.
fn media_box(pdf: &[u8]) -> (f64, f64) {
    let doc = lopdf::Document::load_mem(pdf).expect("PDF");
    let page = *doc.get_pages().values().next().expect("a page");
    let values: Vec<f64> = doc
        .get_dictionary(page)
        .and_then(|d| d.get(b"MediaBox"))
        .and_then(|b| b.as_array())
        .expect("MediaBox")
        .iter()
        .map(|v| {
            v.as_float()
                .map(f64::from)
                .or_else(|_| v.as_i64().map(|i| i as f64))
                .unwrap()
        })
        .collect();
    (values[2] - values[0], values[3] - values[1])
}

/// The real thing, where Chromium is installed: every poster prints on exactly one A3 page,
/// the synthesis on two A4 pages, and the pages link to their PDF.
#[test]
fn pdf_prints_each_poster_on_one_sheet() {
    let Some(browser) = chromium() else {
        eprintln!("Chromium absent : test d'impression réelle ignoré");
        return;
    };
    let site = extreme();
    set_poster_settings(
        &site,
        &format!("  format: A3\n  chromium: {}\n", browser.display()),
    );
    build(&site, &["--pdf"]);
    let a3 = (841.89, 1190.55);
    let a4 = (595.28, 841.89);
    for (folder, pdf, pages, (w, h)) in [
        ("les-tilleuls", "affiche-les-tilleuls.pdf", 1, a3),
        ("cite-des-fleurs", "affiche-cite-des-fleurs.pdf", 1, a3),
        (
            "jardins-partages-faubourg-madeleine",
            "affiche-jardins-partages-faubourg-madeleine.pdf",
            1,
            a3,
        ),
        ("engagements", "affiche-engagements.pdf", 1, a3),
        ("synthese", "synthese-contrat.pdf", 2, a4),
    ] {
        let bytes = std::fs::read(site.out().join("affiches").join(folder).join(pdf)).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{pdf}");
        assert_eq!(count_pages(&bytes), pages, "{pdf}");
        let (pw, ph) = media_box(&bytes);
        assert!(
            (pw - w).abs() < 1.0 && (ph - h).abs() < 1.0,
            "{pdf}: {pw} x {ph}"
        );
        let html = site.output(&format!("affiches/{folder}/index.html"));
        assert!(
            html.contains(&format!("href=\"{pdf}\"")),
            "{folder} links to its PDF"
        );
    }
    let index = site.output("affiches/index.html");
    assert!(index.contains("href=\"les-tilleuls/affiche-les-tilleuls.pdf\""));
    assert!(index.contains("href=\"synthese/synthese-contrat.pdf\""));
}

/// What a poster has to shorten is said where the author writes it: the commitment at its line
/// of the theme file, the residence's address in residences.yaml; never the output file.
#[test]
fn poster_warnings_name_the_source_not_the_output() {
    let site = extreme();
    let stderr = build_with_residences(&site);
    let warnings = crate::support::diagnostics::warnings(&stderr);
    // Without a line of its own for the contract poster, a theme's first commitment is cut at a
    // word there, and the warning names the field that would avoid it.
    let cut = warnings
        .iter()
        .find(|w| {
            w.message
                .contains("l’affiche du contrat : la ligne du thème « Accueil » est coupée en « Nous nous engageons")
        })
        .unwrap_or_else(|| panic!("no warning for a shortened commitment:\n{stderr}"));
    assert_eq!(cut.file, "content/engagements/01-accueil.md", "{stderr}");
    assert_eq!(cut.line, Some(7), "{stderr}");
    assert!(
        cut.text.contains("Nous nous engageons à vous répondre"),
        "{stderr}"
    );
    assert!(
        cut.hint
            .as_deref()
            .unwrap_or("")
            .contains("« affiche_bailleur: "),
        "{stderr}"
    );
    // One warning per cut line: both parties of all seven themes.
    let cuts = warnings
        .iter()
        .filter(|w| w.message.contains("est coupée en « "))
        .count();
    assert_eq!(cuts, 14, "{stderr}");
    let address = warnings
        .iter()
        .find(|w| {
            w.message
                .contains("l’adresse de la résidence « jardins-partages-faubourg-madeleine »")
        })
        .unwrap_or_else(|| panic!("no warning for the long address:\n{stderr}"));
    assert_eq!(address.file, "content/observatoire/residences.yaml");
    assert!(
        warnings.iter().all(|w| !w.file.starts_with("affiches/")),
        "a warning names an output file:\n{stderr}"
    );
}

/// Inode of every PDF of an output, by site-relative path.
fn pdf_inodes(out: &Path) -> Vec<(String, u64)> {
    use std::os::unix::fs::MetadataExt;
    let mut found: Vec<(String, u64)> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, e.metadata().unwrap().ino())
        })
        .collect();
    found.sort();
    found
}

/// `build --pdf` prints a poster again only when its page changed, binds each commune's
/// posters into `affiches/<commune>.pdf`, and gives the same bytes as a fresh build: no date,
/// no link into the staging folder.
#[test]
fn pdf_reprints_only_the_posters_whose_page_changed() {
    let Some(browser) = chromium() else {
        eprintln!("Chromium absent : test d'impression réelle ignoré");
        return;
    };
    let site = example();
    set_poster_settings(
        &site,
        &format!("  format: A3\n  chromium: {}\n", browser.display()),
    );
    let first = build(&site, &["--pdf"]);
    assert!(
        first.stdout.contains("PDF : 5 imprimés, aucun repris"),
        "{}",
        first.stdout
    );
    assert!(
        first.stdout.contains("3 recueils par commune"),
        "{}",
        first.stdout
    );
    let lille = std::fs::read(site.out().join("affiches/lille.pdf")).unwrap();
    assert_eq!(count_pages(&lille), 1);
    let index = site.output("affiches/index.html");
    assert!(
        index.contains("href=\"lille.pdf\">L’affiche de Lille en PDF, pour l’imprimeur</a>"),
        "{index}"
    );
    for pdf in pdf_inodes(&site.out()) {
        let bytes = std::fs::read(site.out().join(&pdf.0)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("staging") && !text.contains("file:"),
            "{}",
            pdf.0
        );
        assert!(!text.contains("CreationDate"), "{}", pdf.0);
    }

    let before = pdf_inodes(&site.out());
    let again = build(&site, &["--pdf"]);
    assert!(
        again.stdout.contains("PDF : aucun imprimé, 5 repris"),
        "{}",
        again.stdout
    );
    assert_eq!(
        pdf_inodes(&site.out()),
        before,
        "an unchanged PDF keeps its inode"
    );

    site.edit(
        "content/observatoire/residences.yaml",
        "nom: \"Les Tilleuls\"",
        "nom: \"Les Grands Tilleuls\"",
    );
    let edited = build(&site, &["--pdf"]);
    assert!(
        edited.stdout.contains("PDF : 1 imprimé, 4 repris"),
        "{}",
        edited.stdout
    );
    let after = pdf_inodes(&site.out());
    let changed: Vec<&str> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| a.0.as_str())
        .collect();
    assert_eq!(
        changed,
        [
            "affiches/les-tilleuls/affiche-les-tilleuls.pdf",
            "affiches/lille.pdf"
        ]
    );

    // A fresh build of the edited site prints the same bytes.
    let fresh = Site::fixture("posters");
    std::fs::write(
        fresh.path("content/site.yaml"),
        site.read("content/site.yaml"),
    )
    .unwrap();
    std::fs::write(
        fresh.path("content/observatoire/residences.yaml"),
        site.read("content/observatoire/residences.yaml"),
    )
    .unwrap();
    build(&fresh, &["--pdf"]);
    for (pdf, _) in &after {
        assert_eq!(
            std::fs::read(site.out().join(pdf)).unwrap(),
            std::fs::read(fresh.out().join(pdf)).unwrap(),
            "{pdf}"
        );
    }
}

/// The regularisation of the year on a residence poster is right or absent: a refund said with
/// its amount, nothing at all (no « 0 € ») when the provisions are missing, nor before the year
/// is final.
#[test]
fn the_regularisation_is_on_the_poster_only_when_it_can_be_said() {
    let site = example();
    let y2025 = "content/observatoire/charges/2025.yaml";
    // Les Tilleuls called 2 000 € more than it spent; the Cité des Fleurs has no provisions.
    site.edit(
        y2025,
        "CHC: { reel: 70382.4, provisions: 70382.4 }",
        "CHC: { reel: 70382.4, provisions: 72382.4 }",
    );
    let fleurs = site
        .read(y2025)
        .lines()
        .find(|l| l.contains("cite-des-fleurs:"))
        .unwrap()
        .to_string();
    let without = fleurs
        .split("provisions: ")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                format!("provisions: 0{}", &part[part.find(' ').unwrap()..])
            }
        })
        .collect::<String>();
    site.edit(y2025, &fleurs, &without);
    build(&site, &[]);
    let tilleuls = site.output("affiches/les-tilleuls/index.html");
    assert!(
        tilleuls.contains("<p class=\"p-regularisation\">En 2025, vos provisions ont dépassé les charges réelles\u{a0}: "),
        "{tilleuls}"
    );
    assert!(tilleuls.contains("vous sont rendus en moyenne par logement.</p>"));
    let fleurs = site.output("affiches/cite-des-fleurs/index.html");
    assert!(
        fleurs.contains("Vos charges en 2025"),
        "the poster is there"
    );
    assert!(!fleurs.contains("p-regularisation"), "{fleurs}");
    assert!(!fleurs.contains("provisions ont"), "{fleurs}");

    // Before the regularisation (a provisional year), no poster says it.
    let text = site.read(y2025);
    site.write(
        y2025,
        &text.replace("annee: 2025\n", "annee: 2025\nprovisoire: oui\n"),
    );
    build(&site, &[]);
    let tilleuls = site.output("affiches/les-tilleuls/index.html");
    assert!(tilleuls.contains("(chiffres provisoires)"), "{tilleuls}");
    assert!(!tilleuls.contains("p-regularisation"), "{tilleuls}");
}

/// Lines written for the contract poster (`affiche_bailleur`, `affiche_locataire`) are printed
/// as written, one per party, with no warning.
#[test]
fn the_contract_poster_prints_the_lines_written_for_it() {
    let site = example();
    let stderr = build_with_residences(&site);
    assert!(!stderr.contains("est coupée en"), "{stderr}");
    let poster = site.output("affiches/engagements/index.html");
    assert!(
        poster.contains("<p class=\"p-item\">Une première réponse sous 48\u{a0}h.</p>"),
        "{poster}"
    );
    assert!(poster.contains("<p class=\"p-item\">Votre demande par écrit.</p>"));
    // The headline of a theme is its short title.
    assert!(poster.contains("<span class=\"p-num\">1.</span> Accueil</h2>"));
}
