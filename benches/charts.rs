//! Times each kind of chart on the sample residence of `chart::demo`:
//!
//! ```sh
//! cargo bench --bench charts               # every kind
//! cargo bench --bench charts -- stacked    # only those named
//! ```
//!
//! Each chart is drawn in 200 batches of 100. The time per chart is the fastest batch's, the
//! least disturbed by whatever else the machine runs, then the mean over all 20 000 draws.

use ensemble::draw::chart::{self, demo, Bars, Histogram, Marker, Unit};
use std::hint::black_box;
use std::time::{Duration, Instant};

const BATCHES: u32 = 200;
const BATCH: u32 = 100;

fn main() {
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let (x, s) = demo::residence();
    let stacked = Bars {
        id: "res-1",
        title: "Charges",
        description: "Charges par catégorie",
        x_labels: &x,
        series: &s,
        unit: Unit::EurosPerM2,
        ..Default::default()
    };
    let provisions = demo::provisions();
    let grouped = Bars {
        series: &provisions,
        unit: Unit::Euros,
        ..stacked
    };
    let position = demo::position();
    let bins = demo::bins();
    let histogram = Histogram {
        id: "h",
        bins: &bins,
        marker: Some(Marker {
            value: 31.2,
            label: "",
        }),
        ..Default::default()
    };
    let charts: [(&str, &dyn Fn() -> String); 5] = [
        ("stacked", &|| chart::stacked_bars(black_box(&stacked))),
        ("grouped", &|| chart::grouped_bars(black_box(&grouped))),
        ("position", &|| chart::position(black_box(&position))),
        ("histogram", &|| chart::histogram(black_box(&histogram))),
        ("poster", &|| {
            chart::poster_bars(black_box(&stacked), black_box(&demo::POSTER))
        }),
    ];
    for (name, draw) in charts {
        if only.is_empty() || only.iter().any(|o| o == name) {
            let (fastest, mean) = time(draw);
            let bytes = draw().len();
            println!("{name:>10}: {fastest:>9.2?} per chart (mean {mean:.2?}), {bytes} bytes");
        }
    }
}

/// The time of one `draw` in the fastest batch, and over all batches.
fn time(draw: &dyn Fn() -> String) -> (Duration, Duration) {
    let mut fastest = Duration::MAX;
    let mut total = Duration::ZERO;
    for _ in 0..BATCHES {
        let start = Instant::now();
        for _ in 0..BATCH {
            black_box(draw());
        }
        let elapsed = start.elapsed();
        fastest = fastest.min(elapsed / BATCH);
        total += elapsed;
    }
    (fastest, total / (BATCHES * BATCH))
}
