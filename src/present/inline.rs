//! Short Markdown texts of the contract (a commitment, a level of compensation), rendered once
//! and shown on the theme's page, the posters and the synthesis.
//!
//! They follow the link policy of every text ([`crate::core::link`]) with one more rule: since
//! the same HTML appears at several places of the site and on paper, a link must be a complete
//! address (`https:`, `mailto:`, `tel:`); a relative or `@/` link would lead nowhere from some of
//! them. Images have no place in a phrase. Raw HTML is shown as text.

use crate::core::link::{self, Subject, Use};
use crate::core::typography::french_spacing;
use pulldown_cmark::{html, Event, LinkType, Options, Parser, Tag, TagEnd};

/// A short text as HTML, and what was refused in it (message, hint).
#[derive(Debug, Default)]
pub struct Inline {
    pub html: String,
    pub problems: Vec<(String, String)>,
}

/// Renders a short inline Markdown text without the wrapping `<p>`. A refused link keeps its
/// text and loses its address; a refused image is dropped.
pub fn render_inline(text: &str) -> Inline {
    let mut problems = Vec::new();
    // Whether the events are inside a refused link or image, which are left out.
    let mut skipping_image = false;
    let mut dropped_links = 0usize;
    let events = Parser::new_ext(
        text,
        Options::ENABLE_SMART_PUNCTUATION | Options::ENABLE_STRIKETHROUGH,
    )
    .filter_map(|e| match e {
        Event::Start(Tag::Image { dest_url, .. }) => {
            problems.push((
                format!("image « {} » dans un texte court", link::shown(&dest_url)),
                "un engagement ou un niveau de geste commercial est une phrase, reprise sur les affiches : placez l'image dans le corps du thème.".to_string(),
            ));
            skipping_image = true;
            None
        }
        Event::End(TagEnd::Image) => {
            skipping_image = false;
            None
        }
        _ if skipping_image => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => match short_text_link(link_type, &dest_url) {
            Ok(()) => Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })),
            Err(problem) => {
                problems.push(problem);
                dropped_links += 1;
                None
            }
        },
        Event::End(TagEnd::Link) if dropped_links > 0 => {
            dropped_links -= 1;
            None
        }
        Event::Text(t) => Some(Event::Text(french_spacing(&t).into())),
        // Raw HTML in short fields is shown as text: they are meant for a phrase, not markup.
        Event::Html(h) | Event::InlineHtml(h) => Some(Event::Text(h)),
        other => Some(other),
    });
    let mut out = String::with_capacity(text.len() + 16);
    html::push_html(&mut out, events);
    let trimmed = out.trim();
    let trimmed = trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
        .unwrap_or(trimmed);
    Inline {
        html: trimmed.to_string(),
        problems,
    }
}

/// A link of a short text: the policy, then a complete address.
fn short_text_link(link_type: LinkType, dest: &str) -> Result<(), (String, String)> {
    if link_type == LinkType::Email {
        return Ok(());
    }
    if let Err(refusal) = link::check(dest, Use::Link) {
        return Err((
            refusal.message(Subject::Link, dest),
            refusal.hint(Use::Link).to_string(),
        ));
    }
    if !link::has_scheme(dest) {
        return Err((
            format!("lien « {} » dans un texte court : seules les adresses complètes (https://…, mailto:…, tel:…) y sont possibles", link::shown(dest)),
            "ce texte est repris sur les affiches et la synthèse, où un lien vers une page du site ne mènerait nulle part : mettez ce lien dans le corps du thème.".to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_rendering_drops_paragraph() {
        let r = render_inline("sous *48 h*");
        assert_eq!(r.html, "sous <em>48 h</em>");
        assert!(r.problems.is_empty());
    }

    #[test]
    fn complete_addresses_stay_links() {
        let r = render_inline("écrivez à <contact@exemple.fr> ou [appelez](tel:0320000000), voir [le site](https://exemple.fr/)");
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert!(r.html.contains("href=\"mailto:contact@exemple.fr\""));
        assert!(r.html.contains("href=\"tel:0320000000\""));
    }

    #[test]
    fn hostile_links_and_images_are_refused_and_never_rendered() {
        for bad in [
            "[j](javascript:alert(1))",
            "<javascript:alert(1)>",
            "[d](data:text/html;base64,PHNjcmlwdD4=)",
            "[e](&#106;avascript:alert(1))",
            "![i](javascript:alert(1))",
            "![i](https://evil.example/t.png)",
            "[geste](@/geste.md)",
            "[rel](../x/index.html)",
            "[p](//evil.example)",
        ] {
            let r = render_inline(&format!("Texte {bad} fin"));
            assert_eq!(r.problems.len(), 1, "{bad}: {:?}", r.problems);
            for live in ["href", "src=", "<img"] {
                assert!(!r.html.contains(live), "{bad}: {}", r.html);
            }
            assert!(
                r.html.starts_with("Texte") && r.html.ends_with("fin"),
                "{}",
                r.html
            );
        }
    }

    #[test]
    fn raw_html_is_text() {
        let r = render_inline("<img src=x onerror=alert(1)>");
        assert_eq!(r.html, "&lt;img src=x onerror=alert(1)&gt;");
    }
}
