//! The poster design in numbers: millimetres of the A3 design (an A4 poster is the same design
//! scaled by 1/√2), fonts and clamps, kept in step with css/poster.css. The estimates of
//! [`super::fit`] choose the content with these; the CSS clips the rest.
//!
//! Posters are read standing, from a metre or two: the guidance for public buildings is a letter
//! height of 3 % of the reading distance. So on A3 no text is under [`MIN_PT`] (its printed box,
//! ascender to descender, is then at least 24 pt), the residence's name and each theme's
//! headline are at least [`HEADLINE_MIN_PT`] (a 2 cm box) and the key amount [`AMOUNT_PT`]
//! (a box of 120 pt, about 3 cm of letter height). `tests/e2e/gates/print.mjs` measures them in
//! the printed PDF.

use super::fit::Font;

/// Inner box of a poster: 297 × 420 mm minus 14 mm margins (and 0,6 mm against rounding).
pub const A3_INNER_W: f64 = 269.0;
pub const A3_INNER_H: f64 = 391.4;
/// Printed box of a line of DejaVu Sans (ascender plus descender), in font sizes: Chromium's
/// PDF gives every word a box this high, which is what `pdftotext -bbox` measures.
pub const BOX_PER_PT: f64 = 1.164;
/// The smallest text of an A3 poster: 22 pt prints a 25,6 pt box (24 pt at least).
pub const MIN_PT: f64 = 22.0;
/// The residence's name and the contract's theme headlines: 50 pt, a 58,2 pt box (2 cm: 56,7).
pub const HEADLINE_MIN_PT: f64 = 50.0;
/// The key amount of a residence poster: 104 pt, a 121 pt box (at least 120).
pub const AMOUNT_PT: f64 = 104.0;
/// Body text of the A3 posters, also used to measure the printed URL.
pub const A3_BODY: Font = Font::regular(MIN_PT, 1.2);
/// Lines a commitment may take, most first. The contract poster and the synthesis lower the
/// clamp until every theme fits; a residence poster keeps the first and leaves items out.
pub const CLAMPS: [usize; 4] = [5, 4, 3, 2];

/// A column of commitments: its text width, font and the space under each item.
#[derive(Debug, Clone, Copy)]
pub struct ItemColumn {
    pub width: f64,
    pub font: Font,
    pub gap: f64,
}

/// One of the two party columns of an A3 poster (10 mm between them, 7 mm of marker).
pub const A3_ITEMS: ItemColumn = ItemColumn {
    width: (A3_INNER_W - 10.0) / 2.0 - 7.0,
    font: A3_BODY,
    gap: 2.5,
};

/// Residence poster rows: head (at most), key figures, chart (the rest), footer. The
/// commitments are not on it: at 22 pt not one whole commitment would fit beside the amount,
/// the regularisation and the chart; the contract poster has them, one line per party.
pub const RESIDENCE_HEAD_MAX: f64 = 84.0;
/// Key figures: the amount with its unit, the change and the m² sentence, the regularisation.
pub const RESIDENCE_CHARGES_H: f64 = 126.0;
/// Width of the unit beside the amount, and of the lines under it.
pub const RESIDENCE_UNIT_W: f64 = 78.0;
pub const CAPTION: Font = Font::regular(MIN_PT, 1.2);
/// The regularisation sentence: bold, in a ruled box, at most three lines.
pub const REGULARISATION: Font = Font::bold(24.0, 1.2);
pub const REGULARISATION_LINES: usize = 3;
/// Inside width of the regularisation box (4 mm of padding each side, 1 mm rules).
pub const REGULARISATION_W: f64 = A3_INNER_W - 10.0;
pub const RESIDENCE_CHART_COL_W: f64 = A3_INNER_W;

pub const RESIDENCE_FOOT_H: f64 = 94.0;
pub const KICKER: Font = Font::bold(MIN_PT, 1.2);
pub const ADDRESS: Font = Font::regular(24.0, 1.2);
/// Residence poster name: sizes in pt with the lines each may take, largest first.
pub const NAME_SIZES: [(f64, usize); 5] = [
    (84.0, 1),
    (72.0, 1),
    (62.0, 1),
    (56.0, 2),
    (HEADLINE_MIN_PT, 2),
];

/// Contract poster: rows are head (measured), themes (the rest), footer.
pub const CONTRACT_HEAD_H: f64 = 31.0;
pub const CONTRACT_FOOT_H: f64 = 98.0;
/// The paddings, and 3 mm of slack for the estimates.
pub const CONTRACT_THEMES_H: f64 = A3_INNER_H - CONTRACT_HEAD_H - CONTRACT_FOOT_H - 6.0;
/// A theme's rule and margins under its headline, and the space after the theme.
pub const CONTRACT_THEME_HEAD_H: f64 = 4.5;
/// A theme's headline: its short title, bold, wrapped (never cut) over the poster's width.
pub const CONTRACT_THEME_TITLE: Font = Font::bold(HEADLINE_MIN_PT, 1.0);
/// Text width of one party's line (two columns 10 mm apart, 9 mm of marker).
pub const CONTRACT_LINE_W: f64 = (A3_INNER_W - 10.0) / 2.0 - 9.0;
/// The line of key results under the themes (`.p-results`): one line and its margin.
pub const CONTRACT_RESULTS_H: f64 = 11.0;

/// The contacts block: columns filled top to bottom, then left to right (CSS flex column wrap).
#[derive(Debug, Clone, Copy)]
pub struct ContactLayout {
    pub columns: usize,
    pub col_w: f64,
    pub col_h: f64,
    pub label: Font,
    pub phone: Font,
    pub text: Font,
    pub gap: f64,
    /// One line per contact, "label : phone", without e-mail nor hours.
    pub compact: bool,
}

pub const RESIDENCE_CONTACTS: ContactLayout = ContactLayout {
    columns: 1,
    col_w: 171.0,
    col_h: 66.0,
    label: Font::bold(MIN_PT, 1.2),
    phone: Font::bold(26.0, 1.2),
    text: Font::regular(MIN_PT, 1.2),
    gap: 3.0,
    compact: false,
};
pub const CONTRACT_CONTACTS: ContactLayout = ContactLayout {
    columns: 1,
    col_w: 171.0,
    col_h: 40.0,
    gap: 1.0,
    compact: true,
    ..RESIDENCE_CONTACTS
};
pub const SYNTHESIS_CONTACTS: ContactLayout = ContactLayout {
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
pub const QR_BLOCK_W: f64 = 90.0;
pub const QR_MAX: f64 = 48.0;
pub const QR_MIN: f64 = 24.0;
pub const QR_LABEL_H: f64 = 7.6;
/// Side of the synthesis's QR code, in mm of its A4 design.
pub const SYNTHESIS_QR: f64 = 32.0;

/// A4 synthesis (designed on A4): inner box 186 × 272,4 mm, two columns of items.
pub const A4_ITEMS: ItemColumn = ItemColumn {
    width: (186.0 - 6.0) / 2.0 - 5.0,
    font: Font::regular(13.0, 1.25),
    gap: 1.5,
};
pub const A4_THEME_HEAD: Font = Font::bold(14.5, 1.2);
/// Rule, margins and the space after a theme.
pub const A4_THEME_CHROME: f64 = 5.5;
pub const A4_THEME_W: f64 = 186.0;
/// Height for themes on the recto (under the title) and on the verso (above the footer).
pub const A4_RECTO_H: f64 = 222.0;
pub const A4_VERSO_H: f64 = 186.0;
/// The key results of the verso (`.s-results`): 12 pt items with 1 mm under each, and the
/// rule, padding and margins of the block around its 14,5 pt heading.
pub const A4_RESULT: Font = Font::regular(12.0, 1.25);
pub const A4_RESULT_GAP: f64 = 1.0;
pub const A4_RESULTS_CHROME: f64 = 6.0;
