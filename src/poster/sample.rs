//! Fictitious residences for tests, the print check and previews of the poster templates: a
//! typical one, one in another commune, and one with every field at an extreme length.

use super::ResidencePoster;
use crate::typography::format_number;
use std::fmt::Write;

/// An owned residence poster input.
#[derive(Debug, Clone)]
pub struct SampleResidence {
    pub slug: String,
    pub name: String,
    pub address: String,
    pub postal_code: String,
    pub commune: String,
    pub dwellings: u32,
    pub year: i32,
    pub monthly: f64,
    pub change: Option<f64>,
    pub per_m2: f64,
    pub chart_svg: String,
    pub chart_caption: String,
    pub page_path: String,
}

impl SampleResidence {
    pub fn poster(&self) -> ResidencePoster<'_> {
        ResidencePoster {
            slug: &self.slug,
            name: &self.name,
            address: &self.address,
            postal_code: &self.postal_code,
            commune: &self.commune,
            dwellings: self.dwellings,
            year: self.year,
            monthly_per_dwelling: self.monthly,
            change_percent: self.change,
            per_m2_year: self.per_m2,
            chart_svg: &self.chart_svg,
            chart_caption: &self.chart_caption,
            residence_page_path: &self.page_path,
        }
    }
}

/// Charge categories of the sample chart, with the black-and-white fill of each.
const CATEGORIES: [(&str, &str); 5] = [
    ("Chauffage", "url(#ech-hatch)"),
    ("Eau", "url(#ech-dots)"),
    ("Ménage", "#000"),
    ("Ascenseur", "url(#ech-cross)"),
    ("Autres", "#fff"),
];

fn sample(
    slug: &str,
    name: &str,
    address: &str,
    postal_code: &str,
    commune: &str,
    dwellings: u32,
    years: &[(i32, [f64; 5])],
) -> SampleResidence {
    let (year, last) = *years.last().expect("at least one year");
    let monthly: f64 = last.iter().sum();
    let change = years.len().checked_sub(2).map(|i| {
        let before: f64 = years[i].1.iter().sum();
        (monthly / before - 1.0) * 100.0
    });
    SampleResidence {
        slug: slug.into(),
        name: name.into(),
        address: address.into(),
        postal_code: postal_code.into(),
        commune: commune.into(),
        dwellings,
        year,
        monthly,
        change,
        // A 65 m² flat: € per month × 12 / 65.
        per_m2: monthly * 12.0 / 65.0,
        chart_svg: chart_svg(name, years),
        chart_caption: "Charges par type, en euros par logement et par mois".into(),
        page_path: format!("residences/{slug}/index.html"),
    }
}

/// The three sample residences; the last one has extreme lengths everywhere.
pub fn residences() -> Vec<SampleResidence> {
    let tilleuls = [
        (2021, [38.1, 17.9, 14.2, 6.1, 5.0]),
        (2022, [44.9, 18.4, 14.6, 6.3, 5.1]),
        (2023, [49.8, 19.0, 15.1, 6.5, 5.3]),
        (2024, [46.2, 19.6, 15.5, 6.6, 5.4]),
        (2025, [47.3, 20.1, 16.0, 6.7, 5.5]),
    ];
    let fives = [
        (2023, [0.0, 22.4, 12.0, 0.0, 4.1]),
        (2024, [0.0, 23.0, 12.3, 0.0, 4.2]),
        (2025, [0.0, 22.1, 12.5, 0.0, 4.2]),
    ];
    let long_name = "Résidence intergénérationnelle et solidaire des Jardins partagés du Faubourg de la Madeleine-lès-Lille, bâtiments A à D.";
    assert_eq!(long_name.chars().count(), 120);
    vec![
        sample(
            "les-tilleuls",
            "Les Tilleuls",
            "12 rue des Tilleuls",
            "59000",
            "Lille",
            124,
            &tilleuls,
        ),
        sample(
            "cite-des-fleurs",
            "Cité des Fleurs",
            "3 allée des Roses",
            "59800",
            "Lille-Fives",
            48,
            &fives,
        ),
        sample(
            "jardins-partages-faubourg-madeleine",
            long_name,
            "Entrée principale par le 128 bis boulevard du Maréchal-de-Lattre-de-Tassigny, puis la passerelle piétonne au fond de la cour",
            "59110",
            "La Madeleine-lès-Lille-sur-Deûle-et-Marque",
            1_234,
            &tilleuls,
        ),
    ]
}

/// A stacked bar chart of monthly charges per year that reads in black and white: each
/// category has its own pattern and a label in the legend, each bar its total written on top.
pub fn chart_svg(name: &str, years: &[(i32, [f64; 5])]) -> String {
    // Sized for the poster's chart box (about 145 × 66 mm): 28 units print at 18 pt on A3 and
    // 12,6 pt on A4.
    let (w, h) = (640.0, 300.0);
    let (left, right, top, bottom) = (4.0, 384.0, 40.0, 262.0);
    let max = years
        .iter()
        .map(|(_, v)| v.iter().sum::<f64>())
        .fold(0.0, f64::max)
        .max(1.0);
    let scale = (bottom - top) / max;
    let slot = (right - left) / years.len() as f64;
    let bar = slot * 0.72;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"ech-title ech-desc\" font-family=\"DejaVu Sans, Arial, sans-serif\">\
         <title id=\"ech-title\">Évolution des charges de la résidence {}</title><desc id=\"ech-desc\">",
        crate::render::xml_escape(name)
    );
    for (year, values) in years {
        let _ = write!(
            s,
            "{year} : {} € par logement et par mois. ",
            format_number(values.iter().sum(), 2)
        );
    }
    s.push_str("</desc><defs>\
        <pattern id=\"ech-hatch\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"10\" height=\"10\" fill=\"#fff\"/><rect width=\"4\" height=\"10\" fill=\"#000\"/></pattern>\
        <pattern id=\"ech-dots\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\"><rect width=\"10\" height=\"10\" fill=\"#fff\"/><circle cx=\"5\" cy=\"5\" r=\"2.2\" fill=\"#000\"/></pattern>\
        <pattern id=\"ech-cross\" width=\"12\" height=\"12\" patternUnits=\"userSpaceOnUse\"><rect width=\"12\" height=\"12\" fill=\"#fff\"/><path d=\"M0 6H12M6 0V12\" stroke=\"#000\" stroke-width=\"2\"/></pattern>\
        </defs>");
    for (i, (year, values)) in years.iter().enumerate() {
        let x = left + i as f64 * slot + (slot - bar) / 2.0;
        let mut y = bottom;
        for ((_, fill), v) in CATEGORIES.iter().zip(values) {
            if *v <= 0.0 {
                continue;
            }
            let hgt = v * scale;
            y -= hgt;
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" height=\"{hgt:.1}\" fill=\"{fill}\" stroke=\"#000\" stroke-width=\"1.5\"/>"
            );
        }
        let total: f64 = values.iter().sum();
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"28\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"28\" text-anchor=\"middle\">{year}</text>",
            x + bar / 2.0,
            y - 8.0,
            format_number(total, 0),
            x + bar / 2.0,
            bottom + 32.0
        );
    }
    let _ = write!(
        s,
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"#000\" stroke-width=\"2\"/>"
    );
    // Legend, top to bottom in the order of the stack.
    for (i, (label, fill)) in CATEGORIES.iter().enumerate().rev() {
        let y = 10.0 + (CATEGORIES.len() - 1 - i) as f64 * 54.0;
        let _ = write!(
            s,
            "<rect x=\"398\" y=\"{y}\" width=\"34\" height=\"34\" fill=\"{fill}\" stroke=\"#000\" stroke-width=\"1.5\"/>\
             <text x=\"442\" y=\"{:.0}\" font-size=\"28\">{label}</text>",
            y + 27.0
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_have_a_chart_and_an_extreme_case() {
        let all = residences();
        assert_eq!(all.len(), 3);
        assert!(all.iter().all(|r| r.chart_svg.contains("role=\"img\"")));
        assert!(all[2].name.chars().count() >= 120);
        assert!(all[0].change.is_some());
    }
}
