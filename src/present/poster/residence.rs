//! The hall poster of one residence, `affiches/<slug>/`: its name and address, its latest
//! charges with the large-print chart, the commitments that fit, the contacts and a QR code to
//! the residence's page.

use super::contacts::fitting_contacts;
use super::fit::{self, Font};
use super::frame::{frame, FrameSpec, QrSize};
use super::inputs::Inputs;
use super::items::{round_robin, ItemView};
use super::layout::{
    A3_INNER_H, A3_INNER_W, ADDRESS, CAPTION, CLAMPS, KICKER, NAME_SIZES, RESIDENCE_CHARGES_H,
    RESIDENCE_CHART_COL_W, RESIDENCE_COMMITMENTS_CHROME, RESIDENCE_CONTACTS, RESIDENCE_FOOT_H,
    RESIDENCE_HEAD_MAX,
};
use super::page::{PosterPage, RESIDENCE_CHART};
use crate::core::diagnostic::Diagnostic;
use crate::core::paths::{poster_path, RESERVED_SLUGS};
use crate::core::typography::{format_euros, format_number, format_percent, french_spacing, NBSP};
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
    /// The poster of `residence` with its `latest` figures, its poster chart and the path of
    /// its page.
    pub fn of(
        residence: &'a Residence,
        latest: &YearFigures,
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
            chart_svg,
            chart_caption: CHART_CAPTION,
            residence_page_path: page_path,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct ResidenceView<'a> {
    pub name: String,
    /// Index into [`NAME_SIZES`], a CSS class.
    pub name_size: usize,
    pub address: String,
    pub dwellings: String,
    pub year: i32,
    pub monthly: String,
    /// 0 for the largest type; larger amounts get a smaller one to stay on one line.
    pub amount_size: usize,
    pub change: Option<String>,
    pub per_m2: String,
    pub chart_svg: String,
    pub chart_caption: String,
    /// Printed size of the chart, in pt of the A3 design.
    pub chart_w: f64,
    pub chart_h: f64,
    pub landlord: Vec<ItemView<'a>>,
    pub tenant: Vec<ItemView<'a>>,
    /// Commitments left out for lack of room: the poster points to the full contract.
    pub more: bool,
}

/// The poster of `residence`, from its `latest` figures, its poster chart (drawn at
/// [`RESIDENCE_CHART`]) and the path of its page; see [`page`].
pub fn view<'a>(
    inputs: &Inputs<'a>,
    residence: &Residence,
    latest: &YearFigures,
    chart_svg: &str,
    page_path: &str,
) -> Result<PosterPage<ResidenceView<'a>>, Diagnostic> {
    page(
        inputs,
        &ResidencePoster::of(residence, latest, chart_svg, page_path),
    )
}

/// The poster page of `p`, with the warnings for texts too long to print whole; an error when
/// its slug cannot be a poster folder.
pub fn page<'a>(
    inputs: &Inputs<'a>,
    p: &ResidencePoster<'_>,
) -> Result<PosterPage<ResidenceView<'a>>, Diagnostic> {
    let path = poster_path(p.slug);
    if RESERVED_SLUGS.contains(&p.slug) || p.slug.is_empty() || p.slug.contains(['/', '\\', '.']) {
        return Err(Diagnostic::error(&path, format!("la résidence « {} » a l'adresse « {} », réservée ou invalide pour une affiche", p.name, p.slug))
            .hint("donnez-lui un autre identifiant (slug) : « engagements » et « synthese » sont pris par les affiches du contrat."));
    }
    let (head, mut warnings) = head(p, &path, &kicker(inputs));
    // The head takes what the name and address need; the commitments get the rest.
    let budget = A3_INNER_H
        - head.height
        - RESIDENCE_CHARGES_H
        - RESIDENCE_FOOT_H
        - RESIDENCE_COMMITMENTS_CHROME;
    let (landlord, more_l) = round_robin(inputs.themes, |t| &t.landlord, budget);
    let (tenant, more_t) = round_robin(inputs.themes, |t| &t.tenant, budget);
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
        chart_svg: ensure_view_box(p.chart_svg),
        chart_caption,
        chart_w: RESIDENCE_CHART.width,
        chart_h: RESIDENCE_CHART.height,
        landlord,
        tenant,
        more: more_l || more_t,
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
    /// Estimated height, in mm of the design.
    height: f64,
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
    let height = needed.min(RESIDENCE_HEAD_MAX);
    let head = Head {
        name,
        name_size,
        address,
        dwellings,
        height,
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

/// Type size of the monthly amount: 0 for the largest; larger amounts get a smaller one to
/// stay on one line.
fn amount_size(monthly: &str) -> usize {
    match monthly.chars().count() {
        0..=7 => 0,
        8 => 1,
        _ => 2,
    }
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

    /// The chart and its caption fit the charges row, on A3 as designed (A4 is the same
    /// design scaled), and its smallest text prints at 12 pt at least on A4.
    #[test]
    fn the_residence_chart_fits_its_box_and_prints_large_enough() {
        // Above the chart: the padding and the "Vos charges en …" heading (28 pt, 1,15, 2 mm
        // under it).
        let head = 5.0 + 28.0 * 1.15 * fit::MM_PER_PT + 2.0;
        let w = RESIDENCE_CHART.width * fit::MM_PER_PT;
        let h = RESIDENCE_CHART.height * fit::MM_PER_PT;
        assert!(w <= RESIDENCE_CHART_COL_W, "{w} mm");
        let below = 1.0 + CAPTION.line_mm();
        assert!(
            head + h + below <= RESIDENCE_CHARGES_H,
            "{} mm",
            head + h + below
        );
        const {
            assert!(RESIDENCE_CHART.font * std::f64::consts::FRAC_1_SQRT_2 >= 12.0);
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
    fn larger_amounts_print_smaller() {
        assert_eq!(amount_size("98,40 €"), 0);
        assert_eq!(amount_size("198,40 €"), 1);
        assert_eq!(amount_size("1 198,40 €"), 2);
    }
}
