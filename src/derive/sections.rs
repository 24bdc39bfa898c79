//! Sections: a folder of `content/` with an `_index.md` lists the pages beside it, newest first,
//! over as many pages as `par_page` asks, and may have an Atom feed. Computed once per build.

use crate::core::diagnostic::Diagnostic;
use crate::core::paths;
use crate::load::content::at_front_key;
use crate::model::contract::{Content, Page, PageKind};
use std::cmp::Ordering;

/// Pages listed on each page of a section without `par_page`.
pub const DEFAULT_PER_PAGE: usize = 10;

/// One section that lists pages.
#[derive(Debug, Clone)]
pub struct Section {
    /// Index of its `_index.md` in `content.pages`.
    pub page: usize,
    /// Indices of its pages in `content.pages`, in list order.
    pub children: Vec<usize>,
    pub per_page: usize,
    /// Whether it has an Atom feed (`flux: true`).
    pub feed: bool,
}

impl Section {
    /// How many pages the list takes.
    pub fn page_count(&self) -> usize {
        self.children.len().div_ceil(self.per_page).max(1)
    }

    /// The output path of each page of the list, the section's own page first.
    pub fn list_paths(&self, content: &Content) -> Vec<String> {
        let path = &content.pages[self.page].path;
        (1..=self.page_count())
            .map(|n| paths::section_page_path(path, n))
            .collect()
    }

    /// The children with a date, in list order (newest first): the entries of its feed.
    pub fn dated<'a>(&self, content: &'a Content) -> Vec<&'a Page> {
        self.children
            .iter()
            .map(|&i| &content.pages[i])
            .filter(|p| p.front.date.is_some())
            .collect()
    }
}

/// The folder of the section whose `_index.md` has key `key` (`actualites/_index.md` →
/// `actualites/`).
fn folder_of(key: &str) -> &str {
    key.strip_suffix("_index.md").unwrap_or(key)
}

/// Every section that has pages to list; a section without any keeps its plain page.
pub fn sections(content: &Content) -> Vec<Section> {
    content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Section)
        .filter_map(|(i, section)| {
            let folder = folder_of(&section.source.key);
            let mut children: Vec<usize> = content
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| {
                    p.kind == PageKind::Page
                        && p.source
                            .key
                            .strip_prefix(folder)
                            .is_some_and(|rest| !rest.contains('/'))
                })
                .map(|(j, _)| j)
                .collect();
            if children.is_empty() {
                return None;
            }
            children.sort_by(|&a, &b| list_order(&content.pages[a], &content.pages[b]));
            let per_page = section
                .front
                .par_page
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(DEFAULT_PER_PAGE);
            Some(Section {
                page: i,
                children,
                per_page,
                feed: section.front.flux,
            })
        })
        .collect()
}

/// Newest first (undated pages last), then `ordre`, then title; the path settles the rest.
fn list_order(a: &Page, b: &Page) -> Ordering {
    let date = |p: &Page| p.front.date.clone();
    match (date(a), date(b)) {
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
    .then_with(|| {
        let ordre = |p: &Page| p.front.ordre.unwrap_or(i64::MAX);
        ordre(a).cmp(&ordre(b))
    })
    .then_with(|| a.front.titre.cmp(&b.front.titre))
    .then_with(|| a.path.cmp(&b.path))
}

/// A feed's entries need a date: each undated page of a section with a feed is left out of it,
/// with a warning; a feed without any entry is not written.
pub fn feed_warnings(content: &Content, sections: &[Section]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let empty = content.pages.iter().enumerate().filter(|(i, p)| {
        p.kind == PageKind::Section && p.front.flux && !sections.iter().any(|s| s.page == *i)
    });
    for (_, index) in empty {
        let d = Diagnostic::warning(
            &index.source.path,
            "cette rubrique n'a aucune page : son flux Atom n'est pas écrit",
        )
        .hint("ajoutez des pages datées dans son dossier, ou retirez « flux: true ».");
        out.push(at_front_key(d, &index.source, "flux"));
    }
    for section in sections.iter().filter(|s| s.feed) {
        let index = &content.pages[section.page];
        let mut dated = 0;
        for &i in &section.children {
            let page = &content.pages[i];
            if page.front.date.is_some() {
                dated += 1;
                continue;
            }
            out.push(
                Diagnostic::warning(
                    &page.source.path,
                    format!(
                        "cette page n'a pas de date : elle n'apparaît pas dans le flux Atom de {}",
                        index.source.path.display()
                    ),
                )
                .hint("ajoutez une ligne « date: AAAA-MM-JJ » à son en-tête, par exemple « date: 2026-03-12 »."),
            );
        }
        if dated == 0 && !section.children.is_empty() {
            let d = Diagnostic::warning(
                &index.source.path,
                "aucune page datée dans cette rubrique : son flux Atom n'est pas écrit",
            )
            .hint(
                "datez les pages de la rubrique (« date: AAAA-MM-JJ ») ou retirez « flux: true ».",
            );
            out.push(at_front_key(d, &index.source, "flux"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_folders_end_with_a_slash() {
        assert_eq!(folder_of("actualites/_index.md"), "actualites/");
        assert_eq!(folder_of("a/b/_index.md"), "a/b/");
    }
}
