//! ASCII keys for addresses, search and sorting: accents and punctuation removed the same way
//! everywhere.

/// An ASCII slug: `Propreté des parties communes` → `proprete-des-parties-communes`; `section`
/// for a text without a letter or a digit (a heading id must exist).
pub fn slugify(text: &str) -> String {
    slug_of(text).unwrap_or_else(|| "section".into())
}

/// The slug of `text`, or `None` when it has no letter or digit to make one of (`..`, `???`, ``):
/// for addresses, which must never fall back to a shared name.
pub fn slug_of(text: &str) -> Option<String> {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    (!slug.is_empty()).then_some(slug)
}

/// Lower case, accents removed, punctuation turned into spaces: what the finder script compares.
pub fn search_key(parts: &[&str]) -> String {
    let joined = parts.join(" ");
    let ascii = deunicode::deunicode(&joined).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    // « St » and « Ste » are searched as the words they abbreviate, in the data and in what a
    // reader types (the finder's script applies the same rule).
    out.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sort key that puts "Écully" with the E's and ignores case.
pub fn collation_key(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_spell_out_saint() {
        assert_eq!(
            search_key(&["St-Exupéry", "Ste Anne"]),
            "saint exupery sainte anne"
        );
        assert_eq!(search_key(&["Stade"]), "stade");
    }

    #[test]
    fn search_keys_ignore_accents_and_punctuation() {
        assert_eq!(
            search_key(&["Résidence Les Érables", "12 rue d’Ascq", "59650"]),
            "residence les erables 12 rue d ascq 59650"
        );
    }

    #[test]
    fn addresses_need_a_letter_or_a_digit() {
        assert_eq!(slug_of("Saint-Éloi").as_deref(), Some("saint-eloi"));
        assert_eq!(slug_of("Saint Eloi").as_deref(), Some("saint-eloi"));
        for empty in ["", "..", "../..", "???", " - "] {
            assert_eq!(slug_of(empty), None, "{empty:?}");
        }
        assert_eq!(slugify("??"), "section");
    }

    #[test]
    fn communes_sort_without_accents() {
        assert!(collation_key("Écully") < collation_key("Fives"));
    }
}
