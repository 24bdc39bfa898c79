//! The contract poster, `affiches/engagements/`: for every theme a headline and one line per
//! party, « Nos engagements » and « Vos engagements », on one A3 (or A4) sheet read from a
//! metre. The full text is on the contract's page, where the QR code leads.
//!
//! A party's line is the theme's `affiche_bailleur` or `affiche_locataire` when the author wrote
//! it; otherwise the first commitment chosen for the poster. A line longer than the room (two
//! lines of its column, one for the themes that would not fit otherwise) is cut at a word,
//! here, and a warning names the theme's file and the field to shorten.

use super::contacts::fitting_contacts;
use super::fit;
use super::frame::{frame, FrameSpec, QrSize};
use super::inputs::Inputs;
use super::items::glue_numbers;
use super::layout::{
    A3_BODY, A3_INNER_W, CONTRACT_CONTACTS, CONTRACT_FOOT_H, CONTRACT_LINE_W, CONTRACT_RESULTS_H,
    CONTRACT_THEMES_H, CONTRACT_THEME_HEAD_H, CONTRACT_THEME_TITLE, KICKER,
};
use super::page::PosterPage;
use crate::core::diagnostic::Diagnostic;
use crate::core::html::escape;
use crate::core::paths::{poster_path, CONTRACT_PATH, CONTRACT_SLUG};
use crate::present::contract::{CommitmentView, ThemeView};
use crate::present::results::key_results as key_results_of;
use serde::Serialize;

/// What the poster says about the author's text is named after it.
const WHAT: &str = "l’affiche du contrat";

/// One theme on the contract poster: its headline and each party's line (HTML), absent for a
/// party without commitments.
#[derive(Debug, Serialize)]
pub struct ContractTheme<'a> {
    pub number: usize,
    /// The headline: the theme's short title.
    pub title: &'a str,
    pub landlord: Option<String>,
    pub tenant: Option<String>,
}

/// The contract poster: every theme with one line per party, the contacts and a QR code to the
/// contract's page.
pub fn page<'a>(inputs: &Inputs<'a>) -> PosterPage<Vec<ContractTheme<'a>>> {
    let path = poster_path(CONTRACT_SLUG);
    // The kicker wraps rather than being cut: its extra lines are room the themes do not get.
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
    let room = CONTRACT_THEMES_H - kicker_extra;
    // The line of key results only if it costs no cut: the themes are laid out with and
    // without its room, and it is kept when both cut as many lines.
    let laid_out = |room: f64| {
        let themes = lay_out(inputs.themes, room);
        let height: f64 = themes.iter().map(|(_, h, _)| h).sum();
        let cuts: usize = themes.iter().map(|(_, _, w)| w.len()).sum();
        (themes, height, cuts)
    };
    let (mut themes, mut height, cuts) = laid_out(room);
    let mut key_results = false;
    if key_results_of(inputs.themes).is_some() {
        let with_line = laid_out(room - CONTRACT_RESULTS_H);
        if with_line.2 == cuts && with_line.1 <= room - CONTRACT_RESULTS_H {
            (themes, height, _) = with_line;
            key_results = true;
        }
    }
    let mut warnings: Vec<Diagnostic> = Vec::new();
    if height > room {
        warnings.push(
            Diagnostic::warning(
                "content/engagements/",
                format!("{WHAT} déborde : {} thèmes ne tiennent pas sur la feuille, même avec une ligne par partie ; la fin sera coupée", inputs.themes.len()),
            )
            .hint("raccourcissez les titres courts (titre_court) des thèmes : chacun est imprimé en grand sur une ligne."),
        );
    }
    let body = themes
        .into_iter()
        .map(|(theme, _, w)| {
            warnings.extend(w);
            theme
        })
        .collect();
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
    warnings.extend(qr_warning);
    warnings.extend(contacts_warning);
    PosterPage {
        path,
        frame,
        body,
        item_clamp: 2,
        contacts,
        contacts_compact: true,
        key_results,
        warnings,
    }
}

/// Every theme with one line per party, then two lines theme by theme, in reading order,
/// while the themes fit in `room` mm; each with its height and the warnings of its cuts.
fn lay_out(themes: &[ThemeView], room: f64) -> Vec<(ContractTheme<'_>, f64, Vec<Diagnostic>)> {
    let one: Vec<_> = themes.iter().map(|t| theme_lines(t, 1)).collect();
    let mut height: f64 = one.iter().map(|(_, h, _)| h).sum();
    let mut out = Vec::with_capacity(one.len());
    for (t, short) in themes.iter().zip(one) {
        let two = theme_lines(t, 2);
        if height - short.1 + two.1 <= room {
            height += two.1 - short.1;
            out.push(two);
        } else {
            out.push(short);
        }
    }
    out
}

/// The theme `t` with each party's line in at most `max_lines` lines, its estimated height in
/// mm of the design and a warning for each line cut.
fn theme_lines(t: &ThemeView, max_lines: usize) -> (ContractTheme<'_>, f64, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let mut lines_used = 0usize;
    let mut side = |line: Option<&crate::present::contract::PosterLine>,
                    commitments: &[CommitmentView],
                    field: &str| {
        let (html, origin, own) = match line {
            Some(l) => (l.html.clone(), Some(&l.origin), true),
            None => {
                let c = commitments
                    .iter()
                    .find(|c| c.on_poster)
                    .or(commitments.first())?;
                (c.html.clone(), c.origin.as_ref(), false)
            }
        };
        let text = fit::plain_text(&html);
        let n = fit::lines(&text, CONTRACT_LINE_W, A3_BODY);
        if n <= max_lines {
            lines_used = lines_used.max(n);
            return Some(glue_numbers(&html));
        }
        let short = shorten(&text, max_lines);
        lines_used = lines_used.max(max_lines);
        let mut d = origin
            .cloned()
            .unwrap_or_else(|| Diagnostic::warning(&t.path, String::new()));
        d.message = format!(
            "{WHAT} : la ligne du thème « {} » est coupée en « {short} »",
            t.short_title
        );
        warnings.push(if own {
            d.hint(format!("raccourcissez « {field} » : l’affiche en imprime {max_lines} ligne{} d’environ 25 caractères.", if max_lines > 1 { "s" } else { "" }))
        } else {
            d.hint(format!("écrivez dans ce thème « {field}: \"…\" », une phrase courte pour l’affiche (au plus {max_lines} ligne{} d’environ 25 caractères) : le texte complet reste sur le site.", if max_lines > 1 { "s" } else { "" }))
        });
        Some(glue_numbers(&escape(&short)))
    };
    let landlord = side(t.poster_landlord.as_ref(), &t.landlord, "affiche_bailleur");
    let tenant = side(t.poster_tenant.as_ref(), &t.tenant, "affiche_locataire");
    let height = theme_head_h(t) + lines_used as f64 * A3_BODY.line_mm();
    let theme = ContractTheme {
        number: t.number,
        title: &t.short_title,
        landlord,
        tenant,
    };
    (theme, height, warnings)
}

/// `text` cut after the last word that leaves room for « … » within `max_lines` lines of a
/// party's column.
fn shorten(text: &str, max_lines: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut kept = String::new();
    for w in &words {
        let candidate = if kept.is_empty() {
            w.to_string()
        } else {
            format!("{kept} {w}")
        };
        let shown = format!("{}…", candidate.trim_end_matches([',', ';', ':', '.']));
        if fit::lines(&shown, CONTRACT_LINE_W, A3_BODY) > max_lines {
            break;
        }
        kept = candidate;
    }
    format!("{}…", kept.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// Height of a theme's headline, wrapped (never cut) over the poster's width, with its rule and
/// margins.
fn theme_head_h(t: &ThemeView) -> f64 {
    let title = format!("{}. {}", t.number, t.short_title);
    let lines = fit::lines(&title, A3_INNER_W, CONTRACT_THEME_TITLE).max(1);
    CONTRACT_THEME_HEAD_H + lines as f64 * CONTRACT_THEME_TITLE.line_mm()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_at_a_word_within_its_lines() {
        let text = "Nous vous envoyons un accusé de réception pour toute demande écrite, avec un numéro de suivi.";
        let short = shorten(text, 2);
        assert!(short.ends_with('…'), "{short}");
        assert!(text.starts_with(short.trim_end_matches('…')), "{short}");
        assert!(fit::lines(&short, CONTRACT_LINE_W, A3_BODY) <= 2);
        assert!(shorten(text, 1).len() < short.len());
    }
}
