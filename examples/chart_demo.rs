//! Writes a page of sample charts (every kind, and the cases at the edges) to look at in a
//! browser, or in grey with `<body class="gray">`:
//!
//! ```sh
//! cargo run --example chart_demo -- OUT.html
//! ```
//!
//! Without an argument the page goes to `target/chart_demo.html`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/chart_demo.html"), PathBuf::from);
    match std::fs::write(&path, ensemble::draw::chart::demo::page()) {
        Ok(()) => {
            println!("Graphiques de démonstration écrits dans {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{} : {e}", path.display());
            ExitCode::from(1)
        }
    }
}
