//! Markdown to HTML: CommonMark plus tables, footnotes, heading ids and smart punctuation, French
//! spacing in running text, `@/page.md` internal links made relative, and `{{ shortcode(...) }}`
//! lines that embed generated content (charts, key figures).
//!
//! Every link and image goes through the one link policy ([`crate::core::link`]): a refused
//! address is an error at its line. Raw HTML is checked the same way ([`super::raw_html`]), then
//! a page that contains any is passed through ammonia; pages without raw HTML skip that pass:
//! pulldown-cmark escapes their text and the policy has seen every address, so the fast path is
//! just as safe.

use crate::core::diagnostic::Diagnostic;
use crate::core::link::{self, Subject, Use};
use crate::core::slug::slugify;
use crate::core::typography::{french_spacing, ordinals_html};
use crate::present::raw_html;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What the Markdown of one page needs to know about the rest of the site.
pub struct LinkContext<'a> {
    /// Source path under `content/` (e.g. `engagements/01-accueil.md`) → site-relative output path
    /// (`engagements/accueil/index.html`).
    pub targets: &'a HashMap<String, String>,
    /// `../` repeated to reach the site root from this page.
    pub root: &'a str,
}

/// Renders the named shortcode with its arguments into trusted HTML.
pub trait ShortcodeRenderer: Sync {
    fn render(&self, name: &str, args: &[(String, String)], root: &str) -> Result<String, String>;
}

/// A renderer for sites that define no shortcode.
pub struct NoShortcodes;

impl ShortcodeRenderer for NoShortcodes {
    fn render(&self, name: &str, _: &[(String, String)], _: &str) -> Result<String, String> {
        Err(format!("raccourci « {name} » inconnu"))
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the Markdown text sits, for diagnostics.
pub struct Source<'a> {
    pub file: &'a Path,
    pub file_text: &'a str,
    /// Lines of the file before `text` (the front matter).
    pub line_offset: usize,
}

/// A heading being read: level, explicit id, classes, attributes, and the events inside it.
type OpenHeading<'a> = (
    HeadingLevel,
    Option<CowStr<'a>>,
    Vec<CowStr<'a>>,
    Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    Vec<Event<'a>>,
);

const PLACEHOLDER: &str = "ENSEMBLESHORTCODE";

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_STRIKETHROUGH
}

/// Renders a whole page body.
pub fn render(
    text: &str,
    source: &Source<'_>,
    links: &LinkContext<'_>,
    shortcodes: &dyn ShortcodeRenderer,
) -> Rendered {
    let mut diagnostics = Vec::new();
    let (text, blocks, shifts) =
        extract_shortcodes(text, source, links.root, shortcodes, &mut diagnostics);
    let lines = Lines {
        text: &text,
        starts: std::cell::OnceCell::new(),
        shifts: &shifts,
        offset: source.line_offset,
    };
    let mut page = PageEvents {
        diagnostics,
        ..PageEvents::default()
    };
    for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
        let event = page.transform(event, || lines.line(range.start), links, source);
        page.push(event, || lines.line(range.start), source);
    }
    let mut html_out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut html_out, page.events.into_iter());
    if !page.raw_html.is_empty() {
        let fragments: Vec<(&str, usize)> = page
            .raw_html
            .iter()
            .map(|(h, l)| (h.as_ref(), *l))
            .collect();
        for p in raw_html::inspect(&fragments, links.root.matches("../").count()) {
            page.diagnostics.push(
                Diagnostic::error(source.file, p.message)
                    .at(p.line, None)
                    .with_source(source.file_text)
                    .hint(p.hint),
            );
        }
        html_out = raw_html::sanitize(&html_out);
    }
    for (i, block) in blocks.iter().enumerate() {
        let marker = format!("<p>{PLACEHOLDER}{i}X</p>");
        html_out = html_out.replacen(&marker, block, 1);
    }
    Rendered {
        html: html_out,
        headings: page.headings,
        diagnostics: page.diagnostics,
    }
}

/// Line numbers of the text being parsed, in the author's file: the index of line starts is
/// built once, and only when a problem needs a line, so a page with thousands of links costs no
/// more than one without. `shifts` undoes the lines the shortcode placeholders added or removed.
struct Lines<'a> {
    text: &'a str,
    starts: std::cell::OnceCell<Vec<usize>>,
    /// (byte offset in `text`, lines added there compared with the author's text), ascending.
    shifts: &'a [(usize, isize)],
    /// Lines of the file before the text (the front matter).
    offset: usize,
}

impl Lines<'_> {
    fn line(&self, byte: usize) -> usize {
        let starts = self.starts.get_or_init(|| {
            self.text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect()
        });
        let in_text = starts.partition_point(|&nl| nl < byte) + 1;
        let shift: isize = self
            .shifts
            .iter()
            .take_while(|(at, _)| *at <= byte)
            .map(|(_, n)| n)
            .sum();
        (in_text as isize - shift).max(1) as usize + self.offset
    }
}

/// The events of a page being rendered, with what is learnt on the way.
#[derive(Default)]
struct PageEvents<'a> {
    events: Vec<Event<'a>>,
    headings: Vec<Heading>,
    diagnostics: Vec<Diagnostic>,
    used_ids: HashSet<String>,
    /// Heading events are buffered until their end so the id can be derived from the whole text.
    heading: Option<OpenHeading<'a>>,
    code_depth: usize,
    /// Inside an image, text is its alternative: plain text, never markup.
    image_depth: usize,
    /// The page's raw HTML, each piece with its line, checked once the page is read.
    raw_html: Vec<(CowStr<'a>, usize)>,
}

impl<'a> PageEvents<'a> {
    /// French spacing in running text, links and images resolved, raw HTML noted.
    fn transform(
        &mut self,
        event: Event<'a>,
        line: impl Fn() -> usize,
        links: &LinkContext<'_>,
        source: &Source<'_>,
    ) -> Event<'a> {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                self.raw_html.push((h.clone(), line()));
                Event::Html(h)
            }
            Event::Start(Tag::CodeBlock(k)) => {
                self.code_depth += 1;
                Event::Start(Tag::CodeBlock(k))
            }
            Event::End(TagEnd::CodeBlock) => {
                self.code_depth = self.code_depth.saturating_sub(1);
                Event::End(TagEnd::CodeBlock)
            }
            Event::Text(t) if self.code_depth == 0 => {
                let t: CowStr<'a> = if needs_french_spacing(&t) {
                    french_spacing(&t).into()
                } else {
                    t
                };
                // « 1er juin » → 1<sup>er</sup>; not in headings, whose ids come from their text.
                let raises = self.heading.is_none() && self.image_depth == 0;
                match raises.then(|| ordinals_html(&t)).flatten() {
                    Some(html) => Event::InlineHtml(html.into()),
                    None => Event::Text(t),
                }
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                dest_url: resolve_link(
                    &dest_url,
                    links,
                    source,
                    &line,
                    &mut self.diagnostics,
                    link_type,
                    Use::Link,
                ),
                link_type,
                title,
                id,
            }),
            // Images are links to files: same rules for `@/`, root-relative paths and schemes.
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                dest_url: {
                    self.image_depth += 1;
                    resolve_link(
                        &dest_url,
                        links,
                        source,
                        &line,
                        &mut self.diagnostics,
                        link_type,
                        Use::Resource,
                    )
                },
                link_type,
                title,
                id,
            }),
            other => other,
        }
    }

    /// Appends `event`, checking alternative texts and giving every heading its id.
    fn push(&mut self, event: Event<'a>, line: impl Fn() -> usize, source: &Source<'_>) {
        // Alt text check: an image immediately followed by its end has no alternative.
        if let (Some(Event::Start(Tag::Image { .. })), Event::End(TagEnd::Image)) =
            (self.events.last(), &event)
        {
            self.diagnostics.push(
                Diagnostic::error(source.file, "image sans texte alternatif")
                    .at(line(), None)
                    .with_source(source.file_text)
                    .hint("décrivez l'image entre les crochets : ![Plan du quartier](plan.png). Une image décorative n'a pas sa place dans le texte."),
            );
        }
        match (&mut self.heading, event) {
            (
                None,
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }),
            ) => {
                // `{key=value}` would write any attribute, `onclick` included: only the id and
                // classes are for authors.
                for (key, _) in &attrs {
                    self.diagnostics.push(
                        Diagnostic::error(source.file, format!("attribut « {} » refusé sur un titre", link::shown(key)))
                            .at(line(), None)
                            .with_source(source.file_text)
                            .hint("un titre accepte un identifiant et des classes : ## Titre {#ancre .classe}."),
                    );
                }
                self.heading = Some((level, id, classes, Vec::new(), Vec::new()));
            }
            (Some(_), Event::End(TagEnd::Heading(_))) => self.close_heading(),
            (Some((_, _, _, _, inner)), e) => inner.push(e),
            (None, e) => self.events.push(e),
        }
    }

    fn close_heading(&mut self) {
        let Some((level, id, classes, attrs, inner)) = self.heading.take() else {
            return;
        };
        let text_content: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let id = match id {
            Some(id) => id.to_string(),
            None => unique_id(&slugify(&text_content), &self.used_ids),
        };
        self.used_ids.insert(id.clone());
        self.headings.push(Heading {
            level: level as u8,
            id: id.clone(),
            text: text_content,
        });
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes,
            attrs,
        }));
        self.events.extend(inner);
        self.events.push(Event::End(TagEnd::Heading(level)));
    }
}

/// Whether `french_spacing` could change `text`: it acts only around `; ! ? : « »`, and most text
/// events of a page have none of them, so they keep their borrowed text and cost no allocation.
/// `«` and `»` are U+00AB and U+00BB, whose UTF-8 ends with byte 0xAB or 0xBB; other characters
/// with that last byte only cost a needless call.
fn needs_french_spacing(text: &str) -> bool {
    text.bytes()
        .any(|b| matches!(b, b';' | b'!' | b'?' | b':' | 0xAB | 0xBB))
}

fn resolve_link<'a>(
    dest: &CowStr<'a>,
    links: &LinkContext<'_>,
    source: &Source<'_>,
    line: &dyn Fn() -> usize,
    diagnostics: &mut Vec<Diagnostic>,
    link_type: LinkType,
    use_: Use,
) -> CowStr<'a> {
    let error = |message: String, hint: &str| {
        Diagnostic::error(source.file, message)
            .at(line(), None)
            .with_source(source.file_text)
            .hint(hint.to_string())
    };
    if matches!(link_type, LinkType::Email) {
        return dest.clone();
    }
    if let Some(target) = dest.strip_prefix("@/") {
        let (file, anchor) = match target.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (target, None),
        };
        return match links.targets.get(file) {
            Some(path) => {
                let mut url = format!("{}{}", links.root, path);
                if let Some(a) = anchor {
                    url.push('#');
                    url.push_str(a);
                }
                url.into()
            }
            None => {
                let known: Vec<String> = links.targets.keys().cloned().collect();
                let suggestion = crate::core::suggest::nearest(file, &known)
                    .map(|s| format!("vouliez-vous dire @/{s} ? "))
                    .unwrap_or_default();
                diagnostics.push(error(
                    format!("lien interne cassé : « {dest} » ne correspond à aucune page"),
                    &format!("{suggestion}Un lien interne s'écrit @/ suivi du chemin du fichier sous content/, par exemple @/mentions-legales.md"),
                ));
                dest.clone()
            }
        };
    }
    let subject = match use_ {
        Use::Link => Subject::Link,
        Use::Resource => Subject::Image,
    };
    let relative = !link::has_scheme(dest) && !dest.trim_start().starts_with('#');
    let depth = links.root.matches("../").count();
    let result = link::check(dest, use_).and_then(|()| {
        if relative && link::climbs_above_root(dest.trim(), depth) {
            Err(link::Refusal::AboveRoot)
        } else {
            Ok(())
        }
    });
    match result {
        Ok(()) => dest.clone(),
        Err(refusal) => {
            diagnostics.push(error(refusal.message(subject, dest), refusal.hint(use_)));
            // The page is not published (the build fails), but nothing live is kept either.
            "#".into()
        }
    }
}

/// Replaces `{{ name(args) }}` lines with placeholders, rendering each through `shortcodes`.
fn extract_shortcodes(
    text: &str,
    source: &Source<'_>,
    root: &str,
    shortcodes: &dyn ShortcodeRenderer,
    diagnostics: &mut Vec<Diagnostic>,
) -> (String, Vec<String>, Vec<(usize, isize)>) {
    if !text.contains("{{") {
        return (text.to_string(), Vec::new(), Vec::new());
    }
    // Where the placeholders change the number of lines, for diagnostics after them.
    let mut shifts = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut blocks = Vec::new();
    let mut in_fence = false;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let call = (!in_fence)
            .then(|| {
                trimmed
                    .strip_prefix("{{")
                    .and_then(|r| r.strip_suffix("}}"))
            })
            .flatten();
        let Some(call) = call else {
            out.push_str(line);
            continue;
        };
        let line_no = source.line_offset + i + 1;
        let col = line.find("{{").unwrap_or(0) + 1;
        let result =
            parse_call(call.trim()).and_then(|(name, args)| shortcodes.render(&name, &args, root));
        match result {
            Ok(html) => {
                // A paragraph of its own, so that it can be found and replaced after rendering.
                out.push_str(&format!("\n{PLACEHOLDER}{}X\n\n", blocks.len()));
                shifts.push((out.len(), 2));
                blocks.push(html);
            }
            Err(message) => {
                shifts.push((out.len(), -1));
                diagnostics.push(
                    Diagnostic::error(source.file, message)
                        .at(line_no, Some(col))
                        .with_source(source.file_text)
                        .hint("un raccourci s'écrit seul sur sa ligne : {{ graphique(id=\"evolution-parc\") }} ; voir la liste des raccourcis dans le README."),
                );
            }
        }
    }
    (out, blocks, shifts)
}

/// Parses `name(key="value", other=3)`.
fn parse_call(call: &str) -> Result<(String, Vec<(String, String)>), String> {
    let open = call
        .find('(')
        .ok_or_else(|| format!("raccourci « {call} » mal écrit : parenthèses attendues"))?;
    let name = call[..open].trim();
    let inner = call[open + 1..]
        .strip_suffix(')')
        .ok_or_else(|| format!("raccourci « {name} » : parenthèse fermante manquante"))?;
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("nom de raccourci « {name} » invalide"));
    }
    let mut args = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("raccourci « {name} » : argument sans « = » dans « {rest} »"))?;
        let key = rest[..eq].trim().to_string();
        rest = rest[eq + 1..].trim_start();
        let value;
        if let Some(r) = rest.strip_prefix('"') {
            let end = r
                .find('"')
                .ok_or_else(|| format!("raccourci « {name} » : guillemet fermant manquant"))?;
            value = r[..end].to_string();
            rest = r[end + 1..].trim_start();
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            value = rest[..end].trim().to_string();
            rest = &rest[end..];
        }
        args.push((key, value));
        rest = rest
            .trim_start()
            .strip_prefix(',')
            .unwrap_or(rest)
            .trim_start();
    }
    Ok((name.to_string(), args))
}

fn unique_id(base: &str, used: &HashSet<String>) -> String {
    if !used.contains(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|c| !used.contains(c))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_simple(md: &str) -> Rendered {
        let targets: HashMap<String, String> = [(
            "mentions-legales.md".to_string(),
            "mentions-legales/index.html".to_string(),
        )]
        .into();
        let links = LinkContext {
            targets: &targets,
            root: "../",
        };
        let source = Source {
            file: Path::new("content/p.md"),
            file_text: md,
            line_offset: 0,
        };
        render(md, &source, &links, &NoShortcodes)
    }

    #[test]
    fn headings_get_unique_ascii_ids() {
        let r = render_simple("## Propreté\n\n## Propreté\n");
        assert!(r.html.contains(r#"<h2 id="proprete">"#), "{}", r.html);
        assert!(r.html.contains(r#"<h2 id="proprete-2">"#), "{}", r.html);
    }

    #[test]
    fn french_spacing_applies_to_text_not_code() {
        let r = render_simple("Vraiment ? `a ?b`\n\n```\nx : y\n```\n");
        assert!(r.html.contains("Vraiment\u{202F}?"));
        assert!(r.html.contains("<code>a ?b</code>"));
        assert!(r.html.contains("x : y"));
    }

    #[test]
    fn internal_links_become_relative_and_broken_ones_are_errors() {
        let r = render_simple("[ml](@/mentions-legales.md#a)\n\n[x](@/nope.md)\n");
        assert!(
            r.html
                .contains(r#"href="../mentions-legales/index.html#a""#),
            "{}",
            r.html
        );
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].line, Some(3));
    }

    #[test]
    fn scripts_never_get_through() {
        let r = render_simple(
            "<script>alert(1)</script>\n\n<p onclick=\"x()\">ok</p>\n\n[a](javascript:alert(1))\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
        assert!(!r.diagnostics.is_empty());
    }

    #[test]
    fn headings_take_an_id_and_classes_only() {
        let r =
            render_simple("## Titre {#x .c onclick=alert(1)}\n\n## Autre {onmouseover=\"y\"}\n");
        assert_eq!(r.diagnostics.len(), 2, "{:?}", r.diagnostics);
        assert!(r.html.contains("<h2 id=\"x\" class=\"c\">"), "{}", r.html);
        assert!(!r.html.contains("onclick") && !r.html.contains("onmouseover"));
    }

    #[test]
    fn root_relative_links_are_rejected() {
        let r = render_simple("[a](/observatoire/)\n");
        assert_eq!(r.diagnostics.len(), 1);
    }

    #[test]
    fn shortcode_calls_parse() {
        let (name, args) = parse_call(r#"graphique(id="evolution-parc", hauteur=3)"#).unwrap();
        assert_eq!(name, "graphique");
        assert_eq!(
            args,
            vec![
                ("id".into(), "evolution-parc".into()),
                ("hauteur".into(), "3".into())
            ]
        );
        assert!(parse_call("graphique(id=\"x)").is_err());
    }

    #[test]
    fn unknown_shortcode_is_located() {
        let r = render_simple("texte\n\n{{ carte(id=\"x\") }}\n");
        assert_eq!(r.diagnostics[0].line, Some(3));
        assert_eq!(r.diagnostics[0].column, Some(1));
    }

    #[test]
    fn french_spacing_is_skipped_only_where_it_changes_nothing() {
        for text in [
            "Sans ponctuation, ni rien",
            "l’été « », (1.5)",
            "Ça — déjà…",
        ] {
            assert_eq!(needs_french_spacing(text), text.contains(['«', '»']));
            assert!(needs_french_spacing(text) || french_spacing(text) == text);
        }
        for text in ["Quoi ?", "a;b", "Oui !", "Note : rien", "8:30"] {
            assert!(needs_french_spacing(text), "{text}");
        }
        let r = render_simple("Texte simple, puis *une question ?* et « guillemets ».\n");
        assert!(
            r.html.contains("question\u{202F}?</em>")
                && r.html.contains("«\u{A0}guillemets\u{A0}»"),
            "{}",
            r.html
        );
    }

    struct Always;
    impl ShortcodeRenderer for Always {
        fn render(&self, _: &str, _: &[(String, String)], _: &str) -> Result<String, String> {
            Ok("<div>x</div>".into())
        }
    }

    #[test]
    fn lines_after_shortcodes_are_the_authors_lines() {
        let md = "Intro\n\n{{ a() }}\n\n[x](@/nope.md)\n\n{{ b() }}\n[y](@/nope2.md)\n";
        let source = Source {
            file: Path::new("content/p.md"),
            file_text: md,
            line_offset: 4,
        };
        let targets = HashMap::new();
        let links = LinkContext {
            targets: &targets,
            root: "",
        };
        for (renderer, errors) in [(&Always as &dyn ShortcodeRenderer, 0), (&NoShortcodes, 2)] {
            let r = render(md, &source, &links, renderer);
            let mut lines: Vec<usize> = r.diagnostics.iter().filter_map(|d| d.line).collect();
            lines.sort();
            let mut expected = vec![9, 12];
            if errors == 2 {
                expected = vec![7, 9, 11, 12];
            }
            assert_eq!(lines, expected, "{:?}", r.diagnostics);
        }
    }

    #[test]
    fn a_page_of_many_links_renders_in_linear_time() {
        // Line numbers are counted only for problems: 20,000 good links cost no line count.
        let md: String = (0..20_000)
            .map(|i| format!("[lien {i}](https://exemple.fr/{i})\n"))
            .collect();
        let started = std::time::Instant::now();
        let r = render_simple(&md);
        assert!(r.diagnostics.is_empty());
        assert!(r.html.matches("<a ").count() == 20_000);
        // Generous bound: quadratic counting took seconds here, linear takes milliseconds.
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn missing_alt_text_is_an_error() {
        let r = render_simple("![](plan.png)\n");
        assert_eq!(r.diagnostics.len(), 1);
    }
}
