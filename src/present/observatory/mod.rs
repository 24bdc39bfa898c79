//! What observatory pages show: figures written the French way, sentences that say them in words,
//! data tables, and the charts drawn from the same numbers (every chart comes with a table of
//! exactly the figures it draws).
//!
//! Views are built per page from the shared [`Figures`]; nothing here copies the data set.

use crate::core::html::escape as esc;
use crate::core::paths::{commune_path, residence_path};
use crate::core::slug::search_key;
use crate::core::stats::{self, Band, Quartiles};
use crate::core::typography::{
    format_change_percent, format_euros, format_euros_rounded, format_number, NBSP,
};
use crate::derive::figures::{self, Aggregate, Figures, Group, YearFigures};
use crate::draw::chart::{self, Series, Unit};
use crate::model::observatory::{Observatory, Residence};
use serde::Serialize;

/// The flat size used to turn € per m² into a monthly amount tenants recognise.
pub const TYPICAL_FLAT_M2: f64 = 65.0;

/// `30,12 €/m²` written in full for sentences: `30,12 € par m² et par an`.
pub fn per_m2_words(v: f64) -> String {
    format!("{} par m² et par an", format_euros(v))
}

fn per_m2_cell(v: f64) -> String {
    if v.is_finite() {
        format_number(v, 2)
    } else {
        "–".into()
    }
}

fn count_words(n: usize, one: &str, many: &str) -> String {
    if n <= 1 {
        format!("{} {one}", format_number(n as f64, 0))
    } else {
        format!("{} {many}", format_number(n as f64, 0))
    }
}

/// A table of figures, written out as accessible HTML: caption, header cells with scope, numbers
/// right-aligned, inside a focusable, labelled scroll region for narrow screens.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DataTable {
    pub id: String,
    pub caption: String,
    /// Header of the first column (what the rows are).
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// First column holds text rather than numbers in data cells (e.g. a name).
    #[serde(skip)]
    pub text_columns: Vec<usize>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TableRow {
    pub label: String,
    /// Already-escaped HTML for the row header (a link), instead of `label`.
    #[serde(skip)]
    pub label_html: Option<String>,
    pub cells: Vec<String>,
    /// A total or summary row, set in bold.
    pub emphasis: bool,
}

impl TableRow {
    pub fn new(label: impl Into<String>, cells: Vec<String>) -> Self {
        TableRow {
            label: label.into(),
            label_html: None,
            cells,
            emphasis: false,
        }
    }
    pub fn total(mut self) -> Self {
        self.emphasis = true;
        self
    }
}

impl DataTable {
    pub fn to_html(&self) -> String {
        let mut h = String::with_capacity(256 + self.rows.len() * self.columns.len() * 40);
        let cap = format!("{}-legende", self.id);
        h.push_str(&format!(
            "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"{cap}\" tabindex=\"0\">\n<table class=\"data-table\" id=\"{}\">\n<caption id=\"{cap}\">{}</caption>\n<thead><tr><th scope=\"col\">{}</th>",
            esc(&self.id),
            esc(&self.caption),
            esc(&self.corner)
        ));
        for (i, c) in self.columns.iter().enumerate() {
            let class = if self.text_columns.contains(&i) {
                ""
            } else {
                " class=\"num\""
            };
            h.push_str(&format!("<th scope=\"col\"{class}>{}</th>", esc(c)));
        }
        h.push_str("</tr></thead>\n<tbody>\n");
        for row in &self.rows {
            h.push_str(if row.emphasis {
                "<tr class=\"total\">"
            } else {
                "<tr>"
            });
            let label = row.label_html.clone().unwrap_or_else(|| esc(&row.label));
            h.push_str(&format!("<th scope=\"row\">{label}</th>"));
            for (i, c) in row.cells.iter().enumerate() {
                let class = if self.text_columns.contains(&i) {
                    ""
                } else {
                    " class=\"num\""
                };
                h.push_str(&format!("<td{class}>{}</td>", esc(c)));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</tbody>\n</table>\n</div>\n");
        h
    }
}

/// A chart with its visible caption and the table of its figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figure {
    pub id: String,
    pub caption: String,
    /// The accessible SVG, ready to inline.
    pub svg: String,
    pub table: DataTable,
}

impl Figure {
    pub fn to_html(&self) -> String {
        format!(
            "<figure class=\"chart\" id=\"figure-{id}\">\n<figcaption class=\"chart-caption\" id=\"figure-{id}-legende\">{caption}</figcaption>\n<div class=\"chart-scroll\" role=\"region\" aria-labelledby=\"figure-{id}-legende\" tabindex=\"0\">{svg}</div>\n{table}</figure>\n",
            id = esc(&self.id),
            caption = esc(&self.caption),
            svg = self.svg,
            table = self.table.to_html()
        )
    }
}

/// A key figure in large print with what it means underneath.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFigure {
    pub value: String,
    pub label: String,
}

/// Categories that appear in any of `lines_by_year`, in category order.
fn categories_present(obs: &Observatory, by_category: &[&[f64]]) -> Vec<usize> {
    (0..obs.categories.len())
        .filter(|&c| {
            by_category
                .iter()
                .any(|v| v.get(c).is_some_and(|x| *x > 0.0))
        })
        .collect()
}

/// Stacked bars of € per m² per year by category for a group, with its table.
pub fn group_evolution(obs: &Observatory, group: &Group, id: &str, whose: &str) -> Option<Figure> {
    let years: Vec<&Aggregate> = group
        .years
        .iter()
        .filter(|a| a.residences > 0 && a.area > 0.0)
        .collect();
    let (first, last) = (years.first()?, years.last()?);
    let labels: Vec<String> = years.iter().map(|a| a.year.to_string()).collect();
    let sums: Vec<&[f64]> = years.iter().map(|a| a.by_category.as_slice()).collect();
    let present = categories_present(obs, &sums);
    let series: Vec<Series> = present
        .iter()
        .map(|&c| Series {
            label: obs.categories[c].short_label.clone(),
            code: obs.categories[c].code.clone(),
            values: years.iter().map(|a| a.category_per_m2(c)).collect(),
        })
        .collect();
    let span = if first.year == last.year {
        format!("en {}", last.year)
    } else {
        format!("de {} à {}", first.year, last.year)
    };
    let title = format!("Charges {whose} par catégorie, en € par m² et par an, {span}");
    let change = stats::change_percent(first.average_per_m2(), last.average_per_m2());
    let mut description = format!(
        "En {}\u{a0}: {} en moyenne",
        last.year,
        per_m2_words(last.average_per_m2())
    );
    if let Some((c, v)) = present
        .iter()
        .map(|&c| (c, last.category_per_m2(c)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        description.push_str(&format!(
            ", dont {} pour «\u{a0}{}\u{a0}»",
            format_euros(v),
            obs.categories[c].short_label
        ));
    }
    description.push('.');
    if let (Some(ch), true) = (change, first.year != last.year) {
        description.push_str(&format!(
            " Évolution depuis {}\u{a0}: {}.",
            first.year,
            format_change_percent(ch)
        ));
    }
    let svg = chart::stacked_bars(&chart::StackedBars {
        id,
        title: &title,
        description: &description,
        x_labels: &labels,
        series: &series,
        unit: Unit::EurosPerM2,
        y_title: "€ par m² et par an",
        x_title: "",
    });
    let mut rows: Vec<TableRow> = present
        .iter()
        .map(|&c| {
            TableRow::new(
                obs.categories[c].short_label.clone(),
                years
                    .iter()
                    .map(|a| per_m2_cell(a.category_per_m2(c)))
                    .collect(),
            )
        })
        .collect();
    rows.push(
        TableRow::new(
            "Total",
            years
                .iter()
                .map(|a| per_m2_cell(a.average_per_m2()))
                .collect(),
        )
        .total(),
    );
    rows.push(TableRow::new(
        "Évolution sur un an",
        years
            .iter()
            .map(|a| {
                group
                    .change(a.year)
                    .map(format_change_percent)
                    .unwrap_or_else(|| "–".into())
            })
            .collect(),
    ));
    rows.push(TableRow::new(
        "Résidences comptées",
        years
            .iter()
            .map(|a| format_number(a.residences as f64, 0))
            .collect(),
    ));
    Some(Figure {
        id: id.to_string(),
        caption: title.clone(),
        svg,
        table: DataTable {
            id: format!("{id}-tableau"),
            caption: format!("Chiffres du graphique\u{a0}: charges {whose} en € par m² de surface habitable et par an"),
            corner: "Catégorie".into(),
            columns: labels,
            rows,
            text_columns: Vec::new(),
        },
    })
}

/// How residences spread by € per m² in one year: histogram and table of its bins.
pub fn spread(group: &Group, year: i32, id: &str, marker: Option<(f64, &str)>) -> Option<Figure> {
    let agg = group.year(year)?;
    let q = agg.per_m2?;
    let values = &agg.per_m2_sorted;
    let width = stats::nice_width(q.min, q.max, 10);
    let bins = stats::histogram(values, width);
    let title = format!(
        "Répartition des {} selon leurs charges au m² en {year}",
        count_words(agg.residences, "résidence", "résidences")
    );
    let description = format!(
        "La moitié des résidences paie entre {} et {} par m² et par an\u{202f}; médiane {}\u{202f}; de {} pour la moins chère à {} pour la plus chère.",
        format_euros(q.q1),
        format_euros(q.q3),
        format_euros(q.median),
        format_euros(q.min),
        format_euros(q.max)
    );
    let svg = chart::histogram(&chart::Histogram {
        id,
        title: &title,
        description: &description,
        bins: &bins,
        unit: Unit::EurosPerM2,
        marker: marker.map(|(value, label)| chart::Marker { value, label }),
        y_title: "Nombre de résidences",
        x_title: "€ par m² et par an",
    });
    let rows = bins
        .iter()
        .map(|(from, to, n)| {
            TableRow::new(
                format!(
                    "de {} à moins de {}",
                    format_number(*from, 0),
                    format_number(*to, 0)
                ),
                vec![format_number(*n as f64, 0)],
            )
        })
        .collect();
    Some(Figure {
        id: id.to_string(),
        caption: title,
        svg,
        table: DataTable {
            id: format!("{id}-tableau"),
            caption: format!(
                "Chiffres du graphique\u{a0}: nombre de résidences par tranche de charges en {year}"
            ),
            corner: "Charges en € par m² et par an".into(),
            columns: vec!["Résidences".into()],
            rows,
            text_columns: Vec::new(),
        },
    })
}

/// The quartiles table of a few peer groups for one year.
pub fn quartiles_table(
    id: &str,
    caption: &str,
    groups: &[(String, Option<Quartiles>)],
    first: Option<(String, f64)>,
) -> DataTable {
    let mut rows = Vec::new();
    if let Some((label, v)) = first {
        rows.push(
            TableRow::new(
                label,
                vec![
                    per_m2_cell(v),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                    "".into(),
                ],
            )
            .total(),
        );
    }
    for (label, q) in groups {
        if let Some(q) = q {
            rows.push(TableRow::new(
                label.clone(),
                vec![
                    "".into(),
                    per_m2_cell(q.min),
                    per_m2_cell(q.q1),
                    per_m2_cell(q.median),
                    per_m2_cell(q.q3),
                    per_m2_cell(q.max),
                    format_number(q.count as f64, 0),
                ],
            ));
        }
    }
    // Without a residence row, the "value" column is empty: drop it.
    let mut columns: Vec<String> = [
        "Valeur",
        "Minimum",
        "1er quartile",
        "Médiane",
        "3e quartile",
        "Maximum",
        "Résidences",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if rows.iter().all(|r| !r.emphasis) {
        columns.remove(0);
        for r in &mut rows {
            r.cells.remove(0);
        }
    } else {
        for r in &mut rows {
            if r.emphasis {
                for c in r.cells.iter_mut().skip(1).take(5) {
                    *c = "".into();
                }
            }
        }
    }
    DataTable {
        id: id.to_string(),
        caption: caption.to_string(),
        corner: "".into(),
        columns,
        rows,
        text_columns: Vec::new(),
    }
    .with_corner("Groupe de résidences")
}

impl DataTable {
    fn with_corner(mut self, corner: &str) -> Self {
        self.corner = corner.to_string();
        self
    }
}

/// One residence's figures, written for its page and its poster.
#[derive(Debug, Clone, Serialize)]
pub struct ResidenceSummary {
    pub id: String,
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub commune: String,
    pub commune_path: String,
    pub path: String,
    pub dwellings: String,
    pub living_area: String,
    pub construction_year: i32,
    pub heating: &'static str,
    pub lift: &'static str,
    pub energy_label: Option<&'static str>,
    pub priority_district: Option<&'static str>,
    pub latest_year: Option<i32>,
    /// "En 2025, 87,40 € par logement et par mois, +3,1 % sur un an."
    pub headline: Option<String>,
    pub key_figures: Vec<KeyFigure>,
    /// Sentences placing the residence among its peers.
    pub comparison: Vec<String>,
    /// Provisions against actual, in words.
    pub regularisation: Option<String>,
    pub notes: Vec<NoteView>,
    pub years_span: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub year: i32,
    pub category: String,
    pub text: String,
}

/// The charts of one residence, each with its table, and the poster's chart; computed once per
/// residence for its page and its poster.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ResidenceCharts {
    /// Stacked bars by category, € per dwelling per month, year by year.
    pub evolution: Option<Figure>,
    /// Its € per m² among the stock's quartiles, latest year.
    pub position: Option<Figure>,
    /// Provisions against actual per dwelling, year by year.
    pub provisions: Option<Figure>,
    /// Every amount of the residence in euros, by category and year.
    pub amounts: Option<DataTable>,
    /// The hall poster's chart: `evolution` in large print (the last years, the largest
    /// categories, sized for [`crate::present::poster::RESIDENCE_CHART`]).
    pub poster: Option<String>,
}

impl ResidenceCharts {
    pub fn count(&self) -> usize {
        [&self.evolution, &self.position, &self.provisions]
            .iter()
            .filter(|f| f.is_some())
            .count()
    }
}

fn band_words(band: Band, whose: &str) -> String {
    match band {
        Band::Low => format!("parmi le quart des résidences les moins chères {whose}"),
        Band::Middle => {
            format!("dans la moyenne {whose} (entre le premier et le troisième quartile)")
        }
        Band::High => format!("parmi le quart des résidences les plus chères {whose}"),
    }
}

fn heating_label(r: &Residence) -> &'static str {
    if r.collective_heating {
        "collectif"
    } else {
        "individuel"
    }
}

/// Builds the summary and charts of residence `i`.
pub fn residence(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
) -> (ResidenceSummary, ResidenceCharts) {
    let r = &obs.residences[i];
    let f = &figures.residences[i];
    let charges = &obs.charges[i];
    let commune = figures.commune(i);
    let latest = f.latest();
    let mut summary = ResidenceSummary {
        id: r.id.clone(),
        name: r.name.clone(),
        address: r.address.clone(),
        postal_code: r.postal_code.clone(),
        commune: r.commune.clone(),
        commune_path: commune_path(&commune.slug),
        path: residence_path(&r.id),
        dwellings: format_number(r.dwellings as f64, 0),
        living_area: format!(
            "{}{NBSP}m²",
            format_number(
                r.living_area,
                if r.living_area.fract() == 0.0 { 0 } else { 1 }
            )
        ),
        construction_year: r.construction_year,
        heating: heating_label(r),
        lift: if r.lift { "oui" } else { "non" },
        energy_label: r.energy_label.map(|l| l.letter()),
        priority_district: r.priority_district.map(|q| if q { "oui" } else { "non" }),
        latest_year: latest.map(|l| l.year),
        headline: None,
        key_figures: Vec::new(),
        comparison: Vec::new(),
        regularisation: None,
        notes: Vec::new(),
        years_span: match (f.years.first(), latest) {
            (Some(a), Some(b)) if a.year != b.year => format!("de {} à {}", a.year, b.year),
            (_, Some(b)) => format!("en {}", b.year),
            _ => String::new(),
        },
    };
    let mut charts = ResidenceCharts::default();
    let Some(last) = latest else {
        return (summary, charts);
    };

    let mut headline = format!(
        "En {}, {} par logement et par mois",
        last.year,
        format_euros(last.per_dwelling_month)
    );
    match last.change {
        Some(c) => headline.push_str(&format!(", {} sur un an.", format_change_percent(c))),
        None => headline.push('.'),
    }
    summary.headline = Some(headline);
    summary.key_figures = vec![
        KeyFigure {
            value: format_euros(last.per_dwelling_month),
            label: format!("par logement et par mois en {}, en moyenne", last.year),
        },
        KeyFigure {
            value: format_euros(last.per_m2),
            label: "par m² de surface habitable et par an".into(),
        },
        KeyFigure {
            value: format_euros_rounded(last.per_m2 * TYPICAL_FLAT_M2 / 12.0),
            label: format!(
                "par mois pour un logement de {}{NBSP}m²",
                format_number(TYPICAL_FLAT_M2, 0)
            ),
        },
        KeyFigure {
            value: format_euros_rounded(last.total),
            label: format!("de charges pour toute la résidence en {}", last.year),
        },
    ];

    // Among peers, for its latest year.
    let stock = figures.stock.year(last.year);
    let heating = figures.heating_group(obs, i).year(last.year);
    let local = commune.year(last.year);
    if let Some((agg, q)) = stock.and_then(|a| a.per_m2.map(|q| (a, q))) {
        let below = stats::share_below(&agg.per_m2_sorted, last.per_m2);
        summary.comparison.push(format!(
            "Avec {}, la résidence se situe {}. La médiane du parc est de {}\u{202f}; {}{NBSP}% des {} résidences du parc paient moins au m².",
            per_m2_words(last.per_m2),
            band_words(stats::band(last.per_m2, &q), "du parc"),
            format_euros(q.median),
            format_number(below, 0),
            format_number(agg.residences as f64, 0),
        ));
        let title = format!(
            "{}\u{a0}: charges au m² parmi les {} du parc en {}",
            r.name,
            count_words(agg.residences, "résidence", "résidences"),
            last.year
        );
        let description = format!(
            "{} pour la résidence\u{202f}; parc\u{a0}: minimum {}, premier quartile {}, médiane {}, troisième quartile {}, maximum {}.",
            per_m2_words(last.per_m2),
            format_euros(q.min),
            format_euros(q.q1),
            format_euros(q.median),
            format_euros(q.q3),
            format_euros(q.max)
        );
        let id = "position";
        let svg = chart::position(&chart::Position {
            id,
            title: &title,
            description: &description,
            value: last.per_m2,
            min: q.min,
            q1: q.q1,
            median: q.median,
            q3: q.q3,
            max: q.max,
            value_label: &r.name,
            unit: Unit::EurosPerM2,
        });
        let mut groups = vec![(
            format!(
                "Ensemble du parc ({})",
                count_words(q.count, "résidence", "résidences")
            ),
            Some(q),
        )];
        if let Some(h) = heating.and_then(|a| a.per_m2) {
            groups.push((
                format!(
                    "Chauffage {} ({})",
                    heating_label(r),
                    count_words(h.count, "résidence", "résidences")
                ),
                Some(h),
            ));
        }
        if let Some(c) = local.and_then(|a| a.per_m2) {
            groups.push((
                format!(
                    "{} ({})",
                    commune.name,
                    count_words(c.count, "résidence", "résidences")
                ),
                Some(c),
            ));
        }
        let table = quartiles_table(
            "position-tableau",
            &format!("Chiffres du graphique\u{a0}: charges en € par m² et par an en {}, la résidence et ses comparaisons", last.year),
            &groups,
            Some((r.name.clone(), last.per_m2)),
        );
        charts.position = Some(Figure {
            id: id.into(),
            caption: title,
            svg,
            table,
        });
    }
    if let Some(q) = heating.and_then(|a| a.per_m2) {
        summary.comparison.push(format!(
            "Parmi les {} en chauffage {}, la médiane est de {}\u{a0}: la résidence se situe {}.",
            count_words(q.count, "résidence", "résidences"),
            heating_label(r),
            per_m2_words(q.median),
            band_words(stats::band(last.per_m2, &q), "de ce groupe"),
        ));
    }
    if let Some(q) = local.and_then(|a| a.per_m2).filter(|q| q.count > 1) {
        summary.comparison.push(format!(
            "À {}, la médiane des {} est de {}.",
            commune.name,
            count_words(q.count, "résidence", "résidences"),
            per_m2_words(q.median),
        ));
    }

    // Provisions against actual.
    let reg = last.regularisation_per_dwelling;
    summary.regularisation = Some(if reg.abs() < 0.5 {
        format!(
            "En {}, les provisions appelées ({}) ont couvert exactement la dépense réelle ({}).",
            last.year,
            format_euros_rounded(last.provisions),
            format_euros_rounded(last.total)
        )
    } else if reg > 0.0 {
        format!(
            "En {}, les provisions appelées ({}) ont dépassé la dépense réelle ({})\u{a0}: environ {} remboursés par logement à la régularisation.",
            last.year,
            format_euros_rounded(last.provisions),
            format_euros_rounded(last.total),
            format_euros_rounded(reg)
        )
    } else {
        format!(
            "En {}, les provisions appelées ({}) n’ont pas couvert la dépense réelle ({})\u{a0}: environ {} à payer en plus par logement à la régularisation.",
            last.year,
            format_euros_rounded(last.provisions),
            format_euros_rounded(last.total),
            format_euros_rounded(-reg)
        )
    });

    for y in charges {
        for line in &y.lines {
            if let Some(n) = &line.note {
                summary.notes.push(NoteView {
                    year: y.year,
                    category: obs.categories[line.category].short_label.clone(),
                    text: n.clone(),
                });
            }
        }
    }

    let (labels, sums, present) = residence_sums(obs, i);
    if let Some((figure, poster)) = evolution_charts(obs, figures, i, "evolution", true) {
        charts.evolution = Some(figure);
        charts.poster = poster;
    }

    // Provisions against actual, per dwelling and per year.
    let per_dwelling = |v: f64| v / r.dwellings.max(1) as f64;
    let provision_series = [
        Series {
            label: "Provisions appelées".into(),
            code: "provisions".into(),
            values: f.years.iter().map(|y| per_dwelling(y.provisions)).collect(),
        },
        Series {
            label: "Dépense réelle".into(),
            code: "reel".into(),
            values: f.years.iter().map(|y| per_dwelling(y.total)).collect(),
        },
    ];
    let title = format!(
        "Provisions appelées et dépense réelle par logement, {}",
        summary.years_span
    );
    let description = summary.regularisation.clone().unwrap_or_default();
    let svg = chart::grouped_bars(&chart::GroupedBars {
        id: "provisions",
        title: &title,
        description: &description,
        x_labels: &labels,
        series: &provision_series,
        unit: Unit::Euros,
        y_title: "€ par logement et par an",
        x_title: "",
    });
    let rows = vec![
        TableRow::new(
            "Provisions appelées",
            f.years
                .iter()
                .map(|y| format_number(per_dwelling(y.provisions), 0))
                .collect(),
        ),
        TableRow::new(
            "Dépense réelle",
            f.years
                .iter()
                .map(|y| format_number(per_dwelling(y.total), 0))
                .collect(),
        ),
        TableRow::new(
            "Régularisation",
            f.years.iter().map(regularisation_cell).collect(),
        )
        .total(),
    ];
    charts.provisions = Some(Figure {
        id: "provisions".into(),
        caption: title,
        svg,
        table: DataTable {
            id: "provisions-tableau".into(),
            caption:
                "Chiffres du graphique\u{a0}: provisions et dépense réelle, en € par logement et par an"
                    .into(),
            corner: "".into(),
            columns: labels.clone(),
            rows,
            text_columns: Vec::new(),
        }
        .with_corner("Par logement"),
    });

    // Every amount of the residence.
    let mut rows: Vec<TableRow> = present
        .iter()
        .map(|&c| {
            TableRow::new(
                obs.categories[c].label.clone(),
                sums.iter()
                    .map(|v| {
                        if v[c] > 0.0 {
                            format_number(v[c], 2)
                        } else {
                            "–".into()
                        }
                    })
                    .collect(),
            )
        })
        .collect();
    rows.push(
        TableRow::new(
            "Total de la dépense réelle",
            f.years.iter().map(|y| format_number(y.total, 2)).collect(),
        )
        .total(),
    );
    rows.push(TableRow::new(
        "Provisions appelées",
        f.years
            .iter()
            .map(|y| format_number(y.provisions, 2))
            .collect(),
    ));
    charts.amounts = Some(DataTable {
        id: "montants-tableau".into(),
        caption: format!(
            "Dépense réelle de toute la résidence ({} logements, {}), en euros TTC",
            summary.dwellings, summary.living_area
        ),
        corner: "Catégorie".into(),
        columns: labels,
        rows,
        text_columns: Vec::new(),
    });
    (summary, charts)
}

/// Year labels, actual cost per category and year, and the categories present, of residence `i`.
fn residence_sums(obs: &Observatory, i: usize) -> (Vec<String>, Vec<Vec<f64>>, Vec<usize>) {
    let charges = &obs.charges[i];
    let labels: Vec<String> = charges.iter().map(|y| y.year.to_string()).collect();
    let sums: Vec<Vec<f64>> = charges
        .iter()
        .map(|y| {
            let mut v = vec![0.0; obs.categories.len()];
            for l in &y.lines {
                v[l.category] += l.actual;
            }
            v
        })
        .collect();
    let sum_refs: Vec<&[f64]> = sums.iter().map(Vec::as_slice).collect();
    let present = categories_present(obs, &sum_refs);
    (labels, sums, present)
}

/// Stacked bars of residence `i` by category, € per dwelling per month, with its table. `id`
/// prefixes every id of the chart: unique per page.
pub fn residence_evolution(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
    id: &str,
) -> Option<Figure> {
    evolution_charts(obs, figures, i, id, false).map(|(figure, _)| figure)
}

/// [`residence_evolution`] and, with `poster`, its large-print variant for the hall poster
/// ([`crate::present::poster::RESIDENCE_CHART`]), drawn from the same series.
fn evolution_charts(
    obs: &Observatory,
    figures: &Figures,
    i: usize,
    id: &str,
    poster: bool,
) -> Option<(Figure, Option<String>)> {
    let r = &obs.residences[i];
    let f = &figures.residences[i];
    let last = f.latest()?;
    let first = &f.years[0];
    let span = if first.year == last.year {
        format!("en {}", last.year)
    } else {
        format!("de {} à {}", first.year, last.year)
    };
    let (labels, sums, present) = residence_sums(obs, i);
    let per_month = |amount: f64| stats::per_dwelling_per_month(amount, r.dwellings);
    let latest_sums = &sums[sums.len() - 1];
    let series: Vec<Series> = present
        .iter()
        .map(|&c| Series {
            label: obs.categories[c].short_label.clone(),
            code: obs.categories[c].code.clone(),
            values: sums.iter().map(|v| per_month(v[c])).collect(),
        })
        .collect();
    let title = format!(
        "{}\u{a0}: charges par catégorie, en € par logement et par mois, {span}",
        r.name
    );
    let mut description = format!(
        "En {}\u{a0}: {} par logement et par mois",
        last.year,
        format_euros(last.per_dwelling_month)
    );
    if let Some(&c) = present
        .iter()
        .max_by(|a, b| latest_sums[**a].total_cmp(&latest_sums[**b]))
    {
        description.push_str(&format!(
            ", dont {} pour «\u{a0}{}\u{a0}»",
            format_euros(per_month(latest_sums[c])),
            obs.categories[c].short_label
        ));
    }
    description.push('.');
    if first.year != last.year {
        if let Some(ch) = stats::change_percent(first.total, last.total) {
            description.push_str(&format!(
                " Évolution depuis {}\u{a0}: {}.",
                first.year,
                format_change_percent(ch)
            ));
        }
    }
    let bars = chart::StackedBars {
        id,
        title: &title,
        description: &description,
        x_labels: &labels,
        series: &series,
        unit: Unit::Euros,
        y_title: "€ par logement et par mois",
        x_title: "",
    };
    let svg = chart::stacked_bars(&bars);
    let poster_svg = poster.then(|| {
        let print = crate::present::poster::RESIDENCE_CHART;
        let shown = &f.years[f.years.len().saturating_sub(print.last)..];
        let span = match (shown.first(), shown.last()) {
            (Some(a), Some(b)) if a.year != b.year => format!("de {} à {}", a.year, b.year),
            _ => format!("en {}", last.year),
        };
        let title = format!(
            "{}\u{a0}: charges par catégorie, en € par logement et par mois, {span}",
            r.name
        );
        let totals: Vec<String> = shown
            .iter()
            .map(|y| format!("{} en {}", format_euros(y.per_dwelling_month), y.year))
            .collect();
        let description = format!(
            "Total par logement et par mois\u{a0}: {}.",
            totals.join(", ")
        );
        chart::poster_bars(
            &chart::Bars {
                id: "affiche-graphique",
                title: &title,
                description: &description,
                ..bars
            },
            &print,
        )
    });
    let mut rows: Vec<TableRow> = present
        .iter()
        .map(|&c| {
            TableRow::new(
                obs.categories[c].short_label.clone(),
                sums.iter()
                    .map(|v| format_number(per_month(v[c]), 2))
                    .collect(),
            )
        })
        .collect();
    rows.push(
        TableRow::new(
            "Total",
            f.years
                .iter()
                .map(|y| format_number(y.per_dwelling_month, 2))
                .collect(),
        )
        .total(),
    );
    rows.push(TableRow::new(
        "Évolution sur un an",
        f.years
            .iter()
            .map(|y| {
                y.change
                    .map(format_change_percent)
                    .unwrap_or_else(|| "–".into())
            })
            .collect(),
    ));
    rows.push(TableRow::new(
        "En € par m² et par an",
        f.years.iter().map(|y| per_m2_cell(y.per_m2)).collect(),
    ));
    let figure = Figure {
        id: id.into(),
        caption: title,
        svg,
        table: DataTable {
            id: format!("{id}-tableau"),
            caption:
                "Chiffres du graphique\u{a0}: charges par catégorie, en € par logement et par mois"
                    .into(),
            corner: "Catégorie".into(),
            columns: labels,
            rows,
            text_columns: Vec::new(),
        },
    };
    Some((figure, poster_svg))
}

fn regularisation_cell(y: &YearFigures) -> String {
    let v = y.regularisation_per_dwelling;
    if v.abs() < 0.5 {
        "0".into()
    } else if v > 0.0 {
        format!("{} remboursés", format_euros_rounded(v))
    } else {
        format!("{} à payer", format_euros_rounded(-v))
    }
}

/// The observatory home page.
#[derive(Debug, Clone, Serialize)]
pub struct ObservatoryView {
    pub latest_year: i32,
    pub first_year: i32,
    pub key_figures: Vec<KeyFigure>,
    pub summary: String,
    pub evolution: String,
    pub spread: String,
    pub heating: String,
    pub communes: String,
    pub categories: Vec<CategoryView>,
    pub residences: String,
    pub dwellings: String,
    pub commune_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub code: String,
    pub label: String,
    pub description: String,
}

/// One line of the communes table, and the links of the finder page.
pub fn communes_table(figures: &Figures, year: i32, root: &str) -> DataTable {
    let rows = figures
        .communes
        .iter()
        .filter_map(|g| {
            let agg = g.year(year)?;
            let q = agg.per_m2?;
            let mut row = TableRow::new(
                g.name.clone(),
                vec![
                    format_number(agg.residences as f64, 0),
                    format_number(agg.dwellings as f64, 0),
                    per_m2_cell(q.median),
                    per_m2_cell(agg.average_per_m2()),
                    format_number(agg.average_per_dwelling_month(), 2),
                    g.change(year)
                        .map(format_change_percent)
                        .unwrap_or_else(|| "–".into()),
                ],
            );
            row.label_html = Some(format!(
                "<a href=\"{root}{}\">{}</a>",
                esc(&commune_path(&g.slug)),
                esc(&g.name)
            ));
            Some(row)
        })
        .collect();
    DataTable {
        id: "communes".into(),
        caption: format!("Charges des résidences par commune en {year}"),
        corner: "Commune".into(),
        columns: vec![
            "Résidences".into(),
            "Logements".into(),
            "Médiane (€/m²/an)".into(),
            "Moyenne (€/m²/an)".into(),
            "Moyenne (€/logement/mois)".into(),
            "Évolution sur un an".into(),
        ],
        rows,
        text_columns: Vec::new(),
    }
}

pub fn observatory(obs: &Observatory, figures: &Figures, root: &str) -> Option<ObservatoryView> {
    let last = figures.stock.latest()?;
    let first_year = figures
        .stock
        .years
        .iter()
        .find(|a| a.residences > 0)
        .map(|a| a.year)?;
    let year = last.year;
    let q = last.per_m2?;
    let mut key_figures = vec![
        KeyFigure {
            value: format_euros(last.average_per_m2()),
            label: format!(
                "par m² de surface habitable et par an en {year}, en moyenne sur le parc"
            ),
        },
        KeyFigure {
            value: format_euros(last.average_per_dwelling_month()),
            label: "par logement et par mois, en moyenne".into(),
        },
    ];
    if let Some(c) = figures.stock.change(year) {
        key_figures.push(KeyFigure {
            value: format_change_percent(c),
            label: format!("d’évolution au m² entre {} et {year}", year - 1),
        });
    }
    key_figures.push(KeyFigure {
        value: format_number(last.residences as f64, 0),
        label: format!(
            "résidences, {} logements",
            format_number(last.dwellings as f64, 0)
        ),
    });
    let summary = format!(
        "En {year}, la moitié des résidences paie entre {} et {}\u{202f}; la médiane est de {}.",
        format_euros(q.q1),
        format_euros(q.q3),
        per_m2_words(q.median)
    );
    let evolution = group_evolution(
        obs,
        &figures.stock,
        "evolution-parc",
        "de l’ensemble du parc",
    )
    .map(|f| f.to_html())
    .unwrap_or_default();
    let spread_html = spread(&figures.stock, year, "repartition", None)
        .map(|f| f.to_html())
        .unwrap_or_default();
    let heating = quartiles_table(
        "chauffage",
        &format!("Charges en € par m² et par an en {year}, selon le mode de chauffage"),
        &[
            (figures.stock.name.clone(), Some(q)),
            (
                figures.heating[figures::COLLECTIVE].name.clone(),
                figures.heating[figures::COLLECTIVE]
                    .year(year)
                    .and_then(|a| a.per_m2),
            ),
            (
                figures.heating[figures::INDIVIDUAL].name.clone(),
                figures.heating[figures::INDIVIDUAL]
                    .year(year)
                    .and_then(|a| a.per_m2),
            ),
        ],
        None,
    )
    .to_html();
    Some(ObservatoryView {
        latest_year: year,
        first_year,
        key_figures,
        summary,
        evolution,
        spread: spread_html,
        heating,
        communes: communes_table(figures, year, root).to_html(),
        categories: obs
            .categories
            .iter()
            .map(|c| CategoryView {
                code: c.code.clone(),
                label: c.label.clone(),
                description: c.description.clone(),
            })
            .collect(),
        residences: format_number(last.residences as f64, 0),
        dwellings: format_number(last.dwellings as f64, 0),
        commune_count: figures.communes.len(),
    })
}

/// A commune page.
#[derive(Debug, Clone, Serialize)]
pub struct CommuneView {
    pub name: String,
    pub slug: String,
    pub postal_codes: String,
    pub residences: String,
    pub dwellings: String,
    pub latest_year: Option<i32>,
    /// "8 résidences, 412 logements · code postal 59000"
    pub lead: String,
    pub summary: Vec<String>,
    pub evolution: String,
    pub table: String,
}

pub fn commune(obs: &Observatory, figures: &Figures, c: usize, root: &str) -> CommuneView {
    let g = &figures.communes[c];
    let last = g.latest();
    let dwellings: u64 = g
        .members
        .iter()
        .map(|&i| obs.residences[i].dwellings as u64)
        .sum();
    let mut summary = Vec::new();
    if let Some(agg) = last {
        if let (Some(q), Some(sq)) = (
            agg.per_m2,
            figures.stock.year(agg.year).and_then(|a| a.per_m2),
        ) {
            let compare = if q.median > sq.median * 1.02 {
                "au-dessus de"
            } else if q.median < sq.median * 0.98 {
                "en dessous de"
            } else {
                "proche de"
            };
            summary.push(format!(
                "En {}, la médiane des résidences de {} est de {}, {} celle de l’ensemble du parc ({}).",
                agg.year,
                g.name,
                per_m2_words(q.median),
                compare,
                format_euros(sq.median)
            ));
        }
        summary.push(format!(
            "En moyenne, {} par logement et par mois.",
            format_euros(agg.average_per_dwelling_month())
        ));
        if let Some(ch) = g.change(agg.year) {
            summary.push(format!(
                "Évolution au m² sur un an\u{a0}: {}.",
                format_change_percent(ch)
            ));
        }
    }
    let evolution = group_evolution(
        obs,
        g,
        "evolution-commune",
        &format!("des résidences de {}", g.name),
    )
    .map(|f| f.to_html())
    .unwrap_or_default();
    let year = last.map(|a| a.year);
    let stock_q = year
        .and_then(|y| figures.stock.year(y))
        .and_then(|a| a.per_m2);
    let mut members: Vec<(usize, Option<&YearFigures>)> = g
        .members
        .iter()
        .map(|&i| {
            (
                i,
                figures.residences[i]
                    .years
                    .iter()
                    .rev()
                    .find(|y| Some(y.year) == year),
            )
        })
        .collect();
    members.sort_by(|a, b| {
        let va = a.1.map(|y| y.per_m2).unwrap_or(f64::INFINITY);
        let vb = b.1.map(|y| y.per_m2).unwrap_or(f64::INFINITY);
        va.total_cmp(&vb)
            .then_with(|| obs.residences[a.0].name.cmp(&obs.residences[b.0].name))
    });
    let rows = members
        .iter()
        .map(|&(i, y)| {
            let r = &obs.residences[i];
            let cells = match y {
                Some(y) => vec![
                    format_number(r.dwellings as f64, 0),
                    heating_label(r).to_string(),
                    per_m2_cell(y.per_m2),
                    format_number(y.per_dwelling_month, 2),
                    y.change
                        .map(format_change_percent)
                        .unwrap_or_else(|| "–".into()),
                    stock_q
                        .map(|q| match stats::band(y.per_m2, &q) {
                            Band::Low => "quart le moins cher",
                            Band::Middle => "dans la moyenne",
                            Band::High => "quart le plus cher",
                        })
                        .unwrap_or("–")
                        .to_string(),
                ],
                None => vec![
                    format_number(r.dwellings as f64, 0),
                    heating_label(r).to_string(),
                    "–".into(),
                    "–".into(),
                    "–".into(),
                    "pas de données".into(),
                ],
            };
            let mut row = TableRow::new(r.name.clone(), cells);
            row.label_html = Some(format!(
                "<a href=\"{root}{}\">{}</a>",
                esc(&residence_path(&r.id)),
                esc(&r.name)
            ));
            row
        })
        .collect();
    let table = DataTable {
        id: "residences-commune".into(),
        caption: match year {
            Some(y) => format!(
                "Les résidences de {} en {y}, de la moins chère à la plus chère au m²",
                g.name
            ),
            None => format!("Les résidences de {}", g.name),
        },
        corner: "Résidence".into(),
        columns: vec![
            "Logements".into(),
            "Chauffage".into(),
            "€/m²/an".into(),
            "€/logement/mois".into(),
            "Évolution sur un an".into(),
            "Place dans le parc".into(),
        ],
        rows,
        text_columns: vec![1, 5],
    }
    .to_html();
    let lead = format!(
        "{}, {} · {} {}",
        count_words(g.members.len(), "résidence", "résidences"),
        count_words(dwellings as usize, "logement", "logements"),
        if g.postal_codes.len() > 1 {
            "codes postaux"
        } else {
            "code postal"
        },
        g.postal_codes.join(", ")
    );
    CommuneView {
        lead,
        name: g.name.clone(),
        slug: g.slug.clone(),
        postal_codes: g.postal_codes.join(", "),
        residences: format_number(g.members.len() as f64, 0),
        dwellings: format_number(dwellings as f64, 0),
        latest_year: year,
        summary,
        evolution,
        table,
    }
}

/// The "Trouver ma résidence" page: every residence, grouped by commune.
#[derive(Debug, Clone, Serialize)]
pub struct FinderView {
    pub communes: Vec<FinderCommune>,
    pub total: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FinderCommune {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub postal_codes: String,
    pub residences: Vec<FinderResidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FinderResidence {
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub path: String,
    /// Lower-case text without accents that the filter script matches.
    pub search: String,
}

pub fn finder(obs: &Observatory, figures: &Figures) -> FinderView {
    let communes = figures
        .communes
        .iter()
        .map(|g| {
            let mut residences: Vec<FinderResidence> = g
                .members
                .iter()
                .map(|&i| {
                    let r = &obs.residences[i];
                    FinderResidence {
                        name: r.name.clone(),
                        address: r.address.clone(),
                        postal_code: r.postal_code.clone(),
                        path: residence_path(&r.id),
                        search: search_key(&[&r.name, &r.address, &r.postal_code, &r.commune]),
                    }
                })
                .collect();
            residences.sort_by(|a, b| a.search.cmp(&b.search));
            FinderCommune {
                name: g.name.clone(),
                slug: g.slug.clone(),
                path: commune_path(&g.slug),
                postal_codes: g.postal_codes.join(", "),
                residences,
            }
        })
        .collect();
    FinderView {
        communes,
        total: format_number(obs.residences.len() as f64, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_accessible_html() {
        let t = DataTable {
            id: "t".into(),
            caption: "Légende <b>".into(),
            corner: "Catégorie".into(),
            columns: vec!["2025".into()],
            rows: vec![TableRow::new("Eau", vec!["1\u{202F}234,50".into()])],
            text_columns: vec![],
        };
        let h = t.to_html();
        assert!(h.contains("role=\"region\" aria-labelledby=\"t-legende\" tabindex=\"0\""));
        assert!(h.contains("<caption id=\"t-legende\">Légende &lt;b&gt;</caption>"));
        assert!(h.contains("<th scope=\"col\" class=\"num\">2025</th>"));
        assert!(h.contains("<th scope=\"row\">Eau</th><td class=\"num\">1\u{202F}234,50</td>"));
    }
}
