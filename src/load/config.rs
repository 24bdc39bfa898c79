//! Reads and checks `content/site.yaml`.

use crate::core::colour::{contrast_ratio, parse_hex_colour};
use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::link::{base_url_problem, shown};
use crate::core::typography::french_date;
use crate::load::key_lines::position;
use crate::load::yaml;
use crate::model::config::{SiteConfig, CONFIG_FILE};
use std::path::Path;

/// Reads and validates `content/site.yaml` under `root`; the configuration and the file's text
/// (kept to locate problems found later).
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<(SiteConfig, String)> {
    let file = Path::new(CONFIG_FILE);
    let path = root.join(file);
    if let Err(d) = crate::load::files::check(root, &path) {
        diagnostics.push(d);
        return None;
    }
    let text = match crate::load::files::read_text(&path, file) {
        Ok(t) => t,
        // A missing file is said as such: the error that matters is that it must be created.
        Err(_) if !path.exists() => {
            diagnostics.push(
                Diagnostic::error(file, "configuration du site introuvable")
                    .hint("créez content/site.yaml (la commande « ensemble new DOSSIER » en écrit un exemple)."),
            );
            return None;
        }
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let origin = yaml::Origin {
        file,
        file_text: &text,
        line_offset: 0,
    };
    let config: SiteConfig = match yaml::parse_all(&text, origin) {
        Ok(c) => c,
        Err(list) => {
            diagnostics.extend(list);
            return None;
        }
    };
    validate(&config, &text, diagnostics);
    check_contract_version(&config, &text, diagnostics);
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
    if let Some(problem) = base_url_problem(&config.url_base) {
        diagnostics.push(locate(
            "url_base",
            Diagnostic::error(
                file,
                format!("url_base « {} » {problem}", shown(&config.url_base)),
            )
            .hint(BASE_URL_HINT),
        ));
    }
    let emails = std::iter::once(("organisme/courriel".to_string(), &config.organisme.courriel))
        .chain(
            config
                .contacts
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("contacts/#{i}/courriel"), &c.courriel)),
        );
    for (key, email) in emails {
        if let Some(email) = email.as_deref().filter(|e| !is_email(e)) {
            diagnostics.push(locate(
                &key,
                Diagnostic::error(
                    file,
                    format!("adresse électronique « {} » invalide", shown(email)),
                )
                .hint("écrivez une seule adresse, sans espace ni guillemet, par exemple contact@exemple.fr : elle devient un lien mailto:."),
            ));
        }
    }
    for (key, value, minimum) in [
        ("principale", &config.couleurs.principale, 4.5),
        ("accent", &config.couleurs.accent, 3.0),
    ] {
        match parse_hex_colour(value) {
            None if value.trim().is_empty() => {
                let d = locate(
                    &format!("couleurs/{key}"),
                    Diagnostic::error(file, format!("couleur « {key} » vide")),
                );
                // `principale: #1b4b8a` without quotes: YAML reads a comment, and no value.
                let commented = d
                    .source_line
                    .as_deref()
                    .and_then(|l| l.split_once(':'))
                    .map(|(_, rest)| rest.trim_start().starts_with('#'))
                    .unwrap_or(false);
                diagnostics.push(if commented {
                    let written = d.source_line.as_deref().and_then(|l| l.split_once('#')).map(|(_, c)| c.trim().to_string()).unwrap_or_default();
                    d.hint(format!("sans guillemets, tout ce qui suit « # » est un commentaire pour YAML : écrivez la couleur entre guillemets, {key}: \"#{written}\""))
                } else {
                    d.hint(format!("écrivez une couleur hexadécimale à six chiffres entre guillemets, par exemple {key}: \"#1b4b8a\""))
                });
            }
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
                                    "la couleur {key} « {value} » a un contraste de {}:1 sur fond blanc, il faut au moins {}:1 (RGAA)",
                                    crate::core::typography::format_number(ratio, 1),
                                    crate::core::typography::format_number(minimum, 1)
                                ),
                            )
                            .hint("choisissez une teinte plus foncée."),
                        ));
                }
            }
        }
    }
    let theme = &config.theme;
    if !crate::load::theme::valid_name(theme) {
        diagnostics.push(locate(
            "theme",
            Diagnostic::error(file, format!("thème « {} » invalide", shown(theme)))
                .hint("le thème est le nom d'un dossier de themes/, en lettres, chiffres et tirets : « theme: default »."),
        ));
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
    check_open_data(&config.donnees, &locate, diagnostics);
}

/// `donnees:`: a licence named if it has an address, a followable address, a real date.
fn check_open_data(
    data: &crate::model::config::OpenData,
    locate: &dyn Fn(&str, Diagnostic) -> Diagnostic,
    diagnostics: &mut Diagnostics,
) {
    let file = Path::new(CONFIG_FILE);
    if data.licence.is_none() && data.licence_url.is_some() {
        diagnostics.push(locate(
            "donnees/licence_url",
            Diagnostic::error(file, "licence_url sans licence")
                .hint("nommez aussi la licence : « licence: \"Licence Ouverte / Open Licence version 2.0\" » ; sans les deux clés, c’est elle qui s’applique."),
        ));
    }
    if let Some(name) = &data.licence {
        if name.trim().is_empty() {
            diagnostics.push(locate(
                "donnees/licence",
                Diagnostic::error(file, "le nom de la licence est vide")
                    .hint("écrivez le nom de la licence des données, ou retirez la clé pour la Licence Ouverte 2.0."),
            ));
        }
    }
    if let Some(url) = &data.licence_url {
        let followable = crate::core::link::check(url, crate::core::link::Use::Link).is_ok()
            && (url.starts_with("https://") || url.starts_with("http://"));
        if !followable {
            diagnostics.push(locate(
                "donnees/licence_url",
                Diagnostic::error(file, format!("adresse de la licence « {} » invalide", shown(url)))
                    .hint("écrivez l’adresse complète du texte de la licence, par exemple https://www.etalab.gouv.fr/licence-ouverte-open-licence/."),
            ));
        }
    }
    if let Some(date) = &data.date {
        if french_date(date).is_none() {
            diagnostics.push(locate(
                "donnees/date",
                Diagnostic::error(file, format!("date des données « {date} » invalide"))
                    .hint(DATE_HINT),
            ));
        }
    }
}

const DATE_HINT: &str = "écrivez la date sous la forme AAAA-MM-JJ, par exemple 2026-06-01.";

/// The `contrat:` block: real dates, earlier versions listed newest first, each number once.
fn check_contract_version(config: &SiteConfig, text: &str, diagnostics: &mut Diagnostics) {
    let Some(contract) = &config.contrat else {
        return;
    };
    let error = |key: &str, message: String, hint: &str| {
        let d = Diagnostic::error(CONFIG_FILE, message).hint(hint);
        match position(text, key) {
            Some((line, column)) => d.at(line, Some(column)).with_source(text),
            None => d,
        }
    };
    let versions = std::iter::once((
        "contrat".to_string(),
        &contract.version,
        &contract.date_revision,
        "date_revision",
    ))
    .chain(contract.historique.iter().enumerate().map(|(i, r)| {
        (
            format!("contrat/historique/#{i}"),
            &r.version,
            &r.date,
            "date",
        )
    }));
    // The version above the one being checked: number and date, when its date is readable.
    let mut above: Option<(&str, &str)> = None;
    let mut seen: Vec<&str> = Vec::new();
    for (key, version, date, date_key) in versions {
        let version = version.trim();
        if version.is_empty() {
            diagnostics.push(error(
                &format!("{key}/version"),
                "numéro de version vide".to_string(),
                "écrivez le numéro de la version, par exemple « version: \"2\" ».",
            ));
        } else if seen.contains(&version) {
            diagnostics.push(error(
                &format!("{key}/version"),
                format!(
                    "la version « {} » du contrat est écrite deux fois",
                    shown(version)
                ),
                "chaque version du contrat a son propre numéro : corrigez l'un des deux.",
            ));
        }
        seen.push(version);
        if crate::core::typography::iso_date(date).is_none() {
            diagnostics.push(error(
                &format!("{key}/{date_key}"),
                format!("{date_key} « {} » n'est pas une date", shown(date)),
                DATE_HINT,
            ));
            continue;
        }
        if let Some((newer, newer_date)) = above {
            if date.as_str() >= newer_date {
                diagnostics.push(error(
                    &format!("{key}/{date_key}"),
                    format!(
                        "la version « {} » ({}) n'est pas antérieure à la version « {} » écrite au-dessus ({}) : l'historique est dans le désordre",
                        shown(version),
                        french_date(date).unwrap_or_default(),
                        shown(newer),
                        french_date(newer_date).unwrap_or_default()
                    ),
                    "l'historique liste les versions précédentes de la plus récente à la plus ancienne, chacune datée avant celle du dessus (et avant date_revision).",
                ));
            }
        }
        above = Some((version, date));
    }
}

const BASE_URL_HINT: &str =
    "écrivez l'adresse complète du site publié, par exemple https://www.exemple.fr/engagements/";

/// Where a `--base-url` problem is shown: it comes from the command line, not from a file.
pub const COMMAND_LINE: &str = "(ligne de commande)";

/// The problem of an address given with `--base-url`, which replaces `url_base` and so passes
/// the same check.
pub fn check_base_url_option(url: &str) -> Option<Diagnostic> {
    base_url_problem(url).map(|problem| {
        Diagnostic::error(
            COMMAND_LINE,
            format!("--base-url « {} » {problem}", shown(url)),
        )
        .hint(BASE_URL_HINT)
    })
}

/// An e-mail address as a `mailto:` link can carry it: one `@` between two non-empty parts,
/// nothing that would end the address or the attribute.
fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"'<>()[]\\,;:`".contains(c))
        && !domain.contains('@')
}

/// Checks `logo` against the static files the build copies (`static_files`, paths inside
/// `static/`): a relative path to one of them, so that the header never loads anything else.
pub fn check_logo(
    config: &SiteConfig,
    text: &str,
    static_files: &[&str],
    diagnostics: &mut Diagnostics,
) {
    let Some(logo) = config.logo.as_deref() else {
        return;
    };
    let safe = !logo.is_empty()
        && !logo.contains(['\\', ':'])
        && !logo.chars().any(char::is_control)
        && logo
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    let (message, hint) = if !safe {
        (
            format!("logo « {} » refusé : ce doit être le chemin d'un fichier de static/, sans « .. », sans « / » au début ni adresse", shown(logo)),
            "placez l'image dans static/ (par exemple static/images/logo.svg) et écrivez « logo: images/logo.svg ».",
        )
    } else if !static_files.contains(&logo) {
        (
            format!("logo « {} » introuvable dans static/ ni dans le dossier static/ du thème", shown(logo)),
            "vérifiez le nom du fichier : le chemin s'écrit depuis static/, par exemple « logo: images/logo.svg » pour static/images/logo.svg.",
        )
    } else {
        return;
    };
    let mut d = Diagnostic::error(CONFIG_FILE, message).hint(hint);
    if let Some((line, column)) = position(text, "logo") {
        d = d.at(line, Some(column)).with_source(text);
    }
    diagnostics.push(d);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_single_plain_addresses() {
        assert!(is_email("contact@exemple.fr"));
        assert!(is_email("a.b+c@sous.exemple.fr"));
        for bad in [
            "contact",
            "a@b",
            "a@@b.fr",
            "a@b.fr\" onmouseover=\"x()",
            "a b@c.fr",
            "<a@b.fr>",
            "a@b.fr,c@d.fr",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn contrast_matches_wcag_reference_values() {
        assert!((contrast_ratio((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 0.01);
        assert!((contrast_ratio((0x76, 0x76, 0x76), (255, 255, 255)) - 4.54).abs() < 0.02);
    }
}
