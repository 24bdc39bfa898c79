//! The hall poster of one residence, `affiches/<slug>/`: its name and address, its latest
//! charges and their regularisation, the large-print chart, the contacts and a QR code to the
//! residence's page. Everything on it is read from a metre (see [`super::layout`]): the
//! commitments are left to the contract poster, one line per party, which the QR code's page
//! links to.

use super::contacts::fitting_contacts;
use super::fit::{self, Font};
use super::frame::{frame, FrameSpec, QrSize};
use super::inputs::Inputs;
use super::layout::{
    A3_INNER_W, ADDRESS, AMOUNT_PT, CAPTION, CLAMPS, KICKER, NAME_SIZES, RESIDENCE_CHART_COL_W,
    RESIDENCE_CONTACTS, RESIDENCE_FOOT_H, RESIDENCE_HEAD_MAX, RESIDENCE_UNIT_W,
};
use super::page::{PosterPage, RESIDENCE_CHART};
use crate::core::diagnostic::Diagnostic;
use crate::core::paths::{poster_path, RESERVED_SLUGS};
use crate::core::typography::{
    format_euros, format_euros_rounded, format_number, format_percent, french_spacing, NBSP,
};
use crate::derive::figures::YearFigures;
use crate::model::observatory::Residence;
use serde::Serialize;

/// Caption printed under the chart of every residence poster.
pub const CHART_CAPTION: &str = "Charges en euros par logement et par mois";

/// What a residence poster shows, prepared by the observatory ([`ResidencePoster::of`]) or by
/// the sample residences. The chart is the large-print variant of the residence page's chart,
/// drawn once in the same job from the same series.
#[derive(Debug, Clone, Copy)]
pub struct ResidencePoster<'a> {
    /// Folder of the poster: `affiches/<slug>/`. Must not be `engagements` nor `synthese`.
    pub slug: &'a str,
    pub name: &'a str,
    /// Street address, without postal code and commune.
    pub address: &'a str,
    pub postal_code: &'a str,
    pub commune: &'a str,
    pub dwellings: u32,
    /// Year of the latest charges shown.
    pub year: i32,
    /// Charges of `year`, in euros per dwelling and per month.
    pub monthly_per_dwelling: f64,
    /// Change of the monthly charges since the previous year, in percent, when both years exist.
    pub change_percent: Option<f64>,
    /// Charges of `year`, in euros per m² of living area and per year.
    pub per_m2_year: f64,
    /// The year-end regularisation of `year`, when it can be said (see [`Settlement`]).
    pub settlement: Option<Settlement>,
    /// Accessible inline SVG of recent years by category (`role="img"`, a `<title>`, a
    /// `viewBox`), readable in black and white: patterns or direct labels, not colour alone.
    /// It is printed [`RESIDENCE_CHART`] wide and high (pt): draw it with
    /// [`crate::draw::chart::poster_bars`] and that size so that no text prints under 12 pt.
    pub chart_svg: &'a str,
    /// Caption printed under the chart, on one line, e.g. "Charges en euros par logement et
    /// par mois".
    pub chart_caption: &'a str,
    /// Site-relative path of the residence page (`residences/<slug>/index.html`): the QR code
    /// points to its absolute URL.
    pub residence_page_path: &'a str,
}

impl<'a> ResidencePoster<'a> {
    /// The poster of `residence` with its `latest` figures (`provisional` when that year's
    /// file says so), its poster chart and the path of its page.
    pub fn of(
        residence: &'a Residence,
        latest: &YearFigures,
        provisional: bool,
        chart_svg: &'a str,
        page_path: &'a str,
    ) -> Self {
        ResidencePoster {
            slug: &residence.id,
            name: &residence.name,
            address: &residence.address,
            postal_code: &residence.postal_code,
            commune: &residence.commune,
            dwellings: residence.dwellings,
            year: latest.year,
            monthly_per_dwelling: latest.per_dwelling_month,
            change_percent: latest.change,
            per_m2_year: latest.per_m2,
            settlement: Settlement::of(latest, provisional),
            chart_svg,
            chart_caption: CHART_CAPTION,
            residence_page_path: page_path,
        }
    }
}

/// Provisions against actual cost in one year, per dwelling, as the year-end regularisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settlement {
    pub year: i32,
    /// Provisions minus actual, per dwelling, in euros: positive is a refund.
    pub per_dwelling: f64,
}

impl Settlement {
    /// The regularisation of `latest`, `None` when it cannot be said right: the provisions or
    /// the actual cost are missing (nothing called, nothing spent), or the year is provisional
    /// (the regularisation is not done yet). Never a made-up zero.
    pub fn of(latest: &YearFigures, provisional: bool) -> Option<Settlement> {
        let known = |v: f64| v.is_finite() && v > 0.0;
        (!provisional
            && known(latest.provisions)
            && known(latest.total)
            && latest.regularisation_per_dwelling.is_finite())
        .then_some(Settlement {
            year: latest.year,
            per_dwelling: latest.regularisation_per_dwelling,
        })
    }

    /// The regularisation in words and figures, for a hall: who gets or pays how much.
    pub fn sentence(&self) -> String {
        let year = self.year;
        let rounded = self.per_dwelling.abs().round();
        let amount = format_euros_rounded(rounded);
        if rounded < 1.0 {
            format!("En {year}, vos provisions ont couvert les charges réelles{NBSP}: rien à rendre ni à payer, en moyenne par logement.")
        } else if self.per_dwelling > 0.0 {
            let verb = if rounded == 1.0 {
                "vous est rendu"
            } else {
                "vous sont rendus"
            };
            format!("En {year}, vos provisions ont dépassé les charges réelles{NBSP}: {amount} {verb} en moyenne par logement.")
        } else {
            format!("En {year}, vos provisions n’ont pas couvert les charges réelles{NBSP}: il reste {amount} à payer en moyenne par logement.")
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ResidenceView {
    pub name: String,
    /// Index into [`NAME_SIZES`], a CSS class.
    pub name_size: usize,
    pub address: String,
    pub dwellings: String,
    pub year: i32,
    pub monthly: String,
    /// 0 when the unit fits beside the amount, 1 when it goes under it (the amount keeps its
    /// size: it is the figure read from farthest).
    pub amount_size: usize,
    pub change: Option<String>,
    pub per_m2: String,
    /// The year-end regularisation in words and figures; absent when it cannot be said.
    pub regularisation: Option<String>,
    pub chart_svg: String,
    pub chart_caption: String,
    /// Printed size of the chart, in pt of the A3 design.
    pub chart_w: f64,
    pub chart_h: f64,
}

/// The poster of `residence`, from its `latest` figures, its poster chart (drawn at
/// [`RESIDENCE_CHART`]) and the path of its page; see [`page`].
pub fn view(
    inputs: &Inputs<'_>,
    residence: &Residence,
    latest: &YearFigures,
    provisional: bool,
    chart_svg: &str,
    page_path: &str,
) -> Result<PosterPage<ResidenceView>, Diagnostic> {
    page(
        inputs,
        &ResidencePoster::of(residence, latest, provisional, chart_svg, page_path),
    )
}

/// The poster page of `p`, with the warnings for texts too long to print whole; an error when
/// its slug cannot be a poster folder.
pub fn page(
    inputs: &Inputs<'_>,
    p: &ResidencePoster<'_>,
) -> Result<PosterPage<ResidenceView>, Diagnostic> {
    let path = poster_path(p.slug);
    if RESERVED_SLUGS.contains(&p.slug) || p.slug.is_empty() || p.slug.contains(['/', '\\', '.']) {
        return Err(Diagnostic::error(&path, format!("la résidence « {} » a l'adresse « {} », réservée ou invalide pour une affiche", p.name, p.slug))
            .hint("donnez-lui un autre identifiant (slug) : « engagements » et « synthese » sont pris par les affiches du contrat."));
    }
    let (head, mut warnings) = head(p, &path, &kicker(inputs));
    // Written by the generator from figures: a unit test keeps every form within its box.
    let regularisation = p.settlement.map(|s| s.sentence());
    let chart_caption = french_spacing(p.chart_caption);
    warnings.extend(too_long(
        &path,
        "la légende du graphique",
        p.chart_caption,
        fit::lines(&chart_caption, RESIDENCE_CHART_COL_W, CAPTION),
        1,
    ));
    let monthly = format_euros(p.monthly_per_dwelling);
    let view = ResidenceView {
        name: head.name,
        name_size: head.name_size,
        address: head.address,
        dwellings: head.dwellings,
        year: p.year,
        amount_size: amount_size(&monthly),
        monthly,
        change: p.change_percent.map(|c| change_sentence(c, p.year - 1)),
        per_m2: format_euros(p.per_m2_year),
        regularisation,
        chart_svg: ensure_view_box(p.chart_svg),
        chart_caption,
        chart_w: RESIDENCE_CHART.width,
        chart_h: RESIDENCE_CHART.height,
    };
    let (frame, qr_warning) = frame(
        inputs,
        FrameSpec {
            kind: "residence",
            folder: p.slug,
            paper: inputs.config.affiches.format,
            title: format!("Affiche de la résidence {}", view.name),
            target: p.residence_page_path,
            qr: QrSize::Within(RESIDENCE_FOOT_H - 4.0),
        },
    );
    let (contacts, contacts_warning) = fitting_contacts(
        &inputs.config.contacts,
        &RESIDENCE_CONTACTS,
        "affiches des résidences",
    );
    warnings.extend(qr_warning);
    warnings.extend(contacts_warning);
    Ok(PosterPage {
        path,
        frame,
        body: view,
        // No commitment on this poster: the clamp is the default one, unused.
        item_clamp: CLAMPS[0],
        contacts,
        contacts_compact: false,
        key_results: false,
        warnings,
    })
}

/// The head of a residence poster: name, address and number of dwellings as printed.
struct Head {
    name: String,
    name_size: usize,
    address: String,
    dwellings: String,
}

/// The head of the poster at `path`, and warnings for a name or an address too long for it.
/// The line above the residence's name, as the template writes it.
fn kicker(inputs: &Inputs<'_>) -> String {
    let example = if inputs.config.contenu_exemple {
        " · exemple fictif"
    } else {
        ""
    };
    format!("{} · Votre résidence{example}", inputs.config.organisme.nom)
}

fn head(p: &ResidencePoster<'_>, path: &str, kicker: &str) -> (Head, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let name = french_spacing(p.name);
    let name_size = fit::largest_size(&name, A3_INNER_W, &NAME_SIZES, true);
    let (size, max_lines) = NAME_SIZES[name_size];
    let name_font = Font::bold(size, 1.05);
    let name_lines = fit::lines(&name, A3_INNER_W, name_font);
    let what = "le nom de la résidence";
    warnings.extend(too_long(path, what, p.name, name_lines, max_lines));
    let address = french_spacing(&format!(
        "{}, {}{NBSP}{}",
        p.address.trim(),
        p.postal_code.trim(),
        p.commune.trim()
    ));
    let dwellings = if p.dwellings == 1 {
        "1 logement".to_string()
    } else {
        format!("{}{NBSP}logements", format_number(p.dwellings as f64, 0))
    };
    let address_lines = fit::lines(&format!("{address} · {dwellings}"), A3_INNER_W, ADDRESS);
    warnings.extend(too_long(path, "l’adresse", &address, address_lines, 2));
    // The kicker wraps (a long name of the landlord): its lines are taken from the head's room.
    let kicker_lines = fit::lines(kicker, A3_INNER_W, KICKER).max(1);
    let needed = kicker_lines as f64 * KICKER.line_mm()
        + 4.0
        + name_lines.min(max_lines) as f64 * name_font.line_mm()
        + 2.0
        + address_lines.min(2) as f64 * ADDRESS.line_mm()
        + 5.0;
    if needed > RESIDENCE_HEAD_MAX && kicker_lines > 1 {
        warnings.push(
            Diagnostic::warning(
                crate::model::config::CONFIG_FILE,
                format!("la ligne « {} » prend {kicker_lines} lignes en tête de l’affiche : le bas de l’adresse de la résidence sera coupé", crate::core::link::shown(kicker)),
            )
            .hint("raccourcissez organisme.nom dans site.yaml (ou le nom et l’adresse de la résidence)."),
        );
    }
    let head = Head {
        name,
        name_size,
        address,
        dwellings,
    };
    (head, warnings)
}

/// A warning when `value` (`what`, on the poster at `path`) takes more than `max` lines. It is
/// said against residences.yaml, where the text is written (the poster is only where it shows);
/// `path` names the residence's poster folder, `affiches/<id>/index.html`.
fn too_long(path: &str, what: &str, value: &str, lines: usize, max: usize) -> Option<Diagnostic> {
    let id = path
        .trim_end_matches("/index.html")
        .rsplit('/')
        .next()
        .unwrap_or(path);
    (lines > max).then(|| {
        Diagnostic::warning(
            "content/observatoire/residences.yaml",
            format!("texte trop long pour l’affiche {path}, il sera coupé : {what} de la résidence « {id} », « {value} »"),
        )
        .hint("raccourcissez-le dans residences.yaml : une affiche se lit debout, à un ou deux mètres.")
    })
}

/// Where the unit goes: 0 beside the monthly amount when both fit the width, 1 under it.
fn amount_size(monthly: &str) -> usize {
    let amount = fit::width(monthly, Font::bold(AMOUNT_PT, 1.0));
    usize::from(amount + 6.0 + RESIDENCE_UNIT_W > A3_INNER_W)
}

/// The change of the charges since the `previous` year, `change` in percent, as a sentence.
fn change_sentence(change: f64, previous: i32) -> String {
    if format_number(change, 1).trim_start_matches('−') == "0,0" {
        format!("C’est autant qu’en {previous}.")
    } else if change > 0.0 {
        format!("C’est {} de plus qu’en {previous}.", format_percent(change))
    } else {
        format!(
            "C’est {} de moins qu’en {previous}.",
            format_percent(-change)
        )
    }
}

/// Gives a chart drawn with only `width` and `height` a `viewBox`, so CSS can scale it into
/// the poster instead of cropping it.
fn ensure_view_box(svg: &str) -> String {
    let Some(start) = svg.find("<svg") else {
        return svg.to_string();
    };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else {
        return svg.to_string();
    };
    let open = &svg[start..end];
    if open.contains("viewBox") {
        return svg.to_string();
    }
    let number = |name: &str| -> Option<f64> {
        let key = format!(" {name}=\"");
        let s = open.find(&key)? + key.len();
        let len = open[s..].find('"')?;
        open[s..s + len].trim_end_matches("px").parse().ok()
    };
    match (number("width"), number("height")) {
        (Some(w), Some(h)) => format!(
            "{}<svg viewBox=\"0 0 {w} {h}\"{}",
            &svg[..start],
            &svg[start + 4..]
        ),
        _ => svg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_without_view_box_gets_one() {
        assert_eq!(
            ensure_view_box("<svg width=\"640\" height=\"360\"><g/></svg>"),
            "<svg viewBox=\"0 0 640 360\" width=\"640\" height=\"360\"><g/></svg>"
        );
        let with = "<svg viewBox=\"0 0 1 1\"></svg>";
        assert_eq!(ensure_view_box(with), with);
    }

    /// The chart and its caption fit the row the head (at its tallest), the key figures and the
    /// footer leave, on A3 as designed (A4 is the same design scaled), and no text of it prints
    /// under the poster's smallest size.
    #[test]
    fn the_residence_chart_fits_its_box_and_prints_large_enough() {
        use super::super::layout::{A3_INNER_H, MIN_PT, RESIDENCE_CHARGES_H};
        let row = A3_INNER_H - RESIDENCE_HEAD_MAX - RESIDENCE_CHARGES_H - RESIDENCE_FOOT_H;
        let w = RESIDENCE_CHART.width * fit::MM_PER_PT;
        let h = RESIDENCE_CHART.height * fit::MM_PER_PT;
        assert!(w <= RESIDENCE_CHART_COL_W, "{w} mm");
        // The row's padding (4 mm, css .p-chart), the chart, 1 mm, the caption's line.
        let needed = 4.0 + h + 1.0 + CAPTION.line_mm();
        assert!(needed <= row, "{needed} mm in {row} mm");
        const {
            assert!(RESIDENCE_CHART.font >= MIN_PT);
            assert!(RESIDENCE_CHART.max_series <= 5);
        }
        assert_eq!(fit::lines(CHART_CAPTION, RESIDENCE_CHART_COL_W, CAPTION), 1);
    }

    #[test]
    fn the_change_is_said_in_words() {
        assert_eq!(change_sentence(0.01, 2024), "C’est autant qu’en 2024.");
        assert_eq!(change_sentence(-0.04, 2024), "C’est autant qu’en 2024.");
        assert!(change_sentence(3.2, 2024).contains("de plus qu’en 2024"));
        assert!(change_sentence(-3.2, 2024).contains("de moins qu’en 2024"));
    }

    #[test]
    fn larger_amounts_keep_their_size_and_push_the_unit_under() {
        // Estimated in DejaVu Sans Bold, the widest: three digits before the comma already
        // leave the unit too little room beside the amount.
        assert_eq!(amount_size("98,40\u{a0}€"), 0);
        assert_eq!(amount_size("198,40\u{a0}€"), 1);
        assert_eq!(amount_size("1\u{202f}198,40\u{a0}€"), 1);
    }

    fn year(provisions: f64, total: f64, per_dwelling: f64) -> YearFigures {
        YearFigures {
            year: 2025,
            total,
            provisions,
            per_dwelling_month: total / 12.0,
            per_m2: 1.0,
            change: None,
            regularisation_per_dwelling: per_dwelling,
        }
    }

    #[test]
    fn the_regularisation_says_who_gets_or_pays_how_much() {
        use super::super::layout::{REGULARISATION, REGULARISATION_LINES, REGULARISATION_W};
        let refund = Settlement::of(&year(10_000.0, 9_580.0, 42.0), false).unwrap();
        assert_eq!(refund.sentence(), "En 2025, vos provisions ont dépassé les charges réelles\u{a0}: 42\u{a0}€ vous sont rendus en moyenne par logement.");
        let owed = Settlement::of(&year(10_000.0, 10_180.0, -18.2), false).unwrap();
        assert_eq!(owed.sentence(), "En 2025, vos provisions n’ont pas couvert les charges réelles\u{a0}: il reste 18\u{a0}€ à payer en moyenne par logement.");
        let one = Settlement::of(&year(10_000.0, 9_990.0, 1.2), false).unwrap();
        assert!(one.sentence().contains("1\u{a0}€ vous est rendu en"));
        let even = Settlement::of(&year(10_000.0, 10_000.0, 0.3), false).unwrap();
        assert!(even.sentence().contains("rien à rendre ni à payer"));
        for s in [refund, owed, one, even] {
            assert!(
                fit::lines(&s.sentence(), REGULARISATION_W, REGULARISATION) <= REGULARISATION_LINES
            );
        }
    }

    /// Right or absent: without provisions, without an actual cost, or before the year is
    /// final, there is no sentence (and no zero).
    #[test]
    fn no_regularisation_without_provisions_or_actual_or_in_a_provisional_year() {
        assert_eq!(Settlement::of(&year(0.0, 9_580.0, 399.0), false), None);
        assert_eq!(Settlement::of(&year(10_000.0, 0.0, -400.0), false), None);
        assert_eq!(Settlement::of(&year(10_000.0, 9_580.0, 42.0), true), None);
        assert_eq!(Settlement::of(&year(f64::NAN, 9_580.0, 42.0), false), None);
    }
}
