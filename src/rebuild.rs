//! Incremental rebuilds for `serve`: when the only change is the Markdown body of contract pages,
//! re-render just those pages from the site kept in memory instead of building everything.
//!
//! Anything that could change another page — front matter (titles feed menus, commitments feed
//! posters), a new or deleted file, data, templates, configuration — asks for a full build.

use crate::build::{BuildOptions, Prepared};
use crate::content::{self, PageFront, SourceFile, ThemeFront};
use crate::diagnostic::Diagnostics;
use crate::output::Output;
use crate::render::{ContractPage, RenderContext};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Outcome {
    /// These pages were re-rendered and replaced in the output.
    Rendered(Vec<String>),
    /// The change reaches beyond page bodies: build everything.
    NeedsFullBuild,
    /// The edited page has errors; the output keeps its previous version.
    Failed(Diagnostics),
}

/// Tries to apply `changed` (absolute paths) to `prepared` by re-rendering single pages.
pub fn apply(prepared: &mut Prepared, options: &BuildOptions, changed: &[PathBuf]) -> Outcome {
    let content_dir = options.root.join("content");
    let mut targets = Vec::new();
    for path in changed {
        match edit_for(prepared, &options.root, &content_dir, path) {
            Some(Ok(edit)) => targets.push(edit),
            Some(Err(d)) => return Outcome::Failed(d),
            None => return Outcome::NeedsFullBuild,
        }
    }
    if targets.is_empty() {
        return Outcome::NeedsFullBuild;
    }
    // Swap the new sources in, keeping the old ones to put back if rendering fails.
    let mut previous = Vec::new();
    for (page, source) in targets {
        let Some(slot) = source_slot(prepared, page) else {
            return Outcome::NeedsFullBuild;
        };
        previous.push((page, std::mem::replace(slot, source)));
    }
    let pages: Vec<ContractPage> = previous.iter().map(|(p, _)| *p).collect();
    let result = render_pages(prepared, options, &pages);
    if !matches!(result, Outcome::Rendered(_)) {
        for (page, source) in previous {
            if let Some(slot) = source_slot(prepared, page) {
                *slot = source;
            }
        }
    }
    result
}

fn source_slot(prepared: &mut Prepared, page: ContractPage) -> Option<&mut SourceFile> {
    let content = &mut prepared.site.content;
    match page {
        ContractPage::Theme(i) => content.themes.get_mut(i).map(|t| &mut t.source),
        ContractPage::Page(i) => content.pages.get_mut(i).map(|p| &mut p.source),
        ContractPage::ContractIndex => content.contract_intro.as_mut().map(|p| &mut p.source),
        // The home page is reached through its entry in `pages`.
        ContractPage::Home => None,
    }
}

/// The page an edited file renders and its new source, if only its body changed.
fn edit_for(
    prepared: &Prepared,
    root: &Path,
    content_dir: &Path,
    path: &Path,
) -> Option<Result<(ContractPage, SourceFile), Diagnostics>> {
    let rel = path.strip_prefix(content_dir).ok()?;
    if path.extension().is_none_or(|e| e != "md") {
        return None;
    }
    let key = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let text = std::fs::read_to_string(path).ok()?;
    let shown = crate::diagnostic::display_path(root, path);
    let (front, body, front_line_offset, body_line_offset) =
        match content::split_front_matter(&shown, &text) {
            Ok(parts) => parts,
            Err(d) => {
                let mut all = Diagnostics::new();
                all.push(d);
                return Some(Err(all));
            }
        };
    let source = SourceFile {
        path: shown,
        key: key.clone(),
        text,
        front,
        body,
        front_line_offset,
        body_line_offset,
    };
    let c = &prepared.site.content;
    let parse_error = |d| {
        let mut all = Diagnostics::new();
        all.push(d);
        Some(Err(all))
    };
    if let Some(i) = c.themes.iter().position(|t| t.source.key == key) {
        let new: ThemeFront = match parse(&source) {
            Ok(f) => f,
            Err(d) => return parse_error(d),
        };
        return same(&new, &c.themes[i].front).then_some(Ok((ContractPage::Theme(i), source)));
    }
    let (page, old_front) = if let Some(i) = c.pages.iter().position(|p| p.source.key == key) {
        (ContractPage::Page(i), &c.pages[i].front)
    } else if let Some(intro) = c.contract_intro.as_ref().filter(|p| p.source.key == key) {
        (ContractPage::ContractIndex, &intro.front)
    } else {
        // A new file, the observatory introduction, or a draft: let the full build sort it out.
        return None;
    };
    let new: PageFront = match parse(&source) {
        Ok(f) => f,
        Err(d) => return parse_error(d),
    };
    same(&new, old_front).then_some(Ok((page, source)))
}

fn parse<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
) -> Result<T, crate::diagnostic::Diagnostic> {
    let origin = crate::yaml::Origin {
        file: &source.path,
        file_text: &source.text,
        line_offset: source.front_line_offset,
    };
    crate::yaml::parse(source.front_text(), origin)
}

/// Front matter is compared through its serialised form: equal values render equal pages.
fn same<T: serde::Serialize>(a: &T, b: &T) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Renders `pages` into a scratch folder, then moves each file over its published version.
fn render_pages(prepared: &Prepared, options: &BuildOptions, pages: &[ContractPage]) -> Outcome {
    let target = options.output_dir();
    let scratch_root = std::env::temp_dir().join(format!("ensemble-serve-{}", std::process::id()));
    let Ok(scratch) = Output::new(&scratch_root.join("public")) else {
        return Outcome::NeedsFullBuild;
    };
    let shortcodes = crate::observatory::shortcodes::ObservatoryShortcodes::new(
        &prepared.site.observatory,
        &prepared.figures,
    );
    let ctx = RenderContext::new(
        &prepared.site,
        &prepared.shared,
        &prepared.templates,
        &shortcodes,
        &scratch,
    );
    for page in pages {
        crate::render::contract_page(&ctx, *page);
    }
    let mut diagnostics = Diagnostics::new();
    crate::render::finish(&ctx, &mut diagnostics);
    drop(ctx);
    if diagnostics.has_errors() {
        diagnostics.sort();
        scratch.abandon();
        let _ = std::fs::remove_dir_all(&scratch_root);
        return Outcome::Failed(diagnostics);
    }
    let written = scratch.written_paths();
    for rel in &written {
        let to = target.join(rel);
        // Same file system as the output only by chance: copy into a sibling, then rename, so a
        // reader never sees half a page.
        let tmp = to.with_extension("html.serve-tmp");
        let moved = std::fs::copy(scratch.staging_dir().join(rel), &tmp)
            .and_then(|_| std::fs::rename(&tmp, &to));
        if moved.is_err() {
            let _ = std::fs::remove_file(&tmp);
            scratch.abandon();
            let _ = std::fs::remove_dir_all(&scratch_root);
            return Outcome::NeedsFullBuild;
        }
    }
    scratch.abandon();
    let _ = std::fs::remove_dir_all(&scratch_root);
    Outcome::Rendered(written)
}
