//! One output path, one source. Before anything is rendered, every file the build will write is
//! claimed by what produces it: ensemble's own pages and files (the home page, the contract, the
//! observatory, the posters, the data files, the sitemap…, see
//! [`paths::generated_files`]), each residence and commune, each theme and page of `content/`,
//! each file of `static/`. Two claims on one path, or a file where another claim needs a folder
//! (`static/residences` against `residences/…`), are an error naming both: otherwise the last
//! writer would win, silently and in no fixed order.
//!
//! Claims are made in that order, so the error goes to the later one, the file an author can
//! change: a page with `slug: engagements` is told that the contract's page has that address.

use crate::core::diagnostic::Diagnostic;
use crate::core::paths;
use crate::core::slug::slugify;
use crate::load::content::at_front_key;
use crate::load::theme::ThemeFile;
use crate::model::contract::{PageKind, SourceFile};
use crate::model::observatory::DATA_DIR;
use crate::model::site::Site;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// What produces a file of the output.
enum Owner<'a> {
    Generated(&'static str),
    Residence(&'a str),
    Commune(&'a str),
    /// A theme or a page of `content/`, and whether its address comes from a `slug:` key.
    Source(&'a SourceFile, bool),
    Static(&'a Path),
}

impl Owner<'_> {
    /// The owner, as a message names it.
    fn describe(&self) -> String {
        let residences = || format!("{DATA_DIR}/residences.yaml");
        match self {
            Owner::Generated(what) => format!("{what}, que produit ensemble"),
            Owner::Residence(id) => format!("la résidence « {id} » de {}", residences()),
            Owner::Commune(name) => format!("la commune « {name} » de {}", residences()),
            Owner::Source(source, _) => format!("la page de {}", source.path.display()),
            Owner::Static(file) => format!("le fichier statique {}", file.display()),
        }
    }
}

/// What the check found: every collision as an error, and the static files that must not be
/// copied (each lost a collision, and writing it would only fail again or overwrite a page).
pub struct Collisions {
    pub diagnostics: Vec<Diagnostic>,
    pub refused_static: HashSet<String>,
}

/// Every collision between the files of the site's build.
pub fn check(site: &Site, static_files: &[ThemeFile]) -> Collisions {
    let mut claims: Vec<(String, Owner<'_>)> = Vec::new();
    let observatory = &site.observatory;
    let with_observatory = !observatory.is_empty();
    for (path, what) in paths::generated_files(with_observatory) {
        claims.push((path, Owner::Generated(what)));
    }
    if site.config.contrat.is_some() {
        claims.push((
            paths::HISTORY_PATH.to_string(),
            Owner::Generated("l'historique des versions du contrat"),
        ));
    }
    if with_observatory {
        for r in &observatory.residences {
            for path in [
                paths::residence_path(&r.id),
                paths::poster_path(&r.id),
                paths::poster_pdf_path(&r.id),
            ] {
                claims.push((path, Owner::Residence(&r.id)));
            }
        }
        // One page per commune slug: two spellings of one commune are load's to report.
        let mut communes = HashSet::new();
        for r in &observatory.residences {
            let slug = slugify(&r.commune);
            if communes.insert(slug.clone()) {
                claims.push((paths::commune_path(&slug), Owner::Commune(r.commune.trim())));
            }
        }
    }
    if !site.results.is_empty() {
        claims.push((
            paths::RESULTS_PATH.into(),
            Owner::Generated("la page des résultats du contrat"),
        ));
        claims.push((
            paths::RESULTS_CSV_PATH.into(),
            Owner::Generated("les données resultats.csv"),
        ));
        claims.push((
            paths::RESULTS_JSON_PATH.into(),
            Owner::Generated("les données resultats.json"),
        ));
        for y in &site.results.years {
            claims.push((
                paths::results_year_path(y.year),
                Owner::Generated("une page des résultats d'une année"),
            ));
        }
    }
    let content = &site.content;
    for t in &content.themes {
        claims.push((
            t.path.clone(),
            Owner::Source(&t.source, t.front.slug.is_some()),
        ));
    }
    for p in content.pages.iter().filter(|p| p.kind != PageKind::Home) {
        let by_slug = p.kind == PageKind::Page && p.front.slug.is_some();
        claims.push((p.path.clone(), Owner::Source(&p.source, by_slug)));
    }
    for section in crate::derive::sections::sections(content) {
        let index = &content.pages[section.page];
        let mut extra = section.list_paths(content).split_off(1);
        if section.feed {
            extra.push(paths::feed_path(&index.path));
        }
        for path in extra {
            claims.push((path, Owner::Source(&index.source, false)));
        }
    }
    for f in static_files {
        claims.push((f.rel.clone(), Owner::Static(&f.shown)));
    }
    let mut refused_static = HashSet::new();
    let mut diagnostics = Vec::new();
    for (i, first) in collisions(&claims) {
        let (path, owner) = &claims[i];
        if matches!(owner, Owner::Static(_)) {
            refused_static.insert(path.clone());
        }
        let (first_path, first_owner) = &claims[first];
        diagnostics.push(diagnostic(path, owner, first_path, first_owner));
    }
    Collisions {
        diagnostics,
        refused_static,
    }
}

/// Each claim that collides with an earlier one, with that earlier one (indices in `claims`).
fn collisions(claims: &[(String, Owner<'_>)]) -> Vec<(usize, usize)> {
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (i, (path, _)) in claims.iter().enumerate() {
        match clash(&taken, path) {
            Some(first) => out.push((i, first)),
            None => {
                taken.insert(path, i);
            }
        }
    }
    out
}

/// The earlier claim `path` collides with: the same path, or one of the two would be a file
/// where the other needs a folder.
fn clash(taken: &BTreeMap<&str, usize>, path: &str) -> Option<usize> {
    if let Some(&first) = taken.get(path) {
        return Some(first);
    }
    // An earlier file where this path needs a folder…
    let mut end = 0;
    while let Some(slash) = path[end..].find('/') {
        end += slash;
        if let Some(&first) = taken.get(&path[..end]) {
            return Some(first);
        }
        end += 1;
    }
    // …or earlier files inside a folder that this path would make a file.
    let folder = format!("{path}/");
    taken
        .range(folder.as_str()..)
        .next()
        .filter(|(p, _)| p.starts_with(&folder))
        .map(|(_, &first)| first)
}

fn diagnostic(path: &str, owner: &Owner<'_>, first_path: &str, first: &Owner<'_>) -> Diagnostic {
    let taken = if first_path == path {
        format!("déjà prise par {}", first.describe())
    } else if first_path.starts_with(&format!("{path}/")) {
        format!(
            "qui doit être un dossier : il contient {first_path}, {}",
            first.describe()
        )
    } else {
        format!(
            "mais {first_path} est déjà un fichier : {}",
            first.describe()
        )
    };
    let message = |what: &str| format!("{what} aurait l'adresse {path}, {taken}");
    match owner {
        Owner::Source(source, by_slug) => {
            let hint = if path == paths::OBSERVATORY_PATH {
                "l'introduction de l'observatoire s'écrit dans content/observatoire/_index.md."
            } else if *by_slug {
                "choisissez une autre valeur pour la clé « slug: »."
            } else {
                "renommez le fichier, ou donnez à la page une clé « slug: » différente."
            };
            let d = Diagnostic::error(&source.path, message("cette page")).hint(hint);
            if *by_slug {
                at_front_key(d, source, "slug")
            } else {
                d
            }
        }
        Owner::Static(file) => Diagnostic::error(*file, message("ce fichier statique"))
            .hint("renommez-le ou rangez-le dans un autre dossier de static/ : un fichier statique ne remplace pas un fichier produit."),
        Owner::Residence(id) => Diagnostic::error(
            PathBuf::from(format!("{DATA_DIR}/residences.yaml")),
            message(&format!("la résidence « {id} »")),
        )
        .hint("donnez-lui un autre identifiant."),
        Owner::Commune(name) => Diagnostic::error(
            PathBuf::from(format!("{DATA_DIR}/residences.yaml")),
            message(&format!("la commune « {name} »")),
        )
        .hint("vérifiez le nom de la commune."),
        Owner::Generated(what) => Diagnostic::error(path, message(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths_of(claims: &[&str]) -> Vec<String> {
        let claims: Vec<(String, Owner<'_>)> = claims
            .iter()
            .map(|p| (p.to_string(), Owner::Generated("x")))
            .collect();
        collisions(&claims)
            .into_iter()
            .map(|(i, _)| claims[i].0.clone())
            .collect()
    }

    #[test]
    fn one_path_one_source_and_no_file_where_a_folder_is_needed() {
        assert!(paths_of(&["a/index.html", "b/index.html", "a/b/index.html"]).is_empty());
        assert_eq!(
            paths_of(&["a/index.html", "a/index.html"]),
            ["a/index.html"]
        );
        assert_eq!(
            paths_of(&["residences/x/index.html", "residences"]),
            ["residences"]
        );
        assert_eq!(
            paths_of(&["residences", "residences/x/index.html"]),
            ["residences/x/index.html"]
        );
        assert!(paths_of(&["residences-x", "residences/x"]).is_empty());
    }
}
