//! Tera 2 set-up from the templates the load stage read: theme templates under the `theme/`
//! prefix, the site's own `templates/` without it, so a site file wins over the theme file of
//! the same name and can still extend it (`{% extends "theme/base.html" %}`).

use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::load::theme::{TemplateSource, THEME_PREFIX};
use std::collections::HashMap;
use std::path::PathBuf;

pub struct Templates {
    pub tera: tera::Tera,
    /// Template name → file and text, to turn Tera's errors into `file:line` with the line.
    files: HashMap<String, (PathBuf, String)>,
}

impl Templates {
    /// Compiles `sources`; `None`, with located errors, when one does not compile.
    pub fn new(sources: Vec<TemplateSource>, diagnostics: &mut Diagnostics) -> Option<Templates> {
        let mut tera = tera::Tera::new();
        if let Err(e) = tera.set_fallback_prefixes([THEME_PREFIX]) {
            diagnostics.push(Diagnostic::error("templates", e.to_string()));
            return None;
        }
        tera.autoescape_on([".html", ".xml", ".svg"]);
        tera.set_escape_fn(crate::core::html::write_escaped);
        let files: HashMap<String, (PathBuf, String)> = sources
            .into_iter()
            .map(|s| (s.name, (s.shown, s.text)))
            .collect();
        let mut names: Vec<&String> = files.keys().collect();
        names.sort();
        let mut templates = Templates {
            tera,
            files: HashMap::new(),
        };
        // Each file is added on its own first so a syntax error names its file; inheritance is
        // then resolved on the whole set.
        let mut ok = true;
        for name in &names {
            let mut probe = tera::Tera::new();
            let _ = probe.set_fallback_prefixes([THEME_PREFIX]);
            if let Err(e) = probe.add_raw_template(name, &files[*name].1) {
                if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                    diagnostics.push(diagnostic_in(&files, &e, name));
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        let added = templates
            .tera
            .add_raw_templates(names.iter().map(|n| (n.as_str(), files[*n].1.as_str())));
        templates.files = files;
        if let Err(e) = added {
            diagnostics.push(templates.diagnostic(&e, ""));
            return None;
        }
        Some(templates)
    }

    /// A French, located diagnostic for a Tera error raised while handling `template`.
    pub fn diagnostic(&self, error: &tera::Error, template: &str) -> Diagnostic {
        diagnostic_in(&self.files, error, template)
    }

    /// Every located problem of a failed template set.
    pub fn diagnostics(&self, error: &tera::Error, template: &str) -> Vec<Diagnostic> {
        match error.kind() {
            tera::ErrorKind::Msg(text) => {
                let found = split_reports(&self.files, text);
                if found.is_empty() {
                    vec![self.diagnostic(error, template)]
                } else {
                    found
                }
            }
            _ => vec![self.diagnostic(error, template)],
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.diagnostic(&e, name))
    }
}

type Files = HashMap<String, (PathBuf, String)>;

/// The file a template name comes from, and its text, for messages.
fn file_of<'a>(files: &'a Files, name: &str) -> (PathBuf, Option<&'a str>) {
    match files
        .get(name)
        .or_else(|| files.get(&format!("{THEME_PREFIX}{name}")))
    {
        Some((path, text)) => (path.clone(), Some(text.as_str())),
        None => (PathBuf::from(format!("templates/{name}")), None),
    }
}

/// A located error in the template file `name`, at `line` and `col` when known.
fn located(
    files: &Files,
    name: &str,
    message: String,
    at: Option<(usize, Option<usize>)>,
) -> Diagnostic {
    let (file, text) = file_of(files, name);
    let mut d = Diagnostic::error(file, message);
    if let Some((line, col)) = at {
        d = d.at(line, col);
        if let Some(text) = text {
            d = d.with_source(text);
        }
    }
    d
}

fn diagnostic_in(files: &Files, error: &tera::Error, template: &str) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() { template } else { report.filename() };
            let span = report.span();
            let kind = if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) { "erreur de syntaxe dans le modèle" } else { "erreur en produisant la page" };
            located(files, name, format!("{kind} : {}", report.message()), Some((span.start_line, Some(span.start_col + 1))))
                .hint("corrigez le modèle à cet endroit ; les variables disponibles sont décrites dans le README (section Modèles).")
        }
        tera::ErrorKind::MissingParent { current, parent } => located(files, current, format!("le modèle étend « {parent} », qui n'existe pas"), None)
            .hint("vérifiez le nom dans {% extends \"…\" %} ; les modèles du thème s'appellent theme/nom.html."),
        tera::ErrorKind::TemplateNotFound(name) => located(files, template, format!("modèle « {name} » introuvable"), None)
            .hint("créez ce fichier dans templates/ ou corrigez la clé « modele » de la page."),
        other => {
            let text = other.to_string();
            split_reports(files, &text).into_iter().next().unwrap_or_else(|| located(files, template, format!("erreur de modèle : {text}"), None))
        }
    }
}

/// Tera reports several template errors as one message of `error: …\n --> name:line:col`
/// blocks; each becomes its own located diagnostic.
fn split_reports(files: &Files, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in text.split("error: ").skip(1) {
        let message = block.lines().next().unwrap_or("").trim();
        let Some(location) = block
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = location.rsplitn(3, ':');
        let col = parts.next().and_then(|c| c.trim().parse::<usize>().ok());
        let line = parts.next().and_then(|l| l.trim().parse::<usize>().ok());
        let name = parts.next().unwrap_or(location);
        out.push(
            located(files, name, format!("erreur dans le modèle : {message}"), line.map(|l| (l, col.map(|c| c + 1))))
                .hint("corrigez le modèle à cet endroit ; les variables et filtres disponibles sont décrits dans le README (section Modèles)."),
        );
    }
    out
}

#[cfg(test)]
mod tests {}
