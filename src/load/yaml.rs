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
    serde_yaml::from_str(source).map_err(|e| to_diagnostic(&e, origin))
}

fn to_diagnostic(error: &serde_yaml::Error, origin: Origin<'_>) -> Diagnostic {
    let raw = error.to_string();
    // serde_yaml appends " at line X column Y"; we print the location ourselves.
    let raw = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw.as_str(),
    };
    let (message, hint) = translate_with_path(raw);
    let mut d = Diagnostic::error(origin.file, message);
    let duplicate = raw
        .strip_prefix("duplicate field `")
        .and_then(|r| r.split('`').next());
    if let Some(line) = duplicate.and_then(|key| second_key_line(text_of(origin), key)) {
        // serde points at the mapping; the author needs the second occurrence.
        d = d.at(line + origin.line_offset, Some(1));
    } else if let Some(loc) = error.location() {
        let noticed = loc.line();
        match first_broken_line(text_of(origin), noticed) {
            // An unclosed quote or bracket is only noticed lines later: point where it starts.
            Some(start) if start < noticed => {
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

/// The YAML text an origin describes, recovered from the whole file and the line offset.
fn text_of<'a>(origin: Origin<'a>) -> &'a str {
    let mut start = 0;
    for _ in 0..origin.line_offset {
        match origin.file_text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return "",
        }
    }
    let rest = &origin.file_text[start..];
    // Front matter ends at the closing `---` line.
    let end = rest
        .split_inclusive('\n')
        .scan(0, |pos, line| {
            let at = *pos;
            *pos += line.len();
            Some((at, line))
        })
        .find(|(_, line)| line.trim_end() == "---")
        .map(|(at, _)| at)
        .unwrap_or(rest.len());
    &rest[..end]
}

/// Line (1-based, in `text`) of the second `key:` at the indentation of the first one.
fn second_key_line(text: &str, key: &str) -> Option<usize> {
    let mut indent = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let here = line.len() - trimmed.len();
        let is_key = trimmed
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'));
        if is_key {
            match indent {
                None => indent = Some(here),
                Some(first) if first == here => return Some(i + 1),
                Some(_) => {}
            }
        }
    }
    None
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
            return (format!("{message} (dans « {path} »)"), hint);
        }
    }
    translate(raw)
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
    if let Some(rest) = raw.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
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
        return (
            format!("entrée en double ({raw})"),
            Some("chaque clé ne doit apparaître qu'une fois dans un même bloc.".into()),
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
        ("a boolean", "oui/non (true/false)"),
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
        return format!("le texte {v}");
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

/// Where keys sit in a YAML text, found by scanning its lines: serde forgets positions once a
/// value is deserialised, and this index is only built for a file that has a problem to report.
///
/// A key is named by its path from the top, segments joined by `/`; a sequence item is `#n`
/// (0-based), so `residences/#3/surface_habitable` or `residences/lille-tilleuls/CHC/reel`. Both
/// block style (one key per line) and flow style (`{ a: 1, b: { c: 2 } }`, on one or several lines)
/// are understood. A path written twice keeps both positions, in file order.
#[derive(Debug, Default)]
pub struct KeyLines {
    positions: std::collections::HashMap<String, Vec<(usize, usize)>>,
}

impl KeyLines {
    pub fn scan(text: &str) -> KeyLines {
        let mut index = KeyLines::default();
        // Block frames: (indent, path segment, is a sequence item, items seen under it).
        let mut block: Vec<(usize, String, bool, usize)> = Vec::new();
        // Flow frames, open across lines: (segment, is a sequence, items seen).
        let mut flow: Vec<(String, bool, usize)> = Vec::new();
        let mut flow_base: Vec<String> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let bytes = raw.as_bytes();
            let mut pos = 0;
            if flow.is_empty() {
                while pos < bytes.len() && bytes[pos] == b' ' {
                    pos += 1;
                }
                if pos >= bytes.len() || bytes[pos] == b'#' || raw[pos..].starts_with("---") {
                    continue;
                }
                // Sequence items, possibly several on one line (`- - a`).
                while bytes.get(pos) == Some(&b'-')
                    && matches!(bytes.get(pos + 1), None | Some(b' '))
                {
                    let indent = pos;
                    while block
                        .last()
                        .is_some_and(|f| f.0 > indent || (f.0 == indent && f.2))
                    {
                        block.pop();
                    }
                    let item = match block.last_mut() {
                        Some(parent) => {
                            parent.3 += 1;
                            parent.3 - 1
                        }
                        None => 0,
                    };
                    block.push((indent, format!("#{item}"), true, 0));
                    index.record(&block_path(&block), line_no, indent + 1);
                    pos += 1;
                    while bytes.get(pos) == Some(&b' ') {
                        pos += 1;
                    }
                }
                if pos >= bytes.len() || bytes[pos] == b'#' {
                    continue;
                }
                if bytes[pos] == b'{' || bytes[pos] == b'[' {
                    flow_base = block_path_segments(&block);
                } else if let Some((key, after)) = read_key(raw, pos) {
                    let indent = pos;
                    while block.last().is_some_and(|f| f.0 >= indent) {
                        block.pop();
                    }
                    block.push((indent, key, false, 0));
                    index.record(&block_path(&block), line_no, indent + 1);
                    pos = after;
                    while bytes.get(pos) == Some(&b' ') {
                        pos += 1;
                    }
                    if !matches!(bytes.get(pos), Some(b'{') | Some(b'[')) {
                        continue;
                    }
                    flow_base = block_path_segments(&block);
                } else {
                    continue;
                }
            }
            index.scan_flow(raw, pos, line_no, &flow_base, &mut flow);
        }
        index
    }

    /// Reads flow collections from byte `pos` of `raw`, keeping open frames for the next line.
    fn scan_flow(
        &mut self,
        raw: &str,
        mut pos: usize,
        line_no: usize,
        base: &[String],
        flow: &mut Vec<(String, bool, usize)>,
    ) {
        let bytes = raw.as_bytes();
        // The key just read at the current depth, waiting for its value.
        let mut pending: Option<String> = None;
        while pos < bytes.len() {
            match bytes[pos] {
                b'#' if pos == 0 || bytes[pos - 1] == b' ' => break,
                b'{' | b'[' => {
                    let segment = match (pending.take(), flow.last_mut()) {
                        (Some(k), _) => k,
                        (None, Some((_, true, count))) => format!("#{count}"),
                        (None, _) => String::new(),
                    };
                    flow.push((segment, bytes[pos] == b'[', 0));
                    pos += 1;
                }
                b'}' | b']' => {
                    flow.pop();
                    pending = None;
                    pos += 1;
                }
                b',' => {
                    if let Some((_, true, count)) = flow.last_mut() {
                        *count += 1;
                    }
                    pending = None;
                    pos += 1;
                }
                b' ' | b'\t' => pos += 1,
                b'"' | b'\'' if pending.is_some() => pos = skip_quoted(bytes, pos),
                _ => {
                    if pending.is_none() {
                        if let Some((key, after)) = read_key(raw, pos) {
                            let mut path: Vec<&str> = base.iter().map(String::as_str).collect();
                            path.extend(
                                flow.iter().map(|f| f.0.as_str()).filter(|s| !s.is_empty()),
                            );
                            path.push(&key);
                            self.record(&path.join("/"), line_no, pos + 1);
                            pending = Some(key);
                            pos = after;
                            continue;
                        }
                    }
                    // A scalar value: skip to the next separator.
                    if matches!(bytes[pos], b'"' | b'\'') {
                        pos = skip_quoted(bytes, pos);
                    } else {
                        while pos < bytes.len() && !matches!(bytes[pos], b',' | b'}' | b']') {
                            pos += 1;
                        }
                    }
                    pending = None;
                }
            }
        }
    }

    fn record(&mut self, path: &str, line: usize, column: usize) {
        self.positions
            .entry(path.to_string())
            .or_default()
            .push((line, column));
    }

    /// Line and column of the `occurrence`-th (0-based) writing of `path`.
    pub fn find(&self, path: &str, occurrence: usize) -> Option<(usize, usize)> {
        self.positions.get(path)?.get(occurrence).copied()
    }

    /// The position of `path`, or of its nearest written parent (`a/b/c` → `a/b` → `a`).
    pub fn find_nearest(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(found) = self.find(p, 0) {
                return Some(found);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

fn block_path_segments(block: &[(usize, String, bool, usize)]) -> Vec<String> {
    block.iter().map(|f| f.1.clone()).collect()
}

fn block_path(block: &[(usize, String, bool, usize)]) -> String {
    let parts: Vec<&str> = block.iter().map(|f| f.1.as_str()).collect();
    parts.join("/")
}

fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut pos = start + 1;
    while pos < bytes.len() {
        if bytes[pos] == b'\\' && quote == b'"' {
            pos += 2;
            continue;
        }
        if bytes[pos] == quote {
            return pos + 1;
        }
        pos += 1;
    }
    pos
}

/// A mapping key at byte `pos`: a plain or quoted scalar followed by `:` and a space, a flow
/// delimiter or the end of the line. Returns the key and the position after the colon.
fn read_key(raw: &str, pos: usize) -> Option<(String, usize)> {
    let bytes = raw.as_bytes();
    let (key, end) = if matches!(bytes.get(pos), Some(b'"') | Some(b'\'')) {
        let close = skip_quoted(bytes, pos);
        (
            raw.get(pos + 1..close.saturating_sub(1))?.to_string(),
            close,
        )
    } else {
        let mut end = pos;
        while end < bytes.len() {
            match bytes[end] {
                b':' if matches!(
                    bytes.get(end + 1),
                    None | Some(b' ') | Some(b',') | Some(b'}') | Some(b'{') | Some(b'[')
                ) =>
                {
                    break
                }
                b',' | b'{' | b'}' | b'[' | b']' | b'#' => return None,
                _ => end += 1,
            }
        }
        (raw[pos..end].trim_end().to_string(), end)
    };
    if bytes.get(end) != Some(&b':') || key.is_empty() {
        return None;
    }
    Some((key, end + 1))
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

    #[test]
    fn key_lines_follow_block_and_flow_styles() {
        let text = "\
annee: 2025
residences:
  lille-a: { CHC: { reel: 1, provisions: 2 }, EAU: { reel: 3, provisions: 4 } }
  lille-b:
    EAU:
      reel: 5
    ASC: { reel: 6,
           provisions: 7 }
  lille-a: { PCI: { reel: 1, provisions: 1 } }
liste:
- id: x
  surface: 3
- { id: y, surface: 0 }
";
        let k = KeyLines::scan(text);
        assert_eq!(k.find("annee", 0), Some((1, 1)));
        assert_eq!(k.find("residences/lille-a", 0), Some((3, 3)));
        assert_eq!(k.find("residences/lille-a", 1), Some((9, 3)));
        assert_eq!(k.find("residences/lille-a/EAU", 0), Some((3, 47)));
        assert_eq!(
            k.find("residences/lille-a/EAU/provisions", 0).map(|p| p.0),
            Some(3)
        );
        assert_eq!(k.find("residences/lille-b/EAU/reel", 0), Some((6, 7)));
        assert_eq!(
            k.find("residences/lille-b/ASC/provisions", 0).map(|p| p.0),
            Some(8)
        );
        assert_eq!(k.find("liste/#0/surface", 0), Some((12, 3)));
        assert_eq!(k.find("liste/#1/surface", 0).map(|p| p.0), Some(13));
        assert_eq!(k.find("liste/#1", 0), Some((13, 1)));
        assert_eq!(k.find_nearest("residences/lille-b/XYZ/reel"), Some((4, 3)));
    }
}
