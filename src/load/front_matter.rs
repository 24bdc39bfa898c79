//! The one front-matter splitter: `---` YAML `---` then the Markdown body.

use crate::core::diagnostic::Diagnostic;
use std::path::Path;

/// Splits `---` front matter from the body, with the line offsets diagnostics need.
pub fn split_front_matter(
    path: &Path,
    text: &str,
) -> Result<(std::ops::Range<usize>, std::ops::Range<usize>, usize, usize), Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
    if rest[..first_end].trim_end() != "---" {
        return Err(Diagnostic::error(path, "en-tête (front matter) absent : la première ligne doit être « --- »")
            .at(1, Some(1))
            .with_source(text)
            .hint("commencez le fichier par une ligne « --- », les clés (titre: …), puis une autre ligne « --- » avant le texte."));
    }
    let front_start = bom + first_end;
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = front_start..offset;
            let body_start = offset + line.len();
            let body_line_offset = crate::core::diagnostic::line_of_offset(text, body_start) - 1;
            let body_line_offset = if body_start == text.len() && !text.ends_with('\n') {
                body_line_offset + 1
            } else {
                body_line_offset
            };
            return Ok((front, body_start..text.len(), 1, body_line_offset));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        "en-tête (front matter) non fermé : la ligne « --- » de fin manque",
    )
    .at(1, Some(1))
    .with_source(text)
    .hint("ajoutez une ligne « --- » après la dernière clé de l'en-tête."))
}
