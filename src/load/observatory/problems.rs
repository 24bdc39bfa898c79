//! A problem found in a data file, located by key path until the file's lines are scanned, and
//! the reading and parsing every data file shares.

use crate::core::diagnostic::{Diagnostic, Severity};
use crate::load::key_lines::KeyLines;
use crate::load::yaml::{self, Origin};
use std::path::Path;

/// A problem found in a file, located by key path until the file's lines are scanned.
pub(crate) struct Problem {
    pub(crate) severity: Severity,
    pub(crate) path: String,
    /// Which writing of `path` (0 for the first) when the same key appears several times.
    pub(crate) occurrence: usize,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl Problem {
    pub(crate) fn error(path: String, message: String) -> Problem {
        Problem {
            severity: Severity::Error,
            path,
            occurrence: 0,
            message,
            hint: None,
        }
    }
    pub(crate) fn warning(path: String, message: String) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(path, message)
        }
    }
    pub(crate) fn nth(mut self, occurrence: usize) -> Problem {
        self.occurrence = occurrence;
        self
    }
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

/// Turns problems into diagnostics, scanning the file's text for lines only if there are any.
pub(crate) fn locate(file: &Path, text: &str, problems: Vec<Problem>) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let lines = KeyLines::scan(text);
    problems
        .into_iter()
        .map(|p| {
            let mut d = match p.severity {
                Severity::Error => Diagnostic::error(file, p.message),
                Severity::Warning => Diagnostic::warning(file, p.message),
            };
            let found = lines
                .find(&p.path, p.occurrence)
                .or_else(|| lines.find_nearest(&p.path));
            if let Some((line, column)) = found {
                d = d.at(line, Some(column)).with_source(text);
            }
            if let Some(h) = p.hint {
                d = d.hint(h);
            }
            d
        })
        .collect()
}

pub(crate) fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    crate::load::files::read_to_string(root, path)
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(
    file: &Path,
    text: &str,
) -> Result<T, Diagnostic> {
    let origin = Origin {
        file,
        file_text: text,
        line_offset: 0,
    };
    yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(text), origin)
}
