//! Snapshots of representative pages of the `showcase` fixture, one of each kind: any change to
//! a template, a view or the typography shows up as a diff to review. The snapshots are in
//! `snapshots/pages/`; after an intended change, rerun with `INSTA_UPDATE=always` and read the
//! diff of the `.snap` files before committing them (see tests/README.md).

use crate::support::{scan, Site};

/// Output path and snapshot name of each page.
const PAGES: [(&str, &str); 12] = [
    ("index.html", "home"),
    ("engagements/index.html", "contract"),
    ("engagements/accueil/index.html", "theme"),
    ("residences/lille-tilleuls/index.html", "residence"),
    ("observatoire/lille/index.html", "commune"),
    ("observatoire/index.html", "observatory"),
    ("residences/index.html", "finder"),
    ("affiches/lille-tilleuls/index.html", "poster_residence"),
    ("affiches/engagements/index.html", "poster_contract"),
    ("affiches/synthese/index.html", "synthesis"),
    ("sitemap.xml", "sitemap"),
    ("donnees/charges.csv", "charges_csv"),
];

/// The bytes a snapshot cannot show are made visible: the byte order mark and carriage returns.
fn visible(text: &str) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => format!("[BOM]{rest}"),
        None => text.to_string(),
    };
    text.replace("\r\n", "[CR]\n")
}

#[test]
fn representative_pages_match_their_snapshots() {
    let site = Site::fixture("showcase");
    site.build_ok();
    scan::assert_no_live_content(&site.out());
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/pages");
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let mut failed = Vec::new();
    for (path, name) in PAGES {
        let page = visible(&site.output(path));
        settings.set_description(format!("public/{path} of tests/fixtures/showcase"));
        let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name, page));
        }));
        if checked.is_err() {
            failed.push(path);
        }
    }
    assert!(
        failed.is_empty(),
        "pages that differ from their snapshot: {failed:?}"
    );
}
