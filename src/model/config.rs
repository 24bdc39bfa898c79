//! `content/site.yaml`: who publishes the site, where, and how it looks (the data; reading and
//! checking it is [`crate::load::config`]).

use serde::{Deserialize, Serialize};

pub const CONFIG_FILE: &str = "content/site.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title, shown in every page header.
    pub titre: String,
    #[serde(default)]
    pub sous_titre: Option<String>,
    /// Absolute URL the site is published at; used only for the sitemap and printed posters.
    #[serde(alias = "base_url")]
    pub url_base: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Shows the "contenu d'exemple" notice on every page.
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub contenu_exemple: bool,
    /// Publication date (AAAA-MM-JJ) shown on pages and posters; nothing time-stamps a build otherwise.
    #[serde(default)]
    pub date_publication: Option<String>,
    /// RGAA conformity status stated on every page: the legal declaration's own wording.
    #[serde(default)]
    pub conformite_rgaa: Conformity,
    pub organisme: Organisation,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub couleurs: Colours,
    /// A file of the theme's or the site's `static/` folder.
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub affiches: PosterSettings,
    /// The contract's version and its history, shown on the contract's pages and posters.
    #[serde(default)]
    pub contrat: Option<ContractVersion>,
    /// The open data of the observatory: its licence and the date of its data.
    #[serde(default)]
    pub donnees: OpenData,
}

/// `donnees:` of site.yaml. Without it the data is under the Licence Ouverte 2.0 of Etalab, and
/// dated by `date_publication` if there is one (never by the time of the build).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OpenData {
    #[serde(default)]
    pub licence: Option<String>,
    #[serde(default)]
    pub licence_url: Option<String>,
    /// Date of the data, AAAA-MM-JJ.
    #[serde(default)]
    pub date: Option<String>,
}

/// The licence of the open data when site.yaml names none.
pub const DEFAULT_LICENCE: &str = "Licence Ouverte / Open Licence version 2.0";
pub const DEFAULT_LICENCE_URL: &str = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/";

impl OpenData {
    /// The licence's name and address.
    pub fn licence(&self) -> (&str, Option<&str>) {
        match &self.licence {
            Some(name) => (name.as_str(), self.licence_url.as_deref()),
            None => (DEFAULT_LICENCE, Some(DEFAULT_LICENCE_URL)),
        }
    }
}

/// The version of the contract in force, and the earlier ones.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContractVersion {
    pub version: String,
    /// Date of the revision in force (AAAA-MM-JJ).
    pub date_revision: String,
    /// What this revision changed.
    #[serde(default)]
    pub changements: Vec<String>,
    /// Earlier versions, newest first.
    #[serde(default)]
    pub historique: Vec<Revision>,
}

/// One earlier version of the contract.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub version: String,
    /// AAAA-MM-JJ.
    pub date: String,
    #[serde(default)]
    pub changements: Vec<String>,
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub nom: String,
    #[serde(default)]
    pub forme: Option<String>,
    pub adresse: String,
    pub telephone: String,
    #[serde(default)]
    pub courriel: Option<String>,
    pub directeur_publication: String,
    pub hebergeur: Host,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Host {
    pub nom: String,
    pub adresse: String,
    #[serde(default)]
    pub telephone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub libelle: String,
    #[serde(default)]
    pub telephone: Option<String>,
    #[serde(default)]
    pub courriel: Option<String>,
    #[serde(default)]
    pub horaires: Option<String>,
    /// Emergency contacts are set apart on pages and posters.
    #[serde(default, deserialize_with = "crate::core::yes_no::bool")]
    pub urgence: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// Header, links and headings: must read on white (contrast ≥ 4.5:1).
    #[serde(default = "default_primary")]
    pub principale: String,
    /// Secondary accents (borders, highlights): must reach 3:1 on white.
    #[serde(default = "default_accent")]
    pub accent: String,
}

impl Default for Colours {
    fn default() -> Self {
        Colours {
            principale: default_primary(),
            accent: default_accent(),
        }
    }
}

fn default_primary() -> String {
    "#1b4b8a".into()
}
fn default_accent() -> String {
    "#b3471d".into()
}

/// The three statuses the RGAA allows; without an audit a site is "non conforme".
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum Conformity {
    #[default]
    #[serde(rename = "non conforme")]
    NotCompliant,
    #[serde(rename = "partiellement conforme")]
    Partial,
    #[serde(rename = "totalement conforme")]
    Full,
}

impl Conformity {
    pub fn label(self) -> &'static str {
        match self {
            Conformity::NotCompliant => "non conforme",
            Conformity::Partial => "partiellement conforme",
            Conformity::Full => "totalement conforme",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum PaperSize {
    #[default]
    A3,
    A4,
}

impl PaperSize {
    pub fn name(self) -> &'static str {
        match self {
            PaperSize::A3 => "A3",
            PaperSize::A4 => "A4",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PosterSettings {
    /// Paper of the hall posters; the A4 synthesis is always A4.
    #[serde(default)]
    pub format: PaperSize,
    /// Chromium executable for `--pdf`; found on PATH when absent.
    #[serde(default)]
    pub chromium: Option<String>,
}

impl SiteConfig {
    /// The date of the open data: `donnees.date`, else `date_publication`.
    pub fn data_date(&self) -> Option<&str> {
        self.donnees
            .date
            .as_deref()
            .or(self.date_publication.as_deref())
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.url_base.trim_end_matches('/'))
    }
}
