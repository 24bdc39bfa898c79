//! The position of a residence among its peers.

use super::*;
use crate::draw::chart::position::KEY;

#[test]
fn position_figures_are_french() {
    let pos = position(&Position {
        id: "q",
        value: 31.2,
        min: 18.0,
        q1: 24.5,
        median: 27.45,
        q3: 30.1,
        max: 41.0,
        value_label: "Les Tilleuls",
        unit: Unit::EurosPerM2,
        ..Default::default()
    });
    assert!(pos.contains("Les Tilleuls\u{A0}: 31,20\u{A0}€/m²"));
    assert!(pos.contains(">27,5<") || pos.contains(">27,4<"));
    assert!(pos.contains(&format!("quartile){NNBSP};")));
    assert!(svg::text_width(KEY[0], 15.0) <= 616.0);
}

#[test]
fn odd_positions_never_panic_and_stay_sound() {
    let nan = f64::NAN;
    let positions = [
        [nan, 1.0, 2.0, 3.0, 4.0, 5.0],
        [1.0, nan, 2.0, 3.0, 4.0, 5.0],
        [5.0, 5.0, 5.0, 5.0, 5.0, 5.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [-3.0, 40.0, 30.0, 20.0, 10.0, 0.0],
        [1e9, 1.0, 2.0, 3.0, 4.0, 5.0],
        [f64::INFINITY, 1.0, 2.0, 3.0, 4.0, 5.0],
        [f64::MAX, -f64::MAX, 0.0, 0.0, 0.0, f64::MAX],
    ];
    for (i, [value, min, q1, median, q3, max]) in positions.into_iter().enumerate() {
        let svg = position(&Position {
            id: "p",
            value,
            min,
            q1,
            median,
            q3,
            max,
            value_label: LONG,
            ..Default::default()
        });
        assert_sound(&svg, "p");
        if i == 0 {
            assert!(!svg.contains(ACCENT_FILL), "no marker without a value");
        }
    }
}
