//! The output layout: every site-relative path and URL the generator writes, and the names
//! they reserve. Pages link to each other only through these functions, so the layout is
//! decided in one place.
//!
//! Every path is relative to the output folder and every page is a file (`x/index.html`), never
//! a folder: the site works opened from disk (`file://`) and under any base path.

/// The home page.
pub const HOME_PATH: &str = "index.html";
/// The contract overview, listing every theme.
pub const CONTRACT_PATH: &str = "engagements/index.html";
/// Served for unknown addresses.
pub const NOT_FOUND_PATH: &str = "404.html";
pub const SITEMAP_PATH: &str = "sitemap.xml";
pub const ROBOTS_PATH: &str = "robots.txt";
/// Written at the root of every output: the folder is ensemble's, and replaced at each build.
pub const MARKER: &str = ".ensemble";
/// Beside the marker: the hash of every file written, so that the next build reuses the files
/// that did not change (`write::manifest`). Not counted among the files a build writes.
pub const MANIFEST: &str = ".ensemble-manifest";
/// With `--pdf`: the key of every PDF printed, so that the next build prints only the posters
/// whose page changed (`write::print_cache`).
pub const PRINTS: &str = ".ensemble-prints";

pub const OBSERVATORY_PATH: &str = "observatoire/index.html";
pub const FINDER_PATH: &str = "residences/index.html";
pub const CSV_PATH: &str = "donnees/charges.csv";
pub const RESIDENCES_CSV_PATH: &str = "donnees/residences.csv";
pub const JSON_PATH: &str = "donnees/charges.json";
pub const CHIFFRES_CSV_PATH: &str = "donnees/chiffres.csv";
pub const ODS_PATH: &str = "donnees/observatoire.ods";
pub const CHARGES_SCHEMA_PATH: &str = "donnees/schema-charges.json";
pub const RESIDENCES_SCHEMA_PATH: &str = "donnees/schema-residences.json";
pub const CHIFFRES_SCHEMA_PATH: &str = "donnees/schema-chiffres.json";

/// The yearly results of the contract's commitments, and their open data.
pub const RESULTS_PATH: &str = "resultats/index.html";
pub const RESULTS_CSV_PATH: &str = "donnees/resultats.csv";
pub const RESULTS_JSON_PATH: &str = "donnees/resultats.json";

/// The page of one evaluation year.
pub fn results_year_path(year: i32) -> String {
    format!("resultats/{year}/index.html")
}

/// Folder of every poster in the output.
pub const POSTERS_DIR: &str = "affiches";
pub const POSTER_INDEX_PATH: &str = "affiches/index.html";
/// Folder names under `affiches/` that are not residences.
pub const CONTRACT_SLUG: &str = "engagements";
pub const SYNTHESIS_SLUG: &str = "synthese";
pub const RESERVED_SLUGS: [&str; 2] = [CONTRACT_SLUG, SYNTHESIS_SLUG];

/// The contract's history of versions, when site.yaml gives one.
pub const HISTORY_PATH: &str = "engagements/historique/index.html";

/// Page `n` (from 1) of the list of the section at `section_path` (`actualites/index.html`):
/// the section's own page, then `actualites/page/2/index.html`…
pub fn section_page_path(section_path: &str, n: usize) -> String {
    if n <= 1 {
        return section_path.to_string();
    }
    let folder = section_path
        .strip_suffix("index.html")
        .unwrap_or(section_path);
    format!("{folder}page/{n}/index.html")
}

/// The Atom feed of the section at `section_path`.
pub fn feed_path(section_path: &str) -> String {
    let folder = section_path
        .strip_suffix("index.html")
        .unwrap_or(section_path);
    format!("{folder}atom.xml")
}

/// The page of one residence.
pub fn residence_path(id: &str) -> String {
    format!("residences/{id}/index.html")
}

/// The page of one commune of the observatory.
pub fn commune_path(slug: &str) -> String {
    format!("observatoire/{slug}/index.html")
}

/// Output path of the poster in `folder` (`affiches/<folder>/index.html`).
pub fn poster_path(folder: &str) -> String {
    format!("{POSTERS_DIR}/{folder}/index.html")
}

/// File name of the PDF printed next to the poster in `folder`; a meaningful name once
/// downloaded, unlike a generic `affiche.pdf`.
pub fn pdf_file_name(folder: &str) -> String {
    if folder == SYNTHESIS_SLUG {
        "synthese-contrat.pdf".to_string()
    } else {
        format!("affiche-{folder}.pdf")
    }
}

/// Every file a build writes whatever the content says, with what it is (for messages): the
/// contract's own pages and posters, and with an observatory its pages and data files. Pages
/// of residences and communes are named by [`residence_path`], [`poster_path`] and
/// [`commune_path`].
pub fn generated_files(with_observatory: bool) -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> = vec![
        (HOME_PATH.into(), "l'accueil du site"),
        (CONTRACT_PATH.into(), "la page du contrat"),
        (NOT_FOUND_PATH.into(), "la page « Page introuvable »"),
        (SITEMAP_PATH.into(), "le plan du site"),
        (ROBOTS_PATH.into(), "le fichier robots.txt"),
        (
            MARKER.into(),
            "le fichier qui marque un dossier produit par ensemble",
        ),
        (
            MANIFEST.into(),
            "la liste des fichiers de la construction précédente",
        ),
        (
            PRINTS.into(),
            "la liste des impressions de la construction précédente",
        ),
        (POSTER_INDEX_PATH.into(), "l'index des affiches"),
        (poster_path(CONTRACT_SLUG), "l'affiche du contrat"),
        (
            poster_pdf_path(CONTRACT_SLUG),
            "le PDF de l'affiche du contrat",
        ),
        (poster_path(SYNTHESIS_SLUG), "la synthèse A4 du contrat"),
        (poster_pdf_path(SYNTHESIS_SLUG), "le PDF de la synthèse"),
    ];
    if with_observatory {
        files.extend([
            (
                OBSERVATORY_PATH.into(),
                "la page de l'observatoire des charges",
            ),
            (FINDER_PATH.into(), "la page « Trouver ma résidence »"),
            (CSV_PATH.into(), "les données charges.csv"),
            (RESIDENCES_CSV_PATH.into(), "les données residences.csv"),
            (JSON_PATH.into(), "les données charges.json"),
            (CHIFFRES_CSV_PATH.into(), "les données chiffres.csv"),
            (ODS_PATH.into(), "le classeur observatoire.ods"),
            (CHARGES_SCHEMA_PATH.into(), "le schéma schema-charges.json"),
            (
                RESIDENCES_SCHEMA_PATH.into(),
                "le schéma schema-residences.json",
            ),
            (
                CHIFFRES_SCHEMA_PATH.into(),
                "le schéma schema-chiffres.json",
            ),
        ]);
    }
    files
}

/// Output path of the PDF printed from the poster in `folder`.
pub fn poster_pdf_path(folder: &str) -> String {
    format!("{POSTERS_DIR}/{folder}/{}", pdf_file_name(folder))
}

/// With `--pdf`: the posters of every residence of the commune `slug` in one PDF, for the
/// print shop (`affiches/<commune>.pdf`, beside the folders of the single posters).
pub fn commune_posters_pdf_path(slug: &str) -> String {
    format!("{POSTERS_DIR}/{slug}.pdf")
}

/// `../` repeated once per folder of `path` (`a/b/index.html` → `../../`).
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Absolute, pretty URL of an output path, for the sitemap and printed posters.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    format!(
        "{base_url}{}",
        path.strip_suffix("index.html").unwrap_or(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("engagements/accueil/index.html"), "../../");
    }

    #[test]
    fn absolute_urls_drop_index_html() {
        assert_eq!(
            absolute_url("https://x.fr/e/", "engagements/a/index.html"),
            "https://x.fr/e/engagements/a/"
        );
        assert_eq!(
            absolute_url("https://x.fr/", "404.html"),
            "https://x.fr/404.html"
        );
    }

    #[test]
    fn list_pages_and_feeds_sit_in_their_section() {
        assert_eq!(
            section_page_path("actualites/index.html", 1),
            "actualites/index.html"
        );
        assert_eq!(
            section_page_path("actualites/index.html", 3),
            "actualites/page/3/index.html"
        );
        assert_eq!(feed_path("a/b/index.html"), "a/b/atom.xml");
    }

    #[test]
    fn pdf_names_say_what_they_are() {
        assert_eq!(pdf_file_name("les-tilleuls"), "affiche-les-tilleuls.pdf");
        assert_eq!(pdf_file_name(CONTRACT_SLUG), "affiche-engagements.pdf");
        assert_eq!(pdf_file_name(SYNTHESIS_SLUG), "synthese-contrat.pdf");
    }
}
