//! Reads and checks `content/site.yaml`.

use crate::core::colour::{contrast_ratio, parse_hex_colour};
use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::load::key_lines::position;
use crate::load::yaml;
use crate::model::config::{SiteConfig, CONFIG_FILE};
use std::path::Path;

/// Reads and validates `content/site.yaml` under `root`; the configuration and the file's text
/// (kept to locate problems found later).
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<(SiteConfig, String)> {
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
    validate(&config, &text, diagnostics);
    Some((config, text))
}

fn validate(config: &SiteConfig, text: &str, diagnostics: &mut Diagnostics) {
    let file = Path::new(CONFIG_FILE);
    let locate = |key: &str, d: Diagnostic| {
        let at = match key {
            // `base_url` is accepted as another spelling of `url_base`.
            "url_base" => position(text, key).or_else(|| position(text, "base_url")),
            _ => position(text, key),
        };
        match at {
            Some((line, column)) => d.at(line, Some(column)).with_source(text),
            None => d,
        }
    };
    if !(config.url_base.starts_with("https://") || config.url_base.starts_with("http://")) {
        diagnostics.push(locate(
                "url_base",
                Diagnostic::error(file, format!("url_base « {} » n'est pas une adresse absolue", config.url_base))
                    .hint("écrivez l'adresse complète du site publié, par exemple https://www.exemple.fr/engagements/"),
            ));
    }
    for (key, value, minimum) in [
        ("principale", &config.couleurs.principale, 4.5),
        ("accent", &config.couleurs.accent, 3.0),
    ] {
        match parse_hex_colour(value) {
            None => diagnostics.push(locate(
                &format!("couleurs/{key}"),
                Diagnostic::error(file, format!("couleur « {value} » illisible"))
                    .hint("écrivez une couleur hexadécimale à six chiffres, par exemple #1b4b8a"),
            )),
            Some(rgb) => {
                let ratio = contrast_ratio(rgb, (255, 255, 255));
                if ratio < minimum {
                    diagnostics.push(locate(
                            &format!("couleurs/{key}"),
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
    if let Some(date) = &config.date_publication {
        if crate::core::typography::french_date(date).is_none() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.02);
    }
}
