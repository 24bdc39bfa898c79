//! A year file as written: `annee`, then each residence's lines, kept in file order with
//! duplicates so that every problem can be reported. Both readers (the fast one and serde_yaml)
//! produce it.

use crate::load::yaml::{Entries, LooseNumber};
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ChargesFile {
    pub(super) annee: i32,
    /// The year's figures are not final (before the year-end regularisation): pages say so.
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub(super) provisoire: bool,
    #[serde(default)]
    pub(super) residences: Entries<Entries<LineEntry>>,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LineEntry {
    #[serde(default)]
    pub(super) reel: LooseNumber,
    #[serde(default)]
    pub(super) provisions: LooseNumber,
    #[serde(default)]
    pub(super) note: Option<String>,
}
