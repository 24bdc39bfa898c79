//! Builds a site the way `ensemble build` does, plus the sample residence posters
//! (`ensemble::render::posters::sample`), so posters with extreme texts can be checked. Shared by
//! tests/posters.rs and examples/poster_fixture.rs.

use ensemble::core::diagnostic::Diagnostics;
use ensemble::pipeline::{self, BuildOptions};
use ensemble::render::{self, posters};
use ensemble::write::{output::Output, pdf};
use std::path::Path;

/// Builds `root` into `out` with the sample residences; prints PDFs with `chromium` if given.
/// On failure, the diagnostics as the command line would print them.
pub fn build_with_samples(
    root: &Path,
    out: &Path,
    chromium: Option<&Path>,
) -> Result<Diagnostics, String> {
    let mut diagnostics = Diagnostics::new();
    let options = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let Some(prepared) = pipeline::prepare(&options, chromium.is_some(), &mut diagnostics) else {
        return Err(render_all(&diagnostics));
    };
    let output = Output::new(out).map_err(|e| e.to_string())?;
    let ctx = prepared.render_context(&output, None);
    render::Renderer::render(&render::contract::ContractPages, &ctx);
    let samples = posters::sample::residences();
    for s in &samples {
        posters::render_residence_poster(&ctx, &s.poster());
    }
    let entries: Vec<_> = samples.iter().map(|s| s.poster().index_entry()).collect();
    posters::render_contract_posters(&ctx, &entries);
    for f in &prepared.static_files {
        ctx.write(&f.rel, &f.bytes);
    }
    if let Some(chromium) = chromium {
        match pdf::print_site(
            chromium,
            output.staging_dir(),
            &output.written_paths(),
            pdf::PdfOptions::default(),
        ) {
            Ok((printed, warnings)) => {
                for p in printed {
                    ctx.write(&p.job.pdf, &p.bytes);
                }
                warnings.into_iter().for_each(|d| ctx.report(d));
            }
            Err(errors) => errors.into_iter().for_each(|d| ctx.report(d)),
        }
    }
    render::finish(&ctx, &mut diagnostics);
    drop(ctx);
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
