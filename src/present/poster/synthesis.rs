//! The A4 synthesis, `affiches/synthese/`: the contract on one A4 sheet printed on both sides.

use super::contacts::fitting_contacts;
use super::fit;
use super::frame::{frame, FrameSpec, QrSize};
use super::inputs::Inputs;
use super::items::{fill_themes_clamped, PosterTheme};
use super::layout::{
    A4_ITEMS, A4_RECTO_H, A4_RESULT, A4_RESULTS_CHROME, A4_RESULT_GAP, A4_THEME_CHROME,
    A4_THEME_HEAD, A4_THEME_W, A4_VERSO_H, SYNTHESIS_CONTACTS, SYNTHESIS_QR,
};
use super::page::PosterPage;
use crate::core::paths::{poster_path, CONTRACT_PATH, SYNTHESIS_SLUG};
use crate::model::config::PaperSize;
use crate::present::contract::ThemeView;
use crate::present::results::{key_results, KeyResult, KeyResults};

/// The themes of the recto, then those of the verso.
pub type Sheets<'a> = [Vec<PosterTheme<'a>>; 2];

/// Splits themes of estimated `heights` between the recto and the verso: as many as fit on the
/// recto, the rest in `verso_h` mm of the verso. `None` when they do not fit on both.
pub fn split_recto_verso(heights: &[f64], verso_h: f64) -> Option<usize> {
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
    (verso <= verso_h).then_some(split)
}

/// Text of one key result as the synthesis prints it (see `posters/synthesis.html`).
fn key_result_text(k: &KeyResult) -> String {
    format!(
        "{}, {} : {} {} {} ({})",
        k.theme, k.label, k.value, k.icon, k.status, k.target
    )
}

/// Height of the key results block of the verso: its heading, one item per result, the rule
/// and margins (`.s-results` of poster.css).
fn key_results_height(key: &KeyResults) -> f64 {
    let items: f64 = key
        .items
        .iter()
        .map(|k| fit::height(&key_result_text(k), A4_THEME_W, A4_RESULT, None) + A4_RESULT_GAP)
        .sum();
    A4_RESULTS_CHROME + fit::height("Nos résultats 2025", A4_THEME_W, A4_THEME_HEAD, None) + items
}

/// When the themes do not fit on both sides, the recto takes what it can (at least one theme)
/// and the verso clips the rest.
fn overflowing_split(heights: &[f64], themes: usize) -> usize {
    let mut used = 0.0;
    heights
        .iter()
        .take_while(|h| {
            used += *h;
            used <= A4_RECTO_H
        })
        .count()
        .max(1)
        .min(themes)
}

/// The synthesis: the commitments of every theme split between the two sides, the contacts and
/// a QR code to the contract's page. Always A4, whatever the paper of the posters.
pub fn page<'a>(inputs: &Inputs<'a>) -> PosterPage<Sheets<'a>> {
    let path = poster_path(SYNTHESIS_SLUG);
    let head_h =
        |t: &ThemeView| fit::height(&t.title, A4_THEME_W, A4_THEME_HEAD, Some(2)) + A4_THEME_CHROME;
    // The latest year's results print on the verso, above the footer: the themes get the rest.
    let key = key_results(inputs.themes);
    let verso_h = A4_VERSO_H - key.as_ref().map_or(0.0, key_results_height);
    let filled = fill_themes_clamped(
        inputs.themes,
        &path,
        "la synthèse A4",
        A4_ITEMS,
        head_h,
        |heights| split_recto_verso(heights, verso_h).is_some(),
    );
    let mut recto = filled.themes;
    let split = split_recto_verso(&filled.heights, verso_h)
        .unwrap_or_else(|| overflowing_split(&filled.heights, recto.len()));
    let verso = recto.split_off(split);
    let (frame, qr_warning) = frame(
        inputs,
        FrameSpec {
            kind: "synthesis",
            folder: SYNTHESIS_SLUG,
            paper: PaperSize::A4,
            title: "Synthèse du contrat de service (A4 recto-verso)".to_string(),
            target: CONTRACT_PATH,
            qr: QrSize::Fixed(SYNTHESIS_QR),
        },
    );
    let (contacts, contacts_warning) =
        fitting_contacts(&inputs.config.contacts, &SYNTHESIS_CONTACTS, "synthèse A4");
    PosterPage {
        path,
        frame,
        body: [recto, verso],
        item_clamp: filled.clamp,
        contacts,
        contacts_compact: false,
        key_results: key.is_some(),
        warnings: [filled.warning, qr_warning, contacts_warning]
            .into_iter()
            .flatten()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recto_takes_what_fits_and_verso_the_rest() {
        assert_eq!(split_recto_verso(&[50.0; 7], A4_VERSO_H), Some(4));
        assert_eq!(split_recto_verso(&[150.0; 7], A4_VERSO_H), None);
        // Room kept for the key results leaves less for the themes of the verso.
        assert_eq!(split_recto_verso(&[50.0; 7], 100.0), None);
    }

    #[test]
    fn an_overflowing_recto_still_takes_one_theme() {
        assert_eq!(overflowing_split(&[150.0; 7], 7), 1);
        assert_eq!(overflowing_split(&[300.0; 2], 2), 1);
        assert_eq!(overflowing_split(&[], 0), 0);
    }
}
