//! Labels a chart had to shorten (`…`), told to the author: the drawing cuts a text that does not
//! fit its room, and the full text stays in the chart's title, description and table, but a
//! shortening is never silent. Each cut names the file and the field to shorten.

use super::summary::ResidenceCharts;
use crate::core::diagnostic::Diagnostic;
use crate::load::observatory::{CATEGORIES_FILE, RESIDENCES_FILE};
use crate::model::observatory::{Observatory, DATA_DIR};
use std::path::PathBuf;

/// The texts of the drawing of `svg` (its title and description left out) shortened with `…`,
/// each as the part kept before the `…`.
pub fn shortened(svg: &str) -> Vec<&str> {
    let drawing = svg.find("</desc>").map_or(svg, |i| &svg[i..]);
    drawing
        .split('>')
        .filter_map(|t| t.split('<').next())
        .filter_map(|t| t.split_once('…').map(|(kept, _)| kept.trim_end()))
        .filter(|kept| !kept.is_empty())
        .collect()
}

/// Warnings for every label the charts of residence `i` shortened: its name (`nom` in
/// residences.yaml) or a category's short label (`libelle_court` in categories.yaml).
pub fn warnings(obs: &Observatory, i: usize, charts: &ResidenceCharts) -> Vec<Diagnostic> {
    let r = &obs.residences[i];
    let svgs = [&charts.evolution, &charts.position, &charts.provisions]
        .into_iter()
        .flatten()
        .flat_map(|f| std::iter::once(&f.svg).chain(f.narrow_svg.as_ref()))
        .chain(charts.poster.as_ref());
    let mut out = Vec::new();
    for kept in svgs.flat_map(|svg| shortened(svg)) {
        if r.name.starts_with(kept) {
            out.push(
                Diagnostic::warning(
                    PathBuf::from(DATA_DIR).join(RESIDENCES_FILE),
                    format!(
                        "le nom de la résidence est raccourci dans un graphique : « {kept}… » pour « {} » (id {}, champ « nom »)",
                        r.name, r.id
                    ),
                )
                .hint("le nom complet reste dans le titre, la description et le tableau du graphique ; un nom plus court s'affiche en entier."),
            );
        } else if let Some(c) = obs
            .categories
            .iter()
            .find(|c| c.short_label.starts_with(kept))
        {
            out.push(
                Diagnostic::warning(
                    PathBuf::from(DATA_DIR).join(CATEGORIES_FILE),
                    format!(
                        "le libellé court de la catégorie {} est raccourci dans un graphique : « {kept}… » pour « {} » (champ « libelle_court »)",
                        c.code, c.short_label
                    ),
                )
                .hint("donnez à la catégorie un « libelle_court » d'un ou deux mots courts ; le libellé complet reste dans le tableau."),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_drawing_is_read() {
        let svg = "<svg><title>Les Tilleuls…</title><desc>a…</desc><text>Résidence interg…\u{a0}: 17 €</text><text>2025</text></svg>";
        assert_eq!(shortened(svg), vec!["Résidence interg"]);
        assert!(shortened("<svg><text>Eau</text></svg>").is_empty());
    }
}
