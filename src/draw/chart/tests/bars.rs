//! Stacked and grouped bars.

use super::*;

#[test]
fn bar_figures_are_french() {
    let x = years(2023, 2024);
    let s = vec![
        series("Provisions appelées", "provisions", &[1234.0, 1500.0]),
        series("Dépenses réelles", "reel", &[1180.4, 1623.0]),
    ];
    let bars = Bars {
        id: "f",
        x_labels: &x,
        series: &s,
        unit: Unit::Euros,
        ..Default::default()
    };
    let grouped = grouped_bars(&bars);
    assert!(grouped.contains(&format!(">1{NNBSP}234<")), "{grouped}");
    assert!(grouped.contains(&format!(">1{NNBSP}000<")));
    assert!(grouped.contains("Montant en euros"));
    let stacked = stacked_bars(&bars);
    assert!(stacked.contains(&format!(">2{NNBSP}414<")), "total written");

    let pct = stacked_bars(&Bars {
        id: "r",
        x_labels: &x,
        series: &s[..1],
        unit: Unit::Percent,
        ..Default::default()
    });
    assert!(pct.contains("\u{A0}%<"));
}

#[test]
fn segments_are_labelled_when_tall_and_totals_always() {
    let x = years(2021, 2024);
    let s = charges();
    let svg = stacked_bars(&Bars {
        id: "s",
        x_labels: &x,
        series: &s,
        ..Default::default()
    });
    assert!(svg.contains(">14,6<"), "tall heating segment labelled");
    assert!(!svg.contains(">1,1<"), "thin lift segment not labelled");
    assert!(svg.contains(">25,5<"), "first total: 6,2+9,8+1,1+5,0+3,4");
    assert!(svg.contains(">30,6<"), "last total");
}

#[test]
fn crowded_years_are_thinned_keeping_the_last() {
    let x = years(1995, 2024);
    let s = vec![series("Eau", "EAU", &[5.0; 30])];
    let svg = stacked_bars(&Bars {
        id: "t",
        x_labels: &x,
        series: &s,
        ..Default::default()
    });
    assert!(svg.contains(">2024</text>"));
    assert!(!svg.contains(">2023</text>"));
    let shown = x
        .iter()
        .filter(|y| svg.contains(&format!(">{y}</text>")))
        .count();
    assert!((6..=15).contains(&shown), "{shown} labels");
}
