//! Derive stage for the contract: addresses, menus and the views every page shares. Pure
//! functions of the loaded site; computed once per build.

use crate::content::{Commitment, PageKind, Theme};
use crate::markdown::render_inline;
use crate::site::Site;
use serde::Serialize;
use std::collections::HashMap;

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

#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub title: String,
    pub path: String,
}

/// What every page of the site may show, computed once.
#[derive(Debug, Serialize)]
pub struct Shared {
    pub themes: Vec<ThemeView>,
    /// Footer menu: pages with `menu: true`, in `ordre`.
    pub menu: Vec<MenuItem>,
    /// Key of `@/` links (path under content/) → site-relative output path.
    #[serde(skip)]
    pub link_targets: HashMap<String, String>,
    pub publication_date: Option<String>,
    pub base_url: String,
    /// Output paths of the pages the law asks for, when the site has them.
    pub accessibility_page: Option<String>,
    pub legal_page: Option<String>,
}

fn commitments(items: &[Commitment]) -> Vec<CommitmentView> {
    let any_chosen = items.iter().any(|c| c.affiche);
    items
        .iter()
        .enumerate()
        .map(|(i, c)| CommitmentView {
            html: render_inline(&c.texte),
            target: c.objectif.as_deref().map(crate::typography::french_spacing),
            // Without an explicit choice the first two go on the poster.
            on_poster: if any_chosen { c.affiche } else { i < 2 },
        })
        .collect()
}

pub fn theme_view(theme: &Theme, number: usize) -> ThemeView {
    let f = &theme.front;
    ThemeView {
        title: crate::typography::french_spacing(&f.titre),
        short_title: crate::typography::french_spacing(
            f.titre_court.as_deref().unwrap_or(&f.titre),
        ),
        slug: theme.slug.clone(),
        path: theme.path.clone(),
        summary: crate::typography::french_spacing(&f.resume),
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

/// Page slugs with a legal role: a public body must publish both (LCEN, RGAA).
pub const ACCESSIBILITY_SLUG: &str = "accessibilite";
pub const LEGAL_SLUG: &str = "mentions-legales";

/// Warnings for what the law expects a landlord's site to have.
pub fn legal_warnings(shared: &Shared) -> Vec<crate::diagnostic::Diagnostic> {
    let mut out = Vec::new();
    if shared.accessibility_page.is_none() {
        out.push(crate::diagnostic::Diagnostic::warning("content/accessibilite.md", "pas de déclaration d'accessibilité : elle est obligatoire pour un organisme public (RGAA)")
            .hint("créez content/accessibilite.md ; « ensemble new » en écrit un modèle."));
    }
    if shared.legal_page.is_none() {
        out.push(crate::diagnostic::Diagnostic::warning("content/mentions-legales.md", "pas de page de mentions légales : elles sont obligatoires (LCEN, art. 6 III)")
            .hint("créez content/mentions-legales.md ; l'éditeur et l'hébergeur y sont ajoutés depuis site.yaml."));
    }
    out
}

pub fn shared(site: &Site) -> Shared {
    let content = &site.content;
    let themes = content
        .themes
        .iter()
        .enumerate()
        .map(|(i, t)| theme_view(t, i + 1))
        .collect();
    let mut menu_pages: Vec<_> = content
        .pages
        .iter()
        .filter(|p| p.front.menu && p.kind != PageKind::Home)
        .collect();
    menu_pages.sort_by(|a, b| {
        (a.front.ordre.unwrap_or(i64::MAX), &a.path)
            .cmp(&(b.front.ordre.unwrap_or(i64::MAX), &b.path))
    });
    let menu = menu_pages
        .iter()
        .map(|p| MenuItem {
            title: crate::typography::french_spacing(&p.front.titre),
            path: p.path.clone(),
        })
        .collect();
    let mut link_targets = HashMap::new();
    for p in &content.pages {
        link_targets.insert(p.source.key.clone(), p.path.clone());
    }
    for t in &content.themes {
        link_targets.insert(t.source.key.clone(), t.path.clone());
    }
    for (key, path) in &content.failed {
        link_targets.insert(key.clone(), path.clone());
    }
    for p in [&content.contract_intro, &content.observatory_intro]
        .into_iter()
        .flatten()
    {
        link_targets.insert(p.source.key.clone(), p.path.clone());
    }
    let page_with_slug = |slug: &str| {
        content
            .pages
            .iter()
            .find(|p| p.slug == slug)
            .map(|p| p.path.clone())
    };
    Shared {
        accessibility_page: page_with_slug(ACCESSIBILITY_SLUG),
        legal_page: page_with_slug(LEGAL_SLUG),
        themes,
        menu,
        link_targets,
        publication_date: site
            .config
            .date_publication
            .as_deref()
            .and_then(crate::typography::french_date),
        base_url: site.config.base_url(),
    }
}

/// `../` repeated once per folder of `path` (`a/b/index.html` → `../../`).
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Absolute, pretty URL of an output path, for the sitemap and printed posters.
pub fn absolute_url(base_url: &str, path: &str) -> String {
    format!(
        "{base_url}{}",
        path.strip_suffix("index.html").unwrap_or(path)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_climbs_one_level_per_folder() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("engagements/accueil/index.html"), "../../");
    }

    #[test]
    fn absolute_urls_drop_index_html() {
        assert_eq!(
            absolute_url("https://x.fr/e/", "engagements/a/index.html"),
            "https://x.fr/e/engagements/a/"
        );
        assert_eq!(
            absolute_url("https://x.fr/", "404.html"),
            "https://x.fr/404.html"
        );
    }
}
