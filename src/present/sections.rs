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

/// A link of the pagination, or a gap (`…`) between two links that are not neighbours.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub path: String,
    pub current: bool,
    pub gap: bool,
}

/// Pages linked on either side of the current one; the first and the last are always linked.
const PAGINATION_NEIGHBOURS: usize = 2;

/// The links of the pagination of page `current` (from 0) among `paths`: the first, the last
/// and the current page's neighbours, with a gap where numbers are skipped. A list of 1,000
/// pages thus has at most 9 links on each, not 1,000 (which made the whole list quadratic).
fn page_links(paths: &[String], current: usize) -> Vec<PageLink> {
    let last = paths.len().saturating_sub(1);
    let shown = |j: usize| {
        j == 0 || j == last || j.abs_diff(current) <= PAGINATION_NEIGHBOURS
            // A gap never hides a single page: `1 … 3` would be longer than `1 2 3`.
            || (j == 1 && current <= PAGINATION_NEIGHBOURS + 2)
            || (j + 1 == last && current + PAGINATION_NEIGHBOURS + 2 >= last)
    };
    let mut links = Vec::new();
    let mut previous: Option<usize> = None;
    for (j, path) in paths.iter().enumerate().filter(|(j, _)| shown(*j)) {
        if previous.is_some_and(|p| j > p + 1) {
            links.push(PageLink {
                number: 0,
                path: String::new(),
                current: false,
                gap: true,
            });
        }
        links.push(PageLink {
            number: j + 1,
            path: path.clone(),
            current: j == current,
            gap: false,
        });
        previous = Some(j);
    }
    links
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
                pages: page_links(&paths, i),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(total: usize, current: usize) -> String {
        let paths: Vec<String> = (1..=total).map(|n| format!("p{n}")).collect();
        page_links(&paths, current)
            .iter()
            .map(|l| match (l.gap, l.current) {
                (true, _) => "…".to_string(),
                (_, true) => format!("[{}]", l.number),
                _ => l.number.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn long_lists_link_the_ends_and_the_neighbours_only() {
        assert_eq!(shown(1, 0), "[1]");
        assert_eq!(shown(7, 3), "1 2 3 [4] 5 6 7");
        assert_eq!(shown(1000, 0), "[1] 2 3 … 1000");
        assert_eq!(shown(1000, 3), "1 2 3 [4] 5 6 … 1000");
        assert_eq!(shown(1000, 499), "1 … 498 499 [500] 501 502 … 1000");
        assert_eq!(shown(1000, 999), "1 … 998 999 [1000]");
        let paths: Vec<String> = (0..1000).map(|n| n.to_string()).collect();
        assert!((0..1000).all(|current| page_links(&paths, current).len() <= 9));
    }
}
