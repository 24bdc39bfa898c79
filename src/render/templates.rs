//! Tera 2 set-up from the templates the load stage read: theme templates under the `theme/`
//! prefix, the site's own `templates/` without it, so a site file wins over the theme file of
//! the same name and can still extend it (`{% extends "theme/base.html" %}`).

use crate::core::diagnostic::{Diagnostic, Diagnostics};
use crate::core::fingerprint::Fingerprint;
use crate::load::theme::{TemplateSource, THEME_PREFIX};
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;

pub struct Templates {
    /// Private: every value of the global context goes through [`Templates::set_global`], so
    /// that [`Templates::fingerprint`] sees all of them.
    tera: tera::Tera,
    /// Template name → file and text, to turn Tera's errors into `file:line` with the line.
    files: HashMap<String, (PathBuf, String)>,
    /// The fingerprint of each value of the global context, by key, taken as it is set.
    globals: std::collections::BTreeMap<&'static str, u128>,
    /// The running program's identity ([`crate::load::program`]); without it no fingerprint
    /// is given and nothing is reused.
    program: Option<u128>,
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
            globals: Default::default(),
            program: None,
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

    pub fn tera(&self) -> &tera::Tera {
        &self.tera
    }

    /// Sets `key` in Tera's global context, where every page can read it.
    pub fn set_global<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.tera.global_context().insert(key, value);
        self.globals
            .insert(key, Fingerprint::new().value(value).finish());
    }

    /// Names the program that renders (see [`crate::load::program`]).
    pub fn set_program(&mut self, identity: u128) {
        self.program = Some(identity);
    }

    /// A fingerprint of everything a render reads besides the page's own context: the program,
    /// every template's name and text, every global value. Tera calls no function of ours, so
    /// a page's bytes are a function of this, the template's name and the page's context.
    /// `None` when the program is unknown.
    pub fn fingerprint(&self) -> Option<u128> {
        let mut f = Fingerprint::new();
        f.u128(self.program?);
        let mut names: Vec<&String> = self.files.keys().collect();
        names.sort();
        f.value(&names.len());
        for name in names {
            f.str(name).str(&self.files[name].1);
        }
        f.value(&self.globals);
        Some(f.finish())
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
            let mut message = french(report.message());
            if report.message() == "Unknown tag" {
                // Tera names no tag: the word at the position is the one that was not expected.
                let (_, source) = file_of(files, name);
                let tag: String = source
                    .and_then(|t| t.lines().nth(span.start_line.saturating_sub(1)))
                    .map(|l| l.chars().skip(span.start_col).take_while(|c| c.is_alphanumeric() || *c == '_').collect())
                    .unwrap_or_default();
                if tag.starts_with("end") {
                    message = format!("balise {{% {tag} %}} inattendue : une balise ouverte avant elle ({{% if %}}, {{% for %}}…) n'est pas fermée, ou cette balise de fin est en trop");
                }
            }
            located(files, name, format!("{kind} : {message}"), Some((span.start_line, Some(span.start_col + 1))))
                .hint("corrigez le modèle à cet endroit ; les variables disponibles sont décrites dans le README (section Modèles).")
        }
        tera::ErrorKind::MissingParent { current, parent } => located(files, current, format!("le modèle étend « {parent} », qui n'existe pas"), None)
            .hint("vérifiez le nom dans {% extends \"…\" %} ; les modèles du thème s'appellent theme/nom.html."),
        tera::ErrorKind::TemplateNotFound(name) => located(files, template, format!("modèle « {name} » introuvable"), None)
            .hint("créez ce fichier dans templates/ ou corrigez la clé « modele » de la page."),
        other if other.to_string().contains("Circular extend detected") => {
            // Point at the `{% extends %}` that closes the loop: the last template of the chain.
            let text = other.to_string();
            let chain: Vec<&str> = text
                .split_once("chain:")
                .map(|(_, c)| c.split('"').skip(1).step_by(2).collect())
                .unwrap_or_default();
            let last = chain.last().copied().unwrap_or(template);
            let (_, source) = file_of(files, last);
            let line = source.and_then(|t| t.lines().position(|l| l.contains("{% extends")).map(|i| i + 1));
            let shown: Vec<String> = chain.iter().map(|c| c.trim_start_matches(THEME_PREFIX).to_string()).collect();
            located(files, last, format!("héritage circulaire entre modèles : {}", shown.join(" → ")), line.map(|l| (l, None)))
                .hint("un modèle ne peut pas étendre, même indirectement, un modèle qui l'étend : corrigez ce {% extends \"…\" %}.")
        }
        other => {
            let text = other.to_string();
            split_reports(files, &text).into_iter().next().unwrap_or_else(|| located(files, template, format!("erreur de modèle : {}", french(&text)), None))
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
            located(files, name, format!("erreur dans le modèle : {}", french(message)), line.map(|l| (l, col.map(|c| c + 1))))
                .hint("corrigez le modèle à cet endroit ; les variables et filtres disponibles sont décrits dans le README (section Modèles)."),
        );
    }
    out
}

/// Tera's English messages, as an author of a theme reads them in French. The names in
/// backticks or quotes are kept; a message not in this list is given as Tera wrote it.
fn french(message: &str) -> String {
    let message = message.trim();
    // The text between the first pair of `open`/`close` after `prefix`.
    let name = |prefix: &str, quote: char| -> Option<String> {
        let rest = message.strip_prefix(prefix)?;
        Some(rest.split(quote).next().unwrap_or(rest).to_string())
    };
    if let Some(var) = name("Variable `", '`') {
        let list: Vec<String> = message
            .split_once("Available variables: ")
            .map(|(_, l)| {
                l.trim_end_matches('.')
                    .split(", ")
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let guess = crate::core::suggest::nearest(&var, &list)
            .map(|best| format!(" (vouliez-vous dire « {best} » ?)"))
            .unwrap_or_default();
        let available = if list.is_empty() {
            String::new()
        } else {
            format!(" ; variables disponibles : {}", list.join(", "))
        };
        return format!("variable « {var} » inconnue{guess}{available}");
    }
    if let Some(field) = name("Field `", '`') {
        return format!("champ « {field} » inconnu");
    }
    for (prefix, what) in [
        ("Unknown filter `", "filtre"),
        ("Unknown function `", "fonction"),
        ("Unknown test `", "test"),
    ] {
        if let Some(thing) = name(prefix, '`') {
            return format!(
                "{what} « {thing} » inconnu{}",
                if what == "fonction" { "e" } else { "" }
            );
        }
    }
    if let Some(block) = name("Block `", '`') {
        if message.contains("is not defined in any parent template") {
            return format!("bloc « {block} » absent du modèle étendu : {{% block {block} %}} n'existe dans aucun modèle parent");
        }
    }
    if let Some(filter) = name("Filter `", '`') {
        return format!("filtre « {filter} » inconnu");
    }
    if let Some(tpl) = name("Circular extend detected for template '", '\'') {
        return format!("héritage circulaire : le modèle « {tpl} » finit par s'étendre lui-même (vérifiez les {{% extends %}})");
    }
    if let Some(tpl) = name("Circular include detected for template '", '\'') {
        return format!("inclusion circulaire : le modèle « {tpl} » finit par s'inclure lui-même (vérifiez les {{% include %}})");
    }
    if let Some(tpl) = name("Template '", '\'') {
        if message.ends_with("not found") {
            return format!("modèle « {tpl} » introuvable");
        }
    }
    if let Some(parent) = name("Template is already extending `", '`') {
        return format!("le modèle étend déjà « {parent} » : un seul {{% extends %}} par modèle");
    }
    if let Some(block) = name("Template already contains a block named `", '`') {
        return format!("bloc « {block} » défini deux fois dans le modèle");
    }
    if let Some(arg) = name("Missing keyword argument `", '`') {
        return format!("argument « {arg} » manquant");
    }
    if let Some(found) = name("Math operations can only be done on numbers, found `", '`') {
        return format!("calcul impossible : « {found} » n'est pas un nombre");
    }
    if let Some(rest) = message.strip_prefix("Found ") {
        if let Some((found, _)) = rest.split_once(" but was expecting `elif`, `else` or `endif`") {
            return format!(
                "{found} trouvé là où {{% elif %}}, {{% else %}} ou {{% endif %}} est attendu"
            );
        }
    }
    if let Some(rest) = message.strip_prefix("Closing tag '") {
        let mut parts = rest.split('\'');
        let closing = parts.next().unwrap_or_default();
        let opening = parts.nth(1).unwrap_or_default();
        return format!(
            "balise de fin « {closing} » alors que la balise ouverte est « {opening} »"
        );
    }
    if let Some(rest) = message.strip_prefix("String opened with `") {
        let quote = rest.split('`').next().unwrap_or_default();
        return format!("texte ouvert par {quote} sans {quote} de fermeture");
    }
    let fixed = [
        ("Unexpected end of input", "fin du modèle inattendue : une balise ouverte ({% if %}, {% for %}, {% block %}…) n'est pas fermée ({% endif %}, {% endfor %}, {% endblock %}…)"),
        ("Unknown tag", "balise inconnue : une balise {% … %} est mal écrite, ou une balise de fin ({% endif %}, {% endfor %}…) est en trop"),
        ("This content would be ignored", "ce contenu serait ignoré : un modèle qui en étend un autre ({% extends %}) ne contient que des {% block %} (et des composants)"),
        ("Tried to render a variable that is undefined", "variable non définie affichée"),
        ("Cannot index into an undefined value", "indexation d'une valeur non définie"),
        ("Tried to use super() in the top level block", "super() utilisé hors d'un bloc hérité"),
        ("Closing comment tag", "commentaire {# non fermé : #} manquant"),
        ("The template nesting is too deep", "modèle trop imbriqué"),
    ];
    for (english, text) in fixed {
        if message.starts_with(english) {
            return text.to_string();
        }
    }
    if let Some(rest) = message.strip_prefix("Invalid type for the value, expected `") {
        let mut parts = rest.split('`');
        let expected = parts.next().unwrap_or_default();
        let got = parts.nth(1).unwrap_or_default();
        return format!("type de valeur incorrect : {got} trouvé, {expected} attendu");
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::french;

    #[test]
    fn common_tera_messages_are_said_in_french() {
        assert_eq!(
            french("Variable `pag` is not defined. Available variables: page, site"),
            "variable « pag » inconnue (vouliez-vous dire « page » ?) ; variables disponibles : page, site"
        );
        assert!(french("Unexpected end of input").contains("n'est pas fermée"));
        assert!(french("Unknown tag").starts_with("balise inconnue"));
        assert!(french("Circular extend detected for template 'a.html'. Inheritance chain: `[\"a.html\", \"b.html\"]`").contains("« a.html »"));
        assert_eq!(
            french("Filter `upcase` is not registered"),
            "filtre « upcase » inconnu"
        );
        assert_eq!(
            french("Found `endfor` but was expecting `elif`, `else` or `endif`."),
            "`endfor` trouvé là où {% elif %}, {% else %} ou {% endif %} est attendu"
        );
    }
}
