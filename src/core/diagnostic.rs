//! Diagnostics: every problem found in an author's files, with where it is and how to fix it.
//!
//! Loaders never stop at the first problem: they push into a [`Diagnostics`] list so that one
//! build reports everything at once, the way a spell-checker would.

use crate::core::typography::count;
use std::fmt;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, in French for the author who has to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path as the author knows it: relative to the site root when possible.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line of the file, shown under the message with a marker.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line.max(1));
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the text of the diagnostic's line, taken from the whole file `source`.
    pub fn with_source(mut self, source: &str) -> Self {
        if let Some(line) = self.line {
            self.source_line = source.lines().nth(line - 1).map(str::to_owned);
        }
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, the location editors and terminals turn into a link.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.to_string(),
        }
    }

    /// Renders the diagnostic, with ANSI colours when `color` is set.
    pub fn render(&self, color: bool) -> String {
        let (label, paint) = match self.severity {
            Severity::Error => ("erreur", "\x1b[1;31m"),
            Severity::Warning => ("avertissement", "\x1b[1;33m"),
        };
        let (bold, dim, reset) = if color {
            ("\x1b[1m", "\x1b[2m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let paint = if color { paint } else { "" };
        let mut out = format!(
            "{paint}{label}{reset}{bold} : {}{reset}\n  {dim}-->{reset} {}\n",
            self.message,
            self.location()
        );
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            out.push_str(&format!(
                "{dim}{pad} |{reset}\n{dim}{number} |{reset} {text}\n"
            ));
            if let Some(col) = self.column {
                let offset: String = text
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("{dim}{pad} |{reset} {offset}{paint}^{reset}\n"));
            }
        }
        if let Some(hint) = &self.hint {
            out.push_str(&format!("  {bold}= aide :{reset} {hint}\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// The problems of one build, in a stable order (by file, then line).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorts errors first, the files others depend on before the rest, then by file and
    /// position, so output is the same on every run and the cause comes before its effects.
    /// A warning without a line about a file that has an error is dropped: it follows from that
    /// error (an unreadable page is also a missing one).
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (
                a.severity,
                depended_on(&a.file),
                &a.file,
                a.line,
                a.column,
                &a.message,
            )
                .cmp(&(
                    b.severity,
                    depended_on(&b.file),
                    &b.file,
                    b.line,
                    b.column,
                    &b.message,
                ))
        });
        self.items.dedup();
        let failed: std::collections::HashSet<PathBuf> = self
            .items
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.file.clone())
            .collect();
        self.items
            .retain(|d| d.is_error() || d.line.is_some() || !failed.contains(&d.file));
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Prints every diagnostic to stderr, coloured when stderr is a terminal.
    pub fn print(&self, include_warnings: bool) {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!("{}", self.render(include_warnings, color));
    }

    /// The diagnostics as printed: a run of the same problem in one file shows its first
    /// [`GROUP_SHOWN`] cases then one line for the others; with several errors, a last line
    /// names the file to fix first.
    pub fn render(&self, include_warnings: bool, color: bool) -> String {
        let shown: Vec<&Diagnostic> = self
            .items
            .iter()
            .filter(|d| d.is_error() || include_warnings)
            .collect();
        let mut out = String::new();
        let mut i = 0;
        while i < shown.len() {
            let kind = shape(&shown[i].message);
            let mut end = i + 1;
            while end < shown.len()
                && shown[end].severity == shown[i].severity
                && shown[end].file == shown[i].file
                && shape(&shown[end].message) == kind
            {
                end += 1;
            }
            let run = &shown[i..end];
            let cut = if run.len() > GROUP_SHOWN + 1 {
                GROUP_SHOWN
            } else {
                run.len()
            };
            for d in &run[..cut] {
                out.push_str(&d.render(color));
                out.push('\n');
            }
            if cut < run.len() {
                out.push_str(&rest_of_run(&run[cut..]));
            }
            i = end;
        }
        let failed: Vec<&PathBuf> = {
            let mut files: Vec<&PathBuf> = Vec::new();
            for d in self.items.iter().filter(|d| d.is_error()) {
                if !files.contains(&&d.file) {
                    files.push(&d.file);
                }
            }
            files
        };
        // With errors in several files, say which to fix first: the others may follow from it.
        if let (Some(first), true) = (self.items.iter().find(|d| d.is_error()), failed.len() > 1) {
            let in_file = self
                .items
                .iter()
                .filter(|d| d.is_error() && d.file == first.file)
                .count();
            let rest = if failed.len() == 2 {
                "l'autre fichier".to_string()
            } else {
                format!("des {} autres fichiers", failed.len() - 1)
            };
            let then = if depended_on(&first.file) < DEPENDED_ON.len() as u8 {
                format!("relancez ensuite : les erreurs de {rest} peuvent en découler")
            } else {
                format!("puis celles de {rest}")
            }
            .replace("de des", "des");
            out.push_str(&format!(
                "À corriger en premier : {} ({} dans ce fichier) ; {then}.\n",
                first.location(),
                count(in_file, "aucune erreur", "erreur", "erreurs"),
            ));
        }
        out
    }
}

/// How many cases of one problem in one file are shown before the others are summed up.
pub const GROUP_SHOWN: usize = 5;

/// Files the others depend on: their errors are printed first, for the ones of the other
/// files may only follow from them.
const DEPENDED_ON: [&str; 3] = [
    "content/site.yaml",
    "content/observatoire/residences.yaml",
    "content/observatoire/categories.yaml",
];

fn depended_on(file: &Path) -> u8 {
    match DEPENDED_ON.iter().position(|f| file == Path::new(f)) {
        Some(i) => i as u8,
        None => DEPENDED_ON.len() as u8,
    }
}

/// A message with what varies between two cases of one problem left out: quoted names
/// (« … ») and numbers.
fn shape(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = 0usize;
    for c in message.chars() {
        match c {
            '«' => {
                quoted += 1;
                out.push('«');
            }
            '»' => {
                quoted = quoted.saturating_sub(1);
                out.push('»');
            }
            _ if quoted > 0 || c.is_ascii_digit() => {}
            _ => out.push(c),
        }
    }
    out
}

/// The line that stands for the cases of a run not shown: how many, and where.
fn rest_of_run(rest: &[&Diagnostic]) -> String {
    let what = match rest[0].severity {
        Severity::Error => count(
            rest.len(),
            "aucune autre erreur",
            "autre erreur",
            "autres erreurs",
        ),
        Severity::Warning => count(
            rest.len(),
            "aucun autre avertissement",
            "autre avertissement",
            "autres avertissements",
        ),
    };
    let mut lines: Vec<String> = rest
        .iter()
        .filter_map(|d| d.line)
        .take(8)
        .map(|l| l.to_string())
        .collect();
    if rest.iter().filter(|d| d.line.is_some()).count() > lines.len() {
        lines.push("…".into());
    }
    let place = if lines.is_empty() {
        String::new()
    } else {
        format!(", lignes {}", lines.join(", "))
    };
    format!(
        "… et {what} du même type dans {}{place}.\n\n",
        rest[0].file.display()
    )
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Writes `path` relative to `root` when it is inside it, so messages name files as authors see them.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// 1-based line number of byte `offset` in `text`.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_marker_and_hint() {
        let d = Diagnostic::error("content/site.yaml", "clé inconnue « titr »")
            .at(2, Some(1))
            .hint("vouliez-vous dire « titre » ?")
            .with_source("a: 1\ntitr: x\n");
        let text = d.render(false);
        assert!(text.contains("content/site.yaml:2:1"), "{text}");
        assert!(text.contains("2 | titr: x"), "{text}");
        assert!(text.contains("  | ^"), "{text}");
        assert!(text.contains("aide : vouliez-vous dire"), "{text}");
    }

    #[test]
    fn line_of_offset_counts_from_one() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 99), 3);
    }
}
