//! Open data: the charges as published, for tenants' associations to check.
//!
//! - `donnees/charges.csv`: one row per residence, year and category. Made for a French
//!   spreadsheet: UTF-8 with a byte order mark, `;` between columns, decimal comma, no thousands
//!   separator, CRLF line ends; text cells starting with `= + - @` (or a tab or carriage return)
//!   get a leading apostrophe so no spreadsheet runs them as a formula.
//! - `donnees/residences.csv`: one row per residence, same conventions.
//! - `donnees/charges.json`: the same data as one JSON document (numbers with a decimal point).
//!
//! Columns and keys are documented in the README (section « Observatoire des charges »). Files are streamed to disk.

use super::context::{RenderContext, RenderStats, Renderer};
use crate::core::paths;
use crate::model::observatory::Observatory;
use serde::Serialize;
use std::io::{self, Write};

/// The open data files, streamed to the output.
pub struct DataExports;

impl Renderer for DataExports {
    fn render(&self, ctx: &RenderContext<'_>) -> RenderStats {
        let obs = &ctx.site.observatory;
        if !obs.is_empty() {
            let source = ctx.site.config.organisme.nom.as_str();
            // Made from the observatory and the configuration (in the global context, part of
            // every key): fingerprinted once, the three files are kept when neither changed.
            let data = ctx.observatory_key("exports");
            let key = |path: &str| data.and_then(|d| ctx.data_key(path, &d));
            ctx.write_stream_keyed(paths::CSV_PATH, key(paths::CSV_PATH), |w| {
                charges_csv(obs, w)
            });
            ctx.write_stream_keyed(
                paths::RESIDENCES_CSV_PATH,
                key(paths::RESIDENCES_CSV_PATH),
                |w| residences_csv(obs, w),
            );
            ctx.write_stream_keyed(paths::JSON_PATH, key(paths::JSON_PATH), |w| {
                charges_json(obs, source, w)
            });
        }
        RenderStats::default()
    }
}

/// Text cell safe for spreadsheets: a leading formula character is neutralised.
pub fn safe_cell(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// `1234.5` → `1234,50`: decimal comma, two decimals, no grouping, as spreadsheets read it.
pub fn decimal_comma(v: f64) -> String {
    let mut out = String::with_capacity(12);
    crate::core::typography::push_fixed(&mut out, v, 2, ',');
    out
}

pub(super) fn csv_writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

pub const CHARGES_COLUMNS: [&str; 10] = [
    "annee",
    "residence",
    "nom",
    "commune",
    "code_postal",
    "categorie",
    "libelle_categorie",
    "reel_eur",
    "provisions_eur",
    "note",
];

/// Writes `charges.csv`.
pub fn charges_csv(obs: &Observatory, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv_writer(out);
    w.write_record(CHARGES_COLUMNS)?;
    // Year by year, as the data is published; residences in file order within a year.
    let mut cursor = vec![0usize; obs.residences.len()];
    for &year in &obs.years {
        for (i, r) in obs.residences.iter().enumerate() {
            let years = &obs.charges[i];
            let Some(y) = years.get(cursor[i]).filter(|y| y.year == year) else {
                continue;
            };
            cursor[i] += 1;
            let year_text = year.to_string();
            for line in &y.lines {
                let c = &obs.categories[line.category];
                w.write_record([
                    year_text.as_str(),
                    &safe_cell(&r.id),
                    &safe_cell(&r.name),
                    &safe_cell(&r.commune),
                    &safe_cell(&r.postal_code),
                    &safe_cell(&c.code),
                    &safe_cell(&c.label),
                    &decimal_comma(line.actual),
                    &decimal_comma(line.provisions),
                    &safe_cell(line.note.as_deref().unwrap_or("")),
                ])?;
            }
        }
    }
    w.flush()
}

pub const RESIDENCES_COLUMNS: [&str; 16] = [
    "residence",
    "nom",
    "adresse",
    "code_postal",
    "commune",
    "logements",
    "surface_habitable_m2",
    "annee_construction",
    "chauffage_collectif",
    "ascenseur",
    "dpe",
    "qpv",
    "code_insee",
    "chauffage",
    "zone_climatique",
    "autres_adresses",
];

/// Writes `residences.csv`.
pub fn residences_csv(obs: &Observatory, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv_writer(out);
    w.write_record(RESIDENCES_COLUMNS)?;
    let yes_no = |b: bool| if b { "oui" } else { "non" };
    for r in &obs.residences {
        let others = r.other_addresses.join(" ; ");
        w.write_record([
            safe_cell(&r.id).as_ref(),
            &safe_cell(&r.name),
            &safe_cell(&r.address),
            &safe_cell(&r.postal_code),
            &safe_cell(&r.commune),
            &r.dwellings.to_string(),
            &decimal_comma(r.living_area),
            &r.construction_year.to_string(),
            yes_no(r.collective_heating),
            yes_no(r.lift),
            r.energy_label.map(|l| l.letter()).unwrap_or(""),
            r.priority_district.map(yes_no).unwrap_or(""),
            &safe_cell(r.insee_code.as_deref().unwrap_or("")),
            r.heating.map(|h| h.word()).unwrap_or(""),
            r.climate_zone.map(|z| z.word()).unwrap_or(""),
            &safe_cell(&others),
        ])?;
    }
    w.flush()
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    source: &'a str,
    reutilisation: &'a str,
    unites: JsonUnits,
    annees: &'a [i32],
    /// Years whose figures are not final yet (only written when there are some).
    #[serde(skip_serializing_if = "<[i32]>::is_empty")]
    annees_provisoires: &'a [i32],
    categories: Vec<JsonCategory<'a>>,
    residences: Vec<JsonResidence<'a>>,
}

#[derive(Serialize)]
struct JsonUnits {
    montants: &'static str,
    surface: &'static str,
}

#[derive(Serialize)]
struct JsonCategory<'a> {
    code: &'a str,
    libelle: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct JsonResidence<'a> {
    #[serde(flatten)]
    residence: &'a crate::model::observatory::Residence,
    charges: Vec<JsonYear<'a>>,
}

#[derive(Serialize)]
struct JsonYear<'a> {
    annee: i32,
    lignes: Vec<JsonLine<'a>>,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    categorie: &'a str,
    reel: f64,
    provisions: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// Writes `charges.json`. Built residence by residence: only references are held.
pub fn charges_json(obs: &Observatory, source: &str, out: &mut dyn Write) -> io::Result<()> {
    let doc = JsonDocument {
        source,
        reutilisation: "libre, en citant la source et l’année des données",
        unites: JsonUnits {
            montants: "euros TTC pour toute la résidence, sur l’année",
            surface: "m² de surface habitable",
        },
        annees: &obs.years,
        annees_provisoires: &obs.provisional_years,
        categories: obs
            .categories
            .iter()
            .map(|c| JsonCategory {
                code: &c.code,
                libelle: &c.label,
                description: &c.description,
            })
            .collect(),
        residences: obs
            .residences
            .iter()
            .zip(&obs.charges)
            .map(|(r, years)| JsonResidence {
                residence: r,
                charges: years
                    .iter()
                    .map(|y| JsonYear {
                        annee: y.year,
                        lignes: y
                            .lines
                            .iter()
                            .map(|l| JsonLine {
                                categorie: &obs.categories[l.category].code,
                                reel: l.actual,
                                provisions: l.provisions,
                                note: l.note.as_deref(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut writer = serde_json::Serializer::with_formatter(&mut *out, InertInHtml);
    serde::Serialize::serialize(&doc, &mut writer).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// Compact JSON whose strings stay inert wherever the data is pasted: `<`, `>` and `&` are
/// written `\u003c`, `\u003e`, `\u0026` (as Go's and Rails' encoders do), so a residence named
/// `</script><script>…` cannot end the script element of a page that embeds the file; every
/// parser reads back the same text.
pub(super) struct InertInHtml;

impl serde_json::ser::Formatter for InertInHtml {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escaped = match c {
                '<' => "\\u003c",
                '>' => "\\u003e",
                '&' => "\\u0026",
                // Line ends for JavaScript, not for JSON.
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escaped.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::categories;
    use crate::model::observatory::{ChargeLine, Residence, ResidenceYear};

    fn sample() -> Observatory {
        let r = Residence {
            id: "lille-a".into(),
            name: "=Résidence; \"A\"".into(),
            address: "1 rue Pasteur".into(),
            other_addresses: Vec::new(),
            postal_code: "59000".into(),
            commune: "Lille".into(),
            dwellings: 10,
            living_area: 650.5,
            construction_year: 1970,
            collective_heating: true,
            lift: false,
            energy_label: None,
            priority_district: Some(true),
            insee_code: None,
            heating: None,
            climate_zone: None,
        };
        Observatory {
            residences: vec![r],
            categories: categories::built_in(),
            charges: vec![vec![ResidenceYear {
                year: 2025,
                lines: vec![ChargeLine {
                    category: 0,
                    actual: 1234.5,
                    provisions: 1200.0,
                    note: Some("-panne".into()),
                }],
            }]],
            years: vec![2025],
            ..Observatory::default()
        }
    }

    #[test]
    fn csv_is_for_french_spreadsheets() {
        let mut out = Vec::new();
        charges_csv(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with('\u{feff}'));
        let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
        assert_eq!(lines.next().unwrap(), CHARGES_COLUMNS.join(";"));
        let row = lines.next().unwrap();
        assert!(
            row.starts_with("2025;lille-a;\"'=Résidence; \"\"A\"\"\";Lille;59000;CHC;"),
            "{row}"
        );
        assert!(row.ends_with(";1234,50;1200,00;'-panne"), "{row}");
    }

    #[test]
    fn json_strings_cannot_close_a_script() {
        let mut obs = sample();
        obs.residences[0].name = "</script><script>alert(1)</script> & co".into();
        let mut out = Vec::new();
        charges_json(&obs, "Essai", &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains('<') && !text.contains('&'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back["residences"][0]["nom"],
            "</script><script>alert(1)</script> & co"
        );
    }

    #[test]
    fn json_round_trips() {
        let mut out = Vec::new();
        charges_json(&sample(), "Exemple Habitat", &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["residences"][0]["id"], "lille-a");
        assert_eq!(v["residences"][0]["surface_habitable"], 650.5);
        assert_eq!(
            v["residences"][0]["charges"][0]["lignes"][0]["reel"],
            1234.5
        );
        assert_eq!(v["categories"][0]["code"], "CHC");
    }

    #[test]
    fn residences_csv_has_one_row_each() {
        let mut out = Vec::new();
        residences_csv(&sample(), &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("\r\n").count(), 2);
        assert!(text.contains(";650,50;1970;oui;non;;oui"), "{text}");
    }
}
