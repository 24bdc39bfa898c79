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
        let theme_dir = root.join("themes").join(theme).join("templates");
        if !theme_dir.is_dir() {
            diagnostics.push(
                Diagnostic::error(crate::config::CONFIG_FILE, format!("thème « {theme} » introuvable : le dossier themes/{theme}/templates/ n'existe pas"))
                    .hint("indiquez « theme: default » dans content/site.yaml, ou créez ce dossier."),
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
        let site_dir = root.join("templates");
        for (dir, prefix) in [(theme_dir, THEME_PREFIX), (site_dir, "")] {
            if !dir.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                let name = format!("{prefix}{}", rel.to_string_lossy().replace('\\', "/"));
                let shown = crate::diagnostic::display_path(root, entry.path());
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        files.insert(name.clone(), shown);
                        sources.push((name, text));
                    }
                    Err(e) => diagnostics
                        .push(Diagnostic::error(shown, format!("modèle illisible : {e}"))),
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
            other => Diagnostic::error(self.file_of(template), format!("erreur de modèle : {other}")),
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
