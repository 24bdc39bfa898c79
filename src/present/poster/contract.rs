//! The contract poster, `affiches/engagements/`: "Nos engagements / Vos engagements" for every
//! theme, on one A3 (or A4) sheet.

use super::contacts::fitting_contacts;
use super::fit;
use super::frame::{frame, FrameSpec, QrSize};
use super::inputs::Inputs;
use super::items::{fill_themes_clamped, FilledThemes, PosterTheme};
use super::layout::{
    A3_INNER_W, A3_ITEMS, CONTRACT_CONTACTS, CONTRACT_FOOT_H, CONTRACT_RESULTS_H,
    CONTRACT_THEMES_H, CONTRACT_THEME_GAP, CONTRACT_THEME_HEAD_H, CONTRACT_THEME_TITLE, KICKER,
};
use super::page::PosterPage;
use crate::core::paths::{poster_path, CONTRACT_PATH, CONTRACT_SLUG};
use crate::present::contract::ThemeView;
use crate::present::results::key_results as key_results_of;

/// The contract poster: as many commitments of each theme as fit, the contacts and a QR code to
/// the contract's page.
pub fn page<'a>(inputs: &Inputs<'a>) -> PosterPage<Vec<PosterTheme<'a>>> {
    let path = poster_path(CONTRACT_SLUG);
    // Headings and the kicker wrap rather than being cut: their extra lines are room the
    // commitments do not get.
    let kicker = format!(
        "{} · Contrat de service{}",
        inputs.config.organisme.nom,
        if inputs.config.contenu_exemple {
            " · exemple fictif"
        } else {
            ""
        }
    );
    let kicker_extra =
        fit::lines(&kicker, A3_INNER_W, KICKER).saturating_sub(1) as f64 * KICKER.line_mm();
    let themes_h = CONTRACT_THEMES_H - kicker_extra;
    let fill = |room: f64| {
        fill_themes_clamped(
            inputs.themes,
            &path,
            "l’affiche du contrat",
            A3_ITEMS,
            theme_head_h,
            move |heights| heights.iter().sum::<f64>() <= themes_h - room,
        )
    };
    let mut filled = fill(0.0);
    // The line of key results only if it costs no commitment and no shortening.
    let mut key_results = false;
    if key_results_of(inputs.themes).is_some() && filled.warning.is_none() {
        let with_line = fill(CONTRACT_RESULTS_H);
        let count = |f: &FilledThemes<'_>| -> usize {
            f.themes
                .iter()
                .map(|t| t.landlord.len() + t.tenant.len())
                .sum()
        };
        if with_line.warning.is_none()
            && with_line.clamp == filled.clamp
            && count(&with_line) == count(&filled)
        {
            filled = with_line;
            key_results = true;
        }
    }
    let (frame, qr_warning) = frame(
        inputs,
        FrameSpec {
            kind: "contract",
            folder: CONTRACT_SLUG,
            paper: inputs.config.affiches.format,
            title: "Affiche du contrat : nos engagements, vos engagements".to_string(),
            target: CONTRACT_PATH,
            qr: QrSize::Within(CONTRACT_FOOT_H - 4.0),
        },
    );
    let (contacts, contacts_warning) = fitting_contacts(
        &inputs.config.contacts,
        &CONTRACT_CONTACTS,
        "affiche du contrat",
    );
    PosterPage {
        path,
        frame,
        body: filled.themes,
        item_clamp: filled.clamp,
        contacts,
        contacts_compact: true,
        key_results,
        warnings: [filled.warning, qr_warning, contacts_warning]
            .into_iter()
            .flatten()
            .collect(),
    }
}

/// Height of a theme's heading, wrapped over the poster's width, with its rule and margins.
fn theme_head_h(t: &ThemeView) -> f64 {
    let title = format!("{}. {}", t.number, t.title);
    let extra = fit::lines(&title, A3_INNER_W, CONTRACT_THEME_TITLE).saturating_sub(1);
    CONTRACT_THEME_HEAD_H + extra as f64 * CONTRACT_THEME_TITLE.line_mm() + CONTRACT_THEME_GAP
}
