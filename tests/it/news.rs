//! Sections that list their pages, their pagination, the Atom feed of a news section, page
//! dates, and the contract's version and history (issue 13, part "news").

use crate::support::{diagnostics, scan, Site};

const BASE: &str = "https://essai.example.org/sous/chemin/";

/// The `contract` fixture with a news section of five articles, two per page, and a feed.
fn news_site() -> Site {
    let site = Site::fixture("contract");
    site.write(
        "content/actualites/_index.md",
        "---\ntitre: \"Actualités\"\npar_page: 2\nflux: true\n---\n\nLes nouvelles.\n",
    );
    // Written in an order that is none of the expected ones.
    for (file, title, date, ordre) in [
        ("b.md", "Bêta", Some("2026-03-01"), None),
        ("ancien.md", "Ancien", Some("2025-01-10"), None),
        ("sans-date.md", "Sans date", None, None),
        ("a.md", "Alpha", Some("2026-03-01"), Some(2)),
        ("recent.md", "Récent", Some("2026-11-20"), None),
    ] {
        let mut front = format!("titre: \"{title}\"\ndescription: \"Résumé de {title}.\"\n");
        if let Some(d) = date {
            front.push_str(&format!("date: \"{d}\"\n"));
        }
        if let Some(o) = ordre {
            front.push_str(&format!("ordre: {o}\n"));
        }
        site.write(
            &format!("content/actualites/{file}"),
            &format!("---\n{front}---\n\nTexte de {title}.\n"),
        );
    }
    site
}

/// The titles of the listed pages of a list page, in order.
fn listed_titles(html: &str) -> Vec<String> {
    html.split("<li class=\"page-list-item\">")
        .skip(1)
        .map(|item| {
            let start = item.find("\">").unwrap() + 2;
            let end = item[start..].find("</a>").unwrap() + start;
            item[start..end].to_string()
        })
        .collect()
}

#[test]
fn a_section_lists_its_pages_newest_first_then_by_ordre_then_title() {
    let site = news_site();
    site.build_ok();
    let first = site.output("actualites/index.html");
    // Same date: `ordre: 2` comes before no ordre; undated pages come last.
    assert_eq!(listed_titles(&first), ["Récent", "Alpha"]);
    assert_eq!(
        listed_titles(&site.output("actualites/page/2/index.html")),
        ["Bêta", "Ancien"]
    );
    assert_eq!(
        listed_titles(&site.output("actualites/page/3/index.html")),
        ["Sans date"]
    );
    assert!(!site.out().join("actualites/page/4").exists());
    assert!(!site.out().join("actualites/page/1").exists());
    // Dates in French, machine-readable, and the summary.
    assert!(
        first.contains("<time datetime=\"2026-11-20\">20\u{a0}novembre\u{a0}2026</time>"),
        "{first}"
    );
    assert!(first.contains("Résumé de Récent."));
    assert!(first.contains("Les nouvelles."), "the section's text");
    // The undated page is out of the feed, and the author is told.
    let run = site.run(&["check"]).success();
    let warnings = diagnostics::warnings(&run.stderr);
    let w = diagnostics::find(&warnings, "n'a pas de date");
    assert_eq!(w.file, "content/actualites/sans-date.md");
    scan::assert_no_live_content(&site.out());
}

#[test]
fn pagination_links_are_relative_and_say_where_the_reader_is() {
    let site = news_site();
    site.build_ok();
    let first = site.output("actualites/index.html");
    let second = site.output("actualites/page/2/index.html");
    let third = site.output("actualites/page/3/index.html");
    for html in [&first, &second, &third] {
        assert!(html.contains(
            "<nav class=\"pagination\" aria-label=\"Pages de la liste «&#160;Actualités&#160;»\">"
        ));
        assert_eq!(html.matches("aria-current=\"page\"><span").count(), 1);
    }
    assert!(!first.contains("rel=\"prev\""));
    assert!(first.contains("<a rel=\"next\" href=\"../actualites/page/2/index.html\">"));
    assert!(second.contains("<a rel=\"prev\" href=\"../../../actualites/index.html\">"));
    assert!(second.contains("<a rel=\"next\" href=\"../../../actualites/page/3/index.html\">"));
    assert!(
        second.contains("<a href=\"../../../actualites/page/2/index.html\" aria-current=\"page\">")
    );
    assert!(!third.contains("rel=\"next\""));
    // Each page of the list has its own title, and leads back to the section.
    assert!(second.contains("<title>Actualités (page 2 sur 3)"));
    assert!(second.contains("<a href=\"../../../actualites/index.html\">Actualités</a></li>"));
    assert!(
        !second.contains("Les nouvelles."),
        "the text opens page 1 only"
    );
    // Every page of the list is in the sitemap; the feed is not a page.
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{BASE}actualites/page/3/</loc>")));
    assert!(!sitemap.contains("atom.xml"));
}

#[test]
fn a_dated_page_shows_its_date_and_its_section_in_the_breadcrumb() {
    let site = news_site();
    site.build_ok();
    let page = site.output("actualites/recent/index.html");
    assert!(
        page.contains("Publié le <time datetime=\"2026-11-20\">20\u{a0}novembre\u{a0}2026</time>")
    );
    assert!(page.contains("<a href=\"../../actualites/index.html\">Actualités</a>"));
    let undated = site.output("actualites/sans-date/index.html");
    assert!(!undated.contains("Publié le"));
}

#[test]
fn sections_without_pages_and_pages_outside_sections_keep_their_output() {
    let site = Site::fixture("contract");
    site.write(
        "content/vide/_index.md",
        "---\ntitre: \"Vide\"\n---\n\nRien.\n",
    );
    site.build_ok();
    let before = site.output("geste/index.html");
    let empty = site.output("vide/index.html");
    assert!(!empty.contains("page-list"), "{empty}");
    assert!(!empty.contains("pagination"));
    assert!(!before.contains("Publié le"));
    assert!(!site.output("index.html").contains("application/atom+xml"));
}

/// One element of a parsed XML document.
#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn one<'a>(&'a self, name: &'a str) -> &'a Node {
        let found: Vec<_> = self.all(name).collect();
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `xml` with a real XML parser; panics unless it is well-formed. Text keeps its
/// entities until the element ends, then they are resolved (an unknown one is an error).
fn parse_xml(xml: &str) -> Node {
    use quick_xml::events::{BytesStart, Event};
    fn open(e: &BytesStart<'_>) -> Node {
        Node {
            name: e.name().as_ref().to_string(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.expect("well-formed attribute");
                    (
                        a.key.as_ref().to_string(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("known entities")
                            .into_owned(),
                    )
                })
                .collect(),
            ..Node::default()
        }
    }
    fn close(stack: &mut Vec<Node>) {
        let mut node = stack.pop().expect("an open element");
        node.text = quick_xml::escape::unescape(&node.text)
            .expect("known entities")
            .trim()
            .to_string();
        stack.last_mut().expect("a parent").children.push(node);
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                stack.push(open(&e));
                close(&mut stack);
            }
            Event::End(_) => close(&mut stack),
            Event::Text(t) => {
                let raw = t.to_string();
                stack.last_mut().unwrap().text.push_str(&raw);
            }
            Event::GeneralRef(r) => {
                let name = r.to_string();
                stack
                    .last_mut()
                    .unwrap()
                    .text
                    .push_str(&format!("&{name};"));
            }
            Event::CData(_) => panic!("no CDATA expected"),
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

#[test]
fn the_atom_feed_is_well_formed_with_absolute_links_and_escaped_text() {
    let site = news_site();
    site.write(
        "content/actualites/piege.md",
        "---\ntitre: \"<script>alert(1)</script> & « guillemets »\"\ndescription: \"<img src=x onerror=alert(1)> ]]> &amp fin\"\ndate: \"2024-05-02\"\n---\n",
    );
    site.build_ok();
    let xml = site.output("actualites/atom.xml");
    let feed = parse_xml(&xml);
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(feed.one("id").text, format!("{BASE}actualites/"));
    assert!(feed.one("title").text.starts_with("Actualités"));
    // The latest date of the section's pages.
    assert_eq!(feed.one("updated").text, "2026-11-20T00:00:00Z");
    assert_eq!(feed.one("author").one("name").text, "Office d’essai");
    let links: Vec<_> = feed.all("link").collect();
    let self_link = links
        .iter()
        .find(|l| l.attr("rel") == Some("self"))
        .unwrap();
    assert_eq!(
        self_link.attr("href"),
        Some(format!("{BASE}actualites/atom.xml").as_str())
    );
    let entries: Vec<_> = feed.all("entry").collect();
    // Five dated pages (four of news_site and the trap), newest first; the undated one is out.
    assert_eq!(entries.len(), 5);
    let updated: Vec<_> = entries
        .iter()
        .map(|e| e.one("updated").text.clone())
        .collect();
    let mut sorted = updated.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(updated, sorted);
    for e in &entries {
        let id = &e.one("id").text;
        assert!(id.starts_with(BASE), "{id}");
        assert_eq!(e.one("link").attr("href"), Some(id.as_str()));
        assert!(!e.one("title").text.is_empty());
        assert!(!e.one("summary").text.is_empty());
    }
    // Hostile text comes back as the very text the author wrote, never as markup.
    let trap = entries.last().unwrap();
    assert_eq!(
        trap.one("title").text,
        "<script>alert(1)</script> & «\u{a0}guillemets\u{a0}»"
    );
    assert_eq!(
        trap.one("summary").text,
        "<img src=x onerror=alert(1)> ]]> &amp fin"
    );
    assert!(!xml.contains("<script"));
    scan::assert_no_live_content(&site.out());
    // The section and the home page point at the feed, with a relative address.
    let alternate = "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Actualités (flux Atom)\" href=\"";
    assert!(site
        .output("actualites/index.html")
        .contains(&format!("{alternate}../actualites/atom.xml\">")));
    assert!(site
        .output("index.html")
        .contains(&format!("{alternate}actualites/atom.xml\">")));
}

#[test]
fn the_feed_takes_the_base_url_of_the_command_line() {
    let site = news_site();
    site.run(&["build", "--base-url", "https://autre.example.org/"])
        .success();
    let feed = parse_xml(&site.output("actualites/atom.xml"));
    assert_eq!(feed.one("id").text, "https://autre.example.org/actualites/");
}

#[test]
fn a_section_without_flux_has_no_feed() {
    let site = news_site();
    site.edit("content/actualites/_index.md", "flux: true\n", "");
    site.build_ok();
    let run = site.run(&["check"]).success();
    assert!(!site.out().join("actualites/atom.xml").exists());
    assert!(!site.output("actualites/index.html").contains("atom"));
    assert!(!run.stderr.contains("flux"), "{}", run.stderr);
}

#[test]
fn the_home_page_shows_the_three_latest_news() {
    let site = news_site();
    site.build_ok();
    let home = site.output("index.html");
    let block = &home[home.find("class=\"home-news\"").expect("a news block")..];
    let block = &block[..block.find("</section>").unwrap()];
    assert_eq!(block.matches("<li class=\"page-list-item\">").count(), 3);
    assert!(block.contains("<a href=\"actualites/recent/index.html\">Récent</a>"));
    assert!(!block.contains("Ancien"));
    assert!(block.contains("<a href=\"actualites/index.html\">"));
}

const CONTRACT: &str = "contrat:
  version: \"2\"
  date_revision: \"2026-06-01\"
  changements:
    - \"Un thème de plus.\"
  historique:
    - version: \"1\"
      date: \"2014-10-01\"
      changements:
        - \"Première version.\"
contacts:
";

#[test]
fn the_contract_version_is_on_its_pages_posters_and_history() {
    let site = Site::fixture("contract");
    site.edit("content/site.yaml", "contacts:\n", CONTRACT);
    site.build_ok();
    let version = "Version 2 du <time datetime=\"2026-06-01\">1er\u{a0}juin\u{a0}2026</time>.";
    let theme = site.output("engagements/accueil/index.html");
    assert!(theme.contains(version), "{theme}");
    let contract = site.output("engagements/index.html");
    assert!(contract.contains(version));
    assert!(contract
        .contains("<a href=\"../engagements/historique/index.html\">Voir ce qui a changé</a>"));
    for poster in [
        "affiches/engagements/index.html",
        "affiches/synthese/index.html",
    ] {
        let html = site.output(poster);
        assert!(
            html.contains("Contrat&#160;: version 2 du 1er\u{a0}juin\u{a0}2026."),
            "{poster}"
        );
    }
    let history = site.output("engagements/historique/index.html");
    let v2 = history.find("Version 2 du").unwrap();
    let v1 = history.find("Version 1 du").unwrap();
    assert!(v2 < v1, "newest first");
    assert!(history.contains("Un thème de plus."));
    assert!(history.contains("<time datetime=\"2014-10-01\">1er\u{a0}octobre\u{a0}2014</time>"));
    scan::assert_no_live_content(&site.out());
}

#[test]
fn without_a_contract_version_nothing_is_said_about_it() {
    let site = Site::fixture("contract");
    site.build_ok();
    assert!(!site.out().join("engagements/historique").exists());
    for page in [
        "engagements/accueil/index.html",
        "engagements/index.html",
        "affiches/engagements/index.html",
    ] {
        assert!(!site.output(page).contains("ersion 2"), "{page}");
        assert!(!site.output(page).contains("contract-version"), "{page}");
    }
}

#[test]
fn a_theme_cannot_take_the_address_of_the_history() {
    let site = Site::fixture("contract");
    site.edit("content/site.yaml", "contacts:\n", CONTRACT);
    site.edit(
        "content/engagements/01-accueil.md",
        "titre:",
        "slug: historique\ntitre:",
    );
    let stderr = site.build_err();
    let errors = diagnostics::errors(&stderr);
    let e = diagnostics::find(&errors, "engagements/historique/index.html");
    assert_eq!(e.file, "content/engagements/01-accueil.md");
    assert!(
        e.message.contains("l'historique des versions du contrat"),
        "{e}"
    );
}

#[test]
fn a_draft_is_neither_listed_nor_in_the_feed_unless_drafts_are_built() {
    let site = news_site();
    site.write(
        "content/actualites/brouillon.md",
        "---\ntitre: \"Pas encore\"\ndate: \"2026-12-01\"\nbrouillon: true\n---\n",
    );
    site.build_ok();
    assert!(!site.output("actualites/index.html").contains("Pas encore"));
    assert!(!site.output("actualites/atom.xml").contains("Pas encore"));
    site.run(&["build", "--drafts"]).success();
    assert_eq!(
        listed_titles(&site.output("actualites/index.html"))[0],
        "Pas encore"
    );
    assert!(site.output("actualites/atom.xml").contains("Pas encore"));
}
