//! Hall posters and the A4 synthesis of the contract: pages meant for paper that are also web
//! pages.
//!
//! Every poster is one HTML page under `affiches/` whose print CSS fixes the page box (A3 portrait
//! by default, A4 as an option: the same design at 70,7 %), so one poster is always one sheet.
//! What goes on a poster is chosen here, before rendering, from estimated text sizes ([`fit`]):
//! whole commitments and contacts are kept or left out; the longest commitments are shortened
//! (with a warning) only when every theme would not fit otherwise. The CSS still clips as a
//! last resort, so a poster can never spill onto a second sheet.
//!
//! - [`render_residence_poster`]: `affiches/<slug>/`, called by the observatory for each residence;
//! - [`render_contract_posters`]: the three below, once per build, with the residences to list;
//! - [`render_contract_poster`]: `affiches/engagements/`, every theme, both parties;
//! - [`render_synthesis`]: `affiches/synthese/`, the contract on one A4 sheet, recto-verso;
//! - [`render_poster_index`]: `affiches/`, every poster by commune with print instructions;
//! - [`pdf`]: `ensemble build --pdf` prints them all with headless Chromium.

use crate::core::diagnostic::Diagnostic;
use crate::core::html::escape;
use crate::core::paths::{
    self, pdf_file_name, poster_path, CONTRACT_SLUG, RESERVED_SLUGS, SYNTHESIS_SLUG,
};
use crate::core::slug::collation_key;
use crate::core::typography::{format_euros, format_number, format_percent, french_spacing, NBSP};
use crate::draw::qr;
use crate::model::config::{Contact, PaperSize};
use crate::present::contract::{CommitmentView, ThemeView};
use crate::present::poster::fit::{self, Font};
use crate::present::poster::RESIDENCE_CHART;
use crate::render::observatory::ResidenceJob;
use crate::render::{RenderContext, RenderStats, Renderer};
use serde::Serialize;

/// What a residence poster shows, prepared by the observatory. The chart is the large-print
/// variant of the residence page's chart, drawn once in the same job from the same series.
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
    /// What the poster index needs to list this poster.
    pub fn index_entry(&self) -> PosterIndexEntry<'a> {
        PosterIndexEntry {
            slug: self.slug,
            name: self.name,
            address: self.address,
            postal_code: self.postal_code,
            commune: self.commune,
        }
    }
}

/// One residence poster in the index.
#[derive(Debug, Clone, Copy)]
pub struct PosterIndexEntry<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub address: &'a str,
    pub postal_code: &'a str,
    pub commune: &'a str,
}

// ---------------------------------------------------------------------------------------------
// Layout. Millimetres of the A3 design (an A4 poster is the same design scaled by 1/√2), kept in
// step with css/poster.css: the estimates below choose the content, the CSS clips the rest.

/// Inner box of a poster: 297 × 420 mm minus 14 mm margins (and 0,6 mm against rounding).
const A3_INNER_W: f64 = 269.0;
const A3_INNER_H: f64 = 391.4;
/// Width of the text of one of the two party columns (10 mm between them, 7 mm of marker).
const A3_ITEM_W: f64 = (A3_INNER_W - 10.0) / 2.0 - 7.0;
const A3_BODY: Font = Font::regular(18.0, 1.2);
const A3_ITEM_GAP: f64 = 2.5;
/// Lines a commitment may take, most first. The contract poster and the synthesis lower the
/// clamp until every theme fits; a residence poster keeps the first and leaves items out.
const CLAMPS: [usize; 4] = [5, 4, 3, 2];

/// Residence poster rows: head (at most), charges, commitments (the rest), footer.
const RESIDENCE_HEAD_MAX: f64 = 70.0;
const RESIDENCE_CHARGES_H: f64 = 102.0;
/// Charges row: the key figures on the left, the chart and its one-line caption on the right.
const RESIDENCE_KEY_W: f64 = 100.0;
const RESIDENCE_CHART_COL_W: f64 = A3_INNER_W - RESIDENCE_KEY_W - 6.0;
const CAPTION: Font = Font::regular(18.0, 1.2);

const RESIDENCE_FOOT_H: f64 = 94.0;
/// Commitments block around the items: rule and paddings, h2, h3, the "more" line.
const RESIDENCE_COMMITMENTS_CHROME: f64 = 43.0;
const KICKER: Font = Font::bold(20.0, 1.2);
const ADDRESS: Font = Font::regular(22.0, 1.2);
/// Residence poster name: sizes in pt with the lines each may take, largest first.
const NAME_SIZES: [(f64, usize); 6] = [
    (64.0, 1),
    (54.0, 1),
    (48.0, 2),
    (40.0, 2),
    (32.0, 3),
    (26.0, 3),
];

/// Contract poster: rows are head (measured), themes (the rest), footer.
const CONTRACT_HEAD_H: f64 = 36.0;
const CONTRACT_FOOT_H: f64 = 65.0;
/// The paddings, and 3 mm of slack for the estimates.
const CONTRACT_THEMES_H: f64 = A3_INNER_H - CONTRACT_HEAD_H - CONTRACT_FOOT_H - 6.0;
/// One theme heading with its rule and margins, and the space after a theme.
const CONTRACT_THEME_HEAD_H: f64 = 10.0;
const CONTRACT_THEME_GAP: f64 = 1.5;

/// The contacts block: columns filled top to bottom, then left to right (CSS flex column wrap).
struct ContactLayout {
    columns: usize,
    col_w: f64,
    col_h: f64,
    label: Font,
    phone: Font,
    text: Font,
    gap: f64,
    /// One line per contact, "label : phone", without e-mail nor hours.
    compact: bool,
}

const RESIDENCE_CONTACTS: ContactLayout = ContactLayout {
    columns: 1,
    col_w: 171.0,
    col_h: 66.0,
    label: Font::bold(18.0, 1.2),
    phone: Font::bold(24.0, 1.2),
    text: Font::regular(18.0, 1.2),
    gap: 3.0,
    compact: false,
};
const CONTRACT_CONTACTS: ContactLayout = ContactLayout {
    columns: 1,
    col_w: 171.0,
    col_h: 26.0,
    gap: 1.0,
    compact: true,
    ..RESIDENCE_CONTACTS
};
const SYNTHESIS_CONTACTS: ContactLayout = ContactLayout {
    columns: 2,
    col_w: 55.0,
    col_h: 44.0,
    label: Font::bold(12.0, 1.25),
    phone: Font::bold(15.0, 1.25),
    text: Font::regular(12.0, 1.25),
    gap: 2.0,
    compact: false,
};

/// QR block of a poster: width, and the height the code, its label and the URL share.
const QR_BLOCK_W: f64 = 90.0;
const QR_MAX: f64 = 48.0;
const QR_MIN: f64 = 24.0;
const QR_LABEL_H: f64 = 7.6;

/// A4 synthesis (designed on A4): inner box 186 × 272,4 mm, two columns of items.
const A4_ITEM_W: f64 = (186.0 - 6.0) / 2.0 - 5.0;
const A4_BODY: Font = Font::regular(13.0, 1.25);
const A4_ITEM_GAP: f64 = 1.5;
const A4_THEME_HEAD: Font = Font::bold(14.5, 1.2);
/// Rule, margins and the space after a theme.
const A4_THEME_CHROME: f64 = 5.5;
const A4_THEME_W: f64 = 186.0;
/// Height for themes on the recto (under the title) and on the verso (above the footer).
const A4_RECTO_H: f64 = 222.0;
const A4_VERSO_H: f64 = 186.0;

// ---------------------------------------------------------------------------------------------
// Views serialised into the templates.

/// What every print page shares: paper, PDF, QR code, date.
#[derive(Debug, Serialize)]
struct Frame {
    kind: &'static str,
    /// `A3` or `A4`: `@page` size and `<meta name="ensemble:paper">`.
    paper: &'static str,
    /// `<title>` of the page.
    title: String,
    /// File name of the PDF next to the page (linked only with `--pdf`).
    pdf: String,
    /// Absolute URL the QR code points to, as printed.
    url: String,
    /// The same, escaped, with break opportunities after each `/`.
    url_html: String,
    /// Relative link to the same page, for the screen.
    link: String,
    qr: String,
    /// Side of the QR code in mm of the design.
    qr_mm: String,
    /// Words before the printed URL.
    qr_label: &'static str,
    date: Option<String>,
    /// Colour of headings: the site's main colour when it stays dark on paper (≥ 7:1), black
    /// otherwise.
    ink: String,
}

#[derive(Debug, Serialize)]
struct ItemView<'a> {
    /// Short title of the theme, printed before the text where no heading names it.
    theme: Option<&'a str>,
    html: String,
    target: Option<String>,
}

#[derive(Debug, Serialize)]
struct PosterTheme<'a> {
    number: usize,
    title: &'a str,
    short_title: &'a str,
    landlord: Vec<ItemView<'a>>,
    tenant: Vec<ItemView<'a>>,
}

#[derive(Debug, Serialize)]
struct ContactView {
    label: String,
    phone: Option<String>,
    /// `tel:` link target.
    phone_link: Option<String>,
    email: Option<String>,
    hours: Option<String>,
    urgent: bool,
    /// With e-mail and hours; only the phone number when room is short.
    full: bool,
}

#[derive(Debug, Serialize)]
struct ResidenceView<'a> {
    name: String,
    /// Index into [`NAME_SIZES`], a CSS class.
    name_size: usize,
    address: String,
    dwellings: String,
    year: i32,
    monthly: String,
    /// 0 for the largest type; larger amounts get a smaller one to stay on one line.
    amount_size: usize,
    change: Option<String>,
    per_m2: String,
    chart_svg: String,
    chart_caption: String,
    /// Printed size of the chart, in pt of the A3 design.
    chart_w: f64,
    chart_h: f64,
    landlord: Vec<ItemView<'a>>,
    tenant: Vec<ItemView<'a>>,
    /// Commitments left out for lack of room: the poster points to the full contract.
    more: bool,
}

// ---------------------------------------------------------------------------------------------
// Shared helpers.

fn paper(ctx: &RenderContext<'_>) -> PaperSize {
    ctx.site.config.affiches.format
}

/// The URL as printed: escaped, breakable after each `/` so a long address wraps cleanly.
fn breakable_url(url: &str) -> String {
    escape(url).replace('/', "/<wbr>")
}

#[allow(clippy::too_many_arguments)]
fn frame(
    ctx: &RenderContext<'_>,
    kind: &'static str,
    qr_label: &'static str,
    folder: &str,
    paper: PaperSize,
    title: String,
    target_path: &str,
    qr_mm: f64,
) -> Frame {
    let url = paths::absolute_url(&ctx.shared.base_url, target_path);
    let own = poster_path(folder);
    let qr = qr::qr_svg(&url, &format!("qr-{kind}")).unwrap_or_default();
    if qr.is_empty() {
        ctx.report(Diagnostic::warning(
            &own,
            format!("adresse trop longue pour un code QR : {url}"),
        ));
    }
    Frame {
        kind,
        paper: paper.name(),
        title,
        pdf: pdf_file_name(folder),
        url_html: breakable_url(&url),
        url,
        link: format!("{}{target_path}", paths::root_prefix(&own)),
        qr,
        qr_mm: format!("{qr_mm:.1}"),
        qr_label,
        date: ctx.shared.publication_date.clone(),
        ink: print_ink(&ctx.site.config.couleurs.principale),
    }
}

fn print_ink(primary: &str) -> String {
    match crate::core::colour::parse_hex_colour(primary) {
        Some(rgb) if crate::core::colour::contrast_ratio(rgb, (255, 255, 255)) >= 7.0 => {
            primary.to_string()
        }
        _ => "#000".to_string(),
    }
}

fn contact_view(c: &Contact, full: bool) -> ContactView {
    ContactView {
        full: full || c.telephone.is_none(),
        label: french_spacing(&c.libelle),
        phone: c
            .telephone
            .as_ref()
            .map(|t| t.replace(' ', &NBSP.to_string())),
        phone_link: c
            .telephone
            .as_ref()
            .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect()),
        email: c.courriel.clone(),
        hours: c.horaires.as_deref().map(french_spacing),
        urgent: c.urgence,
    }
}

/// Contacts in poster order (emergencies first), as many as fit. A contact too tall for the
/// space left is shown without its e-mail and hours: the phone number is what a poster must
/// give. The author is told when some are left out (once for all posters of a kind).
fn fitting_contacts(
    ctx: &RenderContext<'_>,
    layout: &ContactLayout,
    what: &str,
) -> Vec<ContactView> {
    let all: Vec<&Contact> = ctx
        .site
        .config
        .contacts
        .iter()
        .filter(|c| c.urgence)
        .chain(ctx.site.config.contacts.iter().filter(|c| !c.urgence))
        .collect();
    let mut views = Vec::new();
    let mut column = 0;
    let mut used = 0.0;
    for c in &all {
        let (full, short) = contact_heights(c, layout);
        let room = layout.col_h - used;
        let chosen = if full <= room {
            Some(true)
        } else if short <= room {
            Some(false)
        } else {
            None
        };
        match chosen {
            Some(is_full) => {
                used += if is_full { full } else { short };
                views.push(contact_view(c, is_full));
            }
            None => {
                column += 1;
                if column == layout.columns {
                    break;
                }
                if full <= layout.col_h {
                    used = full;
                    views.push(contact_view(c, true));
                } else if short <= layout.col_h {
                    used = short;
                    views.push(contact_view(c, false));
                } else {
                    break;
                }
            }
        }
    }
    if views.len() < all.len() {
        ctx.report(
            Diagnostic::warning(
                crate::model::config::CONFIG_FILE,
                format!(
                    "{what} : {} contact(s) sur {} tiennent sur la feuille, les urgences d’abord",
                    views.len(),
                    all.len()
                ),
            )
            .hint("les autres restent sur le site ; pour les afficher, raccourcissez les libellés et les horaires des contacts."),
        );
    }
    views
}

/// Height of a contact with everything, and with its label and phone only.
fn contact_heights(c: &Contact, layout: &ContactLayout) -> (f64, f64) {
    let w = layout.col_w;
    if layout.compact {
        let line = format!(
            "{} : {}",
            c.libelle,
            c.telephone
                .as_deref()
                .or(c.courriel.as_deref())
                .unwrap_or("")
        );
        let h = fit::height(&line, w, layout.text, Some(2)) + layout.gap;
        return (h, h);
    }
    let label = fit::height(&c.libelle, w, layout.label, Some(2));
    // The e-mail address follows the phone number on its line when there is room.
    let phone_w = c
        .telephone
        .as_deref()
        .map_or(0.0, |t| fit::width(t, layout.phone));
    let reach = match (&c.telephone, &c.courriel) {
        (None, None) => 0.0,
        (Some(_), None) => layout.phone.line_mm(),
        (None, Some(e)) => fit::height(e, w, layout.text, None),
        (Some(_), Some(e)) if phone_w + fit::width(&format!(" · {e}"), layout.text) <= w => {
            layout.phone.line_mm()
        }
        (Some(_), Some(e)) => layout.phone.line_mm() + fit::height(e, w, layout.text, None),
    };
    let hours = c
        .horaires
        .as_ref()
        .map_or(0.0, |h| fit::height(h, w, layout.text, Some(2)));
    let short = label
        + if c.telephone.is_some() {
            layout.phone.line_mm()
        } else {
            reach
        };
    (label + reach + hours + layout.gap, short + layout.gap)
}

/// Side of the QR code that leaves room for its label and the URL under it, in a block
/// `height` mm high, in mm of the design.
fn qr_side(url: &str, height: f64) -> f64 {
    let url_h = fit::height(url, QR_BLOCK_W, A3_BODY, None);
    (height - QR_LABEL_H - url_h - 2.5).clamp(QR_MIN, QR_MAX)
}

fn item<'a>(theme: Option<&'a ThemeView>, c: &'a CommitmentView) -> ItemView<'a> {
    ItemView {
        theme: theme.map(|t| t.short_title.as_str()),
        html: glue_numbers(&c.html),
        target: c.target.as_deref().map(glue_numbers),
    }
}

/// A number and the word after it stay on one line ("48 h", "100 %", "15 jours"): a poster
/// line that ends on a bare number is misread from a distance.
fn glue_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = None;
    for c in text.chars() {
        if c == ' ' && previous.is_some_and(|p: char| p.is_ascii_digit()) {
            out.push(NBSP);
        } else {
            out.push(c);
        }
        previous = Some(c);
    }
    out
}

/// Plain text of a commitment as the poster prints it (theme label, text, target).
fn item_text(theme: Option<&ThemeView>, c: &CommitmentView) -> String {
    let mut t = String::new();
    if let Some(theme) = theme {
        t.push_str(&theme.short_title);
        t.push_str(". ");
    }
    t.push_str(&fit::plain_text(&c.html));
    if let Some(target) = &c.target {
        t.push_str(" Objectif : ");
        t.push_str(target);
        t.push('.');
    }
    t
}

fn item_height(text: &str, width: f64, font: Font, max_lines: usize, gap: f64) -> f64 {
    fit::height(text, width, font, Some(max_lines)) + gap
}

fn poster_items(commitments: &[CommitmentView]) -> Vec<&CommitmentView> {
    commitments.iter().filter(|c| c.on_poster).collect()
}

fn warn_if_long(
    ctx: &RenderContext<'_>,
    path: &str,
    what: &str,
    value: &str,
    lines: usize,
    max: usize,
) {
    if lines > max {
        ctx.report(
            Diagnostic::warning(
                path,
                format!("texte trop long pour l’affiche, il sera coupé : {what} « {value} »"),
            )
            .hint("raccourcissez-le : une affiche se lit debout, à un ou deux mètres."),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Residence poster.

/// Picks commitments for one column: the first poster commitment of every theme, then the
/// second ones, and so on, while they fit in `budget` mm; shown back in theme order.
fn round_robin<'a>(
    themes: &'a [ThemeView],
    side: impl Fn(&'a ThemeView) -> &'a [CommitmentView],
    budget: f64,
) -> (Vec<ItemView<'a>>, bool) {
    let lists: Vec<Vec<&CommitmentView>> = themes.iter().map(|t| poster_items(side(t))).collect();
    let total: usize = lists.iter().map(Vec::len).sum();
    let depth = lists.iter().map(Vec::len).max().unwrap_or(0);
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    let mut used = 0.0;
    for rank in 0..depth {
        for (t, list) in lists.iter().enumerate() {
            let Some(c) = list.get(rank) else { continue };
            let h = item_height(
                &item_text(Some(&themes[t]), c),
                A3_ITEM_W,
                A3_BODY,
                CLAMPS[0],
                A3_ITEM_GAP,
            );
            if used + h <= budget {
                used += h;
                chosen.push((t, rank));
            }
        }
    }
    chosen.sort_unstable();
    let more = chosen.len() < total;
    let items = chosen
        .into_iter()
        .map(|(t, rank)| item(Some(&themes[t]), lists[t][rank]))
        .collect();
    (items, more)
}

/// Writes `affiches/<slug>/index.html`, the poster of one residence; `false` when it could not
/// be written (the problem is reported in the context).
pub fn render_residence_poster(ctx: &RenderContext<'_>, p: &ResidencePoster<'_>) -> bool {
    let path = poster_path(p.slug);
    if RESERVED_SLUGS.contains(&p.slug) || p.slug.is_empty() || p.slug.contains(['/', '\\', '.']) {
        ctx.report(
            Diagnostic::error(&path, format!("la résidence « {} » a l'adresse « {} », réservée ou invalide pour une affiche", p.name, p.slug))
                .hint("donnez-lui un autre identifiant (slug) : « engagements » et « synthese » sont pris par les affiches du contrat."),
        );
        return false;
    }
    let name = french_spacing(p.name);
    let name_size = fit::largest_size(&name, A3_INNER_W, &NAME_SIZES, true);
    let (size, max_lines) = NAME_SIZES[name_size];
    let name_font = Font::bold(size, 1.05);
    let name_lines = fit::lines(&name, A3_INNER_W, name_font);
    warn_if_long(
        ctx,
        &path,
        "le nom de la résidence",
        p.name,
        name_lines,
        max_lines,
    );
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
    warn_if_long(ctx, &path, "l’adresse", &address, address_lines, 2);
    // The head takes what the name and address need; the commitments get the rest.
    let head = (KICKER.line_mm()
        + 4.0
        + name_lines.min(max_lines) as f64 * name_font.line_mm()
        + 2.0
        + address_lines.min(2) as f64 * ADDRESS.line_mm()
        + 5.0)
        .min(RESIDENCE_HEAD_MAX);
    let budget =
        A3_INNER_H - head - RESIDENCE_CHARGES_H - RESIDENCE_FOOT_H - RESIDENCE_COMMITMENTS_CHROME;
    let themes = ctx.themes;
    let (landlord, more_l) = round_robin(themes, |t| &t.landlord, budget);
    let (tenant, more_t) = round_robin(themes, |t| &t.tenant, budget);
    let chart_caption = french_spacing(p.chart_caption);
    warn_if_long(
        ctx,
        &path,
        "la légende du graphique",
        p.chart_caption,
        fit::lines(&chart_caption, RESIDENCE_CHART_COL_W, CAPTION),
        1,
    );
    let change = p.change_percent.map(|c| {
        let previous = p.year - 1;
        if format_number(c, 1).trim_start_matches('−') == "0,0" {
            format!("C’est autant qu’en {previous}.")
        } else if c > 0.0 {
            format!("C’est {} de plus qu’en {previous}.", format_percent(c))
        } else {
            format!("C’est {} de moins qu’en {previous}.", format_percent(-c))
        }
    });
    let view = ResidenceView {
        name,
        name_size,
        address,
        dwellings,
        year: p.year,
        monthly: format_euros(p.monthly_per_dwelling),
        amount_size: match format_euros(p.monthly_per_dwelling).chars().count() {
            0..=7 => 0,
            8 => 1,
            _ => 2,
        },
        change,
        per_m2: format_euros(p.per_m2_year),
        chart_svg: ensure_view_box(p.chart_svg),
        chart_caption,
        chart_w: RESIDENCE_CHART.width,
        chart_h: RESIDENCE_CHART.height,
        landlord,
        tenant,
        more: more_l || more_t,
    };
    let url = paths::absolute_url(&ctx.shared.base_url, p.residence_page_path);
    let paper = paper(ctx);
    let frame = frame(
        ctx,
        "residence",
        "Sur internet",
        p.slug,
        paper,
        format!("Affiche de la résidence {}", view.name),
        p.residence_page_path,
        qr_side(&url, RESIDENCE_FOOT_H - 4.0),
    );
    let contacts = fitting_contacts(ctx, &RESIDENCE_CONTACTS, "affiches des résidences");
    let mut tctx = ctx.page_context(&path);
    tctx.insert("poster", &frame);
    tctx.insert("residence", &view);
    tctx.insert("item_clamp", &CLAMPS[0]);
    tctx.insert("poster_contacts", &contacts);
    tctx.insert("contacts_compact", &false);
    ctx.render_to("posters/residence.html", &tctx, &path)
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

// ---------------------------------------------------------------------------------------------
// Contract poster.

/// Commitments per theme for a two-column layout: the first poster commitment of each party in
/// every theme, then (with `more_rounds`) more, round after round, while the tallest column of
/// each theme still fits.
#[allow(clippy::too_many_arguments)]
fn fill_themes<'a>(
    themes: &'a [ThemeView],
    width: f64,
    font: Font,
    max_lines: usize,
    gap: f64,
    head_h: impl Fn(&ThemeView) -> f64,
    fits: impl Fn(&[f64]) -> bool,
    more_rounds: bool,
) -> (Vec<PosterTheme<'a>>, Vec<f64>) {
    let lists: Vec<[Vec<&CommitmentView>; 2]> = themes
        .iter()
        .map(|t| [poster_items(&t.landlord), poster_items(&t.tenant)])
        .collect();
    let h = |c: &CommitmentView| item_height(&item_text(None, c), width, font, max_lines, gap);
    // counts[t][side]: how many commitments of that party are shown for theme t.
    let mut counts: Vec<[usize; 2]> = lists
        .iter()
        .map(|l| [l[0].len().min(1), l[1].len().min(1)])
        .collect();
    let theme_heights = |counts: &[[usize; 2]]| -> Vec<f64> {
        themes
            .iter()
            .enumerate()
            .map(|(t, theme)| {
                // The last item of a column has no space under it.
                let col = |side: usize| -> f64 {
                    let items = &lists[t][side][..counts[t][side]];
                    (items.iter().map(|c| h(c)).sum::<f64>() - gap).max(0.0)
                };
                head_h(theme) + col(0).max(col(1))
            })
            .collect()
    };
    let depth = lists
        .iter()
        .flat_map(|l| [l[0].len(), l[1].len()])
        .max()
        .unwrap_or(0);
    for rank in 1..if more_rounds { depth } else { 1 } {
        for t in 0..themes.len() {
            for side in 0..2 {
                if lists[t][side].len() > rank && counts[t][side] == rank {
                    counts[t][side] += 1;
                    if !fits(&theme_heights(&counts)) {
                        counts[t][side] -= 1;
                    }
                }
            }
        }
    }
    let heights = theme_heights(&counts);
    let chosen = themes
        .iter()
        .enumerate()
        .map(|(t, theme)| PosterTheme {
            number: theme.number,
            title: &theme.title,
            short_title: &theme.short_title,
            landlord: lists[t][0][..counts[t][0]]
                .iter()
                .map(|c| item(None, c))
                .collect(),
            tenant: lists[t][1][..counts[t][1]]
                .iter()
                .map(|c| item(None, c))
                .collect(),
        })
        .collect();
    (chosen, heights)
}

/// [`fill_themes`] at the largest clamp of [`CLAMPS`] where every theme fits; the smallest
/// clamp, and a warning for the author, when none does.
#[allow(clippy::too_many_arguments)]
fn fill_themes_clamped<'a>(
    ctx: &RenderContext<'a>,
    path: &str,
    what: &str,
    width: f64,
    font: Font,
    gap: f64,
    head_h: impl Fn(&ThemeView) -> f64 + Copy,
    fits: impl Fn(&[f64]) -> bool + Copy,
) -> (Vec<PosterTheme<'a>>, Vec<f64>, usize) {
    let themes: &'a [ThemeView] = ctx.themes;
    for (i, &clamp) in CLAMPS.iter().enumerate() {
        // Whole first commitments come before more commitments: extra ones only at full length.
        let (chosen, heights) = fill_themes(themes, width, font, clamp, gap, head_h, fits, i == 0);
        let last = i == CLAMPS.len() - 1;
        if fits(&heights) || last {
            if !fits(&heights) {
                ctx.report(
                    Diagnostic::warning(path, format!("{what} déborde : les engagements marqués « affiche: true » sont trop longs ou trop nombreux, la fin sera coupée"))
                        .hint("raccourcissez ces engagements ou marquez-en moins pour l’affiche."),
                );
            } else if clamp < CLAMPS[0] {
                ctx.report(
                    Diagnostic::warning(path, format!("{what} : les engagements les plus longs sont coupés après {clamp} lignes pour tenir sur la feuille"))
                        .hint("raccourcissez les engagements marqués « affiche: true » : une phrase courte par engagement."),
                );
            }
            return (chosen, heights, clamp);
        }
    }
    unreachable!("CLAMPS is not empty")
}

/// Writes `affiches/engagements/index.html`: "Nos engagements / Vos engagements" for every theme.
pub fn render_contract_poster(ctx: &RenderContext<'_>) -> bool {
    let path = poster_path(CONTRACT_SLUG);
    let (themes, _, clamp) = fill_themes_clamped(
        ctx,
        &path,
        "l’affiche du contrat",
        A3_ITEM_W,
        A3_BODY,
        A3_ITEM_GAP,
        |_| CONTRACT_THEME_HEAD_H + CONTRACT_THEME_GAP,
        |heights| heights.iter().sum::<f64>() <= CONTRACT_THEMES_H,
    );
    let contract = paths::CONTRACT_PATH;
    let url = paths::absolute_url(&ctx.shared.base_url, contract);
    let frame = frame(
        ctx,
        "contract",
        "Sur internet",
        CONTRACT_SLUG,
        paper(ctx),
        "Affiche du contrat : nos engagements, vos engagements".to_string(),
        contract,
        qr_side(&url, CONTRACT_FOOT_H - 4.0),
    );
    let contacts = fitting_contacts(ctx, &CONTRACT_CONTACTS, "affiche du contrat");
    let mut tctx = ctx.page_context(&path);
    tctx.insert("poster", &frame);
    tctx.insert("poster_themes", &themes);
    tctx.insert("item_clamp", &clamp);
    tctx.insert("poster_contacts", &contacts);
    tctx.insert("contacts_compact", &true);
    ctx.render_to("posters/contract.html", &tctx, &path)
}

// ---------------------------------------------------------------------------------------------
// A4 synthesis.

/// Splits themes of estimated `heights` between the recto and the verso: as many as fit on the
/// recto, the rest on the verso. `None` when they do not fit on both.
fn split_recto_verso(heights: &[f64]) -> Option<usize> {
    let mut recto = 0.0;
    let mut split = 0;
    for h in heights {
        if recto + h > A4_RECTO_H {
            break;
        }
        recto += h;
        split += 1;
    }
    let verso: f64 = heights[split..].iter().sum();
    (verso <= A4_VERSO_H).then_some(split)
}

/// Writes `affiches/synthese/index.html`: the contract on one A4 sheet printed on both sides.
pub fn render_synthesis(ctx: &RenderContext<'_>) -> bool {
    let path = poster_path(SYNTHESIS_SLUG);
    let head_h =
        |t: &ThemeView| fit::height(&t.title, A4_THEME_W, A4_THEME_HEAD, Some(2)) + A4_THEME_CHROME;
    let (mut themes, heights, clamp) = fill_themes_clamped(
        ctx,
        &path,
        "la synthèse A4",
        A4_ITEM_W,
        A4_BODY,
        A4_ITEM_GAP,
        head_h,
        |heights| split_recto_verso(heights).is_some(),
    );
    // When even that does not fit, the recto takes what it can and the verso clips the rest.
    let split = split_recto_verso(&heights).unwrap_or_else(|| {
        let mut used = 0.0;
        heights
            .iter()
            .take_while(|h| {
                used += *h;
                used <= A4_RECTO_H
            })
            .count()
            .max(1)
            .min(themes.len())
    });
    let verso = themes.split_off(split);
    let contract = paths::CONTRACT_PATH;
    let frame = frame(
        ctx,
        "synthesis",
        "Sur internet",
        SYNTHESIS_SLUG,
        PaperSize::A4,
        "Synthèse du contrat de service (A4 recto-verso)".to_string(),
        contract,
        32.0,
    );
    let contacts = fitting_contacts(ctx, &SYNTHESIS_CONTACTS, "synthèse A4");
    let mut tctx = ctx.page_context(&path);
    tctx.insert("poster", &frame);
    tctx.insert("synthesis_sheets", &[themes, verso]);
    tctx.insert("item_clamp", &clamp);
    tctx.insert("poster_contacts", &contacts);
    tctx.insert("contacts_compact", &false);
    ctx.render_to("posters/synthesis.html", &tctx, &path)
}

// ---------------------------------------------------------------------------------------------
// Index.

#[derive(Debug, Serialize)]
struct IndexResidence<'a> {
    name: String,
    address: String,
    path: String,
    pdf: String,
    slug: &'a str,
}

#[derive(Debug, Serialize)]
struct IndexCommune<'a> {
    name: &'a str,
    residences: Vec<IndexResidence<'a>>,
}

/// Writes `affiches/index.html`: the contract poster, the synthesis and the residence posters
/// grouped by commune (alphabetical, French order), with print instructions.
pub fn render_poster_index(ctx: &RenderContext<'_>, residences: &[PosterIndexEntry<'_>]) -> bool {
    let path = paths::POSTER_INDEX_PATH.to_string();
    let mut sorted: Vec<&PosterIndexEntry<'_>> = residences.iter().collect();
    sorted.sort_by_cached_key(|r| (collation_key(r.commune), collation_key(r.name)));
    let mut communes: Vec<IndexCommune<'_>> = Vec::new();
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
                residences: vec![entry],
            }),
        }
    }
    let paper = paper(ctx);
    let mut tctx = ctx.page_context(&path);
    let view = crate::present::contract::PageView {
        title: "Affiches à imprimer",
        description: Some(
            "Les affiches des halls et la synthèse A4 du contrat de service, prêtes à imprimer.",
        ),
        path: &path,
        url: paths::absolute_url(&ctx.shared.base_url, &path),
        content: "",
        headings: &[],
        kind: "poster-index",
    };
    tctx.insert("page", &view);
    tctx.insert("communes", &communes);
    tctx.insert("residence_count", &residences.len());
    tctx.insert("paper", paper.name());
    tctx.insert(
        "contract_pdf",
        &format!("{CONTRACT_SLUG}/{}", pdf_file_name(CONTRACT_SLUG)),
    );
    tctx.insert(
        "synthesis_pdf",
        &format!("{SYNTHESIS_SLUG}/{}", pdf_file_name(SYNTHESIS_SLUG)),
    );
    ctx.render_to("posters/index.html", &tctx, &path)
}

/// The contract poster, the synthesis and the index of every poster; residence posters are
/// rendered in each residence's job by the observatory ([`residence_poster`]).
pub struct ContractPosters;

impl Renderer for ContractPosters {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        // Residences with at least one year of charges have a poster; listed as in
        // residences.yaml, which the index then sorts by commune.
        let obs = &ctx.site.observatory;
        let residences: Vec<PosterIndexEntry<'_>> = obs
            .residences
            .iter()
            .zip(&ctx.figures.residences)
            .filter(|(_, f)| f.latest().is_some() && !obs.is_empty())
            .map(|(r, _)| PosterIndexEntry {
                slug: &r.id,
                name: &r.name,
                address: &r.address,
                postal_code: &r.postal_code,
                commune: &r.commune,
            })
            .collect();
        RenderStats {
            posters: render_contract_posters(ctx, &residences),
            ..RenderStats::default()
        }
    }
}

/// Renders the contract poster, the synthesis and the index listing `residences`. Returns the
/// number of posters written.
pub fn render_contract_posters(
    ctx: &RenderContext<'_>,
    residences: &[PosterIndexEntry<'_>],
) -> usize {
    [
        render_contract_poster(ctx),
        render_synthesis(ctx),
        render_poster_index(ctx, residences),
    ]
    .into_iter()
    .filter(|ok| *ok)
    .count()
}

/// The hall poster of one residence job; how many posters it wrote (0 without charges).
pub fn residence_poster(ctx: &RenderContext<'_>, job: &ResidenceJob<'_>) -> usize {
    let r = job.residence;
    let (Some(latest), Some(chart)) = (job.figures.latest(), job.charts.poster.as_ref()) else {
        return 0;
    };
    let p = ResidencePoster {
        slug: &r.id,
        name: &r.name,
        address: &r.address,
        postal_code: &r.postal_code,
        commune: &r.commune,
        dwellings: r.dwellings,
        year: latest.year,
        monthly_per_dwelling: latest.per_dwelling_month,
        change_percent: latest.change,
        per_m2_year: latest.per_m2,
        chart_svg: chart,
        chart_caption: "Charges en euros par logement et par mois",
        residence_page_path: &job.summary.path,
    };
    render_residence_poster(ctx, &p) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_with_their_unit() {
        assert_eq!(
            glue_numbers("sous 48 h et 100 %"),
            "sous 48\u{A0}h et 100\u{A0}%"
        );
    }

    #[test]
    fn urls_break_after_slashes() {
        assert_eq!(
            breakable_url("https://a.fr/r/x&y/"),
            "https:/<wbr>/<wbr>a.fr/<wbr>r/<wbr>x&amp;y/<wbr>"
        );
    }

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
        let caption = "Charges en euros par logement et par mois";
        assert_eq!(fit::lines(caption, RESIDENCE_CHART_COL_W, CAPTION), 1);
    }

    #[test]
    fn recto_takes_what_fits_and_verso_the_rest() {
        assert_eq!(split_recto_verso(&[50.0; 7]), Some(4));
        assert_eq!(split_recto_verso(&[150.0; 7]), None);
    }
}
