//! What the data page says of the open data: its licence and the date of its data.

use crate::core::typography::french_date;
use crate::model::config::SiteConfig;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenDataView {
    pub licence: String,
    pub licence_url: Option<String>,
    /// « 1er décembre 2026 »: `donnees.date`, else `date_publication`; none without either
    /// (never the time of the build, which would make two builds differ).
    pub date: Option<String>,
}

pub fn open_data(config: &SiteConfig) -> OpenDataView {
    let (licence, url) = config.donnees.licence();
    OpenDataView {
        licence: licence.to_string(),
        licence_url: url.map(str::to_string),
        date: config.data_date().and_then(french_date),
    }
}
