//! Open data for tenants' associations, beside `charges.csv` ([`super::exports`]):
//!
//! - `donnees/chiffres.csv`: the figures the pages show, one row per residence and year (total,
//!   provisions, regularisation, € per dwelling and month, € per m² and year), with the
//!   conventions of `charges.csv` (BOM, `;`, decimal comma, CRLF, formula guard);
//! - `donnees/observatoire.ods`: the three tables as sheets of one workbook, numbers as numbers
//!   and codes (postal, INSEE) as text, so that no spreadsheet drops a leading zero;
//! - `donnees/schema-*.json`: a Table Schema (frictionless specs) for each CSV file.
//!
//! The workbook is written here as the smallest valid OpenDocument file (a stored `mimetype`,
//! the manifest, `content.xml`), every entry dated 1980-01-01 so that two builds give the same
//! bytes.

use super::context::{RenderContext, RenderStats, Renderer};
use super::exports::{decimal_comma, safe_cell, CHARGES_COLUMNS, RESIDENCES_COLUMNS};
use crate::core::html::escape;
use crate::core::paths;
use crate::core::typography::push_fixed;
use crate::derive::figures::Figures;
use crate::model::observatory::Observatory;
use serde_json::{json, Value};
use std::io::{self, Write};

/// The figures, the workbook and the schemas, written when there is an observatory.
pub struct OpenDataFiles;

impl Renderer for OpenDataFiles {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        let obs = &ctx.site.observatory;
        if obs.is_empty() {
            return RenderStats::default();
        }
        // The figures are derived from the observatory alone: its fingerprint stands for both.
        let data = ctx.observatory_key("open data");
        let key = |path: &str| data.and_then(|d| ctx.data_key(path, &d));
        ctx.write_stream_keyed(
            paths::CHIFFRES_CSV_PATH,
            key(paths::CHIFFRES_CSV_PATH),
            |w| chiffres_csv(obs, ctx.figures, w),
        );
        ctx.write_stream_keyed(paths::ODS_PATH, key(paths::ODS_PATH), |w| {
            w.write_all(&observatoire_ods(obs, ctx.figures)?)
        });
        for (path, schema) in [
            (paths::CHARGES_SCHEMA_PATH, charges_schema(obs)),
            (paths::RESIDENCES_SCHEMA_PATH, residences_schema()),
            (paths::CHIFFRES_SCHEMA_PATH, chiffres_schema()),
        ] {
            let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            text.push('\n');
            ctx.write(path, text.as_bytes());
        }
        RenderStats::default()
    }
}

pub const CHIFFRES_COLUMNS: [&str; 13] = [
    "annee",
    "residence",
    "nom",
    "commune",
    "code_postal",
    "logements",
    "surface_habitable_m2",
    "reel_eur",
    "provisions_eur",
    "regularisation_eur",
    "eur_par_logement_par_mois",
    "eur_par_m2_par_an",
    "evolution_pct",
];

/// One cell of a table: text, or a number written with two decimals. Text borrows from the
/// observatory: a workbook of 20,000 residences has a million rows, which are written one by one
/// and never held together.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(f64),
    Integer(i64),
    Empty,
}

impl<'a> Cell<'a> {
    fn text(s: &'a str) -> Cell<'a> {
        Cell::Text(s.into())
    }
    fn csv(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(s) => safe_cell(s),
            Cell::Number(v) => decimal_comma(*v).into(),
            Cell::Integer(v) => v.to_string().into(),
            Cell::Empty => "".into(),
        }
    }
}

/// The rows of `chiffres.csv`, year by year, residences in file order within a year.
pub fn chiffres_rows<'a>(
    obs: &'a Observatory,
    figures: &'a Figures,
) -> impl Iterator<Item = Vec<Cell<'a>>> + 'a {
    obs.years.iter().flat_map(move |&year| {
        obs.residences.iter().enumerate().filter_map(move |(i, r)| {
            let f = figures.residences[i]
                .years
                .iter()
                .find(|y| y.year == year)?;
            Some(vec![
                Cell::Integer(year.into()),
                Cell::text(&r.id),
                Cell::text(&r.name),
                Cell::text(&r.commune),
                Cell::text(&r.postal_code),
                Cell::Integer(r.dwellings.into()),
                Cell::Number(r.living_area),
                Cell::Number(f.total),
                Cell::Number(f.provisions),
                Cell::Number(f.provisions - f.total),
                Cell::Number(f.per_dwelling_month),
                Cell::Number(f.per_m2),
                f.change.map(Cell::Number).unwrap_or(Cell::Empty),
            ])
        })
    })
}

/// Writes `chiffres.csv`.
pub fn chiffres_csv(obs: &Observatory, figures: &Figures, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(CHIFFRES_COLUMNS)?;
    for row in chiffres_rows(obs, figures) {
        w.write_record(
            row.iter()
                .map(|c| c.csv())
                .collect::<Vec<_>>()
                .iter()
                .map(|c| c.as_ref()),
        )?;
    }
    w.flush()
}

/// The rows of the `charges` sheet, as `charges.csv` has them.
fn charges_rows(obs: &Observatory) -> impl Iterator<Item = Vec<Cell<'_>>> {
    obs.years.iter().flat_map(move |&year| {
        obs.residences.iter().enumerate().flat_map(move |(i, r)| {
            let lines = obs.charges[i]
                .iter()
                .find(|y| y.year == year)
                .map_or(&[][..], |y| &y.lines[..]);
            lines.iter().map(move |line| {
                let c = &obs.categories[line.category];
                vec![
                    Cell::Integer(year.into()),
                    Cell::text(&r.id),
                    Cell::text(&r.name),
                    Cell::text(&r.commune),
                    Cell::text(&r.postal_code),
                    Cell::text(&c.code),
                    Cell::text(&c.label),
                    Cell::Number(line.actual),
                    Cell::Number(line.provisions),
                    line.note.as_deref().map(Cell::text).unwrap_or(Cell::Empty),
                ]
            })
        })
    })
}

/// The rows of the `résidences` sheet, as `residences.csv` has them.
fn residence_rows(obs: &Observatory) -> impl Iterator<Item = Vec<Cell<'_>>> {
    fn yes_no(b: bool) -> Cell<'static> {
        Cell::text(if b { "oui" } else { "non" })
    }
    fn opt(s: Option<&str>) -> Cell<'_> {
        s.map(Cell::text).unwrap_or(Cell::Empty)
    }
    obs.residences.iter().map(|r| {
        vec![
            Cell::text(&r.id),
            Cell::text(&r.name),
            Cell::text(&r.address),
            Cell::text(&r.postal_code),
            Cell::text(&r.commune),
            Cell::Integer(r.dwellings.into()),
            Cell::Number(r.living_area),
            Cell::Integer(r.construction_year.into()),
            yes_no(r.collective_heating),
            yes_no(r.lift),
            opt(r.energy_label.map(|l| l.letter())),
            r.priority_district.map(yes_no).unwrap_or(Cell::Empty),
            opt(r.insee_code.as_deref()),
            opt(r.heating.map(|h| h.word())),
            opt(r.climate_zone.map(|z| z.word())),
            if r.other_addresses.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(r.other_addresses.join(" ; ").into())
            },
        ]
    })
}

/// Appends the sheet `name` to `out`, handing `out` to `flush` every few rows: the workbook of a
/// big observatory is hundreds of megabytes of XML, which is compressed as it is written rather
/// than held whole (it was 2 GB of memory at 20,000 residences).
fn table_xml<'a>(
    out: &mut String,
    flush: &mut dyn FnMut(&mut String) -> io::Result<()>,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<Cell<'a>>>,
) -> io::Result<()> {
    out.push_str(&format!("<table:table table:name=\"{}\">", escape(name)));
    out.push_str(&format!(
        "<table:table-column table:number-columns-repeated=\"{}\"/>",
        header.len()
    ));
    let text_cell = |out: &mut String, s: &str| {
        out.push_str("<table:table-cell office:value-type=\"string\"><text:p>");
        // XML 1.0 has no place for the other control characters: they are left out.
        let allowed = |c: char| c >= ' ' || matches!(c, '\t' | '\n' | '\r');
        if s.chars().all(allowed) {
            crate::core::html::escape_into(out, s);
        } else {
            let clean: String = s.chars().filter(|&c| allowed(c)).collect();
            crate::core::html::escape_into(out, &clean);
        }
        out.push_str("</text:p></table:table-cell>");
    };
    out.push_str("<table:table-row>");
    for h in header {
        text_cell(out, h);
    }
    out.push_str("</table:table-row>");
    for row in rows {
        out.push_str("<table:table-row>");
        for cell in &row {
            match cell {
                Cell::Text(s) => text_cell(out, s),
                // Rounded to the cent, as the CSV files and the pages give it.
                Cell::Number(v) => {
                    out.push_str("<table:table-cell office:value-type=\"float\" office:value=\"");
                    push_fixed(out, *v, 2, '.');
                    out.push_str("\"><text:p>");
                    push_fixed(out, *v, 2, ',');
                    out.push_str("</text:p></table:table-cell>");
                }
                Cell::Integer(v) => {
                    use std::fmt::Write;
                    let _ = write!(out, "<table:table-cell office:value-type=\"float\" office:value=\"{v}\"><text:p>{v}</text:p></table:table-cell>");
                }
                Cell::Empty => out.push_str("<table:table-cell/>"),
            }
        }
        out.push_str("</table:table-row>");
        if out.len() >= XML_CHUNK {
            flush(out)?;
        }
    }
    out.push_str("</table:table>");
    Ok(())
}

/// Bytes of XML gathered before they go to the compressor: enough that each call to it is worth
/// its overhead, little enough to hold (the XML of 20,000 residences is 1,8 GB).
const XML_CHUNK: usize = 1 << 20;

/// The deflate level of `content.xml`. Level 2 against the default 6, measured on the XML of
/// 2,000 residences (183 MB): 0,40 s against 0,78 s, for a file 11 % bigger (7,9 MB against
/// 7,1 MB). The workbook is the biggest single task of a build, and the cells are the same.
const XML_LEVEL: i64 = 2;

const MANIFEST: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>\n";

/// The workbook `observatoire.ods`: sheets « résidences », « charges », « chiffres ».
pub fn observatoire_ods(obs: &Observatory, figures: &Figures) -> io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let fixed = SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    let stored = fixed.compression_method(zip::CompressionMethod::Stored);
    let deflated = fixed.compression_method(zip::CompressionMethod::Deflated);
    let content_options = deflated.compression_level(Some(XML_LEVEL));
    // The mimetype comes first and uncompressed: that is how a reader knows the file's type.
    zip.start_file("mimetype", stored)
        .map_err(io::Error::other)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("META-INF/manifest.xml", deflated)
        .map_err(io::Error::other)?;
    zip.write_all(MANIFEST.as_bytes())?;
    zip.start_file("content.xml", content_options)
        .map_err(io::Error::other)?;
    // Room for the last row past the chunk, so that the buffer never doubles.
    let mut content = String::with_capacity(XML_CHUNK + (1 << 16));
    content.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet>");
    let mut flush = |xml: &mut String| {
        zip.write_all(xml.as_bytes())?;
        xml.clear();
        Ok(())
    };
    table_xml(
        &mut content,
        &mut flush,
        "résidences",
        &RESIDENCES_COLUMNS,
        residence_rows(obs),
    )?;
    table_xml(
        &mut content,
        &mut flush,
        "charges",
        &CHARGES_COLUMNS,
        charges_rows(obs),
    )?;
    table_xml(
        &mut content,
        &mut flush,
        "chiffres",
        &CHIFFRES_COLUMNS,
        chiffres_rows(obs, figures),
    )?;
    content.push_str("</office:spreadsheet></office:body></office:document-content>\n");
    flush(&mut content)?;
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

/// A field of a Table Schema: name, French title, type and what else it says.
fn field(name: &str, title: &str, kind: &str, extra: Value) -> Value {
    let mut f = json!({ "name": name, "title": title, "type": kind });
    if kind == "number" {
        f["decimalChar"] = json!(",");
        // No number is grouped; a space, if a spreadsheet added one, groups thousands.
        f["groupChar"] = json!(" ");
    }
    if kind == "boolean" {
        f["trueValues"] = json!(["oui"]);
        f["falseValues"] = json!(["non"]);
    }
    if let (Value::Object(f), Value::Object(extra)) = (&mut f, extra) {
        f.extend(extra);
    }
    f
}

fn required() -> Value {
    json!({ "constraints": { "required": true } })
}

fn id_field() -> Value {
    field(
        "residence",
        "Identifiant de la résidence",
        "string",
        json!({ "constraints": { "required": true, "pattern": "[a-z0-9]+(-[a-z0-9]+)*" } }),
    )
}

fn place_fields() -> [Value; 3] {
    [
        field("nom", "Nom de la résidence", "string", required()),
        field("commune", "Commune", "string", required()),
        field(
            "code_postal",
            "Code postal",
            "string",
            json!({ "constraints": { "required": true, "pattern": "[0-9]{5}" } }),
        ),
    ]
}

fn schema(fields: Vec<Value>, key: &[&str]) -> Value {
    json!({ "fields": fields, "primaryKey": key, "missingValues": [""] })
}

/// The Table Schema of `charges.csv`.
pub fn charges_schema(obs: &Observatory) -> Value {
    let codes: Vec<&str> = obs.categories.iter().map(|c| c.code.as_str()).collect();
    let [nom, commune, code_postal] = place_fields();
    schema(
        vec![
            field("annee", "Année des charges", "integer", required()),
            id_field(),
            nom,
            commune,
            code_postal,
            field(
                "categorie",
                "Code de la catégorie de charges",
                "string",
                json!({ "constraints": { "required": true, "enum": codes } }),
            ),
            field(
                "libelle_categorie",
                "Catégorie de charges",
                "string",
                required(),
            ),
            field(
                "reel_eur",
                "Dépense réelle de l’année pour toute la résidence, en euros TTC",
                "number",
                required(),
            ),
            field(
                "provisions_eur",
                "Provisions appelées auprès des locataires sur l’année, en euros",
                "number",
                required(),
            ),
            field("note", "Explication d’un montant", "string", json!({})),
        ],
        &["annee", "residence", "categorie"],
    )
}

/// The Table Schema of `residences.csv`.
pub fn residences_schema() -> Value {
    let [nom, commune, code_postal] = place_fields();
    schema(
        vec![
            id_field(),
            nom,
            field("adresse", "Adresse", "string", required()),
            code_postal,
            commune,
            field(
                "logements",
                "Nombre de logements",
                "integer",
                json!({ "constraints": { "required": true, "minimum": 1 } }),
            ),
            field(
                "surface_habitable_m2",
                "Surface habitable totale, en m²",
                "number",
                required(),
            ),
            field(
                "annee_construction",
                "Année de construction",
                "integer",
                required(),
            ),
            field(
                "chauffage_collectif",
                "Chauffage collectif (charges de chauffage collectif)",
                "boolean",
                required(),
            ),
            field("ascenseur", "Ascenseur", "boolean", required()),
            field(
                "dpe",
                "Étiquette énergie (DPE)",
                "string",
                json!({ "constraints": { "enum": ["A", "B", "C", "D", "E", "F", "G"] } }),
            ),
            field(
                "qpv",
                "En quartier prioritaire de la politique de la ville (QPV)",
                "boolean",
                json!({}),
            ),
            field(
                "code_insee",
                "Code Insee de la commune",
                "string",
                json!({ "constraints": { "pattern": "[0-9]{5}|2[AB][0-9]{3}" } }),
            ),
            field(
                "chauffage",
                "Mode de chauffage",
                "string",
                json!({ "constraints": { "enum": crate::model::observatory::HeatingMode::WORDS } }),
            ),
            field(
                "zone_climatique",
                "Zone climatique",
                "string",
                json!({ "constraints": { "enum": crate::model::observatory::ClimateZone::WORDS } }),
            ),
            field(
                "autres_adresses",
                "Autres adresses de la résidence, séparées par « ; »",
                "string",
                json!({}),
            ),
        ],
        &["residence"],
    )
}

/// The Table Schema of `chiffres.csv`.
pub fn chiffres_schema() -> Value {
    let [nom, commune, code_postal] = place_fields();
    schema(
        vec![
            field("annee", "Année des charges", "integer", required()),
            id_field(),
            nom,
            commune,
            code_postal,
            field("logements", "Nombre de logements", "integer", required()),
            field("surface_habitable_m2", "Surface habitable totale, en m²", "number", required()),
            field("reel_eur", "Dépense réelle de l’année pour toute la résidence, en euros TTC", "number", required()),
            field("provisions_eur", "Provisions appelées sur l’année, en euros", "number", required()),
            field("regularisation_eur", "Provisions moins dépense réelle, en euros : positif, un remboursement ; négatif, un complément", "number", required()),
            field("eur_par_logement_par_mois", "Charges par logement et par mois, en euros", "number", required()),
            field("eur_par_m2_par_an", "Charges par m² de surface habitable et par an, en euros", "number", required()),
            field("evolution_pct", "Évolution de la dépense réelle sur un an, en %", "number", json!({})),
        ],
        &["annee", "residence"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_starts_with_its_stored_mimetype_and_is_the_same_twice() {
        let obs = Observatory::default();
        let figures = Figures::compute(&obs);
        let bytes = observatoire_ods(&obs, &figures).unwrap();
        // A local file header is 30 bytes, then the name, then the uncompressed content.
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[30..38], b"mimetype");
        assert!(bytes[38..].starts_with(b"application/vnd.oasis.opendocument.spreadsheet"));
        assert_eq!(bytes, observatoire_ods(&obs, &figures).unwrap());
    }

    #[test]
    fn control_characters_are_left_out_of_the_xml() {
        let mut out = String::new();
        table_xml(
            &mut out,
            &mut |_| Ok(()),
            "a<b",
            &["x"],
            [vec![Cell::text("un\u{1}deux & <trois>")]].into_iter(),
        )
        .unwrap();
        assert!(out.contains("table:name=\"a&lt;b\""));
        assert!(
            out.contains("<text:p>undeux &amp; &lt;trois&gt;</text:p>"),
            "{out}"
        );
    }
}
