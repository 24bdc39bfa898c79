//! Commitments on paper: how each one prints, and which ones fit a poster. Whole commitments are
//! kept or left out; the longest are shortened (with a warning) only when every theme would not
//! fit otherwise.

use super::fit;
use super::layout::{ItemColumn, CLAMPS};
use crate::core::diagnostic::Diagnostic;
use crate::core::typography::NBSP;
use crate::present::contract::{CommitmentView, ThemeView};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ItemView<'a> {
    /// Short title of the theme, printed before the text where no heading names it.
    pub theme: Option<&'a str>,
    pub html: String,
    pub target: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PosterTheme<'a> {
    pub number: usize,
    pub title: &'a str,
    pub short_title: &'a str,
    pub landlord: Vec<ItemView<'a>>,
    pub tenant: Vec<ItemView<'a>>,
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
pub(super) fn glue_numbers(text: &str) -> String {
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

impl ItemColumn {
    /// Height of an item of `text` with the space under it, at most `max_lines` lines.
    fn item_height(&self, text: &str, max_lines: usize) -> f64 {
        fit::height(text, self.width, self.font, Some(max_lines)) + self.gap
    }
}

fn poster_items(commitments: &[CommitmentView]) -> Vec<&CommitmentView> {
    commitments.iter().filter(|c| c.on_poster).collect()
}

/// Commitments per theme for a two-column layout: the first poster commitment of each party in
/// every theme, then (with `more_rounds`) more, round after round, while the tallest column of
/// each theme still fits. Also the estimated height of each theme.
fn fill_themes<'a>(
    themes: &'a [ThemeView],
    column: ItemColumn,
    max_lines: usize,
    head_h: impl Fn(&ThemeView) -> f64,
    fits: impl Fn(&[f64]) -> bool,
    more_rounds: bool,
) -> (Vec<PosterTheme<'a>>, Vec<f64>) {
    let lists: Vec<[Vec<&CommitmentView>; 2]> = themes
        .iter()
        .map(|t| [poster_items(&t.landlord), poster_items(&t.tenant)])
        .collect();
    let h = |c: &CommitmentView| column.item_height(&item_text(None, c), max_lines);
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
                    (items.iter().map(|c| h(c)).sum::<f64>() - column.gap).max(0.0)
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
    let shown = |t: usize, side: usize| -> Vec<ItemView<'a>> {
        lists[t][side][..counts[t][side]]
            .iter()
            .map(|c| item(None, c))
            .collect()
    };
    let chosen = themes
        .iter()
        .enumerate()
        .map(|(t, theme)| PosterTheme {
            number: theme.number,
            title: &theme.title,
            short_title: &theme.short_title,
            landlord: shown(t, 0),
            tenant: shown(t, 1),
        })
        .collect();
    (chosen, heights)
}

/// The poster commitments of `themes` longer than `clamp` lines in `column`, in theme order.
fn shortened(themes: &[ThemeView], column: ItemColumn, clamp: usize) -> Vec<&CommitmentView> {
    themes
        .iter()
        .flat_map(|t| {
            poster_items(&t.landlord)
                .into_iter()
                .chain(poster_items(&t.tenant))
        })
        .filter(|c| super::fit::lines(&item_text(None, c), column.width, column.font) > clamp)
        .collect()
}

/// Themes with their commitments chosen to fit a poster.
#[derive(Debug)]
pub struct FilledThemes<'a> {
    pub themes: Vec<PosterTheme<'a>>,
    /// Estimated height of each theme, in mm of the design.
    pub heights: Vec<f64>,
    /// Lines a commitment may take (the CSS clamp).
    pub clamp: usize,
    /// For the author, when commitments are shortened or the themes do not fit at all.
    pub warning: Option<Diagnostic>,
}

/// [`fill_themes`] at the largest clamp of [`CLAMPS`] where every theme fits; the smallest
/// clamp, and a warning on `path` for the author, when none does. `what` names the poster.
pub fn fill_themes_clamped<'a>(
    themes: &'a [ThemeView],
    path: &str,
    what: &str,
    column: ItemColumn,
    head_h: impl Fn(&ThemeView) -> f64 + Copy,
    fits: impl Fn(&[f64]) -> bool + Copy,
) -> FilledThemes<'a> {
    for (i, &clamp) in CLAMPS.iter().enumerate() {
        // Whole first commitments come before more commitments: extra ones only at full length.
        let (chosen, heights) = fill_themes(themes, column, clamp, head_h, fits, i == 0);
        let last = i == CLAMPS.len() - 1;
        let fit = fits(&heights);
        if fit || last {
            // Said at the commitments' own lines, in the theme files: that is what to shorten.
            let cut = shortened(themes, column, clamp);
            let at = |message: String, hint: String| {
                let mut d = cut
                    .first()
                    .and_then(|c| c.origin.clone())
                    .unwrap_or_else(|| Diagnostic::warning(path, String::new()));
                d.message = message;
                let others: Vec<String> = cut
                    .iter()
                    .skip(1)
                    .filter_map(|c| c.origin.as_ref().map(Diagnostic::location))
                    .collect();
                let also = match others.len() {
                    0 => String::new(),
                    1..=5 => format!(" Aussi coupés : {}.", others.join(", ")),
                    n => format!(
                        " Aussi coupés : {} et {} autres.",
                        others[..5].join(", "),
                        n - 5
                    ),
                };
                d.hint(format!("{hint}{also}"))
            };
            let warning = if !fit {
                Some(at(format!("{what} déborde : les engagements marqués « affiche: true » sont trop longs ou trop nombreux, la fin sera coupée"),
                    "raccourcissez ces engagements ou marquez-en moins pour l’affiche.".into()))
            } else if clamp < CLAMPS[0] {
                Some(at(format!("{what} : cet engagement est coupé après {clamp} lignes pour tenir sur la feuille"),
                    "raccourcissez les engagements marqués « affiche: true » : une phrase courte par engagement.".into()))
            } else {
                None
            };
            return FilledThemes {
                themes: chosen,
                heights,
                clamp,
                warning,
            };
        }
    }
    unreachable!("CLAMPS is not empty")
}

#[cfg(test)]
mod tests {
    use super::super::layout::A3_ITEMS;
    use super::*;

    fn commitment(text: &str) -> CommitmentView {
        CommitmentView {
            html: text.to_string(),
            target: None,
            on_poster: true,
            result: None,
            origin: None,
        }
    }

    fn theme(number: usize, landlord: &[&str], tenant: &[&str]) -> ThemeView {
        ThemeView {
            title: format!("Thème {number}"),
            short_title: format!("T{number}"),
            slug: format!("t{number}"),
            path: format!("engagements/t{number}/index.html"),
            summary: String::new(),
            number,
            landlord: landlord.iter().map(|t| commitment(t)).collect(),
            tenant: tenant.iter().map(|t| commitment(t)).collect(),
            compensation: Vec::new(),
            poster_landlord: None,
            poster_tenant: None,
        }
    }

    #[test]
    fn numbers_stay_with_their_unit() {
        assert_eq!(
            glue_numbers("sous 48 h et 100 %"),
            "sous 48\u{A0}h et 100\u{A0}%"
        );
    }

    #[test]
    fn long_commitments_are_clamped_before_the_poster_overflows() {
        let long = "Nous faisons ceci et cela, et encore autre chose. ".repeat(12);
        let themes = [theme(1, &[&long], &[&long])];
        let column = A3_ITEMS;
        let five = column.item_height(&long, 5) - column.gap;
        let filled = fill_themes_clamped(
            &themes,
            "a",
            "l’affiche",
            column,
            |_| 0.0,
            |h| h.iter().sum::<f64>() < five,
        );
        assert!(filled.clamp < CLAMPS[0]);
        assert!(filled
            .warning
            .is_some_and(|w| w.message.contains("coupé après")));
        let filled = fill_themes_clamped(&themes, "a", "l’affiche", column, |_| 0.0, |_| false);
        assert_eq!(filled.clamp, CLAMPS[CLAMPS.len() - 1]);
        assert!(filled
            .warning
            .is_some_and(|w| w.message.contains("déborde")));
    }
}
