//! The contract's version as pages and posters state it: « Version 2 du 1er juin 2026 », and
//! its history, newest first.

use crate::core::paths;
use crate::core::typography::{french_date, french_spacing};
use crate::model::config::ContractVersion;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub version: String,
    /// AAAA-MM-JJ, for `<time datetime>`.
    pub iso: String,
    /// « 1er juin 2026 ».
    pub date: String,
    /// « Version 2 du 1er juin 2026 ».
    pub label: String,
    pub changes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContractVersionView {
    pub current: VersionView,
    /// Every version, the one in force first.
    pub history: Vec<VersionView>,
    pub history_path: &'static str,
}

fn version(number: &str, iso: &str, changes: &[String]) -> VersionView {
    let date = french_date(iso).unwrap_or_default();
    let number = french_spacing(number.trim());
    VersionView {
        label: format!("Version {number} du {date}"),
        version: number,
        iso: iso.to_string(),
        date,
        changes: changes.iter().map(|c| french_spacing(c)).collect(),
    }
}

/// The view of `contract`, whose dates load has checked.
pub fn view(contract: &ContractVersion) -> ContractVersionView {
    let current = version(
        &contract.version,
        &contract.date_revision,
        &contract.changements,
    );
    let history = std::iter::once(current.clone())
        .chain(
            contract
                .historique
                .iter()
                .map(|r| version(&r.version, &r.date, &r.changements)),
        )
        .collect();
    ContractVersionView {
        current,
        history,
        history_path: paths::HISTORY_PATH,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Revision;

    #[test]
    fn the_label_says_version_and_french_date() {
        let v = view(&ContractVersion {
            version: "2".into(),
            date_revision: "2026-06-01".into(),
            changements: vec![],
            historique: vec![Revision {
                version: "1".into(),
                date: "2014-10-01".into(),
                changements: vec!["Première version.".into()],
            }],
        });
        assert_eq!(v.current.label, "Version 2 du 1er\u{a0}juin\u{a0}2026");
        assert_eq!(v.history.len(), 2);
        assert_eq!(v.history[1].date, "1er\u{a0}octobre\u{a0}2014");
    }
}
