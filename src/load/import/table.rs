//! A table of text cells, each row with the line it came from, and the helpers to name its
//! columns.

use crate::core::diagnostic::Diagnostic;
use std::path::PathBuf;

/// One row of a table: its 1-based line (CSV line or sheet row) and its cells as text.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A table as read: the file shown in messages (with the sheet for a workbook) and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub shown: PathBuf,
    pub rows: Vec<Row>,
}

impl Table {
    /// The index of the first row with any text: the headers. `None` for an empty table.
    pub fn header_row(&self) -> Option<usize> {
        self.rows
            .iter()
            .position(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
    }

    /// A located error on cell `col` (0-based) of `row`.
    pub fn error_at(&self, row: &Row, col: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.shown.clone(), message.into()).at(row.line, Some(col + 1))
    }
}

/// Spreadsheet column name of a 0-based index: 0 → A, 26 → AA.
pub fn column_letter(mut col: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Header text reduced for comparison: lower case, no accents, words separated by one space
/// (`« Code résidence »`, `code_residence` and `CODE-RESIDENCE` are the same header).
pub fn normalize_header(text: &str) -> String {
    let ascii = deunicode::deunicode(text.trim_start_matches('\u{feff}')).to_ascii_lowercase();
    ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_headers() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(normalize_header("« Code résidence »"), "code residence");
        assert_eq!(normalize_header("\u{feff}reel_eur"), "reel eur");
    }
}
