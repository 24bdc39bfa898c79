//! The one place that calls serde_yaml, so every YAML problem becomes a located, French
//! [`Diagnostic`] with a suggestion for misspelt keys.

use crate::core::diagnostic::Diagnostic;
use serde::de::DeserializeOwned;

mod every_error;
mod flow;
mod messages;
pub use every_error::{parse_all, parse_list, ListItem};
use messages::to_diagnostic;
pub use messages::Origin;

/// Parses `text` into `T`, or explains in French what is wrong and where.
pub fn parse<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping for our purposes (a page with only `---\n---`).
    let source = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(source).map_err(|e| to_diagnostic(&e, text, origin))
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
    use std::path::Path;

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
