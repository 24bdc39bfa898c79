//! Import readers: spreadsheets and ERP exports (`.csv`, `.xlsx`, `.xls`, `.ods`) read into a
//! plain [`Table`] of text cells that knows where each cell came from, a mapping file
//! ([`mapping`]) and the interpretation of a table as one year of charges ([`charges`]).
//!
//! Every problem is a located [`Diagnostic`]: `FILE:ligne:colonne` for a CSV file,
//! `FILE:feuille:ligne:colonne` for a sheet (the sheet name is part of the file shown).

pub mod charges;
mod csv_file;
pub mod mapping;
pub mod residences;
mod sheet;
mod table;

pub use table::{column_letter, normalize_header, Row, Table};

use crate::core::diagnostic::Diagnostic;
use std::path::Path;

/// Reads `path` (shown as `shown` in messages) by its extension; `sheet` picks a sheet of a
/// workbook (the first one by default).
pub fn read_table(path: &Path, shown: &Path, sheet: Option<&str>) -> Result<Table, Diagnostic> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => {
            if sheet.is_some() {
                return Err(Diagnostic::error(shown, "--sheet ne s’applique qu’aux classeurs")
                    .hint("retirez --sheet pour un fichier CSV, ou importez le classeur .xlsx, .xls ou .ods."));
            }
            let bytes = std::fs::read(path).map_err(|e| {
                Diagnostic::error(shown, format!("fichier illisible : {e}"))
                    .hint("vérifiez le chemin du fichier à importer.")
            })?;
            csv_file::read(&bytes, shown)
        }
        "xlsx" | "xlsm" | "xls" | "ods" => sheet::read(path, shown, sheet),
        _ => Err(
            Diagnostic::error(shown, format!("format de fichier non reconnu (« .{ext} »)"))
                .hint("importez un fichier .csv, .xlsx, .xls ou .ods."),
        ),
    }
}
