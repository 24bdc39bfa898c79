//! serde_yaml's English messages turned into French ones, located in the author's file.

use crate::core::diagnostic::Diagnostic;
use crate::core::suggest::nearest;
use std::path::Path;

/// Where a YAML text sits in its file: front matter starts after the opening `---` line.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a Path,
    /// The whole file, to quote the offending line.
    pub file_text: &'a str,
    /// Number of lines of the file before the YAML text.
    pub line_offset: usize,
}

pub(super) fn to_diagnostic(
    error: &serde_yaml::Error,
    text: &str,
    origin: Origin<'_>,
) -> Diagnostic {
    let raw = error.to_string();
    // serde_yaml appends " at line X column Y"; we print the location ourselves.
    let raw = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    let (message, mut hint) = translate_with_path(raw);
    let mut d = Diagnostic::error(origin.file, message);
    let duplicate = duplicate_key(raw);
    if let Some((line, column)) =
        duplicate.and_then(|key| crate::load::key_lines::KeyLines::scan(text).second_of(key))
    {
        // serde points at the mapping; the author needs the second occurrence.
        d = d.at(line + origin.line_offset, Some(column));
    } else if let Some(loc) = error.location() {
        let noticed = loc.line();
        match first_broken_line(text, noticed) {
            // An unclosed quote or bracket is only noticed lines later: point where it starts.
            Some(start) if start < noticed => {
                let line = text.lines().nth(start - 1).unwrap_or("");
                if (line.matches('"').count() - line.matches("\\\"").count()) % 2 == 1 {
                    d.message = "guillemet non fermé".into();
                    hint = Some("chaque texte commencé par « \" » se termine par « \" » sur la même ligne : ajoutez le guillemet qui manque.".into());
                }
                d.message.push_str(&format!(
                    " (le problème commence ligne {} ; il n'est visible qu'à la ligne {})",
                    start + origin.line_offset,
                    noticed + origin.line_offset
                ));
                d = d.at(start + origin.line_offset, None);
            }
            _ => d = d.at(noticed + origin.line_offset, Some(loc.column())),
        }
    } else {
        d = d.at(origin.line_offset.max(1), None);
    }
    if let Some(hint) = hint {
        d = d.hint(hint);
    }
    header_line(&mut d, origin);
    d.with_source(origin.file_text)
}

/// In front matter, authors may count from the opening `---`: say both.
pub(super) fn header_line(d: &mut Diagnostic, origin: Origin<'_>) {
    if let (Some(line), true) = (d.line, origin.line_offset > 0) {
        if line > origin.line_offset {
            d.message.push_str(&format!(
                " (ligne {} de l’en-tête)",
                line - origin.line_offset
            ));
        }
    }
}

/// The key written twice, from serde's `duplicate field `k`` or serde_yaml's
/// `duplicate entry with key "k"` (possibly after a key path).
fn duplicate_key(raw: &str) -> Option<&str> {
    if let Some(i) = raw.find("duplicate field `") {
        return raw[i + 17..].split('`').next();
    }
    let i = raw.find("duplicate entry with key \"")?;
    raw[i + 26..].split('"').next()
}

/// For a syntax error noticed at line `noticed`, the first line `k` such that the text cut after
/// line `k` is already invalid YAML: that is where an unclosed quote or bracket begins.
fn first_broken_line(text: &str, noticed: usize) -> Option<usize> {
    // Re-parsing prefixes is quadratic: fine for front matter and configs, not for data files.
    if text.len() > 64 * 1024 {
        return None;
    }
    let mut end = 0;
    for (i, line) in text.split_inclusive('\n').enumerate().take(noticed) {
        end += line.len();
        if serde_yaml::from_str::<serde_yaml::Value>(&text[..end]).is_err() {
            return Some(i + 1);
        }
    }
    None
}

/// serde_yaml prefixes errors inside nested values with their path (`lignes[3].note: …`).
fn translate_with_path(raw: &str) -> (String, Option<String>) {
    if let Some((path, rest)) = raw.split_once(": ") {
        let looks_like_path = !path.is_empty() && !path.contains(' ');
        if looks_like_path && !rest.starts_with("YAML") {
            let (message, hint) = translate(rest);
            return (
                format!("{message} (dans « {} »)", readable_path(path)),
                hint,
            );
        }
    }
    translate(raw)
}

/// serde's `residences[1].nom` as an author counts: `residences n° 2 › nom`.
pub(super) fn readable_path(path: &str) -> String {
    let mut out = String::new();
    for (i, part) in path.split('.').enumerate() {
        if i > 0 {
            out.push_str(" › ");
        }
        let mut rest = part;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
            match rest[open + 1..close].parse::<usize>() {
                Ok(n) => out.push_str(&format!(" n° {}", n + 1)),
                Err(_) => out.push_str(&rest[open..close.min(rest.len())]),
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
    }
    out
}

/// Turns serde's English messages into French ones with a hint on how to fix them.
pub(super) fn translate(raw: &str) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid = backticked(expected);
        let hint = match nearest(key, &valid) {
            Some(best) => format!(
                "vouliez-vous dire « {best} » ? Clés possibles : {}",
                valid.join(", ")
            ),
            None if valid.is_empty() => "supprimez cette clé.".to_string(),
            None => format!("clés possibles : {}", valid.join(", ")),
        };
        return (format!("clé inconnue « {key} »"), Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("clé obligatoire absente : « {key} »"),
            Some(format!("ajoutez une ligne « {key}: … » à ce bloc.")),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (value, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid = backticked(expected);
        let hint = match nearest(value, &valid) {
            Some(best) => format!(
                "vouliez-vous dire « {best} » ? Valeurs possibles : {}",
                valid.join(", ")
            ),
            None => format!("valeurs possibles : {}", valid.join(", ")),
        };
        return (format!("valeur inconnue « {value} »"), Some(hint));
    }
    if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
    {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        if expected.trim() == "a boolean" {
            return (
                format!(
                    "{} trouvé là où « oui » ou « non » est attendu",
                    french_kind(found)
                ),
                Some("écrivez oui ou non (ou true, false).".into()),
            );
        }
        let found_fr = french_kind(found);
        let expected_fr = french_kind(expected);
        let hint = if found_fr == "une liste" && expected_fr == "un bloc de clés" {
            "ici, une clé par ligne (« clé: valeur »), sans « - » devant : voyez l'exemple du README."
        } else if expected_fr == "une liste" {
            "ici, une liste : un élément par ligne, chacun commençant par « - »."
        } else if found_fr == "un bloc de clés" {
            "ici, une seule valeur après les deux-points, pas un bloc de clés : vérifiez l'indentation."
        } else {
            "vérifiez la valeur : un nombre s'écrit sans guillemets ni espace (1234.5), un texte peut être mis entre guillemets."
        };
        return (
            format!("type de valeur incorrect : {found_fr} trouvé, {expected_fr} attendu"),
            Some(hint.into()),
        );
    }
    if let Some(rest) = raw.strip_prefix("duplicate field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (
            format!("clé « {key} » écrite deux fois"),
            Some("gardez une seule ligne pour cette clé.".into()),
        );
    }
    if raw.starts_with("duplicate entry") {
        let what = match duplicate_key(raw) {
            Some(key) => format!("clé « {key} » écrite deux fois"),
            None => "clé écrite deux fois dans un même bloc".to_string(),
        };
        return (
            what,
            Some("gardez une seule ligne pour cette clé : la seconde remplacerait la première sans prévenir.".into()),
        );
    }
    let scanner = [
        ("did not find expected key", "clé attendue introuvable : une ligne est mal indentée, ou un guillemet n'est pas fermé"),
        ("mapping values are not allowed in this context", "deux-points inattendu : si la valeur contient « : », mettez-la entre guillemets"),
        ("could not find expected ':'", "deux-points attendu après la clé"),
        ("found unexpected end of stream", "fin du texte inattendue : un guillemet ou un crochet n'est pas fermé"),
        ("found character that cannot start any token", "caractère interdit en début de valeur (tabulation, @ ou `) : mettez la valeur entre guillemets"),
        ("did not find expected ',' or ']'", "liste entre crochets mal fermée : virgule ou « ] » attendu"),
        ("did not find expected ',' or '}'", "bloc entre accolades mal fermé : virgule ou « } » attendu"),
        ("did not find expected node content", "valeur attendue introuvable"),
        ("found a tab character", "tabulation trouvée : l'indentation se fait avec des espaces"),
        ("block sequence entries are not allowed in this context", "élément de liste « - » mal placé : vérifiez l'indentation"),
        ("did not find expected '-' indicator", "« - » attendu : les éléments d'une liste commencent tous par « - », au même retrait"),
        ("more than one document", "plusieurs documents dans un seul fichier : une ligne « --- » en sépare deux (supprimez-la ; dans une page .md, l'en-tête est entre deux lignes « --- » seulement)"),
        ("unknown anchor", "référence « * » inconnue : un texte qui commence par * ou & se met entre guillemets"),
        ("found undefined alias", "référence « * » inconnue : un texte qui commence par * ou & se met entre guillemets"),
        ("found unknown escape character", "caractère d'échappement inconnu (\\) entre guillemets doubles : doublez la barre oblique inverse ou utilisez des guillemets simples"),
        ("control characters are not allowed", "caractère de contrôle invisible : retapez la ligne (il vient souvent d'un copier-coller)"),
        ("recursion limit exceeded", "texte imbriqué trop profondément"),
        ("found unexpected end of stream", "fin du texte inattendue : un guillemet ou un crochet n'est pas fermé"),
    ];
    if let Some((_, fr)) = scanner.iter().find(|(en, _)| raw.contains(en)) {
        return (
            format!("YAML invalide : {fr}"),
            Some("vérifiez l'indentation (des espaces, pas de tabulations), les deux-points après chaque clé et les guillemets fermés.".into()),
        );
    }
    (
        format!("YAML invalide : {raw}"),

        Some("vérifiez l'indentation (des espaces, pas de tabulations), les deux-points après chaque clé et les guillemets fermés.".into()),
    )
}

fn french_kind(s: &str) -> String {
    let s = s.trim();
    let simple = [
        ("a string", "un texte"),
        ("string", "un texte"),
        ("a sequence", "une liste"),
        ("sequence", "une liste"),
        ("a map", "un bloc de clés"),
        ("map", "un bloc de clés"),
        ("a boolean", "oui ou non"),
        ("f64", "un nombre"),
        ("u32", "un nombre entier positif"),
        ("u16", "un nombre entier positif"),
        ("i32", "un nombre entier"),
        ("i64", "un nombre entier"),
        ("u64", "un nombre entier positif"),
        ("usize", "un nombre entier positif"),
        ("unit value", "une valeur vide"),
    ];
    for (en, fr) in simple {
        if s == en {
            return fr.to_string();
        }
    }
    if let Some(v) = s.strip_prefix("string ") {
        return format!("le texte « {} »", v.trim_matches('"'));
    }
    if let Some(v) = s.strip_prefix("integer ") {
        return format!("le nombre {v}");
    }
    if let Some(v) = s.strip_prefix("floating point ") {
        return format!("le nombre {v}");
    }
    if let Some(v) = s.strip_prefix("boolean ") {
        return format!("la valeur {v}");
    }
    if s.starts_with("struct ") || s.starts_with("a ") {
        return "un bloc de clés".to_string();
    }
    s.to_string()
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, k)| k.to_string())
        .collect()
}
