//! `content/site.yaml`: who publishes the site, where, and how it looks.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::yaml;
use serde::{Deserialize, Serialize};
use std::path::Path;

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
    #[serde(default)]
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
    #[serde(default)]
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
    /// Reads and validates `content/site.yaml` under `root`.
    pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<SiteConfig> {
        let file = Path::new(CONFIG_FILE);
        let text = match std::fs::read_to_string(root.join(file)) {
            Ok(t) => t,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::error(file, format!("impossible de lire la configuration du site ({e})"))
                        .hint("créez content/site.yaml (la commande « ensemble new DOSSIER » en écrit un exemple)."),
                );
                return None;
            }
        };
        let origin = yaml::Origin {
            file,
            file_text: &text,
            line_offset: 0,
        };
        let config: SiteConfig = match yaml::parse(&text, origin) {
            Ok(c) => c,
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        };
        config.validate(&text, diagnostics);
        Some(config)
    }

    fn validate(&self, text: &str, diagnostics: &mut Diagnostics) {
        let file = Path::new(CONFIG_FILE);
        let locate = |key: &str, d: Diagnostic| match find_key_line(text, key) {
            Some(line) => d.at(line, None).with_source(text),
            None => d,
        };
        if !(self.url_base.starts_with("https://") || self.url_base.starts_with("http://")) {
            diagnostics.push(locate(
                "url_base",
                Diagnostic::error(file, format!("url_base « {} » n'est pas une adresse absolue", self.url_base))
                    .hint("écrivez l'adresse complète du site publié, par exemple https://www.exemple.fr/engagements/"),
            ));
        }
        for (key, value, minimum) in [
            ("principale", &self.couleurs.principale, 4.5),
            ("accent", &self.couleurs.accent, 3.0),
        ] {
            match parse_hex_colour(value) {
                None => diagnostics.push(locate(
                    key,
                    Diagnostic::error(file, format!("couleur « {value} » illisible")).hint(
                        "écrivez une couleur hexadécimale à six chiffres, par exemple #1b4b8a",
                    ),
                )),
                Some(rgb) => {
                    let ratio = contrast_ratio(rgb, (255, 255, 255));
                    if ratio < minimum {
                        diagnostics.push(locate(
                            key,
                            Diagnostic::error(
                                file,
                                format!(
                                    "la couleur {key} « {value} » a un contraste de {:.1}:1 sur fond blanc, il faut au moins {minimum}:1 (RGAA)",
                                    ratio
                                ),
                            )
                            .hint("choisissez une teinte plus foncée."),
                        ));
                    }
                }
            }
        }
        if let Some(date) = &self.date_publication {
            if crate::typography::french_date(date).is_none() {
                diagnostics.push(locate(
                    "date_publication",
                    Diagnostic::error(
                        file,
                        format!("date_publication « {date} » n'est pas une date"),
                    )
                    .hint("écrivez la date sous la forme AAAA-MM-JJ, par exemple 2026-12-01"),
                ));
            }
        }
    }

    /// The base URL with exactly one trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}/", self.url_base.trim_end_matches('/'))
    }
}

/// Line of the first `key:` in a YAML text, to point at a value that parsed but is wrong.
pub fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches("- ");
            t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

pub fn parse_hex_colour(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let v = u32::from_str_radix(hex, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// WCAG 2.1 contrast ratio between two sRGB colours.
pub fn contrast_ratio(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let channel = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.02);
    }

    #[test]
    fn finds_the_line_of_a_key() {
        assert_eq!(
            find_key_line("a: 1\ncouleurs:\n  principale: x\n", "principale"),
            Some(3)
        );
    }
}
