//! Hall posters and the A4 synthesis (issue #4): the pages `ensemble build` writes under
//! `affiches/`, the residence posters the observatory will add (with the sample residences,
//! one of them with extreme lengths), and `--pdf` with and without Chromium.

#[path = "support/poster_site.rs"]
mod poster_site;

use ensemble::write::pdf::count_pages;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the repository's example site (theme and content) in a temp folder. Shortcodes of
/// the observatory, not wired on this branch, are left out.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn example() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        let site = Site { dir };
        for entry in std::fs::read_dir(site.path("content/engagements")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with("{{ chiffre(") && !l.starts_with("{{ graphique("))
                .collect();
            std::fs::write(&path, kept.join("\n") + "\n").unwrap();
        }
        site
    }

    /// Every field at an extreme length: ten contacts with long labels, addresses and hours;
    /// every commitment 300 characters long with a long target, all chosen for the poster.
    fn extreme() -> Site {
        let site = Site::example();
        let mut contacts = String::from("contacts:\n");
        for i in 0..10 {
            contacts.push_str(&format!(
                "  - libelle: \"Antenne de proximité numéro {n} du secteur Métropole Nord, quartier des Jardins, bâtiment administratif\"\n    telephone: \"03 20 00 00 {i:02}\"\n    courriel: \"antenne-de-proximite-numero-{n}-secteur-metropole-nord@exemple-habitat.fr\"\n    horaires: \"Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h 30, sauf le jeudi après-midi et pendant les vacances scolaires d’été\"\n{urgent}",
                n = i + 1,
                urgent = if i == 3 { "    urgence: true\n" } else { "" }
            ));
        }
        let config = site.read("content/site.yaml");
        let start = config.find("contacts:").unwrap();
        let end = config.find("couleurs:").unwrap();
        site.write(
            "content/site.yaml",
            &format!("{}{contacts}{}", &config[..start], &config[end..]),
        );
        let long = "Nous nous engageons à vous répondre de manière complète, claire et argumentée, en tenant compte de votre situation particulière, de l’historique de votre dossier, des contraintes techniques et réglementaires et des délais des entreprises intervenantes, après consultation des services concernés.";
        assert!(long.chars().count() >= 290);
        for entry in std::fs::read_dir(site.path("content/engagements")).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let text: Vec<String> = text
                .lines()
                .map(|l| {
                    if let Some(indent) = l.strip_suffix(l.trim_start()).filter(|_| l.trim_start().starts_with("- texte: ")) {
                        format!("{indent}- texte: \"{long}\"\n{indent}  affiche: true")
                    } else if l.trim_start().starts_with("objectif: ") {
                        let indent = l.strip_suffix(l.trim_start()).unwrap();
                        format!("{indent}objectif: \"dans un délai maximal de trente jours calendaires à compter de la réception de votre demande complète\"")
                    } else if l.trim_start().starts_with("affiche: ") {
                        String::new()
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            std::fs::write(&path, text.join("\n") + "\n").unwrap();
        }
        site
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn out(&self) -> PathBuf {
        self.path("public")
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).unwrap();
    }

    /// Adds lines under `affiches:` in site.yaml.
    fn set_poster_settings(&self, lines: &str) {
        let config = self.read("content/site.yaml");
        assert!(config.contains("affiches:\n  format: A3"));
        self.write(
            "content/site.yaml",
            &config.replace("affiches:\n  format: A3", &format!("affiches:\n{lines}")),
        );
    }

    fn ensemble(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ensemble"))
            .arg("build")
            .arg("--root")
            .arg(self.dir.path())
            .args(args)
            .output()
            .unwrap()
    }

    fn build(&self, args: &[&str]) -> Output {
        let out = self.ensemble(args);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Builds with the sample residence posters of `ensemble::poster::sample`.
    fn build_with_residences(&self) -> String {
        let warnings = poster_site::build_with_samples(self.dir.path(), &self.out(), None)
            .unwrap_or_else(|e| panic!("build failed:\n{e}"));
        warnings
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn output(&self, rel: &str) -> String {
        self.read(&format!("public/{rel}"))
    }
}

/// Every file under `dir` with its bytes, to show a folder was left exactly as it was.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
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
    let site = Site::example();
    let out = site.build(&[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("3 affiches"));

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
        assert!(theme.matches("class=\"p-item\"").count() >= 2, "theme {n}");
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
    let site = Site::extreme();
    let warnings = site.build_with_residences();
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
        // The large-print chart, printed at its viewBox size in points: no text under 18 pt
        // on A3 (12,7 pt on A4).
        assert!(html.contains("style=\"--chart-w: 460.0; --chart-h: 210.0\""));
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
            !sizes.is_empty() && sizes.iter().all(|s| *s >= 18.0),
            "{sizes:?}"
        );
        assert!(html.contains("Affiche publiée le 1er\u{A0}décembre\u{A0}2026."));
        // Ten contacts do not fit: the emergency one comes first, the others as room allows.
        let contacts = html.matches("<li class=\"p-contact").count();
        assert!((1..10).contains(&contacts), "{contacts} contacts");
        assert!(html.contains("<li class=\"p-contact urgent\">"));
        let first = html.find("<li class=\"p-contact").unwrap();
        assert!(html[first..].starts_with("<li class=\"p-contact urgent\">"));
        // Commitments of 300 characters: whole ones, clamped, never more than fit.
        let items = html.matches("class=\"p-item\"").count();
        assert!((2..=6).contains(&items), "{items} commitments");
    }
    let extreme = site.output("affiches/jardins-partages-faubourg-madeleine/index.html");
    assert!(
        extreme.contains("name-size-5"),
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
    let site = Site::example();
    site.set_poster_settings("  format: A4\n");
    site.build_with_residences();
    assert_print_page(&site.output("affiches/les-tilleuls/index.html"), "A4");
    assert_print_page(&site.output("affiches/engagements/index.html"), "A4");
    assert_print_page(&site.output("affiches/synthese/index.html"), "A4");
    let css = site.output("css/poster.css");
    assert!(css.contains(".paper-a4 .poster { --u: 0.707107mm; }"));
}

#[test]
fn a_residence_cannot_take_the_folder_of_the_contract_poster() {
    let site = Site::example();
    let mut sample = ensemble::render::posters::sample::residences().remove(0);
    sample.slug = "engagements".into();
    let mut diagnostics = ensemble::core::diagnostic::Diagnostics::new();
    let options = ensemble::pipeline::BuildOptions {
        root: site.dir.path().to_path_buf(),
        ..Default::default()
    };
    let prepared = ensemble::pipeline::prepare(&options, false, &mut diagnostics).unwrap();
    let output = ensemble::write::output::Output::new(&site.out()).unwrap();
    let ctx = prepared.render_context(&output, None);
    assert!(!ensemble::render::posters::render_residence_poster(
        &ctx,
        &sample.poster()
    ));
    let reported = ctx.take_diagnostics();
    assert!(reported[0].is_error());
    assert!(
        reported[0].message.contains("réservée"),
        "{}",
        reported[0].message
    );
    output.abandon();
}

/// `--pdf` with `affiches.chromium` pointing nowhere: non-zero exit, a French message, and the
/// previous output exactly as it was (nothing was built, so no staging folder either).
#[test]
fn pdf_without_chromium_fails_before_building_and_keeps_the_previous_output() {
    let site = Site::example();
    site.build(&[]);
    let before = snapshot(&site.out());
    site.set_poster_settings("  format: A3\n  chromium: /nonexistent/chromium\n");
    let out = site.ensemble(&["--pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
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
    assert_eq!(snapshot(&site.out()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A browser that fails while printing: the build fails and publishes no PDF, not even the
/// ones printed before the failure.
#[cfg(unix)]
#[test]
fn a_failing_print_publishes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::example();
    site.build(&[]);
    let before = snapshot(&site.out());
    let fake = site.path("faux-chromium.sh");
    std::fs::write(&fake, "#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n").unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    site.set_poster_settings(&format!("  format: A3\n  chromium: {}\n", fake.display()));
    let out = site.ensemble(&["--pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("impression en PDF impossible"), "{stderr}");
    assert!(stderr.contains("cannot open display"), "{stderr}");
    assert_eq!(snapshot(&site.out()), before);
}

fn chromium() -> Option<PathBuf> {
    ensemble::write::pdf::find_browser(Path::new("."), None, "").ok()
}

/// Points (width, height) of the first page of a PDF written by Chromium (Skia).
fn media_box(pdf: &[u8]) -> (f64, f64) {
    let text = String::from_utf8_lossy(pdf);
    let start = text.find("/MediaBox [").expect("MediaBox") + "/MediaBox [".len();
    let values: Vec<f64> = text[start..start + text[start..].find(']').unwrap()]
        .split_whitespace()
        .map(|v| v.parse().unwrap())
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
    let site = Site::extreme();
    poster_site::build_with_samples(site.dir.path(), &site.out(), Some(&browser))
        .unwrap_or_else(|e| panic!("{e}"));
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
