//! The contract as pages show it: each theme with both parties' commitments rendered from their
//! short Markdown, and the per-page part of every template context.

use crate::core::diagnostic::Diagnostic;
use crate::core::paths;
use crate::core::typography::french_spacing;
use crate::model::contract::{Commitment, Theme};
use crate::present::inline::render_inline;
use crate::present::markdown;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    /// Trusted HTML rendered from the author's short Markdown.
    pub html: String,
    pub target: Option<String>,
    pub on_poster: bool,
    /// The latest result of its indicator (see [`crate::present::results::attach`]).
    pub result: Option<crate::present::results::values::CommitmentResult>,
    /// Where its text is written (the theme's file, the line of `texte`), for a message about
    /// it from elsewhere: a poster that has to shorten it.
    #[serde(skip)]
    pub origin: Option<Diagnostic>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CompensationView {
    pub condition: String,
    pub compensation: String,
}

/// A theme's line for one party on the contract poster, as the author wrote it
/// (`affiche_bailleur`, `affiche_locataire`).
#[derive(Debug, Clone, Serialize)]
pub struct PosterLine {
    /// Trusted HTML rendered from the author's short Markdown.
    pub html: String,
    /// Where it is written, for the poster's warning when it does not fit.
    #[serde(skip)]
    pub origin: Diagnostic,
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
    /// The landlord's and the tenant's lines on the contract poster, when the author wrote them.
    pub poster_landlord: Option<PosterLine>,
    pub poster_tenant: Option<PosterLine>,
}

/// The short texts of one theme rendered, each problem located at its key of the front matter.
struct ShortTexts<'a> {
    theme: &'a Theme,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl ShortTexts<'_> {
    /// `text`, the value of the front matter key `key`, as HTML.
    fn render(&mut self, text: &str, key: &str) -> String {
        let rendered = render_inline(text);
        for (message, hint) in rendered.problems {
            let d = Diagnostic::error(&self.theme.source.path, message).hint(hint);
            self.diagnostics.push(crate::load::content::at_front_key(
                d,
                &self.theme.source,
                key,
            ));
        }
        rendered.html
    }

    /// The poster line written under `key`, rendered and located.
    fn poster_line(&mut self, text: Option<&str>, key: &str) -> Option<PosterLine> {
        let text = text?.trim();
        Some(PosterLine {
            html: self.render(text, key),
            origin: crate::load::content::at_front_key(
                Diagnostic::warning(&self.theme.source.path, String::new()),
                &self.theme.source,
                key,
            ),
        })
    }

    fn commitments(&mut self, items: &[Commitment], key: &str) -> Vec<CommitmentView> {
        let any_chosen = items.iter().any(|c| c.affiche);
        items
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let on_poster = if any_chosen { c.affiche } else { i < 2 };
                let path = format!("{key}/#{i}/texte");
                CommitmentView {
                    html: self.render(&c.texte, &path),
                    target: c.objectif.as_deref().map(french_spacing),
                    // Without an explicit choice the first two go on the poster.
                    on_poster,
                    result: None,
                    // Located only for what a poster may shorten: the scan costs a little.
                    origin: on_poster.then(|| {
                        crate::load::content::at_front_key(
                            Diagnostic::warning(&self.theme.source.path, String::new()),
                            &self.theme.source,
                            &path,
                        )
                    }),
                }
            })
            .collect()
    }
}

/// The view of `theme`; refused links or images in its short texts go to `diagnostics`.
pub fn theme_view(theme: &Theme, number: usize, diagnostics: &mut Vec<Diagnostic>) -> ThemeView {
    let f = &theme.front;
    let mut texts = ShortTexts { theme, diagnostics };
    ThemeView {
        title: french_spacing(&f.titre),
        short_title: french_spacing(f.titre_court.as_deref().unwrap_or(&f.titre)),
        slug: theme.slug.clone(),
        path: theme.path.clone(),
        summary: french_spacing(&f.resume),
        number,
        landlord: texts.commitments(&f.engagements_bailleur, "engagements_bailleur"),
        tenant: texts.commitments(&f.engagements_locataire, "engagements_locataire"),
        compensation: f
            .geste_commercial
            .iter()
            .enumerate()
            .map(|(i, g)| CompensationView {
                condition: texts.render(&g.condition, &format!("geste_commercial/#{i}/condition")),
                compensation: texts.render(
                    &g.compensation,
                    &format!("geste_commercial/#{i}/compensation"),
                ),
            })
            .collect(),
        poster_landlord: texts.poster_line(f.affiche_bailleur.as_deref(), "affiche_bailleur"),
        poster_tenant: texts.poster_line(f.affiche_locataire.as_deref(), "affiche_locataire"),
    }
}

/// Every theme in reading order, numbered from 1, and the problems of their short texts.
pub fn themes(themes: &[Theme]) -> (Vec<ThemeView>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let views = themes
        .iter()
        .enumerate()
        .map(|(i, t)| theme_view(t, i + 1, &mut diagnostics))
        .collect();
    (views, diagnostics)
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
