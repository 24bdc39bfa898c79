//! Load stage for Markdown: walks `content/`, splits front matter, and builds the typed pages and
//! contract themes. Nothing here renders; every problem becomes a located diagnostic.

use crate::core::diagnostic::{display_path, Diagnostic, Diagnostics};
use crate::core::slug::slug_of;
use crate::load::front_matter::split_front_matter;
use crate::load::yaml;
use crate::model::contract::{Content, Page, PageFront, PageKind, SourceFile, Theme, ThemeFront};
use crate::model::results::RESULTS_DIR;
use std::path::{Path, PathBuf};

/// The folder of contract themes, one Markdown file per theme.
pub const THEMES_DIR: &str = "engagements";
/// Data of the charges observatory; Markdown there is the observatory's introduction.
pub const OBSERVATORY_DIR: &str = "observatoire";

/// Reads every Markdown file under `root/content`, in a stable order.
pub fn load(root: &Path, include_drafts: bool, diagnostics: &mut Diagnostics) -> Content {
    let content_dir = root.join("content");
    let mut problems = Vec::new();
    let mut files: Vec<PathBuf> = crate::load::files::walk(root, &content_dir, &mut problems)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    diagnostics.extend(problems);
    files.sort();

    let mut content = Content::default();
    for abs in files {
        let source = match source_file(root, &abs) {
            Ok(s) => s,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        let before = diagnostics.error_count();
        let key = source.key.clone();
        classify(source, include_drafts, &mut content, diagnostics);
        if diagnostics.error_count() > before {
            let path = address(&key, None)
                .map(|(_, path)| path)
                .unwrap_or_default();
            content.failed.push((key.clone(), path));
        }
    }
    content
        .themes
        .sort_by(|a, b| (a.front.ordre, &a.slug).cmp(&(b.front.ordre, &b.slug)));
    content
}

/// Reads the Markdown file `abs` (under `root/content`) and splits its front matter.
pub fn source_file(root: &Path, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let content_dir = root.join("content");
    let path = display_path(root, abs);
    let key = abs
        .strip_prefix(&content_dir)
        .unwrap_or(abs)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let text = crate::load::files::read_text(abs, &path)?;
    let (front, body, front_line_offset, body_line_offset) = split_front_matter(&path, &text)?;
    Ok(SourceFile {
        path,
        key,
        text,
        front,
        body,
        front_line_offset,
        body_line_offset,
    })
}

/// `d` located at the front matter key `path` of `source`, when it is written there.
pub fn at_front_key(d: Diagnostic, source: &SourceFile, path: &str) -> Diagnostic {
    match crate::load::key_lines::position(source.front_text(), path) {
        Some((line, column)) => d
            .at(line + source.front_line_offset, Some(column))
            .with_source(&source.text),
        None => d,
    }
}

/// Parses the front matter of `source` as `T`.
pub fn parse_front<T: serde::de::DeserializeOwned>(
    source: &SourceFile,
) -> Result<T, Vec<Diagnostic>> {
    let origin = yaml::Origin {
        file: &source.path,
        file_text: &source.text,
        line_offset: source.front_line_offset,
    };
    yaml::parse_all(source.front_text(), origin)
}

/// File stem without a leading `NN-` ordering prefix: `01-accueil` → `accueil`.
fn stem_slug(key: &str) -> Option<String> {
    let stem = key
        .rsplit('/')
        .next()
        .unwrap_or(key)
        .trim_end_matches(".md");
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let trimmed = if trimmed.len() < stem.len() {
        trimmed.trim_start_matches(['-', '_'])
    } else {
        stem
    };
    slug_of(if trimmed.is_empty() { stem } else { trimmed })
}

/// The short lines of a theme on the contract poster: one line each, short enough to be read
/// from a metre.
fn check_poster_lines(source: &SourceFile, front: &ThemeFront, diagnostics: &mut Diagnostics) {
    use crate::model::contract::POSTER_LINE_MAX;
    for (key, value) in [
        ("affiche_bailleur", &front.affiche_bailleur),
        ("affiche_locataire", &front.affiche_locataire),
    ] {
        let Some(text) = value.as_deref() else {
            continue;
        };
        let length = text.trim().chars().count();
        let problem = if length == 0 {
            Some((
                format!("« {key} » est vide"),
                format!("écrivez la ligne de ce thème pour l’affiche du contrat, ou retirez « {key} » : l’affiche raccourcira alors le premier engagement marqué « affiche: true »."),
            ))
        } else if text.trim().contains('\n') {
            Some((
                format!("« {key} » tient sur plusieurs lignes"),
                "une seule phrase courte sur une ligne : c’est ce qu’on lit de loin sur l’affiche du contrat.".to_string(),
            ))
        } else if length > POSTER_LINE_MAX {
            Some((
                format!("« {key} » fait {length} caractères, plus que les {POSTER_LINE_MAX} qu’une affiche lit de loin"),
                format!("raccourcissez cette ligne à {POSTER_LINE_MAX} caractères au plus, par exemple « Nous répondons sous 48 h. » : le texte complet reste sur le site, par le code QR de l’affiche."),
            ))
        } else {
            None
        };
        if let Some((message, hint)) = problem {
            let d = Diagnostic::error(&source.path, message).hint(hint);
            diagnostics.push(at_front_key(d, source, key));
        }
    }
}

fn classify(
    source: SourceFile,
    include_drafts: bool,
    content: &mut Content,
    diagnostics: &mut Diagnostics,
) {
    let key = source.key.clone();
    let parts: Vec<&str> = key.split('/').collect();
    let file_name = *parts.last().unwrap_or(&"");
    let dirs = &parts[..parts.len() - 1];

    if dirs.first() == Some(&THEMES_DIR) && dirs.len() == 1 && file_name != "_index.md" {
        let front: ThemeFront = match parse_front(&source) {
            Ok(f) => f,
            Err(list) => return diagnostics.extend(list),
        };
        if front.brouillon && !include_drafts {
            return;
        }
        let Some((slug, path)) = checked_address(&source, front.slug.as_deref(), diagnostics)
        else {
            return;
        };
        if front.engagements_bailleur.is_empty() {
            let d = Diagnostic::error(
                &source.path,
                "aucun engagement du bailleur : un thème du contrat engage les deux parties",
            )
            .hint("ajoutez au moins un élément « - texte: … » sous engagements_bailleur.");
            diagnostics.push(at_front_key(d, &source, "engagements_bailleur"));
        }
        check_poster_lines(&source, &front, diagnostics);
        content.themes.push(Theme {
            source,
            front,
            slug,
            path,
        });
        return;
    }

    let front: PageFront = match parse_front(&source) {
        Ok(f) => f,
        Err(list) => return diagnostics.extend(list),
    };
    if front.brouillon && !include_drafts {
        return;
    }
    let kind = match (file_name, dirs.is_empty()) {
        ("_index.md", true) => PageKind::Home,
        ("_index.md", false) => PageKind::Section,
        _ => PageKind::Page,
    };
    let Some((slug, path)) = checked_address(
        &source,
        front.slug.as_deref().filter(|_| kind == PageKind::Page),
        diagnostics,
    ) else {
        return;
    };
    let listing = kind == PageKind::Section && !matches!(dirs, [THEMES_DIR] | [OBSERVATORY_DIR]);
    check_page_front(
        &source,
        &front,
        (listing, file_name == "_index.md"),
        diagnostics,
    );
    let page = Page {
        source,
        front,
        kind,
        slug,
        path,
    };
    match (dirs.first().copied(), kind) {
        (Some(THEMES_DIR), PageKind::Section) if dirs.len() == 1 => content.contract_intro = Some(page),
        (Some(OBSERVATORY_DIR), PageKind::Section) if dirs.len() == 1 => content.observatory_intro = Some(page),
        (Some(RESULTS_DIR), PageKind::Section) if dirs.len() == 1 => content.results_intro = Some(page),
        (Some(RESULTS_DIR), PageKind::Page) if dirs.len() == 1 => content.results_texts.push(page),
        (Some(RESULTS_DIR), _) => diagnostics.push(
            Diagnostic::error(&page.source.path, "seuls _index.md et les textes AAAA.md sont permis en Markdown dans content/resultats/")
                .hint("placez cette page ailleurs dans content/ : le dossier resultats/ contient les résultats de chaque année."),
        ),
        (Some(OBSERVATORY_DIR), _) => diagnostics.push(
            Diagnostic::error(&page.source.path, "seul _index.md est permis en Markdown dans content/observatoire/")
                .hint("placez cette page ailleurs dans content/ : le dossier observatoire/ contient les données des charges."),
        ),
        _ => content.pages.push(page),
    }
}

/// The keys of a free page's front matter that serde cannot check: a real `date`, and `par_page`
/// and `flux` only where a list of pages is made (`listing`: a section's `_index.md`, not the
/// home page's, the contract's or the observatory's, which have pages of their own).
fn check_page_front(
    source: &SourceFile,
    front: &PageFront,
    (listing, index): (bool, bool),
    diagnostics: &mut Diagnostics,
) {
    if let Some(date) = front.date.as_deref() {
        if crate::core::typography::iso_date(date).is_none() {
            let d = Diagnostic::error(
                &source.path,
                format!("date « {} » invalide : ce n'est pas une date du calendrier écrite AAAA-MM-JJ", crate::core::link::shown(date)),
            )
            .hint("écrivez l'année, le mois et le jour avec des tirets, par exemple « date: 2026-03-12 » pour le 12 mars 2026.");
            diagnostics.push(at_front_key(d, source, "date"));
        }
    }
    let misplaced = [("par_page", front.par_page.is_some()), ("flux", front.flux)];
    for (key, _) in misplaced.iter().filter(|(_, set)| *set && !listing) {
        let d = if index {
            Diagnostic::error(
                &source.path,
                format!("« {key} » est sans effet ici : l'accueil, le contrat et l'observatoire ont leurs propres pages, qui ne listent pas les pages de leur dossier"),
            )
            .hint("retirez la clé ; une liste de pages se fait dans une rubrique, un autre dossier de content/ avec un fichier _index.md (par exemple content/actualites/_index.md).")
        } else {
            Diagnostic::error(
                &source.path,
                format!("« {key} » n'a de sens que dans le fichier _index.md d'une rubrique"),
            )
            .hint("une rubrique est un dossier de content/ avec un fichier _index.md, qui liste les pages du dossier (par exemple content/actualites/_index.md) ; retirez la clé ici ou déplacez-la dans ce fichier.")
        };
        diagnostics.push(at_front_key(d, source, key));
    }
    if let Some(n) = front.par_page.filter(|n| *n < 1 && listing) {
        let d = Diagnostic::error(
            &source.path,
            format!("par_page vaut {n} : le nombre de pages listées sur chaque page de la rubrique doit être un entier d’au moins 1"),
        )
        .hint("écrivez par exemple « par_page: 10 », ou retirez la clé pour 10 pages par page.");
        diagnostics.push(at_front_key(d, source, "par_page"));
    }
}

/// Why a file gets no address: a name (the front matter's `slug:`, or a file or folder name)
/// with no letter or digit to make one of. Such a file is never rendered: `..` or an empty slug
/// must not land at a shared name such as `section/`.
enum NoAddress {
    Slug,
    Name(String),
}

/// The slug and site-relative output path of the file at `key` (path under `content/`), with
/// the front matter's `slug:` when it has one. Folders become path segments; `_index.md` is its
/// folder's page.
fn address(key: &str, slug: Option<&str>) -> Result<(String, String), NoAddress> {
    let parts: Vec<&str> = key.split('/').collect();
    let (file, dirs) = parts.split_last().unwrap_or((&"", &[]));
    let mut segments = Vec::with_capacity(dirs.len() + 1);
    for dir in dirs {
        segments.push(slug_of(dir).ok_or_else(|| NoAddress::Name(dir.to_string()))?);
    }
    let slug = if *file == "_index.md" {
        segments.last().cloned().unwrap_or_default()
    } else {
        let slug = match slug {
            Some(s) => slug_of(s).ok_or(NoAddress::Slug)?,
            None => stem_slug(key).ok_or_else(|| NoAddress::Name(file.to_string()))?,
        };
        segments.push(slug.clone());
        slug
    };
    let path = if segments.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", segments.join("/"))
    };
    Ok((slug, path))
}

/// The address of `source`, or an error located at its `slug:` key or naming the file.
fn checked_address(
    source: &SourceFile,
    slug: Option<&str>,
    diagnostics: &mut Diagnostics,
) -> Option<(String, String)> {
    match address(&source.key, slug) {
        Ok(found) => Some(found),
        Err(NoAddress::Slug) => {
            let slug = slug.unwrap_or("");
            let what = if slug.trim().is_empty() {
                "slug vide".to_string()
            } else {
                format!("slug « {} » invalide", crate::core::link::shown(slug))
            };
            let d = Diagnostic::error(
                &source.path,
                format!("{what} : il ne donne aucune adresse de page"),
            )
            .hint("un slug s'écrit avec des lettres, des chiffres et des tirets, par exemple « slug: geste-commercial » ; retirez la clé pour reprendre le nom du fichier.");
            diagnostics.push(at_front_key(d, source, "slug"));
            None
        }
        Err(NoAddress::Name(name)) => {
            diagnostics.push(
                Diagnostic::error(
                    &source.path,
                    format!("le nom « {} » ne donne aucune adresse de page", crate::core::link::shown(&name)),
                )
                .hint("renommez le fichier ou le dossier avec des lettres ou des chiffres, ou donnez à la page une clé « slug: »."),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_offsets_point_at_real_lines() {
        let text = "---\ntitre: a\n---\n\nCorps\n";
        let (front, body, fo, bo) = split_front_matter(Path::new("x.md"), text).unwrap();
        assert_eq!(&text[front], "titre: a\n");
        assert_eq!(&text[body], "\nCorps\n");
        assert_eq!(fo, 1);
        assert_eq!(bo, 3);
    }

    #[test]
    fn missing_front_matter_is_explained() {
        let d = split_front_matter(Path::new("x.md"), "# Titre\n").unwrap_err();
        assert_eq!(d.line, Some(1));
        let d = split_front_matter(Path::new("x.md"), "---\ntitre: a\n").unwrap_err();
        assert!(d.message.contains("non fermé"));
    }

    #[test]
    fn every_kind_of_file_gets_its_address() {
        let a = |key, slug| address(key, slug).ok().unwrap();
        assert_eq!(a("_index.md", None), (String::new(), "index.html".into()));
        assert_eq!(
            a("Guides/_index.md", None),
            ("guides".into(), "guides/index.html".into())
        );
        assert_eq!(
            a("Guides/02-Été.md", None),
            ("ete".into(), "guides/ete/index.html".into())
        );
        assert_eq!(
            a("geste.md", Some("Le geste")),
            ("le-geste".into(), "le-geste/index.html".into())
        );
        assert_eq!(
            a("engagements/01-accueil.md", None),
            ("accueil".into(), "engagements/accueil/index.html".into())
        );
    }

    #[test]
    fn names_without_letters_get_no_address() {
        assert!(matches!(address("a.md", Some("..")), Err(NoAddress::Slug)));
        assert!(matches!(address("a.md", Some("")), Err(NoAddress::Slug)));
        assert!(matches!(address("???/a.md", None), Err(NoAddress::Name(_))));
        assert!(matches!(address("!!.md", None), Err(NoAddress::Name(_))));
    }

    #[test]
    fn ordering_prefix_is_not_part_of_the_slug() {
        assert_eq!(stem_slug("engagements/01-accueil.md").unwrap(), "accueil");
        assert_eq!(stem_slug("2025.md").unwrap(), "2025");
        assert_eq!(
            stem_slug("mentions-legales.md").unwrap(),
            "mentions-legales"
        );
        assert_eq!(stem_slug("---.md"), None);
    }
}
