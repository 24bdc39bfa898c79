//! The view models every observatory page shows figures with: data tables, charts with their
//! table, key figures. Plain data: the theme's partials (`partials/data-table.html`,
//! `partials/figure.html`) write them out as accessible HTML.

use serde::Serialize;

/// A table of figures. The theme writes it with a caption, header cells with scope, numbers
/// right-aligned, inside a focusable, labelled scroll region for narrow screens.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DataTable {
    /// The table's `id`; its caption is `<id>-legende`.
    pub id: String,
    pub caption: String,
    /// Header of the first column (what the rows are).
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Columns (counted from 0, after the row headers) that hold text rather than numbers: they
    /// are not right-aligned.
    pub text_columns: Vec<usize>,
    /// Whether the columns are years, oldest first: on a narrow screen the table (and its
    /// chart) opens scrolled to the last one, the latest year.
    pub years: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TableRow {
    pub label: String,
    /// Where the row header links to (`../residences/x/index.html`), if anywhere.
    pub href: Option<String>,
    pub cells: Vec<String>,
    /// A total or summary row, set in bold.
    pub emphasis: bool,
}

impl TableRow {
    pub fn new(label: impl Into<String>, cells: Vec<String>) -> Self {
        TableRow {
            label: label.into(),
            href: None,
            cells,
            emphasis: false,
        }
    }

    pub fn total(mut self) -> Self {
        self.emphasis = true;
        self
    }

    /// The row header links to `href`.
    pub fn linked(mut self, href: String) -> Self {
        self.href = Some(href);
        self
    }
}

impl DataTable {
    /// A table of numbers: every column right-aligned.
    pub fn new(
        id: impl Into<String>,
        caption: impl Into<String>,
        corner: impl Into<String>,
        columns: Vec<String>,
        rows: Vec<TableRow>,
    ) -> Self {
        let years = columns.len() > 1
            && columns
                .iter()
                .all(|c| c.len() == 4 && c.bytes().all(|b| b.is_ascii_digit()));
        DataTable {
            id: id.into(),
            caption: caption.into(),
            corner: corner.into(),
            columns,
            rows,
            text_columns: Vec::new(),
            years,
        }
    }

    /// Whether data column `column` holds numbers (right-aligned).
    pub fn is_numeric(&self, column: usize) -> bool {
        !self.text_columns.contains(&column)
    }
}

/// How many of the latest years a chart for phones draws (the table gives them all).
pub const PHONE_YEARS: usize = 4;

/// A chart with its visible caption and the table of its figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figure {
    /// Prefix of the figure's ids (`figure-<id>`, `figure-<id>-legende`).
    pub id: String,
    pub caption: String,
    /// The accessible SVG drawn by [`crate::draw::chart`], already escaped, ready to inline.
    pub svg: String,
    pub table: DataTable,
    /// The same chart drawn for a phone (fewer years, larger print), shown instead of `svg` on
    /// narrow screens, with `narrow_note` saying what it leaves to the table.
    pub narrow_svg: Option<String>,
    pub narrow_note: Option<String>,
}

/// A key figure in large print with what it means underneath.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFigure {
    pub value: String,
    pub label: String,
}

/// The link under a chart to the page that says more.
#[derive(Debug, Clone, Serialize)]
pub struct ChartLink {
    pub href: String,
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> DataTable {
        let mut t = DataTable::new(
            "t",
            "Légende <b>",
            "Catégorie",
            vec!["2025".into(), "Chauffage".into()],
            vec![
                TableRow::new("Eau", vec!["1\u{202F}234,50".into(), "collectif".into()])
                    .linked("../residences/r/index.html".into()),
                TableRow::new("Total", vec!["2\u{202F}000,00".into(), "".into()]).total(),
            ],
        );
        t.text_columns = vec![1];
        t
    }

    /// The view model carries what the accessible table needs, and no markup: author text stays
    /// raw, for the template to escape once.
    #[test]
    fn tables_are_plain_data_for_accessible_html() {
        let t = table();
        assert_eq!(t.caption, "Légende <b>");
        assert!(t.is_numeric(0));
        assert!(!t.is_numeric(1));
        assert!(t.rows.iter().all(|r| r.cells.len() == t.columns.len()));
        assert_eq!(t.rows[0].label, "Eau");
        assert_eq!(
            t.rows[0].href.as_deref(),
            Some("../residences/r/index.html")
        );
        assert!(!t.rows[0].emphasis && t.rows[1].emphasis);
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["text_columns"], serde_json::json!([1]));
        assert_eq!(json["rows"][1]["href"], serde_json::Value::Null);
        let text = json.to_string();
        assert!(!text.contains("<a ") && !text.contains("<th"));
    }
}
