//! What a section shows: its list of pages, newest first, cut into pages with their navigation,
//! its Atom feed, and the latest news on the home page.

use crate::core::paths;
use crate::core::typography::{french_date, french_spacing, iso_date};
use crate::derive::sections::Section;
use crate::model::contract::{Content, Page};
use serde::Serialize;

/// News listed on the home page, per section with a feed.
pub const HOME_LATEST: usize = 3;

/// A date as a page shows it: `<time datetime="2026-03-12">12 mars 2026</time>`.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

/// The date of `page`, when it has a valid one.
pub fn page_date(page: &Page) -> Option<DateView> {
    let iso = page.front.date.as_deref()?;
    iso_date(iso)?;
    Some(DateView {
        iso: iso.to_string(),
        text: french_date(iso)?,
    })
}

/// One page in a section's list.
#[derive(Debug, Clone, Serialize)]
pub struct ListedPage {
    pub title: String,
    pub path: String,
    pub date: Option<DateView>,
    pub summary: Option<String>,
}

fn listed(page: &Page) -> ListedPage {
    ListedPage {
        title: french_spacing(&page.front.titre),
        path: page.path.clone(),
        date: page_date(page),
        summary: page.front.description.as_deref().map(french_spacing),
    }
}

/// A link of the pagination.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub path: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub current: usize,
    pub total: usize,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<PageLink>,
}

/// One page of a section's list.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    pub path: String,
    pub items: Vec<ListedPage>,
    pub pagination: Pagination,
}

/// Every page of the list of `section`, the section's own page first.
pub fn list_pages(content: &Content, section: &Section) -> Vec<ListPage> {
    let paths = section.list_paths(content);
    let total = paths.len();
    let children: Vec<&Page> = section
        .children
        .iter()
        .map(|&i| &content.pages[i])
        .collect();
    paths
        .iter()
        .enumerate()
        .map(|(i, path)| ListPage {
            path: path.clone(),
            items: children
                .iter()
                .skip(i * section.per_page)
                .take(section.per_page)
                .map(|p| listed(p))
                .collect(),
            pagination: Pagination {
                current: i + 1,
                total,
                previous: i.checked_sub(1).map(|p| paths[p].clone()),
                next: paths.get(i + 1).cloned(),
                pages: paths
                    .iter()
                    .enumerate()
                    .map(|(j, p)| PageLink {
                        number: j + 1,
                        path: p.clone(),
                        current: i == j,
                    })
                    .collect(),
            },
        })
        .collect()
}

/// An Atom feed, every URL absolute.
#[derive(Debug, Clone, Serialize)]
pub struct Feed {
    pub path: String,
    pub title: String,
    pub id: String,
    pub self_url: String,
    pub updated: String,
    pub author: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub updated: String,
    pub summary: Option<String>,
}

/// RFC 3339 time of a day (AAAA-MM-JJ), as Atom requires.
fn atom_time(iso: &str) -> String {
    format!("{iso}T00:00:00Z")
}

/// The feed of `section`, or `None` without `flux: true` or without any dated page (a warning
/// of [`crate::derive::sections::feed_warnings`] says so).
pub fn feed(content: &Content, section: &Section, base_url: &str, author: &str) -> Option<Feed> {
    if !section.feed {
        return None;
    }
    let index = &content.pages[section.page];
    let dated = section.dated(content);
    let updated = dated.iter().filter_map(|p| p.front.date.clone()).max()?;
    let path = paths::feed_path(&index.path);
    Some(Feed {
        title: french_spacing(&index.front.titre),
        id: paths::absolute_url(base_url, &index.path),
        self_url: paths::absolute_url(base_url, &path),
        path,
        updated: atom_time(&updated),
        author: author.to_string(),
        entries: dated
            .iter()
            .map(|p| FeedEntry {
                title: french_spacing(&p.front.titre),
                url: paths::absolute_url(base_url, &p.path),
                updated: atom_time(p.front.date.as_deref().unwrap_or_default()),
                summary: p.front.description.as_deref().map(french_spacing),
            })
            .collect(),
    })
}

/// The latest pages of a section with a feed, for the home page.
#[derive(Debug, Clone, Serialize)]
pub struct NewsBlock {
    pub title: String,
    pub path: String,
    /// Its feed, when one is written.
    pub feed_path: Option<String>,
    pub latest: Vec<ListedPage>,
}

/// One block per section with a feed, in the order of their folders.
pub fn news_blocks(content: &Content, sections: &[Section]) -> Vec<NewsBlock> {
    sections
        .iter()
        .filter(|s| s.feed)
        .map(|s| {
            let index = &content.pages[s.page];
            NewsBlock {
                title: french_spacing(&index.front.titre),
                path: index.path.clone(),
                feed_path: (!s.dated(content).is_empty()).then(|| paths::feed_path(&index.path)),
                latest: s
                    .children
                    .iter()
                    .take(HOME_LATEST)
                    .map(|&i| listed(&content.pages[i]))
                    .collect(),
            }
        })
        .collect()
}
