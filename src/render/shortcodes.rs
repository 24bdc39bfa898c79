//! Observatory figures inside Markdown pages: `{{ graphique(id="…") }}` and `{{ chiffre(id="…") }}`.
//!
//! | raccourci | arguments | ce qu'il insère |
//! |---|---|---|
//! | `graphique(id="evolution-parc")` | | évolution des charges du parc par catégorie, avec son tableau |
//! | `graphique(id="repartition")` | | répartition des résidences selon leurs charges au m², avec son tableau |
//! | `graphique(id="residence", residence="<id>")` | identifiant | les charges d'une résidence par catégorie, avec son tableau |
//! | `graphique(id="commune", commune="<nom>")` | nom ou slug | l'évolution des charges d'une commune |
//! | `chiffre(id="moyenne-m2-an")` | | moyenne du parc en € par m² et par an, dernière année |
//! | `chiffre(id="moyenne-logement-mois")` | | moyenne du parc en € par logement et par mois |
//! | `chiffre(id="mediane-m2-an")` | | médiane des résidences en € par m² et par an |
//! | `chiffre(id="evolution-annuelle")` | | évolution de la moyenne au m² sur un an |
//! | `chiffre(id="part-chauffage")` | | part du chauffage collectif dans les charges du parc |
//! | `chiffre(id="nombre-residences")` | | nombre de résidences et de logements suivis |

use crate::core::html::escape as esc;
use crate::core::paths;
use crate::core::typography::{format_change_percent, format_euros, format_number, format_percent};
use crate::derive::figures::Figures;
use crate::model::observatory::Observatory;
use crate::present::markdown::ShortcodeRenderer;
use crate::present::observatory::{self as views, per_m2_words};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const CHART_IDS: [&str; 4] = ["evolution-parc", "repartition", "residence", "commune"];
pub const FIGURE_IDS: [&str; 6] = [
    "moyenne-m2-an",
    "moyenne-logement-mois",
    "mediane-m2-an",
    "evolution-annuelle",
    "part-chauffage",
    "nombre-residences",
];

/// Renders observatory shortcodes from the data loaded once for the build.
pub struct ObservatoryShortcodes<'a> {
    pub observatory: &'a Observatory,
    pub figures: &'a Figures,
    /// Charts drawn, for the build summary.
    pub charts: AtomicUsize,
}

impl<'a> ObservatoryShortcodes<'a> {
    pub fn new(observatory: &'a Observatory, figures: &'a Figures) -> Self {
        ObservatoryShortcodes {
            observatory,
            figures,
            charts: AtomicUsize::new(0),
        }
    }

    fn arg<'b>(args: &'b [(String, String)], key: &str) -> Option<&'b str> {
        args.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn check_args(name: &str, args: &[(String, String)], allowed: &[&str]) -> Result<(), String> {
        for (k, _) in args {
            if !allowed.contains(&k.as_str()) {
                return Err(format!(
                    "argument « {k} » inconnu pour « {name} » : arguments possibles : {}",
                    allowed.join(", ")
                ));
            }
        }
        Ok(())
    }

    fn chart(&self, args: &[(String, String)], root: &str) -> Result<String, String> {
        let obs = self.observatory;
        let figures = self.figures;
        let id = Self::arg(args, "id").ok_or_else(|| {
            format!(
                "graphique sans identifiant : écrivez graphique(id=\"…\") avec l'un de : {}",
                CHART_IDS.join(", ")
            )
        })?;
        let latest = figures
            .latest_year()
            .ok_or("l'observatoire n'a encore aucune donnée de charges")?;
        let html = match id {
            "evolution-parc" => {
                Self::check_args("graphique", args, &["id"])?;
                views::group_evolution(
                    obs,
                    &figures.stock,
                    "sc-evolution-parc",
                    "de l’ensemble du parc",
                )
                .map(|f| f.to_html())
            }
            "repartition" => {
                Self::check_args("graphique", args, &["id"])?;
                views::spread(&figures.stock, latest, "sc-repartition", None).map(|f| f.to_html())
            }
            "residence" => {
                Self::check_args("graphique", args, &["id", "residence"])?;
                let rid = Self::arg(args, "residence")
                    .ok_or("graphique « residence » : précisez residence=\"identifiant\"")?;
                let Some(&i) = obs.index.get(rid) else {
                    let ids: Vec<String> = obs.residences.iter().map(|r| r.id.clone()).collect();
                    let hint = crate::core::suggest::nearest(rid, &ids)
                        .map(|s| format!(" ; vouliez-vous dire « {s} » ?"))
                        .unwrap_or_default();
                    return Err(format!("résidence « {rid} » inconnue{hint}"));
                };
                let r = &obs.residences[i];
                views::residence_evolution(obs, figures, i, &format!("sc-{rid}")).map(|f| {
                    format!(
                        "{}<p class=\"chart-link\"><a href=\"{root}{}\">{}\u{a0}: toutes les charges, année par année</a></p>\n",
                        f.to_html(),
                        esc(&paths::residence_path(&r.id)),
                        esc(&r.name)
                    )
                })
            }
            "commune" => {
                Self::check_args("graphique", args, &["id", "commune"])?;
                let name = Self::arg(args, "commune")
                    .ok_or("graphique « commune » : précisez commune=\"Nom de la commune\"")?;
                let slug = crate::core::slug::slugify(name);
                let Some(&c) = figures.commune_index.get(&slug) else {
                    let names: Vec<String> =
                        figures.communes.iter().map(|g| g.name.clone()).collect();
                    return Err(format!(
                        "commune « {name} » absente de l'observatoire ; communes : {}",
                        names.join(", ")
                    ));
                };
                let g = &figures.communes[c];
                views::group_evolution(
                    obs,
                    g,
                    &format!("sc-commune-{slug}"),
                    &format!("des résidences de {}", g.name),
                )
                .map(|f| f.to_html())
            }
            other => {
                return Err(format!(
                    "graphique « {other} » inconnu : identifiants possibles : {}",
                    CHART_IDS.join(", ")
                ));
            }
        };
        self.charts.fetch_add(1, Ordering::Relaxed);
        html.ok_or_else(|| format!("graphique « {id} » : pas de données à représenter"))
    }

    fn figure(&self, args: &[(String, String)]) -> Result<String, String> {
        Self::check_args("chiffre", args, &["id"])?;
        let id = Self::arg(args, "id").ok_or_else(|| {
            format!(
                "chiffre sans identifiant : écrivez chiffre(id=\"…\") avec l'un de : {}",
                FIGURE_IDS.join(", ")
            )
        })?;
        let stock = &self.figures.stock;
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
                let c = self.observatory.category_index("CHC").ok_or("pas de catégorie CHC")?;
                let share = crate::core::stats::share_percent(last.by_category[c], last.total);
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
        Ok(format!(
            "<p class=\"key-figure\"><strong class=\"key-figure-value\">{}</strong> <span class=\"key-figure-label\">{}</span></p>\n",
            esc(&value),
            esc(&crate::core::typography::french_spacing(&label))
        ))
    }
}

impl ShortcodeRenderer for ObservatoryShortcodes<'_> {
    fn render(&self, name: &str, args: &[(String, String)], root: &str) -> Result<String, String> {
        match name {
            "graphique" => self.chart(args, root),
            "chiffre" => self.figure(args),
            other => Err(format!(
                "raccourci « {other} » inconnu : raccourcis possibles : graphique, chiffre"
            )),
        }
    }
}
