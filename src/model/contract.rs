//! The service contract and the free pages as authored: front matter, commitments, and the
//! Markdown source of every page.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Front matter of an ordinary page.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub titre: String,
    /// Meta description and summary in lists.
    #[serde(default)]
    pub description: Option<String>,
    /// Position in menus and lists (smallest first).
    #[serde(default)]
    pub ordre: Option<i64>,
    /// Listed in the footer menu.
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub menu: bool,
    /// Left out of the build unless `--drafts`.
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub brouillon: bool,
    /// Template to use instead of the default one.
    #[serde(default)]
    pub modele: Option<String>,
    /// Last part of the page's address instead of the one derived from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// Publication date (AAAA-MM-JJ): shown on the page, orders its section's list (newest first).
    #[serde(default)]
    pub date: Option<String>,
    /// A section's `_index.md` only: pages listed per page of the section (10 when absent).
    #[serde(default)]
    pub par_page: Option<i64>,
    /// A section's `_index.md` only: also writes its Atom feed (`section/atom.xml`).
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub flux: bool,
}

/// Most characters of a theme's line on the contract poster (`affiche_bailleur`,
/// `affiche_locataire`): two lines of a party's column at 22 pt.
pub const POSTER_LINE_MAX: usize = 60;

/// Front matter of a contract theme.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeFront {
    pub titre: String,
    #[serde(default)]
    pub titre_court: Option<String>,
    pub ordre: i64,
    pub resume: String,
    pub engagements_bailleur: Vec<Commitment>,
    pub engagements_locataire: Vec<Commitment>,
    #[serde(default)]
    pub geste_commercial: Vec<CompensationLevel>,
    /// The landlord's line of this theme on the contract poster, short Markdown (at most
    /// [`POSTER_LINE_MAX`] characters). Without it the poster shortens the first commitment
    /// chosen for it, and says so.
    #[serde(default)]
    pub affiche_bailleur: Option<String>,
    /// The tenant's line of this theme on the contract poster, as `affiche_bailleur`.
    #[serde(default)]
    pub affiche_locataire: Option<String>,
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub brouillon: bool,
    #[serde(default)]
    pub slug: Option<String>,
}

/// One promise, by the landlord or by the tenant.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Short Markdown.
    pub texte: String,
    /// Measurable target, e.g. "sous 48 h".
    #[serde(default)]
    pub objectif: Option<String>,
    /// Chosen for the hall poster.
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub affiche: bool,
    /// How the commitment is measured, for its yearly results (landlord commitments only).
    #[serde(default)]
    pub indicateur: Option<super::indicator::Indicator>,
}

/// One level of the graduated compensation when the landlord fails a commitment.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CompensationLevel {
    pub condition: String,
    pub compensation: String,
}

/// A Markdown file as read from disk, before its kind is known.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, as shown in messages (`content/engagements/01-accueil.md`).
    pub path: PathBuf,
    /// Path relative to `content/` with forward slashes, the key of `@/` links.
    pub key: String,
    pub text: String,
    /// Front matter YAML (may be empty).
    pub front: std::ops::Range<usize>,
    pub body: std::ops::Range<usize>,
    /// Lines before the front matter YAML (the opening `---`).
    pub front_line_offset: usize,
    /// Lines before the body.
    pub body_line_offset: usize,
}

impl SourceFile {
    pub fn front_text(&self) -> &str {
        &self.text[self.front.clone()]
    }
    pub fn body_text(&self) -> &str {
        &self.text[self.body.clone()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PageKind {
    Home,
    Section,
    Page,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub source: SourceFile,
    pub front: PageFront,
    pub kind: PageKind,
    pub slug: String,
    /// Site-relative output path, e.g. `mentions-legales/index.html`.
    pub path: String,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub source: SourceFile,
    pub front: ThemeFront,
    pub slug: String,
    pub path: String,
}

/// Everything Markdown under `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    /// Contract themes in reading order.
    pub themes: Vec<Theme>,
    /// `engagements/_index.md`: the contract overview text.
    pub contract_intro: Option<Page>,
    /// `observatoire/_index.md`: the observatory introduction.
    pub observatory_intro: Option<Page>,
    /// `resultats/_index.md`: the introduction of the results page.
    pub results_intro: Option<Page>,
    /// `resultats/AAAA.md`: the text of each evaluation year, by file name.
    pub results_texts: Vec<Page>,
    /// Files that could not be loaded (key → expected output path), so links to them are not
    /// reported as a second error.
    pub failed: Vec<(String, String)>,
}
