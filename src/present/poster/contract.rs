//! The contract poster, `affiches/engagements/`: "Nos engagements / Vos engagements" for every
//! theme, on one A3 (or A4) sheet.

use super::contacts::fitting_contacts;
use super::frame::{frame, FrameSpec, QrSize};
use super::inputs::Inputs;
use super::items::{fill_themes_clamped, PosterTheme};
use super::layout::{
    A3_ITEMS, CONTRACT_CONTACTS, CONTRACT_FOOT_H, CONTRACT_THEMES_H, CONTRACT_THEME_GAP,
    CONTRACT_THEME_HEAD_H,
};
use super::page::PosterPage;
use crate::core::paths::{poster_path, CONTRACT_PATH, CONTRACT_SLUG};

/// The contract poster: as many commitments of each theme as fit, the contacts and a QR code to
/// the contract's page.
pub fn page<'a>(inputs: &Inputs<'a>) -> PosterPage<Vec<PosterTheme<'a>>> {
    let path = poster_path(CONTRACT_SLUG);
    let filled = fill_themes_clamped(
        inputs.themes,
        &path,
        "l’affiche du contrat",
        A3_ITEMS,
        |_| CONTRACT_THEME_HEAD_H + CONTRACT_THEME_GAP,
        |heights| heights.iter().sum::<f64>() <= CONTRACT_THEMES_H,
    );
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
        warnings: [filled.warning, qr_warning, contacts_warning]
            .into_iter()
            .flatten()
            .collect(),
    }
}
