//! Incremental output (issue 15): a rebuild leaves the files whose bytes did not change as they
//! were — same inode, same modification time — and writes only the others, with the same result
//! as a build from nothing.

use crate::support::{files, staging_leftovers, Site};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every file of `dir` with its inode and modification time (ns).
fn identities(dir: &Path) -> BTreeMap<String, (u64, i64)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().unwrap();
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy();
            (
                rel.replace('\\', "/"),
                (m.ino(), m.mtime() * 1_000_000_000 + m.mtime_nsec()),
            )
        })
        .collect()
}

/// The files whose inode or modification time differ, and those added or removed.
fn touched(
    before: &BTreeMap<String, (u64, i64)>,
    after: &BTreeMap<String, (u64, i64)>,
) -> Vec<String> {
    let mut out: Vec<String> = after
        .iter()
        .filter(|(p, id)| before.get(*p) != Some(*id))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(before.keys().filter(|p| !after.contains_key(*p)).cloned());
    out.sort();
    out
}

/// Builds with `--timings` and returns (unchanged, written) from its files line.
fn build_counting(site: &Site) -> (u64, u64) {
    let run = site.run(&["build", "--timings"]).success();
    let line = run
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with("fichiers "))
        .unwrap_or_else(|| panic!("no files line in\n{}", run.stderr));
    let numbers: Vec<u64> = line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// Every file of the output with its bytes, the manifest included: it depends only on the
/// site, like every other file.
fn published(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
}

#[test]
fn a_rebuild_without_change_rewrites_no_file() {
    let site = Site::layers(&["posters"]);
    site.build_ok();
    let first = identities(&site.out());
    let bytes = files(&site.out());
    assert!(first.len() > 20, "a real site: {} files", first.len());
    assert!(first.contains_key(".ensemble-manifest"));
    let folder = std::fs::metadata(site.out()).unwrap().ino();
    let (unchanged, written) = build_counting(&site);
    let second = identities(&site.out());
    assert_eq!(touched(&first, &second), Vec::<String>::new());
    assert_eq!((unchanged, written), (first.len() as u64 - 1, 0));
    assert_eq!(files(&site.out()), bytes);
    // Nothing to swap: the output folder itself stays, no staging folder is left.
    assert_eq!(std::fs::metadata(site.out()).unwrap().ino(), folder);
    assert!(
        staging_leftovers(site.root()).is_empty(),
        "no staging folder left"
    );
}

#[test]
fn a_rebuild_without_change_still_removes_stray_files_and_folders() {
    let site = Site::layers(&["posters"]);
    site.build_ok();
    let fresh = files(&site.out());
    let out = site.out();
    let before = identities(&out);
    std::fs::write(out.join("notes.txt"), "ajouté à la main").unwrap();
    std::fs::create_dir_all(out.join("vide/plus-bas")).unwrap();
    std::fs::create_dir_all(out.join("brouillon")).unwrap();
    std::fs::write(out.join("brouillon/page.html"), "<p>x</p>").unwrap();
    site.build_ok();
    assert_eq!(
        files(&out),
        fresh,
        "the same files as the first build, no others"
    );
    assert!(!out.join("vide").exists() && !out.join("brouillon").exists());
    // Every file of the first build is still the same inode, the manifest too.
    assert_eq!(touched(&before, &identities(&out)), Vec::<String>::new());
    assert!(staging_leftovers(site.root()).is_empty());
}

#[test]
fn a_rebuild_without_change_restores_a_deleted_file() {
    let site = Site::layers(&["posters"]);
    site.build_ok();
    let fresh = files(&site.out());
    let out = site.out();
    std::fs::remove_file(out.join("robots.txt")).unwrap();
    let before = identities(&out);
    site.build_ok();
    assert_eq!(files(&out), fresh);
    // The manifest is written again: it must be newer than the file written (see `manifest`).
    assert_eq!(
        touched(&before, &identities(&out)),
        [".ensemble-manifest", "robots.txt"]
    );
    assert!(staging_leftovers(site.root()).is_empty());
}

#[test]
fn a_rebuild_without_change_after_a_failed_one_keeps_the_output() {
    let site = Site::layers(&["posters"]);
    site.build_ok();
    let fresh = files(&site.out());
    let before = identities(&site.out());
    let yaml = "content/site.yaml";
    let original = std::fs::read_to_string(site.path(yaml)).unwrap();
    std::fs::write(site.path(yaml), format!("{original}\nclé_inconnue: [")).unwrap();
    site.run(&["build"]).failure();
    std::fs::write(site.path(yaml), original).unwrap();
    site.build_ok();
    assert_eq!(files(&site.out()), fresh);
    assert_eq!(
        touched(&before, &identities(&site.out())),
        Vec::<String>::new()
    );
    assert!(staging_leftovers(site.root()).is_empty());
}

#[test]
fn an_edit_rewrites_only_the_files_it_changes_and_matches_a_fresh_build() {
    let site = Site::fixture("observatory");
    site.build_ok();
    let before = identities(&site.out());
    site.edit(
        "content/observatoire/charges/2025.yaml",
        "EAU: { reel: 8200,",
        "EAU: { reel: 8300,",
    );
    let (unchanged, written) = build_counting(&site);
    let changed = touched(&before, &identities(&site.out()));
    assert!(written > 0 && unchanged > 0, "{unchanged} / {written}");
    assert_eq!(changed.len() as u64, written + 1, "{changed:?}");
    assert!(
        changed.iter().any(|p| p.contains("lille-acacias")),
        "{changed:?}"
    );
    // Pages of other residences compare with their peers, so they change too; the posters of
    // other residences and the site's other pages do not.
    for kept in [
        "affiches/roubaix-beffroi/index.html",
        "index.html",
        "404.html",
    ] {
        assert!(!changed.iter().any(|p| p == kept), "{kept}: {changed:?}");
    }
    // The same bytes as a build into a new folder.
    site.run(&["build", "--output", "neuf"]).success();
    assert_eq!(published(&site.out()), published(&site.path("neuf")));
}

#[test]
fn a_file_changed_by_hand_in_the_output_is_written_again() {
    let site = Site::fixture("contract");
    site.build_ok();
    let home = site.out().join("index.html");
    let original = std::fs::read(&home).unwrap();
    // Edited in place: the same inode, another length.
    let mut edited = original.clone();
    edited.extend_from_slice(b"<!-- retouche -->");
    std::fs::write(&home, &edited).unwrap();
    // Edited in place with the same length, a moment later.
    let contract = site.out().join("engagements/index.html");
    let mut bytes = std::fs::read(&contract).unwrap();
    let contract_original = bytes.clone();
    bytes[0] = b'X';
    std::fs::write(&contract, &bytes).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(2);
    let file = std::fs::File::options()
        .write(true)
        .open(&contract)
        .unwrap();
    file.set_modified(later).unwrap();
    drop(file);
    let robots = site.out().join("robots.txt");
    std::fs::remove_file(&robots).unwrap();
    site.build_ok();
    assert_eq!(std::fs::read(&home).unwrap(), original);
    assert_eq!(std::fs::read(&contract).unwrap(), contract_original);
    assert!(robots.is_file());
}

#[test]
fn a_linked_file_is_never_written_through() {
    let site = Site::fixture("contract");
    site.build_ok();
    // Another name for the published home page, outside the output.
    let keep = site.path("copie.html");
    std::fs::hard_link(site.out().join("index.html"), &keep).unwrap();
    let original = std::fs::read(&keep).unwrap();
    site.build_ok();
    site.edit("content/site.yaml", "Site d’essai", "Site d’essai nouveau");
    site.build_ok();
    assert_ne!(site.output("index.html").as_bytes(), original.as_slice());
    assert_eq!(
        std::fs::read(&keep).unwrap(),
        original,
        "the new page went into a new file"
    );
}

#[test]
fn a_damaged_manifest_means_a_full_write_with_the_same_result() {
    let site = Site::fixture("contract");
    site.build_ok();
    let bytes = published(&site.out());
    std::fs::write(site.out().join(".ensemble-manifest"), "n'importe quoi\n").unwrap();
    let (unchanged, written) = build_counting(&site);
    assert_eq!(unchanged, 0);
    assert_eq!(
        written as usize,
        bytes.len() - 1,
        "every file but the manifest"
    );
    assert_eq!(published(&site.out()), bytes);
}
