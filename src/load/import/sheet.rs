//! Workbooks (`.xlsx`, `.xls`, `.ods`) through calamine: one sheet read as text cells, numbers
//! written back as plain decimals for [`parse_amount`](crate::core::number::parse_amount).

use super::table::{Row, Table};
use crate::core::diagnostic::Diagnostic;
use calamine::{open_workbook_auto, Data, Reader};
use std::path::{Path, PathBuf};

pub(super) fn read(path: &Path, shown: &Path, sheet: Option<&str>) -> Result<Table, Diagnostic> {
    let mut book = open_workbook_auto(path).map_err(|e| {
        Diagnostic::error(shown, format!("classeur illisible : {e}"))
            .hint("vérifiez que le fichier est bien un classeur .xlsx, .xls ou .ods non protégé, ou exportez-le en CSV.")
    })?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => match names.iter().find(|n| n.as_str() == s) {
            Some(n) => n.clone(),
            None => {
                return Err(Diagnostic::error(
                    shown,
                    format!("feuille « {s} » absente du classeur"),
                )
                .hint(format!(
                    "feuilles du classeur : {} ; donnez l’une d’elles à --sheet.",
                    names
                        .iter()
                        .map(|n| format!("« {n} »"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        },
        None => match names.first() {
            Some(n) => n.clone(),
            None => {
                return Err(Diagnostic::error(shown, "classeur sans feuille")
                    .hint("ajoutez une feuille avec les données à importer."))
            }
        },
    };
    let range = book.worksheet_range(&name).map_err(|e| {
        Diagnostic::error(shown, format!("feuille « {name} » illisible : {e}"))
            .hint("réenregistrez le classeur depuis le tableur, ou exportez la feuille en CSV.")
    })?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (i, r) in range.rows().enumerate() {
        let mut cells: Vec<String> = (0..left).map(|_| String::new()).collect();
        cells.extend(r.iter().map(cell_text));
        rows.push(Row {
            line: top as usize + i + 1,
            cells,
        });
    }
    let mut shown_with_sheet = shown.as_os_str().to_owned();
    shown_with_sheet.push(format!(":{name}"));
    Ok(Table {
        shown: PathBuf::from(shown_with_sheet),
        rows,
    })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "oui" } else { "non" }.to_string(),
        Data::Error(e) => format!("#{e:?}"),
        other => other.to_string(),
    }
}
