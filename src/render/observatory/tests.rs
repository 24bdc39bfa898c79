//! The observatory's partials rendered through the default theme, as a build compiles it: the
//! HTML they write for the view models of [`crate::present::observatory`].

use crate::core::diagnostic::Diagnostics;
use crate::present::observatory::{DataTable, Figure, TableRow};
use crate::render::templates::Templates;
use serde::Serialize;

/// The default theme's templates, as a build compiles them (the copy embedded in the binary).
fn theme() -> Templates {
    let mut diagnostics = Diagnostics::new();
    let sources = crate::load::theme::templates(
        std::path::Path::new("/nonexistent-site"),
        crate::load::theme::DEFAULT,
        &mut diagnostics,
    )
    .expect("default theme");
    Templates::new(sources, &mut diagnostics).expect("templates compile")
}

fn render(
    templates: &Templates,
    component: &str,
    arg: &'static str,
    value: &impl Serialize,
) -> String {
    let mut context = tera::Context::new();
    context.insert(arg, value);
    templates
        .tera()
        .render_component(component, &context, None, true)
        .unwrap()
}

fn table() -> DataTable {
    let mut t = DataTable::new(
        "t",
        "Légende <b> & « l'eau »",
        "Catégorie",
        vec!["2025".into(), "Chauffage".into()],
        vec![
            TableRow::new("Eau", vec!["1\u{202F}234,50".into(), "collectif".into()]),
            TableRow::new("Les \"Lilas\"", vec!["2".into(), "individuel".into()])
                .linked("../residences/les-lilas/index.html".into()),
            TableRow::new("Total", vec!["3".into(), "".into()]).total(),
        ],
    );
    t.text_columns = vec![1];
    t
}

#[test]
fn tables_are_accessible_html() {
    let h = render(&theme(), "observatory.data_table", "table", &table());
    assert!(h.starts_with(
        "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"t-legende\" tabindex=\"0\">\n<table class=\"data-table\" id=\"t\">\n"
    ), "{h}");
    // Author text escaped exactly once.
    assert!(
        h.contains("<caption id=\"t-legende\">Légende &lt;b&gt; &amp; « l&#39;eau »</caption>"),
        "{h}"
    );
    assert!(h.contains("<thead><tr><th scope=\"col\">Catégorie</th><th scope=\"col\" class=\"num\">2025</th><th scope=\"col\">Chauffage</th></tr></thead>\n"), "{h}");
    assert!(h.contains("<tr><th scope=\"row\">Eau</th><td class=\"num\">1\u{202F}234,50</td><td>collectif</td></tr>\n"), "{h}");
    assert!(h.contains("<th scope=\"row\"><a href=\"../residences/les-lilas/index.html\">Les &quot;Lilas&quot;</a></th>"), "{h}");
    assert!(
        h.contains("<tr class=\"total\"><th scope=\"row\">Total</th>"),
        "{h}"
    );
    assert!(h.ends_with("</tbody>\n</table>\n</div>\n"), "{h}");
}

#[test]
fn tables_of_numbers_right_align_every_cell() {
    let mut t = table();
    t.text_columns.clear();
    let h = render(&theme(), "observatory.data_table", "table", &t);
    assert!(h.contains("<td class=\"num\">collectif</td>"), "{h}");
    assert!(!h.contains("<td>"), "{h}");
}

#[test]
fn figures_inline_their_svg_and_end_with_their_table() {
    let f = Figure {
        narrow_svg: None,
        narrow_note: None,
        id: "evolution".into(),
        caption: "Charges <2025>".into(),
        svg: "<svg role=\"img\"><title>A &amp; B</title></svg>".into(),
        table: table(),
    };
    let h = render(&theme(), "observatory.figure", "figure", &f);
    assert!(h.starts_with("<figure class=\"chart\" id=\"figure-evolution\">\n<figcaption class=\"chart-caption\" id=\"figure-evolution-legende\">Charges &lt;2025&gt;</figcaption>\n"), "{h}");
    assert!(h.contains("tabindex=\"0\"><svg role=\"img\"><title>A &amp; B</title></svg></div>\n<p class=\"scroll-hint\">Graphique plus large que l’écran&#160;: faites-le glisser pour le voir en entier.</p>\n<div class=\"table-scroll\""), "{h}");
    assert!(h.ends_with("</table>\n</div>\n</figure>\n"), "{h}");
}

#[test]
fn shortcode_partials_escape_author_text_once() {
    use crate::present::observatory::{ChartLink, KeyFigure};
    let templates = theme();
    let k = KeyFigure {
        value: "36,90\u{a0}€".into(),
        label: "par m² <en 2025> & par an".into(),
    };
    assert_eq!(
        render(&templates, "observatory.key_figure", "figure", &k),
        "<p class=\"key-figure\"><strong class=\"key-figure-value\">36,90\u{a0}€</strong> <span class=\"key-figure-label\">par m² &lt;en 2025&gt; &amp; par an</span></p>\n"
    );
    let l = ChartLink {
        href: "../residences/l-etang/index.html".into(),
        text: "L'Étang & co\u{a0}: toutes les charges".into(),
    };
    assert_eq!(
        render(&templates, "observatory.chart_link", "link", &l),
        "<p class=\"chart-link\"><a href=\"../residences/l-etang/index.html\">L&#39;Étang &amp; co\u{a0}: toutes les charges</a></p>\n"
    );
}
