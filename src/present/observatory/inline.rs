//! Observatory figures written inside Markdown pages (the `chiffre` and `graphique` shortcodes):
//! a key figure of the stock with its sentence, and the link under a residence's chart.

use super::table::{ChartLink, KeyFigure};
use super::words::per_m2_words;
use crate::core::paths::residence_path;
use crate::core::stats;
use crate::core::typography::{
    format_change_percent, format_euros, format_number, format_percent, french_spacing,
};
use crate::derive::figures::Figures;
use crate::model::observatory::{Observatory, Residence};

/// The identifiers `chiffre(id="…")` knows.
pub const FIGURE_IDS: [&str; 6] = [
    "moyenne-m2-an",
    "moyenne-logement-mois",
    "mediane-m2-an",
    "evolution-annuelle",
    "part-chauffage",
    "nombre-residences",
];

/// The stock's key figure `id` of the latest year, with the sentence that says what it means;
/// an error in French when there is no such figure.
pub fn stock_figure(obs: &Observatory, figures: &Figures, id: &str) -> Result<KeyFigure, String> {
    let stock = &figures.stock;
    let last = stock
        .latest()
        .ok_or("l'observatoire n'a encore aucune donnée de charges")?;
    let year = last.year;
    let (value, label) = match id {
        "moyenne-m2-an" => (
            format_euros(last.average_per_m2()),
            format!("par m² de surface habitable et par an : c’est la moyenne des charges de nos {} résidences en {year}.", format_number(last.residences as f64, 0)),
        ),
        "moyenne-logement-mois" => (
            format_euros(last.average_per_dwelling_month()),
            format!("par logement et par mois : c’est la moyenne des charges de nos résidences en {year}."),
        ),
        "mediane-m2-an" => {
            let q = last.per_m2.ok_or("pas de données")?;
            (
                format_euros(q.median),
                format!("par m² et par an en {year} : la moitié de nos résidences paie moins, l’autre moitié paie plus."),
            )
        }
        "evolution-annuelle" => {
            let c = stock.change(year).ok_or_else(|| format!("pas d’année {} pour calculer une évolution", year - 1))?;
            (
                format_change_percent(c),
                format!("d’évolution des charges au m² entre {} et {year}, sur l’ensemble du parc ({} en {year}).", year - 1, per_m2_words(last.average_per_m2())),
            )
        }
        "part-chauffage" => {
            let c = obs.category_index("CHC").ok_or("pas de catégorie CHC")?;
            let share = stats::share_percent(last.by_category[c], last.total);
            (
                format_percent(share),
                format!("des charges du parc en {year} viennent du chauffage collectif, dans les {} résidences qui en ont un.", format_number(last.with_category[c] as f64, 0)),
            )
        }
        "nombre-residences" => (
            format_number(last.residences as f64, 0),
            format!("résidences et {} logements suivis par l’observatoire en {year}.", format_number(last.dwellings as f64, 0)),
        ),
        other => {
            return Err(format!("chiffre « {other} » inconnu : identifiants possibles : {}", FIGURE_IDS.join(", ")));
        }
    };
    Ok(KeyFigure {
        value,
        label: french_spacing(&label),
    })
}

/// The link under a residence's chart to its page; `root` is the page's prefix to the site's
/// root.
pub fn residence_link(r: &Residence, root: &str) -> ChartLink {
    ChartLink {
        href: format!("{root}{}", residence_path(&r.id)),
        text: format!("{}\u{a0}: toutes les charges, année par année", r.name),
    }
}
