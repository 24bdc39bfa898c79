//! Incremental rebuilds for `serve`: when the only change is the Markdown body of contract pages,
//! re-render just those pages from the site kept in memory instead of building everything.
//!
//! An edit of the observatory's data only (`content/observatoire/**.yaml`) reads the observatory
//! again, derives again what follows from it and renders the site over the published output:
//! a page whose fingerprint did not change is not rendered, and only the files whose bytes
//! changed are replaced ([`crate::write::update`]).
//!
//! Anything else that could change another page — front matter (titles feed menus, commitments
//! feed posters), a new or deleted file, templates, configuration — asks for a full build.

use crate::core::diagnostic::Diagnostics;
use crate::load::content;
use crate::model::contract::{PageFront, SourceFile, ThemeFront};
use crate::model::observatory::Observatory;
use crate::pipeline::{BuildOptions, Prepared};
use crate::render::context::RenderContext;
use crate::render::contract::{self, ContractPage};
use crate::render::Part;
use crate::write::memory::{self, MemorySink};
use crate::write::update::Update;
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum Outcome {
    /// These pages were re-rendered and replaced in the output.
    Rendered(Vec<String>),
    /// These pages were replaced after a data edit; the data files follow ([`data_files`]).
    PagesFirst(Vec<String>),
    /// The pages and posters of the residences a data edit changed were replaced; the other
    /// pages follow ([`other_pages`]), then the data files.
    ResidencesFirst(Vec<String>),
    /// The change reaches beyond page bodies: build everything.
    NeedsFullBuild,
    /// The edited page has errors; the output keeps its previous version.
    Failed(Diagnostics),
}

/// Tries to apply `changed` (absolute paths) to `prepared` by re-rendering single pages.
pub fn apply(prepared: &mut Prepared, options: &BuildOptions, changed: &[PathBuf]) -> Outcome {
    let data_dir = options.root.join(crate::model::observatory::DATA_DIR);
    let data_only = !changed.is_empty()
        && changed
            .iter()
            .all(|p| p.starts_with(&data_dir) && p.extension().is_some_and(|e| e == "yaml"));
    if data_only {
        return apply_data(prepared, options);
    }
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

/// Reads the observatory again and updates the published pages with what changed; the data
/// files, which take longer and are downloads rather than pages, are left to [`data_files`].
///
/// The residences whose own data changed come first: their page and poster are what the
/// author looks at after the edit, and at 2,000 residences they are in place in a fifth of the
/// time the whole pass takes ([`Outcome::ResidencesFirst`]). A residence page is rendered with
/// the new figures of every residence, so it is final; only the pages that compare it with
/// others wait for [`other_pages`].
fn apply_data(prepared: &mut Prepared, options: &BuildOptions) -> Outcome {
    let previous = match crate::pipeline::reload_observatory(prepared, options) {
        None => return Outcome::NeedsFullBuild,
        Some(Err(errors)) => return Outcome::Failed(errors),
        Some(Ok((_warnings, previous))) => previous,
    };
    let changed = changed_residences(&previous, &prepared.site.observatory);
    if !changed.is_empty() && changed.len() <= FIRST_AT_MOST {
        match update_residences(prepared, options, &changed) {
            Outcome::Rendered(files) => return Outcome::ResidencesFirst(files),
            Outcome::Failed(d) => return Outcome::Failed(d),
            _ => {}
        }
    }
    other_pages(prepared, options)
}

/// An edit of more residences than this (a whole year file replaced, say) goes in one pass:
/// putting hundreds of pages first would not make any of them come sooner.
const FIRST_AT_MOST: usize = 50;

/// The indices of the residences that are new in `now` or whose line of `residences.yaml` or
/// years of charges differ from `before`'s.
fn changed_residences(before: &Observatory, now: &Observatory) -> Vec<usize> {
    use rayon::prelude::*;
    (0..now.residences.len())
        .into_par_iter()
        .filter(|&i| {
            let Some(&old) = before.index.get(&now.residences[i].id) else {
                return true;
            };
            before.charges.get(old) != now.charges.get(i)
                || before.residences.get(old) != Some(&now.residences[i])
        })
        .collect()
}

/// After [`Outcome::ResidencesFirst`], or for a data edit that changed no residence's own data:
/// every page, over the published output (the pages already replaced are found unchanged).
pub fn other_pages(prepared: &Prepared, options: &BuildOptions) -> Outcome {
    match update(prepared, options, Part::Pages) {
        Outcome::Rendered(files) => Outcome::PagesFirst(files),
        other => other,
    }
}

/// Renders the page and poster of the residences at `indices` over the published output and
/// replaces those that changed.
fn update_residences(prepared: &Prepared, options: &BuildOptions, indices: &[usize]) -> Outcome {
    let update = Update::new(&options.output_dir());
    let ctx = prepared.render_context(&update, None);
    crate::render::observatory::residence_pages(&ctx, indices);
    if let Some(failed) = finish(ctx) {
        return failed;
    }
    // Every other file of the output stays as it is, for the next pass to update.
    match update.publish(|_| true) {
        Ok(Some(files)) => Outcome::Rendered(files),
        Ok(None) | Err(_) => Outcome::NeedsFullBuild,
    }
}

/// After [`Outcome::PagesFirst`]: the observatory's data files, updated in the same way.
pub fn data_files(prepared: &Prepared, options: &BuildOptions) -> Outcome {
    update(prepared, options, Part::Data)
}

/// The data files of the observatory (`donnees/`): [`Part::Data`] writes them, and only them.
fn is_data_file(path: &str) -> bool {
    use crate::core::paths::*;
    [
        CSV_PATH,
        RESIDENCES_CSV_PATH,
        JSON_PATH,
        CHIFFRES_CSV_PATH,
        ODS_PATH,
        CHARGES_SCHEMA_PATH,
        RESIDENCES_SCHEMA_PATH,
        CHIFFRES_SCHEMA_PATH,
    ]
    .contains(&path)
}

/// Ends a render (link check, collected problems): `Some(Outcome::Failed)` with the sorted
/// errors when there are any, and then nothing is to be published.
fn finish(ctx: RenderContext<'_>) -> Option<Outcome> {
    let mut diagnostics = Diagnostics::new();
    crate::render::finish(&ctx, &mut diagnostics);
    diagnostics.has_errors().then(|| {
        diagnostics.sort();
        Outcome::Failed(diagnostics)
    })
}

/// Renders `which` part of the site over the published output and replaces what changed.
fn update(prepared: &Prepared, options: &BuildOptions, which: Part) -> Outcome {
    let update = Update::new(&options.output_dir());
    let ctx = prepared.render_context(&update, None);
    crate::render::part(&ctx, &prepared.static_files, which);
    if let Some(failed) = finish(ctx) {
        return failed;
    }
    let published = match which {
        Part::Data => update.publish(|p| !is_data_file(p)),
        _ => update.publish(is_data_file),
    };
    match published {
        Ok(Some(files)) => Outcome::Rendered(files),
        Ok(None) | Err(_) => Outcome::NeedsFullBuild,
    }
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
    if !path.starts_with(content_dir)
        || path.extension().is_none_or(|e| e != "md")
        || !path.is_file()
        || crate::load::files::check(root, path).is_err()
    {
        // A full build reports what is wrong with the file.
        return None;
    }
    let source = match content::source_file(root, path) {
        Ok(s) => s,
        Err(d) => {
            let mut all = Diagnostics::new();
            all.push(d);
            return Some(Err(all));
        }
    };
    let key = source.key.clone();
    let c = &prepared.site.content;
    let parse_error = |list: Vec<crate::core::diagnostic::Diagnostic>| {
        let mut all = Diagnostics::new();
        all.extend(list);
        Some(Err(all))
    };
    if let Some(i) = c.themes.iter().position(|t| t.source.key == key) {
        let new: ThemeFront = match content::parse_front(&source) {
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
    let new: PageFront = match content::parse_front(&source) {
        Ok(f) => f,
        Err(d) => return parse_error(d),
    };
    same(&new, old_front).then_some(Ok((page, source)))
}

/// Front matter is compared through its serialised form: equal values render equal pages.
fn same<T: serde::Serialize>(a: &T, b: &T) -> bool {
    match (serde_json::to_value(a), serde_json::to_value(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Renders `pages` in memory, then replaces each published file, one at a time.
fn render_pages(prepared: &Prepared, options: &BuildOptions, pages: &[ContractPage]) -> Outcome {
    let rendered = MemorySink::default();
    let ctx = prepared.render_context(&rendered, None);
    for page in pages {
        contract::contract_page(&ctx, *page);
    }
    if let Some(failed) = finish(ctx) {
        return failed;
    }
    let files = rendered.into_files();
    match memory::replace_files(&options.output_dir(), &files) {
        Ok(()) => Outcome::Rendered(files.into_iter().map(|(p, _)| p).collect()),
        Err(_) => Outcome::NeedsFullBuild,
    }
}
