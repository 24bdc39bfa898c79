//! Times one poster QR code, ours against the `qrcode` crate's own mask search and SVG
//! renderer, on 200 residence addresses:
//!
//! ```sh
//! cargo bench --bench qr
//! ```
//!
//! Each time is the fastest of 10 rounds over the 200 addresses, per code.

use ensemble::draw::qr::{self, qr_svg};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let urls: Vec<String> = (0..200)
        .map(|i| {
            format!("https://www.exemple-habitat.fr/residences/armentieres-cite-de-la-deule-{i}/")
        })
        .collect();
    let time = |f: &dyn Fn(&str) -> usize| {
        let mut best = Duration::MAX;
        for _ in 0..10 {
            let start = Instant::now();
            for u in &urls {
                black_box(f(black_box(u)));
            }
            best = best.min(start.elapsed() / urls.len() as u32);
        }
        best
    };
    let ours = time(&|u| qr_svg(u, "qr-residence").map_or(0, |s| s.len()));
    let modules = time(&|u| qr::modules(u.as_bytes()).map_or(0, |m| m.width));
    let crate_svg = time(&|u| {
        qrcode::QrCode::with_error_correction_level(u.as_bytes(), qr::EC_LEVEL)
            .map(|c| {
                c.render::<qrcode::render::svg::Color>()
                    .module_dimensions(1, 1)
                    .build()
                    .len()
            })
            .unwrap_or(0)
    });
    let bytes = qr_svg(&urls[0], "qr-residence").map_or(0, |s| s.len());
    println!(
        "qr_svg: {ours:.2?} per code ({modules:.2?} for the modules), {bytes} bytes; \
         the crate's QrCode + SVG renderer: {crate_svg:.2?}"
    );
}
