//! Raw HTML written in Markdown: what may be in it, and the cleaner that makes sure.
//!
//! Authors may write raw HTML for formatting (`<details>`, `<abbr>`, a `class`…). Anything that
//! could run code or load something from another site is an error at its line, in `build` and
//! `check` alike: scripts, event handlers (`onclick=`), frames and plug-ins, style sheets, forms,
//! embedded SVG or MathML, media, `<meta>`, `<link>`, `<base>`, and every address the link policy
//! ([`crate::core::link`]) refuses, in any attribute (`href`, `src`, `srcset`, `poster`,
//! `ping`, `xlink:href`, CSS `url()` in `style`…); an image needs its alternative text, as in
//! Markdown. The fragments are read with html5ever's tokenizer, the one browsers follow: every
//! character reference is decoded (`&#106;avascript:`, `java&Tab;script:`) and names are read
//! case-insensitively, so the check sees what a browser would run.
//!
//! The page is then cleaned by ammonia anyway, with the same link policy, as a second guard:
//! what the check let through (formatting it does not know, `style` attributes without an
//! address) is dropped silently, what it refused never reaches a file.

use crate::core::link::{self, Refusal, Subject, Use};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::LazyLock;

/// A problem in raw HTML, at a line of the author's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
    pub hint: String,
}

/// Elements that are refused, with why and what to write instead.
fn refused_element(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "script" | "noscript" => (
            "le site fonctionne sans JavaScript, un script n'a pas sa place dans le contenu",
            "retirez le script ; pour un calcul ou une carte, faites un lien vers la page qui les montre.",
        ),
        "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal"
        | "fencedframe" => (
            "un document intégré chargerait un autre site, et le site ne fait aucune requête vers un tiers",
            "remplacez-le par un lien : [Voir la vidéo](https://…).",
        ),
        "style" | "link" => (
            "la mise en forme vient du thème, pas d'une feuille de style dans le contenu",
            "ajoutez vos règles à un fichier CSS de static/ ou du thème.",
        ),
        "meta" | "base" => (
            "cette balise changerait le comportement de toute la page",
            "retirez-la : l'en-tête des pages est écrit par les modèles.",
        ),
        "form" | "input" | "button" | "select" | "textarea" => (
            "le site n'envoie aucune donnée, un formulaire n'a pas sa place dans le contenu",
            "faites un lien vers le formulaire de votre extranet, ou donnez une adresse électronique (mailto:).",
        ),
        "svg" | "math" => (
            "du SVG ou du MathML écrit dans la page peut contenir des scripts",
            "enregistrez l'image dans static/ et insérez-la avec ![description](chemin/image.svg).",
        ),
        "video" | "audio" | "source" | "track" => (
            "les vidéos et les sons intégrés ne sont pas pris en charge",
            "faites un lien vers le fichier ou la page qui les montre.",
        ),
        _ => return None,
    })
}

/// How an attribute holding an address is checked: as a link the reader follows, or as a
/// resource the browser fetches. `None` for attributes that hold no address.
fn address_use(element: &str, attribute: &str) -> Option<Use> {
    match attribute {
        "href" if matches!(element, "a" | "area") => Some(Use::Link),
        "cite" | "longdesc" => Some(Use::Link),
        "href" | "xlink:href" | "src" | "poster" | "data" | "background" | "lowsrc" | "dynsrc"
        | "codebase" | "archive" | "classid" | "manifest" | "icon" | "action" | "formaction"
        | "usemap" | "profile" => Some(Use::Resource),
        _ => None,
    }
}

/// Checks the raw HTML `fragments` of a page, each with the line of the author's file where it
/// starts; `depth` is the number of folders above the page, for relative paths.
pub fn inspect(fragments: &[(&str, usize)], depth: usize) -> Vec<Problem> {
    // One text for the tokenizer, so that a tag written over several lines (or events) is read
    // whole; `lines` maps each of its lines back to the author's.
    let mut text = String::new();
    let mut lines: Vec<usize> = Vec::new();
    for (fragment, first_line) in fragments {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let count = fragment.matches('\n').count() + usize::from(!fragment.ends_with('\n'));
        lines.extend((0..count).map(|i| first_line + i));
        text.push_str(fragment);
    }
    let sink = Inspector {
        depth,
        problems: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&text));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let found = tokenizer.sink.problems.take();
    found
        .into_iter()
        .map(|(line, message, hint)| Problem {
            line: lines
                .get(line.saturating_sub(1))
                .or(lines.last())
                .copied()
                .unwrap_or(1),
            message,
            hint,
        })
        .collect()
}

struct Inspector {
    depth: usize,
    /// (line in the tokenizer's text, message, hint)
    problems: RefCell<Vec<(usize, String, String)>>,
}

impl TokenSink for Inspector {
    type Handle = ();

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let line = line_number as usize;
        let mut report = |message: String, hint: &str| {
            self.problems
                .borrow_mut()
                .push((line, message, hint.to_string()));
        };
        self.start_tag(&tag, &mut report);
        // What follows these tags is raw text for a browser, not markup: read it the same way.
        match &*tag.name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            _ => TokenSinkResult::Continue,
        }
    }
}

impl Inspector {
    fn start_tag(&self, tag: &Tag, report: &mut dyn FnMut(String, &str)) {
        let element = &*tag.name;
        if let Some((why, hint)) = refused_element(element) {
            // One error for the element: its attributes go with it.
            report(format!("élément « <{element}> » refusé : {why}"), hint);
            return;
        }
        for attribute in &tag.attrs {
            let name = attribute.name.local.to_ascii_lowercase().to_string();
            let value = &*attribute.value;
            if name == "ping" {
                report(
                    format!("attribut « ping » refusé sur <{element}> : il préviendrait un autre site à chaque clic"),
                    "retirez l'attribut : un lien du site ne prévient personne quand on le suit.",
                );
            } else if name.starts_with("on") && name.len() > 2 {
                report(
                    format!("attribut « {name} » refusé sur <{element}> : un gestionnaire d'évènement lancerait un script"),
                    "retirez l'attribut : le site fonctionne sans JavaScript.",
                );
            } else if name == "style" {
                if let Some(problem) = style_problem(value) {
                    report(format!("attribut « style » refusé sur <{element}> : {problem}"), "retirez ce style : la mise en forme vient du thème, et une image vient de static/ par ![description](chemin).");
                }
            } else if name == "srcset" || name == "imagesrcset" {
                for candidate in value.split(',') {
                    let url = candidate.split_whitespace().next().unwrap_or("");
                    if !url.is_empty() {
                        self.address(element, &name, url, Use::Resource, report);
                    }
                }
            } else if let Some(use_) = address_use(element, &name) {
                self.address(element, &name, value, use_, report);
            }
        }
        if element == "img" {
            let alt = tag
                .attrs
                .iter()
                .find(|a| &*a.name.local == "alt")
                .map(|a| a.value.trim().to_string());
            if alt.is_none_or(|a| a.is_empty()) {
                report(
                    "image sans texte alternatif".into(),
                    "décrivez l'image dans l'attribut alt : <img src=\"plan.png\" alt=\"Plan du quartier\">. Une image décorative n'a pas sa place dans le texte.",
                );
            }
        }
    }

    fn address(
        &self,
        element: &str,
        attribute: &str,
        url: &str,
        use_: Use,
        report: &mut dyn FnMut(String, &str),
    ) {
        let where_ = format!(" (attribut « {attribute} » de <{element}>)");
        if url.trim_start().starts_with("@/") {
            report(
                format!(
                    "lien interne « {} » dans du HTML brut{where_} : il ne serait pas converti",
                    link::shown(url)
                ),
                "écrivez ce lien en Markdown : [texte](@/chemin/du/fichier.md).",
            );
            return;
        }
        let result = link::check(url, use_).and_then(|()| {
            let relative = !link::has_scheme(url) && !url.trim_start().starts_with('#');
            if relative && link::climbs_above_root(url.trim(), self.depth) {
                Err(Refusal::AboveRoot)
            } else {
                Ok(())
            }
        });
        if let Err(refusal) = result {
            report(
                format!("{}{where_}", refusal.message(Subject::Address, url)),
                refusal.hint(use_),
            );
        }
    }
}

/// Why a `style` attribute is refused: it loads something (`url()`, `image-set()`, `@import`) or
/// runs something (the old `expression()`). Read without CSS comments, escapes and spaces, the
/// way they could hide the words.
fn style_problem(style: &str) -> Option<&'static str> {
    let mut plain = String::with_capacity(style.len());
    let mut rest = style;
    while let Some(start) = rest.find("/*") {
        plain.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .split_once("*/")
            .map(|(_, after)| after)
            .unwrap_or("");
    }
    plain.push_str(rest);
    let plain: String = plain
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\\')
        .collect::<String>()
        .to_ascii_lowercase();
    if plain.contains("expression(") || plain.contains("javascript:") {
        Some("il contient du code")
    } else if ["url(", "image-set(", "@import", "image("]
        .iter()
        .any(|w| plain.contains(w))
    {
        Some("il chargerait un fichier, peut-être depuis un autre site")
    } else {
        None
    }
}

/// Keeps formatting and structure, drops anything that could run code or load third-party
/// content; addresses go through the same policy as everywhere else.
pub fn sanitize(fragment: &str) -> String {
    static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id", "class", "lang"])
            .add_tags([
                "figure",
                "figcaption",
                "details",
                "summary",
                "abbr",
                "mark",
                "section",
            ])
            .add_tag_attributes("th", ["scope"])
            .add_tag_attributes("td", ["headers"])
            .url_schemes(link::LINK_SCHEMES.into_iter().collect())
            .attribute_filter(|element, attribute, value| {
                let use_ = match (element, attribute) {
                    ("a", "href") | (_, "cite") => Use::Link,
                    (_, "src") => Use::Resource,
                    _ => return Some(Cow::Borrowed(value)),
                };
                link::check(value, use_)
                    .is_ok()
                    .then_some(Cow::Borrowed(value))
            })
            .link_rel(None);
        builder
    });
    CLEANER.clean(fragment).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(html: &str) -> Vec<String> {
        inspect(&[(html, 1)], 1)
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn formatting_passes() {
        assert_eq!(
            problems("<details class=\"x\"><summary>Plus</summary><p style=\"color:red\">t <abbr title=\"Office\">OPH</abbr> <a href=\"https://x.fr/\">x</a> <a href=\"../a/index.html#b\">b</a> <img src=\"../img/p.png\" alt=\"Plan\"></p></details>"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn everything_that_runs_or_loads_is_refused_at_its_line() {
        for bad in [
            "<script>alert(1)</script>",
            "<SCRIPT>alert(1)</SCRIPT>",
            "<p onclick=\"x()\">",
            "<div\nONMOUSEOVER=\"x()\">",
            "<svg onload=\"x()\">",
            "<iframe src=\"https://tiers.example\"></iframe>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>",
            "<a href=\"java&Tab;script:alert(1)\">x</a>",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<a href=\"//evil.example\">x</a>",
            "<img src=\"https://evil.example/t.png\" alt=\"t\">",
            "<img src=\"t.png\">",
            "<img src=\"t.png\" alt=\"  \">",
            "<img src=\"a.png\" alt=\"a\" srcset=\"a.png 1x, https://evil.example/b.png 2x\">",
            "<p style=\"background:u\\rl(https://evil.example/x.png)\">",
            "<a href=\"x\" ping=\"https://tracker.example/\">x</a>",
            "<math><a xlink:href=\"javascript:alert(1)\">x</a></math>",
            "<a href=\"@/geste.md\">x</a>",
            "<img src=\"../../../etc/passwd\" alt=\"x\">",
        ] {
            assert!(!problems(bad).is_empty(), "not caught: {bad}");
        }
        let found = inspect(&[("<div>\n", 4), ("<p\n", 5), ("onclick=x>\n", 6)], 0);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 6);
    }

    #[test]
    fn the_cleaner_keeps_formatting_and_drops_the_rest() {
        let clean = sanitize(
            "<p class=\"n\" onclick=\"x()\" style=\"color:red\">a <a href=\"//evil.example\">b</a> <a href=\"https://x.fr/\">c</a> <img src=\"https://evil.example/t.png\" alt=\"t\"><script>alert(1)</script></p>",
        );
        assert!(clean.contains("class=\"n\""), "{clean}");
        assert!(clean.contains("href=\"https://x.fr/\""), "{clean}");
        for gone in ["onclick", "style", "//evil", "https://evil", "script"] {
            assert!(!clean.contains(gone), "{gone} in {clean}");
        }
    }
}
