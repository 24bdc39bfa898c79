//! ASCII keys for addresses, search and sorting: accents and punctuation removed the same way
//! everywhere.

/// An ASCII slug: `Propreté des parties communes` → `proprete-des-parties-communes`.
pub fn slugify(text: &str) -> String {
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
    if slug.is_empty() {
        "section".into()
    } else {
        slug
    }
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
    out.trim().to_string()
}

/// Sort key that puts "Écully" with the E's and ignores case.
pub fn collation_key(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_ignore_accents_and_punctuation() {
        assert_eq!(
            search_key(&["Résidence Les Érables", "12 rue d’Ascq", "59650"]),
            "residence les erables 12 rue d ascq 59650"
        );
    }

    #[test]
    fn communes_sort_without_accents() {
        assert!(collation_key("Écully") < collation_key("Fives"));
    }
}
