//! Builds a site the way `ensemble build` does, plus the sample residence posters the
//! observatory will provide (`ensemble::poster::sample`), so posters can be checked before real
//! residence data exists. Shared by tests/posters.rs and examples/poster_fixture.rs.

use ensemble::diagnostic::Diagnostics;
use ensemble::output::Output;
use ensemble::poster::{self, pdf::PdfOptions};
use ensemble::render::{self, templates::Templates, RenderContext};
use ensemble::site::{LoadOptions, Site};
use ensemble::{derive, markdown::NoShortcodes};
use std::path::Path;

/// Builds `root` into `out` with the sample residences; prints PDFs with `chromium` if given.
/// On failure, the diagnostics as the command line would print them.
pub fn build_with_samples(
    root: &Path,
    out: &Path,
    chromium: Option<&Path>,
) -> Result<Diagnostics, String> {
    let mut diagnostics = Diagnostics::new();
    let site = Site::load(root, &LoadOptions::default(), &mut diagnostics);
    let templates = site
        .as_ref()
        .and_then(|s| Templates::load(root, &s.config.theme, &mut diagnostics));
    let (Some(site), Some(mut templates)) = (site, templates) else {
        return Err(render_all(&diagnostics));
    };
    let shared = derive::shared(&site);
    render::install_globals(&mut templates, &site, &shared);
    poster::install_globals(&mut templates, chromium.is_some());
    let output = Output::new(out).map_err(|e| e.to_string())?;
    let shortcodes = NoShortcodes;
    let ctx = RenderContext::new(&site, &shared, &templates, &shortcodes, &output);
    render::contract_pages(&ctx);
    let samples = poster::sample::residences();
    for s in &samples {
        poster::render_residence_poster(&ctx, &s.poster());
    }
    let entries: Vec<_> = samples.iter().map(|s| s.poster().index_entry()).collect();
    poster::render_contract_posters(&ctx, &entries);
    let theme_static = root.join("themes").join(&site.config.theme).join("static");
    output.copy_dir(&theme_static).map_err(|e| e.to_string())?;
    if let Some(chromium) = chromium {
        poster::pdf::print_site(&ctx, chromium, PdfOptions::default());
    }
    render::finish(&ctx, &mut diagnostics);
    if diagnostics.has_errors() {
        output.abandon();
        return Err(render_all(&diagnostics));
    }
    output.commit().map_err(|e| e.to_string())?;
    Ok(diagnostics)
}

fn render_all(diagnostics: &Diagnostics) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}
