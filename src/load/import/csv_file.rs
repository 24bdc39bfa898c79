//! CSV files as spreadsheets and ERPs export them: UTF-8 with or without a byte order mark, or
//! Windows-1252 when the bytes are not UTF-8; `;`, `,` or tab between columns, whichever splits
//! the first line into the most columns.

use super::table::{Row, Table};
use crate::core::diagnostic::Diagnostic;
use std::path::Path;

pub(super) fn read(bytes: &[u8], shown: &Path) -> Result<Table, Diagnostic> {
    let text = decode(bytes);
    let separator = detect_separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = LineCounter::default();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r
                    .position()
                    .map(|p| lines.line_of(&text, p.byte()))
                    .unwrap_or(1);
                rows.push(Row {
                    line,
                    cells: r.iter().map(str::to_owned).collect(),
                });
            }
            Err(e) => {
                let line = e
                    .position()
                    .map(|p| lines.line_of(&text, p.byte()))
                    .unwrap_or(1);
                // The csv crate's own text is English: the line and the usual cause say enough.
                return Err(Diagnostic::error(shown, "ligne CSV illisible")
                    .at(line, None)
                    .hint("fermez les guillemets ouverts dans cette ligne, ou réexportez le fichier depuis le tableur."));
            }
        }
    }
    Ok(Table {
        shown: shown.to_path_buf(),
        rows,
    })
}

/// 1-based physical lines of byte offsets met in increasing order (a quoted cell may span
/// lines): it counts only the line ends since the previous offset, so a file costs one pass
/// however many rows it has.
#[derive(Default)]
struct LineCounter {
    counted_to: usize,
    newlines: usize,
}

impl LineCounter {
    fn line_of(&mut self, text: &str, byte: u64) -> usize {
        let bytes = text.as_bytes();
        let mut end = (byte as usize).min(text.len());
        // The reader's position may stand on the line end before the record.
        while matches!(bytes.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        if end < self.counted_to {
            // Offsets come in order from the reader; start again if they ever do not.
            *self = LineCounter::default();
        }
        self.newlines += bytes[self.counted_to..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.counted_to = end;
        self.newlines + 1
    }
}

/// UTF-8 (byte order mark dropped) when the bytes are valid UTF-8, Windows-1252 otherwise.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// The separator that splits the first non-empty line (outside quotes) into the most fields.
fn detect_separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |sep: char| {
        let mut quoted = false;
        first
            .chars()
            .filter(|&c| {
                if c == '"' {
                    quoted = !quoted;
                }
                !quoted && c == sep
            })
            .count()
    };
    [b';', b'\t', b',']
        .into_iter()
        .max_by_key(|&s| (count(s as char), s == b';'))
        .unwrap_or(b';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_and_encodings() {
        assert_eq!(detect_separator("a;b;c\n1,5;2;3"), b';');
        assert_eq!(detect_separator("a,b,c"), b',');
        assert_eq!(detect_separator("a\tb"), b'\t');
        assert_eq!(detect_separator("\"a;b\",c,d"), b',');
        assert_eq!(decode(b"\xef\xbb\xbfr\xc3\xa9el"), "réel");
        assert_eq!(decode(b"r\xe9el \x80"), "réel €");
    }

    #[test]
    fn lines_are_physical_lines() {
        let t = read(b"a;b\r\n\"x\ny\";2\r\n3;4\r\n", Path::new("f.csv")).unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows.iter().map(|r| r.line).collect::<Vec<_>>(), [1, 2, 4]);
        assert_eq!(t.rows[1].cells[0], "x\ny");
    }
}
