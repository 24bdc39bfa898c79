//! Tera 2 set-up: theme templates under the `theme/` prefix, the site's own `templates/` without
//! it, so a site file wins over the theme file of the same name and can still extend it
//! (`{% extends "theme/base.html" %}`).

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const THEME_PREFIX: &str = "theme/";

pub struct Templates {
    pub tera: tera::Tera,
    /// Template name → file, to turn Tera's errors into `file:line`.
    files: HashMap<String, PathBuf>,
}

impl Templates {
    /// Loads `themes/<theme>/templates/**` then `templates/**` under `root`.
    pub fn load(root: &Path, theme: &str, diagnostics: &mut Diagnostics) -> Option<Templates> {
        if !crate::theme::exists(root, theme) {
            diagnostics.push(
                Diagnostic::error(crate::config::CONFIG_FILE, format!("thème « {theme} » introuvable : le dossier themes/{theme}/ n'existe pas"))
                    .hint("indiquez « theme: default » dans content/site.yaml (thème intégré), ou créez ce dossier."),
            );
            return None;
        }
        let mut tera = tera::Tera::new();
        if let Err(e) = tera.set_fallback_prefixes([THEME_PREFIX]) {
            diagnostics.push(Diagnostic::error("templates", e.to_string()));
            return None;
        }
        tera.autoescape_on([".html", ".xml", ".svg"]);
        let mut files = HashMap::new();
        let mut sources: Vec<(String, String)> = Vec::new();
        let theme_files = match crate::theme::files(root, theme, "templates") {
            Ok(f) => f,
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    format!("themes/{theme}/templates"),
                    format!("lecture impossible : {e}"),
                ));
                return None;
            }
        };
        let mut site_files = Vec::new();
        let site_dir = root.join("templates");
        if site_dir.is_dir() {
            for entry in walkdir::WalkDir::new(&site_dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(&site_dir).unwrap_or(entry.path());
                    let shown = crate::diagnostic::display_path(root, entry.path());
                    match std::fs::read(entry.path()) {
                        Ok(bytes) => site_files.push(crate::theme::ThemeFile {
                            rel: rel.to_string_lossy().replace('\\', "/"),
                            bytes,
                            shown,
                        }),
                        Err(e) => diagnostics
                            .push(Diagnostic::error(shown, format!("modèle illisible : {e}"))),
                    }
                }
            }
        }
        for (list, prefix) in [(theme_files, THEME_PREFIX), (site_files, "")] {
            for file in list {
                let name = format!("{prefix}{}", file.rel);
                match String::from_utf8(file.bytes) {
                    Ok(text) => {
                        files.insert(name.clone(), file.shown);
                        sources.push((name, text));
                    }
                    Err(_) => diagnostics.push(Diagnostic::error(
                        file.shown,
                        "modèle illisible : le fichier n'est pas en UTF-8",
                    )),
                }
            }
        }
        let mut templates = Templates { tera, files };
        // Each file is added on its own first so a syntax error names its file; inheritance is
        // then resolved on the whole set.
        let mut ok = true;
        for (name, text) in &sources {
            let mut probe = tera::Tera::new();
            let _ = probe.set_fallback_prefixes([THEME_PREFIX]);
            if let Err(e) = probe.add_raw_template(name, text) {
                if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                    diagnostics.push(templates.diagnostic(&e, name));
                    ok = false;
                }
            }
        }
        if !ok {
            return None;
        }
        if let Err(e) = templates
            .tera
            .add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            diagnostics.push(templates.diagnostic(&e, ""));
            return None;
        }
        Some(templates)
    }

    /// The file a template name comes from, for messages.
    pub fn file_of(&self, name: &str) -> PathBuf {
        self.files
            .get(name)
            .or_else(|| self.files.get(&format!("{THEME_PREFIX}{name}")))
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    }

    /// A French, located diagnostic for a Tera error raised while handling `template`.
    pub fn diagnostic(&self, error: &tera::Error, template: &str) -> Diagnostic {
        match error.kind() {
            tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
                let name = if report.filename().is_empty() { template } else { report.filename() };
                let file = self.file_of(name);
                let span = report.span();
                let kind = if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) { "erreur de syntaxe dans le modèle" } else { "erreur en produisant la page" };
                let source = std::fs::read_to_string(&file).ok();
                let mut d = Diagnostic::error(file, format!("{kind} : {}", report.message()))
                    .at(span.start_line, Some(span.start_col + 1))
                    .hint("corrigez le modèle à cet endroit ; les variables disponibles sont décrites dans le README (section Modèles).");
                if let Some(src) = source {
                    d = d.with_source(&src);
                }
                d
            }
            tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(self.file_of(current), format!("le modèle étend « {parent} », qui n'existe pas"))
                .hint("vérifiez le nom dans {% extends \"…\" %} ; les modèles du thème s'appellent theme/nom.html."),
            tera::ErrorKind::TemplateNotFound(name) => Diagnostic::error(self.file_of(template), format!("modèle « {name} » introuvable"))
                .hint("créez ce fichier dans templates/ ou corrigez la clé « modele » de la page."),
            other => {
                let text = other.to_string();
                self.split_reports(&text).into_iter().next().unwrap_or_else(|| Diagnostic::error(self.file_of(template), format!("erreur de modèle : {text}")))
            }
        }
    }

    /// Tera reports several template errors as one message of `error: …\n --> name:line:col`
    /// blocks; each becomes its own located diagnostic.
    fn split_reports(&self, text: &str) -> Vec<Diagnostic> {
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
            let file = self.file_of(name);
            let mut d = Diagnostic::error(file.clone(), format!("erreur dans le modèle : {message}"))
                .hint("corrigez le modèle à cet endroit ; les variables et filtres disponibles sont décrits dans le README (section Modèles).");
            if let Some(line) = line {
                d = d.at(line, col.map(|c| c + 1));
                if let Ok(src) = std::fs::read_to_string(&file) {
                    d = d.with_source(&src);
                }
            }
            out.push(d);
        }
        out
    }

    /// Every located problem of a failed template set.
    pub fn diagnostics(&self, error: &tera::Error, template: &str) -> Vec<Diagnostic> {
        match error.kind() {
            tera::ErrorKind::Msg(text) => {
                let found = self.split_reports(text);
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
