//! A reader for the canonical layout of a year file — one residence per line as flow maps, the
//! layout `generate-data` writes and the documentation shows — about twenty times faster than
//! the general YAML parser, which matters at thousands of residences.
//!
//! It accepts only a strict subset whose meaning is unambiguous and gives up (`None`) on
//! anything else (block style, comments after values, single quotes, escapes other than `\"`
//! and `\\`, exponents, special words…): the general parser then reads the file, with its
//! located error messages. Both readers give the same [`ChargesFile`](super::year_file::ChargesFile) for what the fast one
//! accepts, which the tests check on the example data.

use super::year_file::{ChargesFile, LineEntry};
use crate::load::yaml::{Entries, LooseNumber};

pub(super) fn charges(text: &str) -> Option<ChargesFile> {
    let mut annee: Option<i32> = None;
    let mut provisoire: Option<bool> = None;
    let mut residences: Option<Vec<(String, Entries<LineEntry>)>> = None;
    for line in text.lines() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() || trimmed.trim_start().starts_with('#') {
            continue;
        }
        if line.contains('\t') {
            return None;
        }
        if let Some(rest) = trimmed.strip_prefix("annee:") {
            if annee.is_some() || residences.is_some() {
                return None;
            }
            let value = rest.trim();
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            annee = Some(value.parse().ok()?);
        } else if let Some(rest) = trimmed.strip_prefix("provisoire:") {
            if provisoire.is_some() || residences.is_some() {
                return None;
            }
            provisoire = Some(crate::core::yes_no::parse(rest)?);
        } else if trimmed == "residences:" {
            if residences.is_some() {
                return None;
            }
            residences = Some(Vec::new());
        } else if line.starts_with("  ") && !line.starts_with("   ") {
            let list = residences.as_mut()?;
            let mut p = Cursor {
                s: trimmed.as_bytes(),
                i: 2,
            };
            let id = p.key()?;
            p.expect(b':')?;
            p.space1()?;
            let entries = p.map(|p| p.line_entry())?;
            if !p.done() {
                return None;
            }
            list.push((id, Entries(entries)));
        } else {
            return None;
        }
    }
    Some(ChargesFile {
        annee: annee?,
        provisoire: provisoire.unwrap_or(false),
        residences: Entries(residences.unwrap_or_default()),
    })
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }
    fn space1(&mut self) -> Option<()> {
        (self.peek() == Some(b' ')).then(|| self.skip_spaces())
    }
    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek() == Some(b)).then(|| self.i += 1)
    }
    fn done(&mut self) -> bool {
        self.skip_spaces();
        self.i == self.s.len()
    }
    /// A plain key: letters, digits, `-` and `_`, not a word YAML reads as something else.
    fn key(&mut self) -> Option<String> {
        let start = self.i;
        while self
            .peek()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            self.i += 1;
        }
        let key = std::str::from_utf8(&self.s[start..self.i]).ok()?;
        let lower = key.to_ascii_lowercase();
        let special = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
        let numeric = key
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b'_');
        if key.is_empty() || special.contains(&lower.as_str()) || numeric {
            return None;
        }
        Some(key.to_string())
    }
    /// `{ key: value, … }` with at least one entry.
    fn map<T>(
        &mut self,
        mut entry: impl FnMut(&mut Self) -> Option<(String, T)>,
    ) -> Option<Vec<(String, T)>> {
        self.expect(b'{')?;
        let mut out = Vec::new();
        loop {
            self.skip_spaces();
            out.push(entry(self)?);
            self.skip_spaces();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(out);
                }
                _ => return None,
            }
        }
    }
    /// `CODE: { reel: …, provisions: …, note: "…" }`
    fn line_entry(&mut self) -> Option<(String, LineEntry)> {
        let code = self.key()?;
        self.expect(b':')?;
        self.space1()?;
        let mut entry = LineEntry {
            reel: LooseNumber::Empty,
            provisions: LooseNumber::Empty,
            note: None,
        };
        let mut seen = [false; 3];
        self.map(|p| {
            let key = p.key()?;
            p.expect(b':')?;
            p.space1()?;
            let slot = match key.as_str() {
                "reel" => 0,
                "provisions" => 1,
                "note" => 2,
                _ => return None,
            };
            if std::mem::replace(&mut seen[slot], true) {
                return None;
            }
            match slot {
                0 => entry.reel = LooseNumber::Number(p.number()?),
                1 => entry.provisions = LooseNumber::Number(p.number()?),
                _ => entry.note = Some(p.quoted()?),
            }
            Some((key, ()))
        })?;
        Some((code, entry))
    }
    /// `-12`, `1234`, `1234.5`: digits with an optional fraction.
    fn number(&mut self) -> Option<f64> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let digits = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        // No empty integer part, and no leading zero that some YAML readers take as octal.
        if self.i == digits || (self.s[digits] == b'0' && self.i - digits > 1) {
            return None;
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            let frac = self.i;
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.i += 1;
            }
            if self.i == frac {
                return None;
            }
        }
        if !matches!(self.peek(), Some(b' ' | b',' | b'}')) {
            return None;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }
    /// A double-quoted string with `\"` and `\\` as its only escapes.
    fn quoted(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return String::from_utf8(out).ok();
                }
                b'\\' => {
                    let next = *self.s.get(self.i + 1)?;
                    if next != b'"' && next != b'\\' {
                        return None;
                    }
                    out.push(next);
                    self.i += 2;
                }
                b => {
                    out.push(b);
                    self.i += 1;
                }
            }
        }
    }
}
