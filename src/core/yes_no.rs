//! Yes/no values as authors write them: `oui`/`non` as well as `true`/`false` (our own CSV
//! export writes `oui` and `non`, and YAML only knows the English words).

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// The boolean an author's word stands for, if it is one.
pub fn parse(word: &str) -> Option<bool> {
    match word.trim().to_lowercase().as_str() {
        "oui" | "vrai" | "true" | "o" => Some(true),
        "non" | "faux" | "false" | "n" => Some(false),
        _ => None,
    }
}

struct YesNo;

impl Visitor<'_> for YesNo {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a boolean")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

/// `#[serde(deserialize_with = "crate::core::yes_no::bool")]`
pub fn bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(YesNo)
}

/// The same for an optional field (`#[serde(default, deserialize_with = …)]`).
pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_any(YesNo).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_words() {
        for (w, b) in [
            ("oui", true),
            ("Non", false),
            ("OUI", true),
            ("true", true),
            ("faux", false),
        ] {
            assert_eq!(parse(w), Some(b), "{w}");
        }
        assert_eq!(parse("peut-être"), None);
        assert_eq!(parse("1"), None);
    }
}
