//! Builds a site with the sample residence posters (one with extreme lengths), to look at them
//! and print them before the observatory provides real residences:
//!
//! ```sh
//! cargo run --example poster_fixture -- SITE_ROOT OUTPUT_DIR [CHROMIUM]
//! ```

#[path = "../tests/support/poster_site.rs"]
mod poster_site;

use std::path::PathBuf;

fn main() -> std::process::ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [root, out, rest @ ..] = args.as_slice() else {
        eprintln!("usage : poster_fixture RACINE_DU_SITE DOSSIER_DE_SORTIE [CHROMIUM]");
        return std::process::ExitCode::from(2);
    };
    match poster_site::build_with_samples(root, out, rest.first().map(PathBuf::as_path)) {
        Ok(warnings) => {
            warnings.print(true);
            println!("Affiches d'exemple écrites dans {}", out.display());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::from(1)
        }
    }
}
