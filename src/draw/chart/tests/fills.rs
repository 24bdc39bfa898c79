//! Fills (a colour and a texture per series) and the legend.

use super::*;
use crate::draw::chart::fills::{assign, FILLS};

#[test]
fn each_series_has_its_own_pattern_and_legend_swatch() {
    let x = years(2021, 2024);
    let s = charges();
    let svg = stacked_bars(&Bars {
        id: "p",
        x_labels: &x,
        series: &s,
        ..Default::default()
    });
    assert_eq!(svg.matches("<pattern ").count(), s.len());
    // Known codes keep their fill: CHC is fill 2, EAU fill 1 on every chart.
    assert!(svg.contains("<pattern id=\"p-f2\""));
    assert!(svg.contains("<pattern id=\"p-f1\""));
    // One legend swatch and one bar path per series.
    let legend = &svg[svg.find("class=\"legend\"").unwrap()..];
    let legend = &legend[..legend.find("</g>").unwrap()];
    assert_eq!(legend.matches("<rect ").count(), s.len());
    for one in &s {
        assert!(legend.contains(&one.label));
    }
    assert_eq!(svg.matches("<path fill=\"url(#p-f").count(), s.len());
    // Legend from the top of the stack down.
    assert!(legend.find("Impositions").unwrap() < legend.find("Eau froide").unwrap());
}

/// A series without values, named after its code.
fn coded(code: &str) -> Series {
    series(code, code, &[])
}

#[test]
fn known_codes_keep_their_fill_and_others_take_free_ones() {
    let s = [coded("eau"), coded("X"), coded("PCI"), coded("Y")];
    assert_eq!(assign(&s), vec![1, 0, 4, 2]);
}

/// Relative luminance (WCAG) of `#RRGGBB`.
fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

#[test]
fn neighbours_differ_in_grey_even_when_one_category_is_missing() {
    for i in 0..FILLS.len() {
        for j in [i + 1, i + 2] {
            if j < FILLS.len() {
                let (a, b) = (luminance(FILLS[i].color), luminance(FILLS[j].color));
                assert!(
                    (a - b).abs() >= 0.14,
                    "{} / {}",
                    CHARGE_CODES[i],
                    CHARGE_CODES[j]
                );
                assert_ne!(FILLS[i].texture as u8, FILLS[j].texture as u8);
            }
        }
    }
}

#[test]
fn fills_are_distinct_up_to_ten_series() {
    let s: Vec<Series> = (0..10).map(|i| coded(&format!("S{i}"))).collect();
    let mut f = assign(&s);
    f.sort_unstable();
    f.dedup();
    assert_eq!(f.len(), 10);
    let s: Vec<Series> = (0..13).map(|i| coded(&format!("S{i}"))).collect();
    assert_eq!(assign(&s).len(), 13);
}
