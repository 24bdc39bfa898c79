//! `sitemap.xml` and `robots.txt`: the only files with absolute URLs, taken from `url_base`,
//! written by the theme's `sitemap.xml` and `robots.txt` templates.

use super::context::RenderContext;
use crate::core::paths;

/// `sitemap.xml` (absolute URLs of every page written but the 404 page, sorted) and `robots.txt`.
pub fn sitemap_and_robots(ctx: &RenderContext<'_>, written: &[String]) {
    let mut urls: Vec<String> = written
        .iter()
        .filter(|p| p.ends_with(".html") && p.as_str() != paths::NOT_FOUND_PATH)
        .map(|p| paths::absolute_url(&ctx.shared.base_url, p))
        .collect();
    urls.sort();
    urls.dedup();
    let mut tctx = super::context::PageContext::new();
    tctx.insert("sitemap_urls", &urls);
    ctx.render_to("sitemap.xml", &tctx, paths::SITEMAP_PATH);
    ctx.render_to(
        "robots.txt",
        &super::context::PageContext::new(),
        paths::ROBOTS_PATH,
    );
}
