//! A fast reader for the one layout the generator writes and the example uses: a list of flow
//! mappings, one per line (`  - { id: x, nom: "Y", logements: 12 }`). At 20,000 residences
//! serde_yaml's event parser and its `Value` tree cost more than the rest of the load; this
//! reader builds the same `Value`s directly from the lines.
//!
//! It is only a shortcut: whatever it is not certain to read exactly as serde_yaml 0.9 would
//! (same variants, same numbers, same key order), it gives up on, and the caller reads the
//! text with serde_yaml as before. A file with a mistake in it therefore always takes the
//! serde_yaml path, and its messages stay the same.

use serde_yaml::{Mapping, Number, Value};

/// The items of the list under `key`, exactly as serde_yaml would read `text`, or `None` when
/// the text is not in the canonical one-item-per-line layout (or holds anything this reader is
/// not sure to read as serde_yaml does).
pub fn list(text: &str, key: &str) -> Option<Vec<Value>> {
    if !is_word(key) || !text.chars().all(plain_char) {
        return None;
    }
    let mut lines = text.split('\n');
    // Comments and blank lines, then `key:` alone on its line.
    loop {
        let line = lines.next()?;
        if skipped(line) {
            continue;
        }
        if line.strip_suffix(':') == Some(key) {
            break;
        }
        return None;
    }
    let mut items = Vec::new();
    let mut indent = None;
    for line in lines {
        if skipped(line) {
            continue;
        }
        let rest = line.trim_start_matches(' ');
        // Every item at the same indentation: anything else is a different structure.
        if *indent.get_or_insert(line.len() - rest.len()) != line.len() - rest.len() {
            return None;
        }
        let rest = rest.strip_prefix("- ")?.trim_start_matches(' ');
        items.push(item(rest)?);
    }
    if items.is_empty() {
        // `key:` alone is a null, not an empty list: serde_yaml's path reports it.
        return None;
    }
    Some(items)
}

/// A line YAML ignores here: blank, or a whole-line comment.
fn skipped(line: &str) -> bool {
    let rest = line.trim_start_matches(' ');
    rest.is_empty() || rest.starts_with('#')
}

/// Characters that mean nothing special to libyaml: no tab, no carriage return, no control
/// character, no byte order mark and none of the other Unicode line breaks (NEL, U+2028,
/// U+2029), each of which libyaml either rejects or reads as a new line.
fn plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~')
        || (('\u{a0}'..='\u{d7ff}').contains(&c) && c != '\u{2028}' && c != '\u{2029}')
        || (('\u{e000}'..='\u{fffd}').contains(&c) && c != '\u{feff}')
        || c >= '\u{10000}'
}

/// A key written as a plain word (`surface_habitable`) that YAML reads as that text: not
/// `true`, `null` and the like, which serde_yaml would turn into another value.
fn is_word(s: &str) -> bool {
    let b = s.as_bytes();
    // libyaml gives up a key candidate that runs over 1,024 characters: keep far below it.
    !b.is_empty()
        && b.len() <= 128
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        && resolve_word(s).is_none()
}

/// `{ k: v, k: v }` and nothing after it but spaces.
fn item(s: &str) -> Option<Value> {
    let b = s.as_bytes();
    if b.first() != Some(&b'{') {
        return None;
    }
    let mut p = skip_spaces(b, 1);
    let mut map = Mapping::with_capacity(16);
    let mut keys: Vec<&str> = Vec::with_capacity(16);
    loop {
        let start = p;
        while p < b.len() && (b[p].is_ascii_alphanumeric() || b[p] == b'_' || b[p] == b'-') {
            p += 1;
        }
        let key = &s[start..p];
        // `key:value` (no space) would be one plain scalar; an empty key is a trailing comma.
        if !is_word(key) || b.get(p) != Some(&b':') || b.get(p + 1) != Some(&b' ') {
            return None;
        }
        // serde_yaml refuses a duplicate key: its path reports it.
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let (value, end) = value(s, skip_spaces(b, p + 2))?;
        map.insert(Value::String(key.to_string()), value);
        p = skip_spaces(b, end);
        match b.get(p) {
            Some(b',') => p = skip_spaces(b, p + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    // Only spaces after the closing brace: a comment there is left to serde_yaml.
    if skip_spaces(b, p + 1) != b.len() {
        return None;
    }
    Some(Value::Mapping(map))
}

fn skip_spaces(b: &[u8], mut p: usize) -> usize {
    while b.get(p) == Some(&b' ') {
        p += 1;
    }
    p
}

/// One value from byte `p`: its `Value` and the position after it.
fn value(s: &str, p: usize) -> Option<(Value, usize)> {
    let b = s.as_bytes();
    match *b.get(p)? {
        b'"' => {
            // Only `\"` and `\\` among the escapes: the others (`\n`, `\u00e9`, `\x41`, line
            // continuations…) are serde_yaml's to read.
            let mut out = String::new();
            let mut from = p + 1;
            let mut q = p + 1;
            loop {
                match *b.get(q)? {
                    b'"' => {
                        out.push_str(&s[from..q]);
                        return Some((Value::String(out), q + 1));
                    }
                    b'\\' => {
                        let escaped = *b.get(q + 1)?;
                        if escaped != b'"' && escaped != b'\\' {
                            return None;
                        }
                        out.push_str(&s[from..q]);
                        out.push(escaped as char);
                        q += 2;
                        from = q;
                    }
                    _ => q += 1,
                }
            }
        }
        b'\'' => {
            // `''` is a quote; nothing else is special between single quotes.
            let mut out = String::new();
            let mut from = p + 1;
            let mut q = p + 1;
            loop {
                if *b.get(q)? == b'\'' {
                    out.push_str(&s[from..q]);
                    if b.get(q + 1) == Some(&b'\'') {
                        out.push('\'');
                        q += 2;
                        from = q;
                        continue;
                    }
                    return Some((Value::String(out), q + 1));
                }
                q += 1;
            }
        }
        _ => {
            // A plain scalar runs to the next `,` or `}`; any other flow indicator, a `#` or a
            // `:` inside it changes its meaning, and is left to serde_yaml.
            let mut q = p;
            while q < b.len() && b[q] != b',' && b[q] != b'}' {
                if matches!(b[q], b'[' | b']' | b'{' | b'#' | b':') {
                    return None;
                }
                q += 1;
            }
            let raw = s[p..q].trim_end_matches(' ');
            Some((plain(raw)?, q))
        }
    }
}

/// What serde_yaml makes of a plain scalar, for the forms read here: canonical decimal numbers,
/// the booleans, and words. Everything else (null, `~`, `.inf`, `0x1F`, `+1`, `007`, `1e3`,
/// `1_000`, an empty value, a leading indicator…) gives up.
fn plain(raw: &str) -> Option<Value> {
    let first = raw.chars().next()?;
    if first.is_ascii_digit() || first == '-' {
        return number(raw);
    }
    if !(first.is_ascii_alphabetic() || (!first.is_ascii() && first.is_alphabetic())) {
        return None;
    }
    match resolve_word(raw) {
        None => Some(Value::String(raw.to_string())),
        Some(Some(b)) => Some(Value::Bool(b)),
        Some(None) => None,
    }
}

/// serde_yaml's special words: `Some(Some(bool))` for a boolean (it knows `true`, `True` and
/// `TRUE`), `Some(None)` for a null, `None` for a word that stays a text. A word starting with a
/// letter is never a number for it: `inf`, `nan` and `infinity` are parsed but not finite, and
/// so stay text.
fn resolve_word(raw: &str) -> Option<Option<bool>> {
    match raw {
        "true" | "True" | "TRUE" => Some(Some(true)),
        "false" | "False" | "FALSE" => Some(Some(false)),
        "null" | "Null" | "NULL" => Some(None),
        _ => None,
    }
}

/// `0`, `47`, `-3`, `3363.5`, `-0.25`: integers as serde_yaml's u64 or i64, decimals as its
/// f64, parsed by the same standard functions. No sign `+`, no leading zero, no exponent, no
/// `-0`, at most 18 integer digits (beyond, serde_yaml moves to u128 or to f64).
fn number(raw: &str) -> Option<Value> {
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let (int, fraction) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || int.len() > 18 || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    match fraction {
        None => {
            if negative {
                let v: i64 = raw.parse().ok()?;
                // `-0` is an i64 zero for serde_yaml: left to it.
                (v != 0).then(|| Value::Number(Number::from(v)))
            } else {
                Some(Value::Number(Number::from(raw.parse::<u64>().ok()?)))
            }
        }
        Some(f) => {
            if !all_digits(f) {
                return None;
            }
            let v: f64 = raw.parse().ok()?;
            (v.is_finite() && !(negative && v == 0.0)).then(|| Value::Number(Number::from(v)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list under `key` as serde_yaml reads the whole text; `None` when it does not read
    /// it as a mapping with a list there.
    fn reference(text: &str, key: &str) -> Option<Vec<Value>> {
        let value: Value = serde_yaml::from_str(text).ok()?;
        match value.get(key)? {
            Value::Sequence(items) => Some(items.clone()),
            _ => None,
        }
    }

    /// `Value`'s own `==` ignores the key order of mappings; the debug form keeps it, and the
    /// number variants (`1` and `1.0` differ).
    fn same(a: &[Value], b: &[Value]) -> bool {
        a == b && format!("{a:?}") == format!("{b:?}")
    }

    /// Either the same items as serde_yaml, or a give-up: never a different answer.
    fn check(text: &str) -> Option<Vec<Value>> {
        let fast = list(text, "residences");
        if let Some(items) = &fast {
            let slow = reference(text, "residences");
            assert!(
                slow.as_ref().is_some_and(|s| same(items, s)),
                "the fast reader differs from serde_yaml on {text:?}:\nfast {items:?}\nslow {slow:?}"
            );
        }
        fast
    }

    fn one(line: &str) -> String {
        format!("residences:\n  - {line}\n")
    }

    #[test]
    fn reads_the_example_file_as_serde_yaml_does() {
        let text = include_str!("../../../content/observatoire/residences.yaml");
        let items = check(text).expect("the example is in the canonical layout");
        assert_eq!(items.len(), 60);
    }

    #[test]
    fn reads_a_generated_file_as_serde_yaml_does() {
        let generated = crate::app::generate::generate(&crate::app::generate::GenerateOptions {
            // `ensemble generate-data --residences 2000`'s defaults.
            residences: 2000,
            first_year: 2016,
            last_year: 2025,
            seed: 2025,
        });
        let (name, text) = &generated.files[0];
        assert_eq!(name, "residences.yaml");
        let items = check(text).expect("the generator writes the canonical layout");
        assert_eq!(items.len(), 2000);
    }

    #[test]
    fn accepted_lines_match_serde_yaml() {
        for line in [
            "{ id: a, n: 0, m: 47, neg: -3, f: 3363.5, g: -0.25, h: 0.0, t: true, u: false }",
            "{ a: True, b: FALSE, c: TRUE, d: False }",
            "{ a: yes, b: no, c: on, d: off, e: y, f: n, g: oui, h: non }",
            "{ a: inf, b: nan, c: infinity, d: Infinity, e: NaN, f: e5, g: E1 }",
            "{ a: \"q \\\" \\\\ x\", b: 'it''s', c: '', d: \"\", e: \"  sp  \" }",
            "{ a: l'Ascq, b: a\"b, c: a&b, d: a*b, e: a!b, f: a%b, g: a@b, h: a|b, i: a>b }",
            "{ a: a?b, b: a-b, c: a - b, d: Les  Tilleuls  , e: rue 3 }",
            "{a: 1,b: 2}",
            "{   a:    1   ,   b: x   }   ",
            "{ a: é, b: Évry, c: 日本, d: x\u{a0}, e: \"#\", f: \"a, b: c\" }",
            "{ _k: 1, k-2: 2, K: 3 }",
            "{ b: 999999999999999999, c: -999999999999999999 }",
            "{ a: 0.1, b: 123456789012345678.123456789, c: 5.000 }",
        ] {
            assert!(check(&one(line)).is_some(), "should be read: {line}");
        }
    }

    #[test]
    fn gives_up_on_what_it_does_not_reproduce() {
        for line in [
            "{ a: null }",
            "{ a: ~ }",
            "{ a: Null }",
            "{ a: NULL }",
            "{ a: }",
            "{ a: , b: 1 }",
            "{ a: .inf }",
            "{ a: -.inf }",
            "{ a: .nan }",
            "{ a: 0x1F }",
            "{ a: 0o17 }",
            "{ a: 0b1 }",
            "{ a: +1 }",
            "{ a: 007 }",
            "{ a: -0 }",
            "{ a: -0.0 }",
            "{ a: 1e3 }",
            "{ a: 1.5E3 }",
            "{ a: 1_000 }",
            "{ a: 1. }",
            "{ a: .5 }",
            "{ a: 1234567890123456789 }",
            "{ a: 18446744073709551616 }",
            "{ a: 3 rue }",
            "{ a: 2A004 }",
            "{ a: \"\\n\" }",
            "{ a: \"\\u00e9\" }",
            "{ a: \"open }",
            "{ a: 'open }",
            "{ a: [1, 2] }",
            "{ a: { b: 1 } }",
            "{ a: &x 1 }",
            "{ a: *x }",
            "{ a: !t 1 }",
            "{ ? a : 1 }",
            "{ a: | }",
            "{ a: > }",
            "{ a: 1, a: 2 }",
            "{ a: 1, }",
            "{ a: 1 } # note",
            "{ a: b # c }",
            "{ a: b#c }",
            "{ a: b: c }",
            "{ a: b:c }",
            "{ \"a\": 1 }",
            "{ 'a': 1 }",
            "{ true: 1 }",
            "{ null: 1 }",
            "{ 1: 1 }",
            "{ a:1 }",
            "{ a: 1 } x",
            "{ }",
            "{}",
            "{ a: 1",
            "{ a: %x }",
            "{ a: @x }",
            "{ a: `x }",
            "{ a: -x }",
            "{ a: ?x }",
            "{ a: :x }",
            "{ a: 1 2 }",
            "{ a: 12.5.3 }",
            "{ a: -}",
            "- { a: 1 }",
            "[ 1 ]",
            "x",
        ] {
            assert!(check(&one(line)).is_none(), "should give up: {line}");
        }
    }

    #[test]
    fn long_lines_and_long_keys() {
        let long_value = format!(
            "{{ a: \"{}\", b: {}, c: 1 }}",
            "x".repeat(3000),
            "y ".repeat(1500).trim_end()
        );
        assert!(check(&one(&long_value)).is_some());
        assert!(check(&one(&format!("{{ {}: 1 }}", "k".repeat(128)))).is_some());
        assert!(check(&one(&format!("{{ {}: 1 }}", "k".repeat(129)))).is_none());
        // What the 128 guards against: a key of more than 1,024 characters is not read as one.
        let too_long = one(&format!("{{ {}: 1 }}", "k".repeat(1100)));
        assert!(reference(&too_long, "residences")
            .is_none_or(|items| items[0].get("k".repeat(1100)).is_none()));
    }

    #[test]
    fn gives_up_on_other_layouts() {
        let ok = "residences:\n  - { a: 1 }\n";
        assert!(check(ok).is_some());
        for text in [
            "",
            "# only a comment\n",
            "residences:\n",
            "residences:\n# nothing\n",
            "residences: []\n",
            "residences: # c\n  - { a: 1 }\n",
            "residences: \n  - { a: 1 }\n",
            "autre: 1\nresidences:\n  - { a: 1 }\n",
            "residences:\n  - { a: 1 }\nautre: 1\n",
            "---\nresidences:\n  - { a: 1 }\n",
            "residences:\n  - { a: 1 }\n...\n",
            "%YAML 1.2\n---\nresidences:\n  - { a: 1 }\n",
            "\u{feff}residences:\n  - { a: 1 }\n",
            "residences:\r\n  - { a: 1 }\r\n",
            "residences:\n  - { a: 1 }\r",
            "residences:\n  - { a:\t1 }\n",
            "residences:\n\t- { a: 1 }\n",
            "residences:\n  - { a: \"x\u{85}y\" }\n",
            "residences:\n  - { a: x\u{2028}y }\n",
            "residences:\n  - { a: x\u{1}y }\n",
            "residences:\n  - { a: x\u{7f}y }\n",
            "residences:\n  - { a: 1,\n      b: 2 }\n",
            "residences:\n  - id: x\n    a: 1\n",
            "residences:\n  - { a: 1 }\n    - { a: 2 }\n",
            "residences:\n  - { a: 1 }\n - { a: 2 }\n",
            "residences:\n  -{ a: 1 }\n",
            "residences:\n  - { a: 1 }\n  residences:\n",
            "residences:\n  - { a: 1 }\nresidences:\n  - { a: 2 }\n",
        ] {
            assert!(check(text).is_none(), "should give up: {text:?}");
        }
    }

    #[test]
    fn comments_blank_lines_and_indentation_around_items() {
        for (text, count) in [
            (
                "# a\n\n   \n  # b\nresidences:\n  - { a: 1 }\n\n# c\n  # d\n  - { a: 2 }\n",
                2,
            ),
            ("residences:\n- { a: 1 }\n- { a: 2 }", 2),
            ("residences:\n    -   { a: 1 }\n    - { a: 2 }\n   \n", 2),
            ("residences:\n  - { a: 1 }\n#\n", 1),
        ] {
            let items = check(text).unwrap_or_else(|| panic!("should be read: {text:?}"));
            assert_eq!(items.len(), count, "{text:?}");
        }
    }

    #[test]
    fn the_comparison_sees_key_order_and_number_kinds() {
        let v = |t: &str| reference(&format!("residences:\n  - {t}\n"), "residences").unwrap();
        assert!(same(&v("{ a: 1, b: 2 }"), &v("{ a: 1, b: 2 }")));
        assert!(!same(&v("{ a: 1, b: 2 }"), &v("{ b: 2, a: 1 }")));
        assert!(!same(&v("{ a: 1 }"), &v("{ a: 1.0 }")));
        assert!(!same(&v("{ a: 1 }"), &v("{ a: \"1\" }")));
        assert!(!same(&v("{ a: true }"), &v("{ a: \"true\" }")));
    }

    /// Random runs of one to four edits (insert, delete, replace) of a valid line, drawn from
    /// the characters that matter to YAML: the same promise as the exhaustive loop below.
    #[test]
    fn randomly_edited_lines_never_read_differently() {
        let base: Vec<char> =
            "{ id: a-b, nom: \"X \\\\ Y\", n: 12, f: 0.5, t: true, w: 'o''k', z: -7 }"
                .chars()
                .collect();
        let alphabet: Vec<char> = " \"',:#{}[]-+01.\\eE&*!|>?%@~_\u{a0}é\n".chars().collect();
        let mut rng = crate::app::generate::SplitMix64::new(15);
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut line = base.clone();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(line.len() + 1);
                let c = *rng.pick(&alphabet);
                match rng.below(3) {
                    0 => line.insert(at, c),
                    1 if at < line.len() => {
                        line.remove(at);
                    }
                    _ if at < line.len() => line[at] = c,
                    _ => line.push(c),
                }
            }
            if check(&one(&line.into_iter().collect::<String>())).is_some() {
                accepted += 1;
            }
        }
        assert!(accepted > 1000, "{accepted}");
    }

    /// Every one-character change of valid lines, at every position: whatever the reader still
    /// accepts must be what serde_yaml reads.
    #[test]
    fn mutated_lines_never_read_differently() {
        let lines = [
            "{ id: lille-a, nom: \"Les \\\"Tilleuls\\\"\", logements: 47, surface_habitable: 3363.5, chauffage_collectif: false, ascenseur: true, dpe: D, qpv: oui, x: -12, y: 'l''a' }",
            "{ a: 0, b: 10.05, c: Les Tilleuls, d: 2A004 }",
        ];
        let replacements = [
            ' ', '"', '\'', ',', ':', '#', '{', '}', '[', ']', '-', '+', '0', '1', '.', '\\', '\t',
            'a', 'e', 'E', 'x', '&', '*', '!', '|', '>', '?', '%', '@', '~', '\r', '\n', 'é',
        ];
        let mut accepted = 0;
        for line in lines {
            let chars: Vec<char> = line.chars().collect();
            for i in 0..=chars.len() {
                let mut variants = Vec::new();
                if i < chars.len() {
                    let mut deleted = chars.clone();
                    deleted.remove(i);
                    variants.push(deleted);
                    for &r in &replacements {
                        let mut replaced = chars.clone();
                        replaced[i] = r;
                        variants.push(replaced);
                    }
                }
                for &r in &replacements {
                    let mut inserted = chars.clone();
                    inserted.insert(i, r);
                    variants.push(inserted);
                }
                for v in variants {
                    let text = one(&v.into_iter().collect::<String>());
                    if check(&text).is_some() {
                        accepted += 1;
                    }
                }
            }
        }
        // The loop must exercise the accepting path too, not only give-ups.
        assert!(accepted > 1000, "{accepted}");
    }
}
