//! The index of every poster, `affiches/`: the contract poster, the synthesis and the residence
//! posters grouped by commune, with print instructions.

use crate::core::paths::{self, pdf_file_name, CONTRACT_SLUG, POSTER_INDEX_PATH, SYNTHESIS_SLUG};
use crate::core::slug::collation_key;
use crate::core::typography::{count, french_spacing, NBSP};
use crate::derive::figures::Figures;
use crate::model::config::PaperSize;
use crate::model::observatory::Observatory;
use crate::present::contract::PageView;
use serde::Serialize;

/// One residence poster in the index.
#[derive(Debug, Clone, Copy)]
pub struct PosterIndexEntry<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub address: &'a str,
    pub postal_code: &'a str,
    pub commune: &'a str,
    /// The commune's slug, which names its page and the PDF of its posters.
    pub commune_slug: &'a str,
}

/// The residences that have a poster: those with at least one year of charges, listed as in
/// residences.yaml (the index sorts them by commune).
pub fn entries<'a>(
    observatory: &'a Observatory,
    figures: &'a Figures,
) -> Vec<PosterIndexEntry<'a>> {
    observatory
        .residences
        .iter()
        .zip(&figures.residences)
        .enumerate()
        .filter(|(_, (_, f))| f.latest().is_some() && !observatory.is_empty())
        .map(|(i, (r, _))| PosterIndexEntry {
            slug: &r.id,
            name: &r.name,
            address: &r.address,
            postal_code: &r.postal_code,
            commune: &r.commune,
            commune_slug: &figures.commune(i).slug,
        })
        .collect()
}

#[derive(Debug, Serialize)]
pub struct IndexResidence<'a> {
    pub name: String,
    pub address: String,
    pub path: String,
    pub pdf: String,
    pub slug: &'a str,
}

#[derive(Debug, Serialize)]
pub struct IndexCommune<'a> {
    pub name: &'a str,
    /// The PDF of all its posters, relative to the index (written with `--pdf`), and the text
    /// of its link.
    pub pdf: String,
    pub pdf_label: String,
    pub residences: Vec<IndexResidence<'a>>,
}

/// The poster index page.
pub struct PosterIndex<'a> {
    pub page: PageView<'a>,
    pub communes: Vec<IndexCommune<'a>>,
    pub residence_count: usize,
    /// Paper of the hall posters.
    pub paper: &'static str,
    /// PDF of the contract poster and of the synthesis, relative to the index.
    pub contract_pdf: String,
    pub synthesis_pdf: String,
}

/// The index of the contract poster, the synthesis and the posters of `residences`, printed
/// on `paper`.
pub fn view<'a>(
    base_url: &str,
    paper: PaperSize,
    residences: &[PosterIndexEntry<'a>],
) -> PosterIndex<'a> {
    let path = POSTER_INDEX_PATH;
    PosterIndex {
        page: PageView {
            title: "Affiches à imprimer",
            description: Some(
                "Les affiches des halls et la synthèse A4 du contrat de service, prêtes à imprimer.",
            ),
            path,
            url: paths::absolute_url(base_url, path),
            content: "",
            headings: &[],
            kind: "poster-index",
        },
        communes: communes(residences),
        residence_count: residences.len(),
        paper: paper.name(),
        contract_pdf: format!("{CONTRACT_SLUG}/{}", pdf_file_name(CONTRACT_SLUG)),
        synthesis_pdf: format!("{SYNTHESIS_SLUG}/{}", pdf_file_name(SYNTHESIS_SLUG)),
    }
}

/// `residences` grouped by commune, communes and residences in French alphabetical order.
pub fn communes<'a>(residences: &[PosterIndexEntry<'a>]) -> Vec<IndexCommune<'a>> {
    let mut sorted: Vec<&PosterIndexEntry<'a>> = residences.iter().collect();
    sorted.sort_by_cached_key(|r| (collation_key(r.commune), collation_key(r.name)));
    let mut communes: Vec<IndexCommune<'a>> = Vec::new();
    for r in sorted {
        let entry = IndexResidence {
            name: french_spacing(r.name),
            address: french_spacing(&format!(
                "{}, {}{NBSP}{}",
                r.address, r.postal_code, r.commune
            )),
            path: format!("{}/index.html", r.slug),
            pdf: format!("{}/{}", r.slug, pdf_file_name(r.slug)),
            slug: r.slug,
        };
        match communes.last_mut() {
            Some(c) if collation_key(c.name) == collation_key(r.commune) => {
                c.residences.push(entry)
            }
            _ => communes.push(IndexCommune {
                name: r.commune,
                pdf: commune_pdf_name(r.commune_slug),
                pdf_label: String::new(),
                residences: vec![entry],
            }),
        }
    }
    for c in &mut communes {
        c.pdf_label = match c.residences.len() {
            1 => format!("L’affiche {} en PDF, pour l’imprimeur", of_commune(c.name)),
            n => format!(
                "Les {} {} en un seul PDF, pour l’imprimeur",
                count(n, "", "affiche", "affiches"),
                of_commune(c.name)
            ),
        };
    }
    communes
}

/// « de Lille », « d’Armentières »: the elision before a vowel.
fn of_commune(name: &str) -> String {
    match crate::core::slug::slugify(name).chars().next() {
        Some(c) if "aeiouy".contains(c) => format!("d’{name}"),
        _ => format!("de {name}"),
    }
}

/// The file name of a commune's PDF inside `affiches/`.
fn commune_pdf_name(slug: &str) -> String {
    paths::commune_posters_pdf_path(slug)
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The posters of one commune bound into one PDF for the print shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterBundle {
    /// Site-relative path of the bound PDF.
    pub pdf: String,
    /// Its title: « Affiches des résidences : Armentières ».
    pub title: String,
    /// Site-relative PDF of each residence poster, with the residence's name, in the index's
    /// order.
    pub parts: Vec<(String, String)>,
}

/// One bundle per commune of `residences`, in the order of the poster index.
pub fn bundles(residences: &[PosterIndexEntry<'_>]) -> Vec<PosterBundle> {
    communes(residences)
        .into_iter()
        .map(|c| PosterBundle {
            pdf: format!("{}/{}", paths::POSTERS_DIR, c.pdf),
            title: format!("Affiches des résidences{NBSP}: {}", c.name),
            parts: c
                .residences
                .iter()
                .map(|r| (paths::poster_pdf_path(r.slug), r.name.clone()))
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(slug: &'a str, name: &'a str, commune: &'a str) -> PosterIndexEntry<'a> {
        PosterIndexEntry {
            slug,
            name,
            address: "1 rue de la Gare",
            postal_code: "59000",
            commune,
            commune_slug: commune,
        }
    }

    #[test]
    fn residences_are_grouped_by_commune_in_french_order() {
        let all = [
            entry("z", "Les Tilleuls", "Roubaix"),
            entry("e", "Érables", "Lille"),
            entry("a", "Acacias", "Lille"),
            entry("t", "Tilleuls", "Énglos"),
        ];
        let communes = communes(&all);
        let names: Vec<&str> = communes.iter().map(|c| c.name).collect();
        assert_eq!(names, ["Énglos", "Lille", "Roubaix"]);
        let lille: Vec<&str> = communes[1].residences.iter().map(|r| r.slug).collect();
        assert_eq!(lille, ["a", "e"]);
        assert_eq!(communes[1].residences[0].pdf, "a/affiche-a.pdf");
    }
}
