//! Derive stage for the contract: addresses, menus and the link targets every page shares. Pure
//! functions of the loaded site; computed once per build.

use crate::core::diagnostic::Diagnostic;
use crate::model::contract::{Content, PageKind};
use crate::model::site::Site;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct MenuItem {
    pub title: String,
    pub path: String,
}

/// What every page of the site may show, computed once.
#[derive(Debug, Serialize)]
pub struct Shared {
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
    /// The sections that list pages.
    #[serde(skip)]
    pub sections: Vec<crate::derive::sections::Section>,
    /// Index in `content.pages` of a listed page → index in `sections` of the first section
    /// that lists it: every page asks for its parent, and searching the children of a
    /// section of 10,000 pages for each of them was quadratic.
    #[serde(skip)]
    pub section_of: HashMap<usize, usize>,
}

/// Page slugs with a legal role: a public body must publish both (LCEN, RGAA).
pub const ACCESSIBILITY_SLUG: &str = "accessibilite";
pub const LEGAL_SLUG: &str = "mentions-legales";

/// Warnings for what the law expects a landlord's site to have.
pub fn legal_warnings(shared: &Shared) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if shared.accessibility_page.is_none() {
        out.push(Diagnostic::warning("content/accessibilite.md", "pas de déclaration d'accessibilité : elle est obligatoire pour un organisme public (RGAA)")
            .hint("créez content/accessibilite.md ; « ensemble new » en écrit un modèle."));
    }
    if shared.legal_page.is_none() {
        out.push(Diagnostic::warning("content/mentions-legales.md", "pas de page de mentions légales : elles sont obligatoires (LCEN, art. 6 III)")
            .hint("créez content/mentions-legales.md ; l'éditeur et l'hébergeur y sont ajoutés depuis site.yaml."));
    }
    out
}

pub fn shared(site: &Site) -> Shared {
    let content = &site.content;
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
            title: crate::core::typography::french_spacing(&p.front.titre),
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
    // The results' texts are pages too: `@/resultats/2025.md` links to the year's page.
    let results = &site.results;
    for p in results
        .years
        .iter()
        .filter_map(|y| y.text.as_ref())
        .chain(&results.intro)
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
    let sections = crate::derive::sections::sections(content);
    Shared {
        accessibility_page: page_with_slug(ACCESSIBILITY_SLUG),
        legal_page: page_with_slug(LEGAL_SLUG),
        menu,
        link_targets,
        publication_date: site
            .config
            .date_publication
            .as_deref()
            .and_then(crate::core::typography::french_date),
        base_url: site.config.base_url(),
        section_of: section_of(&sections),
        sections,
    }
}

fn section_of(sections: &[crate::derive::sections::Section]) -> HashMap<usize, usize> {
    let mut out = HashMap::new();
    for (i, s) in sections.iter().enumerate() {
        for &child in &s.children {
            out.entry(child).or_insert(i);
        }
    }
    out
}

/// Output path → the Markdown file it comes from, so problems found in the output name the file
/// an author can fix.
pub fn source_files(content: &Content) -> HashMap<String, PathBuf> {
    content
        .pages
        .iter()
        .map(|p| (p.path.clone(), p.source.path.clone()))
        .chain(
            content
                .themes
                .iter()
                .map(|t| (t.path.clone(), t.source.path.clone())),
        )
        .chain(
            [&content.contract_intro, &content.observatory_intro]
                .into_iter()
                .flatten()
                .map(|p| (p.path.clone(), p.source.path.clone())),
        )
        .collect()
}
