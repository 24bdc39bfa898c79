//! The one place that calls serde_yaml, so every YAML problem becomes a located, French
//! [`Diagnostic`] with a suggestion for misspelt keys.

use crate::core::diagnostic::Diagnostic;
use crate::core::suggest::nearest;
use serde::de::DeserializeOwned;
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

/// Parses `text` into `T`, or explains in French what is wrong and where.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping for our purposes (a page with only `---\n---`).
    let source = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(source).map_err(|e| to_diagnostic(&e, text, origin))
}

fn to_diagnostic(error: &serde_yaml::Error, text: &str, origin: Origin<'_>) -> Diagnostic {
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
    // In front matter, authors may count from the opening `---`: say both.
    if let (Some(line), true) = (d.line, origin.line_offset > 0) {
        if line > origin.line_offset {
            d.message.push_str(&format!(
                " (ligne {} de l’en-tête)",
                line - origin.line_offset
            ));
        }
    }
    d.with_source(origin.file_text)
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
fn readable_path(path: &str) -> String {
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
fn translate(raw: &str) -> (String, Option<String>) {
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
        return (
            format!(
                "type de valeur incorrect : {} trouvé, {} attendu",
                french_kind(found),
                french_kind(expected)
            ),
            Some("vérifiez la valeur : un nombre s'écrit sans guillemets ni espace (1234.5), un texte peut être mis entre guillemets.".into()),
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

/// One item of a list read on its own (see [`parse_list`]): its value, or nothing when it had a
/// problem, which was reported.
pub struct ListItem<T> {
    /// Position in the list, 0-based, as the key paths of [`KeyLines`] count.
    pub position: usize,
    /// Its `id`, when the item has a readable one: lets later checks recognise it.
    pub id: Option<String>,
    pub value: Option<T>,
}

/// Reads a file whose top level holds one list under `key` (`residences:`), each item on its
/// own: one faulty item is reported with every problem it has, and the others still load, so
/// that one typo gives one error and not one for each line that refers to the item.
pub fn parse_list<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    key: &str,
) -> Result<(Vec<ListItem<T>>, Vec<Diagnostic>), Diagnostic> {
    let value: serde_yaml::Value = if text.trim().is_empty() {
        serde_yaml::Value::Null
    } else {
        serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, origin))?
    };
    let top = match value {
        serde_yaml::Value::Null => return Ok((Vec::new(), Vec::new())),
        serde_yaml::Value::Mapping(m) => m,
        _ => {
            return Err(Diagnostic::error(
                origin.file,
                format!("le fichier doit commencer par la ligne « {key}: »"),
            )
            .at(1, None)
            .hint(format!("écrivez « {key}: » sur la première ligne, puis un élément par ligne commençant par « - ».")))
        }
    };
    let lines = crate::load::key_lines::KeyLines::scan(text);
    let mut diagnostics = Vec::new();
    let mut list = Vec::new();
    for (k, v) in top {
        let name = scalar_text(&k);
        if name != key {
            let hint = match nearest(&name, &[key.to_string()]) {
                Some(best) => format!("vouliez-vous dire « {best} » ?"),
                None => format!("ce fichier ne contient que la liste « {key}: »."),
            };
            diagnostics.push(locate_key(
                origin,
                &lines,
                &name,
                format!("clé inconnue « {name} »"),
                hint,
            ));
            continue;
        }
        match v {
            serde_yaml::Value::Sequence(items) => list = items,
            serde_yaml::Value::Null => {}
            _ => diagnostics.push(locate_key(
                origin,
                &lines,
                key,
                format!("« {key} » doit être une liste"),
                "écrivez un élément par ligne, chacun commençant par « - ».".into(),
            )),
        }
    }
    let items = list
        .into_iter()
        .enumerate()
        .map(|(position, item)| {
            let id = match &item {
                serde_yaml::Value::Mapping(m) => m.get("id").map(scalar_text),
                _ => None,
            };
            let path = format!("{key}/#{position}");
            let (value, problems) = parse_item::<T>(item, &path, origin, &lines);
            diagnostics.extend(problems);
            ListItem {
                position,
                id,
                value,
            }
        })
        .collect();
    Ok((items, diagnostics))
}

/// Deserialises one list item; on a problem, takes the faulty key out and tries again, so that
/// every wrong key of the item is reported at once.
fn parse_item<T: DeserializeOwned>(
    mut item: serde_yaml::Value,
    path: &str,
    origin: Origin<'_>,
    lines: &crate::load::key_lines::KeyLines,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    // Keys already reported: a key written wrong is then also "missing", which says nothing new.
    let mut reported: Vec<String> = Vec::new();
    for _ in 0..32 {
        let error = match serde_yaml::from_value::<T>(item.clone()) {
            Ok(v) if problems.is_empty() => return (Some(v), problems),
            Ok(_) => return (None, problems),
            Err(e) => e,
        };
        // `from_value` gives no key path: reading the item again as text does.
        let raw = serde_yaml::to_string(&item)
            .ok()
            .and_then(|t| serde_yaml::from_str::<T>(&t).err())
            .map(|e| e.to_string())
            .unwrap_or_else(|| error.to_string());
        let raw = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let (field, rest) = match raw.split_once(": ") {
            Some((p, r)) if !p.contains(' ') => (
                Some(p.split(['.', '[']).next().unwrap_or(p).to_string()),
                r.to_string(),
            ),
            _ => (None, raw.clone()),
        };
        let unknown = rest
            .strip_prefix("unknown field `")
            .and_then(|r| r.split('`').next())
            .map(str::to_string);
        let missing = rest
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
            .map(str::to_string);
        let culprit = unknown.clone().or(field);
        if let Some(m) = &missing {
            if reported.iter().any(|r| r == m) {
                return (None, problems);
            }
        }
        // The key is named by the marker under it: no need to repeat its path.
        let (message, hint) = translate(&rest);
        let mut d = Diagnostic::error(origin.file, message);
        let at = match &culprit {
            Some(k) => lines.find(&format!("{path}/{k}"), 0),
            None => None,
        }
        .or_else(|| lines.find(path, 0));
        if let Some((line, column)) = at {
            d = d
                .at(line + origin.line_offset, Some(column))
                .with_source(origin.file_text);
        }
        if let Some(h) = &hint {
            d = d.hint(h.clone());
        }
        problems.push(d);
        if let (Some(u), Some(h)) = (&unknown, &hint) {
            // The suggested key, if any, will be reported missing: it is the same mistake.
            if let Some(best) = h
                .strip_prefix("vouliez-vous dire « ")
                .and_then(|r| r.split(' ').next())
            {
                reported.push(best.to_string());
            }
            reported.push(u.clone());
        }
        let removed = match (&culprit, item.as_mapping_mut()) {
            (Some(k), Some(map)) if missing.is_none() => map.remove(k.as_str()).is_some(),
            _ => false,
        };
        match culprit {
            Some(k) if removed => reported.push(k),
            _ => return (None, problems),
        }
    }
    (None, problems)
}

fn scalar_text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

fn locate_key(
    origin: Origin<'_>,
    lines: &crate::load::key_lines::KeyLines,
    key: &str,
    message: String,
    hint: String,
) -> Diagnostic {
    let mut d = Diagnostic::error(origin.file, message).hint(hint);
    if let Some((line, column)) = lines.find(key, 0) {
        d = d
            .at(line + origin.line_offset, Some(column))
            .with_source(origin.file_text);
    }
    d
}

/// A YAML mapping read as its entries in file order, duplicates kept: serde's maps silently keep
/// the last of two equal keys, and a data file must report the duplicate instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<V>(pub Vec<(String, V)>);

impl<V> Default for Entries<V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Entries<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for EntriesVisitor<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((k, v)) = map.next_entry::<String, V>()? {
                    entries.push((k, v));
                }
                Ok(Entries(entries))
            }
            // `residences:` with nothing under it is an empty mapping, not a type error.
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries(Vec::new()))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

/// A number as an author may write it, kept as found so that every bad value of a file can be
/// reported with its line instead of stopping the whole file at the first one.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum LooseNumber {
    Number(f64),
    /// Anything else written where a number was expected (`"1 234,50"`, `douze`).
    Text(String),
    /// The key is there with no value, or absent.
    #[default]
    Empty,
}

impl<'de> serde::Deserialize<'de> for LooseNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LooseVisitor;
        impl<'de> serde::de::Visitor<'de> for LooseVisitor {
            type Value = LooseNumber;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("f64")
            }
            fn visit_f64<E>(self, v: f64) -> Result<LooseNumber, E> {
                Ok(LooseNumber::Number(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<LooseNumber, E> {
                Ok(LooseNumber::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<LooseNumber, E> {
                Ok(LooseNumber::Number(v as f64))
            }
            fn visit_str<E>(self, v: &str) -> Result<LooseNumber, E> {
                Ok(LooseNumber::Text(v.to_string()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<LooseNumber, E> {
                Ok(LooseNumber::Text(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<LooseNumber, E> {
                Ok(LooseNumber::Empty)
            }
            fn visit_none<E>(self) -> Result<LooseNumber, E> {
                Ok(LooseNumber::Empty)
            }
        }
        deserializer.deserialize_any(LooseVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        titre: String,
        ordre: u32,
    }

    fn origin(text: &str) -> Origin<'_> {
        Origin {
            file: Path::new("content/x.md"),
            file_text: text,
            line_offset: 1,
        }
    }

    #[test]
    fn unknown_key_names_line_and_suggests_nearest() {
        let yaml = "titre: a\nodre: 2\n";
        let file = format!("---\n{yaml}---\n");
        let d = parse::<Sample>(yaml, origin(&file)).unwrap_err();
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("odre"), "{}", d.message);
        assert!(d.hint.as_deref().unwrap().contains("« ordre »"));
        assert_eq!(d.source_line.as_deref(), Some("odre: 2"));
    }

    #[test]
    fn wrong_type_is_explained_in_french() {
        let yaml = "titre: a\nordre: deux\n";
        let d = parse::<Sample>(yaml, origin(yaml)).unwrap_err();
        assert!(
            d.message.contains("type de valeur incorrect"),
            "{}",
            d.message
        );
        assert_eq!(d.line, Some(3));
    }

    #[test]
    fn broken_yaml_reports_a_line() {
        let yaml = "titre: \"a\nordre: 2\n";
        let d = parse::<Sample>(yaml, origin(yaml)).unwrap_err();
        assert!(d.line.is_some());
    }
    #[test]
    fn entries_keep_duplicates_in_order() {
        let text = "a: 1\nb: 2\na: 3\n";
        let e: Entries<f64> = parse(text, origin(text)).unwrap();
        assert_eq!(
            e.0,
            vec![("a".into(), 1.0), ("b".into(), 2.0), ("a".into(), 3.0)]
        );
    }

    #[test]
    fn loose_numbers_keep_bad_values_for_later() {
        let text = "a: 1.5\nb: \"1 234,5\"\nc:\nd: 7\n";
        let e: Entries<LooseNumber> = parse(text, origin(text)).unwrap();
        assert_eq!(e.0[0].1, LooseNumber::Number(1.5));
        assert_eq!(e.0[1].1, LooseNumber::Text("1 234,5".into()));
        assert_eq!(e.0[2].1, LooseNumber::Empty);
        assert_eq!(e.0[3].1, LooseNumber::Number(7.0));
    }
}
