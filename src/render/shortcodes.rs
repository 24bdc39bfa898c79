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

use super::templates::Templates;
use crate::derive::figures::Figures;
use crate::model::observatory::Observatory;
use crate::present::markdown::ShortcodeRenderer;
use crate::present::observatory::{self as views, inline};
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};

pub const CHART_IDS: [&str; 4] = ["evolution-parc", "repartition", "residence", "commune"];
pub use inline::FIGURE_IDS;

/// Renders observatory shortcodes from the data loaded once for the build.
pub struct ObservatoryShortcodes<'a> {
    pub observatory: &'a Observatory,
    pub figures: &'a Figures,
    /// Where the partials that write figures out come from.
    pub templates: &'a Templates,
    /// Charts drawn, for the build summary.
    pub charts: AtomicUsize,
}

impl<'a> ObservatoryShortcodes<'a> {
    pub fn new(
        observatory: &'a Observatory,
        figures: &'a Figures,
        templates: &'a Templates,
    ) -> Self {
        ObservatoryShortcodes {
            observatory,
            figures,
            templates,
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
        let figure = match id {
            "evolution-parc" => {
                Self::check_args("graphique", args, &["id"])?;
                views::group_evolution(
                    obs,
                    &figures.stock,
                    "sc-evolution-parc",
                    "de l’ensemble du parc",
                )
            }
            "repartition" => {
                Self::check_args("graphique", args, &["id"])?;
                views::spread(&figures.stock, latest, "sc-repartition", None)
            }
            "residence" => {
                Self::check_args("graphique", args, &["id", "residence"])?;
                return self.residence_chart(args, root);
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
            }
            other => {
                return Err(format!(
                    "graphique « {other} » inconnu : identifiants possibles : {}",
                    CHART_IDS.join(", ")
                ));
            }
        };
        self.charts.fetch_add(1, Ordering::Relaxed);
        let figure =
            figure.ok_or_else(|| format!("graphique « {id} » : pas de données à représenter"))?;
        self.partial("observatory.figure", "figure", &figure)
    }

    /// `graphique(id="residence", residence="…")`: the residence's chart and a link to its page.
    fn residence_chart(&self, args: &[(String, String)], root: &str) -> Result<String, String> {
        let obs = self.observatory;
        let rid = Self::arg(args, "residence")
            .ok_or("graphique « residence » : précisez residence=\"identifiant\"")?;
        let Some(&i) = obs.index.get(rid) else {
            let ids: Vec<String> = obs.residences.iter().map(|r| r.id.clone()).collect();
            let hint = crate::core::suggest::nearest(rid, &ids)
                .map(|s| format!(" ; vouliez-vous dire « {s} » ?"))
                .unwrap_or_default();
            return Err(format!("résidence « {rid} » inconnue{hint}"));
        };
        let figure = views::residence_evolution(obs, self.figures, i, &format!("sc-{rid}"));
        self.charts.fetch_add(1, Ordering::Relaxed);
        let figure = figure.ok_or("graphique « residence » : pas de données à représenter")?;
        let link = inline::residence_link(&obs.residences[i], root);
        Ok(self.partial("observatory.figure", "figure", &figure)?
            + &self.partial("observatory.chart_link", "link", &link)?)
    }

    fn figure(&self, args: &[(String, String)]) -> Result<String, String> {
        Self::check_args("chiffre", args, &["id"])?;
        let id = Self::arg(args, "id").ok_or_else(|| {
            format!(
                "chiffre sans identifiant : écrivez chiffre(id=\"…\") avec l'un de : {}",
                FIGURE_IDS.join(", ")
            )
        })?;
        let figure = inline::stock_figure(self.observatory, self.figures, id)?;
        self.partial("observatory.key_figure", "figure", &figure)
    }

    /// Writes `value` out through the theme's component `component` (see
    /// `partials/figure.html` and its neighbours), passed as its argument `arg`.
    fn partial(
        &self,
        component: &str,
        arg: &'static str,
        value: &impl Serialize,
    ) -> Result<String, String> {
        let mut context = tera::Context::new();
        context.insert(arg, value);
        self.templates
            .tera()
            .render_component(component, &context, None, true)
            .map_err(|e| {
                format!(
                    "le thème ne sait pas écrire « {component} » (modèles partials/*.html) : {e}"
                )
            })
    }
}

impl ShortcodeRenderer for ObservatoryShortcodes<'_> {
    fn render(&self, name: &str, args: &[(String, String)], root: &str) -> Result<String, String> {
        if self.observatory.unavailable && matches!(name, "graphique" | "chiffre") {
            // The data file's own error fails the build: nothing is published from this text,
            // and an error here would only repeat it, in another file, with another hint.
            return Ok(String::new());
        }
        match name {
            "graphique" => self.chart(args, root),
            "chiffre" => self.figure(args),
            other => Err(format!(
                "raccourci « {other} » inconnu : raccourcis possibles : graphique, chiffre"
            )),
        }
    }
}
