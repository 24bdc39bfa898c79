//! `sitemap.xml` and `robots.txt`: the only files with absolute URLs, taken from `url_base`.

use super::context::RenderContext;
use crate::core::html::escape;

/// `sitemap.xml` (absolute URLs from url_base, sorted) and `robots.txt`.
pub fn sitemap_and_robots(ctx: &RenderContext<'_>, paths: &[String]) {
    let mut urls: Vec<String> = paths
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != "404.html")
        .map(|p| crate::core::paths::absolute_url(&ctx.shared.base_url, p))
        .collect();
    urls.sort();
    urls.dedup();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in &urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(url));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    ctx.write("sitemap.xml", xml.as_bytes());
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        ctx.shared.base_url
    );
    ctx.write("robots.txt", robots.as_bytes());
}
