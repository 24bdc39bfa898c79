//! The contract as pages show it: each theme with both parties' commitments rendered from their
//! short Markdown, and the per-page part of every template context.

use crate::core::paths;
use crate::core::typography::french_spacing;
use crate::model::contract::{Commitment, Theme};
use crate::present::markdown::{self, render_inline};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    /// Trusted HTML rendered from the author's short Markdown.
    pub html: String,
    pub target: Option<String>,
    pub on_poster: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompensationView {
    pub condition: String,
    pub compensation: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeView {
    pub title: String,
    pub short_title: String,
    pub slug: String,
    pub path: String,
    pub summary: String,
    pub number: usize,
    pub landlord: Vec<CommitmentView>,
    pub tenant: Vec<CommitmentView>,
    pub compensation: Vec<CompensationView>,
}

fn commitments(items: &[Commitment]) -> Vec<CommitmentView> {
    let any_chosen = items.iter().any(|c| c.affiche);
    items
        .iter()
        .enumerate()
        .map(|(i, c)| CommitmentView {
            html: render_inline(&c.texte),
            target: c.objectif.as_deref().map(french_spacing),
            // Without an explicit choice the first two go on the poster.
            on_poster: if any_chosen { c.affiche } else { i < 2 },
        })
        .collect()
}

pub fn theme_view(theme: &Theme, number: usize) -> ThemeView {
    let f = &theme.front;
    ThemeView {
        title: french_spacing(&f.titre),
        short_title: french_spacing(f.titre_court.as_deref().unwrap_or(&f.titre)),
        slug: theme.slug.clone(),
        path: theme.path.clone(),
        summary: french_spacing(&f.resume),
        number,
        landlord: commitments(&f.engagements_bailleur),
        tenant: commitments(&f.engagements_locataire),
        compensation: f
            .geste_commercial
            .iter()
            .map(|g| CompensationView {
                condition: render_inline(&g.condition),
                compensation: render_inline(&g.compensation),
            })
            .collect(),
    }
}

/// Every theme in reading order, numbered from 1.
pub fn themes(themes: &[Theme]) -> Vec<ThemeView> {
    themes
        .iter()
        .enumerate()
        .map(|(i, t)| theme_view(t, i + 1))
        .collect()
}

/// The per-page part of a template context; the site-wide part lives in Tera's global context.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// Site-relative output path.
    pub path: &'a str,
    pub url: String,
    /// Rendered body HTML.
    pub content: &'a str,
    pub headings: &'a [markdown::Heading],
    pub kind: &'a str,
}

impl<'a> PageView<'a> {
    /// The view of a page without Markdown body.
    pub fn bare(
        base_url: &str,
        title: &'a str,
        description: Option<&'a str>,
        path: &'a str,
        kind: &'a str,
    ) -> PageView<'a> {
        PageView::optional(base_url, title, description, path, None, kind)
    }

    /// The view of a page whose Markdown text may be absent (no `_index.md`): empty content then.
    pub fn optional(
        base_url: &str,
        title: &'a str,
        description: Option<&'a str>,
        path: &'a str,
        rendered: Option<&'a markdown::Rendered>,
        kind: &'a str,
    ) -> PageView<'a> {
        PageView {
            title,
            description,
            path,
            url: paths::absolute_url(base_url, path),
            content: rendered.map(|r| r.html.as_str()).unwrap_or(""),
            headings: rendered.map(|r| r.headings.as_slice()).unwrap_or(&[]),
            kind,
        }
    }
}
