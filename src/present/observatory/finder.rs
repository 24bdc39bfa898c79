//! The "Trouver ma résidence" page: every residence, grouped by commune, with the text the
//! page's filter script matches.

use crate::core::paths::{commune_path, residence_path};
use crate::core::slug::search_key;
use crate::core::typography::format_number;
use crate::derive::figures::Figures;
use crate::model::observatory::Observatory;
use serde::Serialize;

/// The "Trouver ma résidence" page: every residence, grouped by commune.
#[derive(Debug, Clone, Serialize)]
pub struct FinderView {
    pub communes: Vec<FinderCommune>,
    pub total: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FinderCommune {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub postal_codes: String,
    pub residences: Vec<FinderResidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FinderResidence {
    pub name: String,
    pub address: String,
    /// The residence's other addresses (`adresses:`), shown and searched with the first.
    pub other_addresses: Vec<String>,
    pub postal_code: String,
    pub path: String,
    /// Lower-case text without accents that the filter script matches.
    pub search: String,
}

pub fn finder(obs: &Observatory, figures: &Figures) -> FinderView {
    let communes = figures
        .communes
        .iter()
        .map(|g| {
            let mut residences: Vec<FinderResidence> = g
                .members
                .iter()
                .map(|&i| {
                    let r = &obs.residences[i];
                    let mut words = vec![r.name.as_str(), r.address.as_str()];
                    words.extend(r.other_addresses.iter().map(String::as_str));
                    words.extend([r.postal_code.as_str(), r.commune.as_str()]);
                    FinderResidence {
                        name: r.name.clone(),
                        address: r.address.clone(),
                        other_addresses: r.other_addresses.clone(),
                        postal_code: r.postal_code.clone(),
                        path: residence_path(&r.id),
                        search: search_key(&words),
                    }
                })
                .collect();
            residences.sort_by(|a, b| a.search.cmp(&b.search));
            FinderCommune {
                name: g.name.clone(),
                slug: g.slug.clone(),
                path: commune_path(&g.slug),
                postal_codes: g.postal_codes.join(", "),
                residences,
            }
        })
        .collect();
    FinderView {
        communes,
        total: format_number(obs.residences.len() as f64, 0),
    }
}
