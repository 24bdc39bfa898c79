//! Histograms.

use super::*;

#[test]
fn histogram_marks_the_bin_of_the_value() {
    let svg = histogram(&Histogram {
        id: "h",
        bins: &[(15.0, 20.0, 12), (20.0, 25.0, 48), (25.0, 30.0, 71)],
        marker: Some(Marker {
            value: 22.0,
            label: "Les Tilleuls",
        }),
        ..Default::default()
    });
    assert_eq!(svg.matches(ACCENT_FILL).count(), 2, "marked bin and needle");
    assert!(svg.contains("Les Tilleuls\u{A0}: 22,00\u{A0}€/m²"));
    assert!(svg.contains("Nombre de résidences"));
    assert!(svg.contains(">71<"));
}

#[test]
fn odd_bins_never_panic_and_stay_sound() {
    let nan = f64::NAN;
    let bins_cases: [&[(f64, f64, usize)]; 6] = [
        &[],
        &[(1.0, 1.0, 3), (nan, 2.0, 1)],
        &[(0.0, 1.0, 0), (1.0, 2.0, 0)],
        &[(30.0, 35.0, 5), (10.0, 15.0, 2000)],
        &[(0.5, 0.75, 1), (0.75, 1.0, 1_000_000)],
        &[(-5.0, 5.0, 1)],
    ];
    for bins in bins_cases {
        for value in [nan, 12.0, 1e9, 35.0, 10.0] {
            let svg = histogram(&Histogram {
                id: "h",
                bins,
                marker: Some(Marker { value, label: LONG }),
                ..Default::default()
            });
            assert_sound(&svg, "h");
        }
    }
}
