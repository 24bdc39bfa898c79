//! Issue 14, "readers first": what tenants meet on the site. The 404 page works at any unknown
//! address (an old QR code in a hall) and opened from disk; the command line speaks French.

use crate::support::Site;

/// Every `href="…"` and `src="…"` value of `html`.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            out.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    out
}

#[test]
fn the_404_page_carries_its_styles_and_links_that_resolve_from_any_address() {
    let site = Site::fixture("contract");
    site.build_ok();
    let page = site.output("404.html");
    let css = site.output("css/style.css");
    assert!(
        !page.contains("rel=\"stylesheet\""),
        "no external style sheet: at /a/b/c/ it would not be found"
    );
    let rule = css.lines().find(|l| l.contains(".site-header")).unwrap();
    assert!(page.contains(rule), "the theme's style sheet is inlined");
    let base = "https://essai.example.org/sous/chemin/";
    let urls = urls(&page);
    assert!(urls.iter().any(|u| u == &format!("{base}index.html")));
    assert!(urls
        .iter()
        .any(|u| u == &format!("{base}engagements/index.html")));
    for url in &urls {
        assert!(
            url.starts_with(base)
                || url.starts_with('#')
                || url.starts_with("tel:")
                || url.starts_with("mailto:"),
            "« {url} » depends on the address the page is served at"
        );
    }
    // Every other page keeps its relative links and its shared style sheet.
    let home = site.output("index.html");
    assert!(home.contains("href=\"css/style.css\""));
    assert!(!home.contains(&format!("href=\"{base}index.html\"")));
}
