//! Every problem of a file in one run: a list read item by item, and a mapping whose faulty
//! keys are taken out one by one and the rest read again, so that the author fixes a file in
//! one go instead of one build per mistake.

use super::messages::{header_line, readable_path, to_diagnostic, translate, Origin};
use crate::core::diagnostic::Diagnostic;
use crate::core::suggest::nearest;
use serde::de::DeserializeOwned;

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
    let lines = LazyKeyLines::new(text);
    let mut diagnostics = Vec::new();
    // The canonical one-item-per-line layout is read directly; anything else, mistakes
    // included, is read by serde_yaml so that its messages stay the same.
    let list = match super::flow::list(text, key) {
        Some(items) => items,
        None => match serde_list(text, origin, key, &lines, &mut diagnostics)? {
            Some(items) => items,
            None => return Ok((Vec::new(), Vec::new())),
        },
    };
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

/// The list under `key` as serde_yaml reads `text`, with a diagnostic for every other key of
/// the top level; `None` for an empty file.
fn serde_list(
    text: &str,
    origin: Origin<'_>,
    key: &str,
    lines: &LazyKeyLines<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Vec<serde_yaml::Value>>, Diagnostic> {
    let value: serde_yaml::Value = if text.trim().is_empty() {
        serde_yaml::Value::Null
    } else {
        serde_yaml::from_str(text).map_err(|e| to_diagnostic(&e, text, origin))?
    };
    let top = match value {
        serde_yaml::Value::Null => return Ok(None),
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
                lines,
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
                lines,
                key,
                format!("« {key} » doit être une liste"),
                "écrivez un élément par ligne, chacun commençant par « - ».".into(),
            )),
        }
    }
    Ok(Some(list))
}

/// The [`KeyLines`](crate::load::key_lines::KeyLines) of a text, scanned the first time a
/// diagnostic needs a line: a file without a problem is never scanned.
struct LazyKeyLines<'a> {
    text: &'a str,
    index: std::cell::OnceCell<crate::load::key_lines::KeyLines>,
}

impl<'a> LazyKeyLines<'a> {
    fn new(text: &'a str) -> Self {
        LazyKeyLines {
            text,
            index: std::cell::OnceCell::new(),
        }
    }

    fn get(&self) -> &crate::load::key_lines::KeyLines {
        self.index
            .get_or_init(|| crate::load::key_lines::KeyLines::scan(self.text))
    }
}

/// Deserialises one list item; on a problem, takes the faulty key out and tries again, so that
/// every wrong key of the item is reported at once.
fn parse_item<T: DeserializeOwned>(
    item: serde_yaml::Value,
    path: &str,
    origin: Origin<'_>,
    lines: &LazyKeyLines<'_>,
) -> (Option<T>, Vec<Diagnostic>) {
    // Read by reference: cloning every item cost as much as reading it.
    if let Ok(v) = T::deserialize(&item) {
        return (Some(v), Vec::new());
    }
    // A faulty item goes the way it always went, owned, so that its outcome and its messages
    // cannot depend on the shortcut above.
    match serde_yaml::from_value::<T>(item.clone()) {
        Ok(v) => (Some(v), Vec::new()),
        Err(_) => (None, every_error::<T>(item, path, origin, lines)),
    }
}

/// Parses `text` into `T`, or reports every key of it that is wrong, not only the first: the
/// author fixes a file in one go. Syntax errors stop at the first (what follows it cannot be
/// read), data errors do not.
pub fn parse_all<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
) -> Result<T, Vec<Diagnostic>> {
    let source = if text.trim().is_empty() { "{}" } else { text };
    let first = match serde_yaml::from_str::<T>(source) {
        Ok(v) => return Ok(v),
        Err(e) => to_diagnostic(&e, text, origin),
    };
    let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(source) else {
        return Err(vec![first]);
    };
    let lines = LazyKeyLines::new(text);
    let mut all = every_error::<T>(value, "", origin, &lines);
    // The first one as `parse` located it: serde's own position is the most precise.
    match all.first_mut() {
        Some(d) => *d = first,
        None => all.push(first),
    }
    Err(all)
}

/// Every problem of `value` read as `T`: each faulty key is reported, taken out, and the value
/// read again (a key written wrong is then also "missing": that says nothing new).
fn every_error<T: DeserializeOwned>(
    mut value: serde_yaml::Value,
    base: &str,
    origin: Origin<'_>,
    lines: &LazyKeyLines<'_>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    for _ in 0..32 {
        // `from_value` gives no key path: reading the value again as text does.
        let Some(raw) = serde_yaml::to_string(&value)
            .ok()
            .and_then(|t| serde_yaml::from_str::<T>(&t).err())
            .map(|e| e.to_string())
        else {
            break;
        };
        let raw = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let (at_path, rest) = match raw.split_once(": ") {
            Some((p, r)) if !p.contains(' ') => (p.to_string(), r.to_string()),
            _ => (String::new(), raw.clone()),
        };
        let quoted = |prefix: &str| {
            rest.strip_prefix(prefix)
                .and_then(|r| r.split('`').next())
                .map(str::to_string)
        };
        let unknown = quoted("unknown field `");
        let missing = quoted("missing field `");
        let mut segments = serde_segments(&at_path);
        if let Some(k) = &unknown {
            segments.push(Segment::Key(k.clone()));
        }
        let key_path = segments_path(base, &segments);
        if missing
            .as_ref()
            .is_some_and(|m| reported.iter().any(|r| r == m))
        {
            break;
        }
        let (message, hint) = translate(&rest);
        // A nested key is named with its place; a key of the top level by the marker alone.
        let message = if segments.len() > 1 {
            format!("{message} (dans « {} »)", readable_path(&at_path))
        } else {
            message
        };
        let mut d = Diagnostic::error(origin.file, message);
        let lines = lines.get();
        let found = lines
            .find(&key_path, 0)
            .or_else(|| lines.find_nearest(&key_path));
        if let Some((line, column)) = found {
            d = d
                .at(line + origin.line_offset, Some(column))
                .with_source(origin.file_text);
        }
        if let Some(h) = &hint {
            d = d.hint(h.clone());
        }
        header_line(&mut d, origin);
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
        if missing.is_some() || !remove_at(&mut value, &segments) {
            break;
        }
        if let Some(Segment::Key(k)) = segments.last() {
            reported.push(k.clone());
        }
    }
    problems
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// serde_yaml's `engagements_bailleur[2].objectif` as segments.
fn serde_segments(path: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    if path.is_empty() || path == "." {
        return out;
    }
    for part in path.split('.') {
        let mut rest = part;
        if let Some(open) = rest.find('[') {
            if open > 0 {
                out.push(Segment::Key(rest[..open].to_string()));
            }
            rest = &rest[open..];
            while let Some(r) = rest.strip_prefix('[') {
                let close = r.find(']').unwrap_or(r.len());
                if let Ok(n) = r[..close].parse() {
                    out.push(Segment::Index(n));
                }
                rest = r.get(close + 1..).unwrap_or("");
            }
        } else if !rest.is_empty() {
            out.push(Segment::Key(rest.to_string()));
        }
    }
    out
}

/// The [`KeyLines`] path of `segments` under `base`: `a/#2/b`.
fn segments_path(base: &str, segments: &[Segment]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !base.is_empty() {
        parts.push(base.to_string());
    }
    for s in segments {
        parts.push(match s {
            Segment::Key(k) => k.clone(),
            Segment::Index(i) => format!("#{i}"),
        });
    }
    parts.join("/")
}

/// Takes the value at `segments` out of `value`; false when there is nothing to take.
fn remove_at(value: &mut serde_yaml::Value, segments: &[Segment]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut at = value;
    for s in parents {
        at = match (s, at) {
            (Segment::Key(k), serde_yaml::Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(v) => v,
                None => return false,
            },
            (Segment::Index(i), serde_yaml::Value::Sequence(v)) => match v.get_mut(*i) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, at) {
        (Segment::Key(k), serde_yaml::Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        // Not an item of a list: the others would move up and be located wrong.
        _ => false,
    }
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
    lines: &LazyKeyLines<'_>,
    key: &str,
    message: String,
    hint: String,
) -> Diagnostic {
    let mut d = Diagnostic::error(origin.file, message).hint(hint);
    if let Some((line, column)) = lines.get().find(key, 0) {
        d = d
            .at(line + origin.line_offset, Some(column))
            .with_source(origin.file_text);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::observatory::Residence;
    use std::path::Path;

    /// Ids, values and every diagnostic of `text` read as residences.
    fn read(text: &str) -> String {
        let origin = Origin {
            file: Path::new("content/observatoire/residences.yaml"),
            file_text: text,
            line_offset: 0,
        };
        let (items, diagnostics) = parse_list::<Residence>(text, origin, "residences").unwrap();
        let items: Vec<_> = items
            .iter()
            .map(|i| (i.position, i.id.clone(), i.value.clone()))
            .collect();
        format!("{items:?}\n{diagnostics:?}")
    }

    /// A file in the canonical layout, with mistakes in its items, reports the same whether the
    /// fast reader or serde_yaml reads it: a comment after `residences:` (which keeps every
    /// line where it is) sends the same items down serde_yaml's path.
    #[test]
    fn the_fast_reader_changes_no_message() {
        let lines = [
            "  - { id: a, nom: \"A\", adresse: \"1 rue\", code_postal: \"59000\", commune: Lille, logements: 4, surface_habitable: 300.5, annee_construction: 1990, chauffage: collectif, ascenseur: oui }",
            "  - { id: b, nom: \"B\", adresse: \"2 rue\", code_postal: \"59000\", commune: Lille, logements: quatre, surface_habitable: 300, annee_construction: 1990, chauffage_collectif: true, ascenseur: false, surfce: 3 }",
            "  - { id: c, nom: 'C', adresse: \"3 rue\", code_postal: 59000, commune: Lille, logements: 4, annee_construction: 1990, chauffage: solaire, ascenseur: peut-être }",
            "  - { id: d, nom: \"D\", adresse: \"4 rue\", code_postal: \"59000\", commune: Lille, logements: -4, surface_habitable: 300, annee_construction: 1990.5, chauffage_collectif: false, ascenseur: true, dpe: Z, qpv: True }",
        ];
        let body = lines.join("\n");
        let fast = format!("# Résidences\nresidences:\n{body}\n");
        let slow = format!("# Résidences\nresidences: # lu par serde_yaml\n{body}\n");
        assert!(super::super::flow::list(&fast, "residences").is_some());
        assert!(super::super::flow::list(&slow, "residences").is_none());
        let (fast, slow) = (read(&fast), read(&slow));
        assert!(fast.matches("Diagnostic").count() >= 6, "{fast}");
        // The texts differ in the source lines the diagnostics quote; nothing else may.
        assert_eq!(
            fast.replace("residences:\\n", "residences: # lu par serde_yaml\\n"),
            slow
        );
    }
}
