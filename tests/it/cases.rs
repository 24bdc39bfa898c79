//! The bad-input cases of `tests/cases/<group>/<case>/`: each holds a `case.yaml` naming a base
//! fixture of `tests/fixtures/`, the files that differ from it, and `stderr.snap`, the full text
//! the binary must print. One test per group runs every case of the group (`CASE=<name>` runs
//! only the cases whose name contains it) and reports all the cases that failed. The format is
//! described in `tests/README.md`.
//!
//! For every case: the exit code is the expected one; stderr, normalised (site folder, times,
//! process ids), matches its snapshot; nothing outside the output folder was added, removed or
//! changed. After a failure, the output folder is byte-identical to what it was before the run
//! (the previous output of `previous_output: true`, or a folder the case refused to replace),
//! or there is no output at all. After a success, no output file holds live content
//! ([`crate::support::scan`]). A failed `build` is replayed as `check`, which must report the
//! same problems and change nothing: the two commands apply the same rules.

use crate::support::{self, copy_dir, files, normalize, repo, scan, tree_changes, tree_except};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// One `case.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// What the case checks, in one sentence; shown at the top of its snapshot.
    description: String,
    /// A folder of `tests/fixtures/`.
    base: String,
    /// Arguments of `ensemble`, run in the site folder.
    #[serde(default = "default_args")]
    args: Vec<String>,
    /// Files or folders of the base to delete, relative to the site.
    #[serde(default)]
    delete: Vec<String>,
    /// Text replacements in files of the base (after the case's own files are copied).
    #[serde(default)]
    edit: Vec<Edit>,
    /// Builds the base first (`ensemble build`, which must succeed), so that the case runs with
    /// a previous output to keep.
    #[serde(default)]
    previous_output: bool,
    /// The exit code.
    #[serde(default = "default_exit")]
    exit: i32,
    /// Symbolic links to create in the site (after the files, deletions and edits).
    #[serde(default)]
    symlinks: Vec<Symlink>,
    /// Whether a failed `build` is replayed as `check` (the default), which must print the same
    /// diagnostics. Off for options that only `build` has (`--pdf`, a refused `--output`).
    #[serde(default = "default_true")]
    also_check: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Symlink {
    /// Where the link is, relative to the site.
    path: String,
    /// What it points to, as written in the link (relative to its folder, or absolute).
    target: String,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Edit {
    file: String,
    /// Text that must occur in the file; every occurrence is replaced.
    replace: String,
    with: String,
}

fn default_args() -> Vec<String> {
    vec!["build".into()]
}

fn default_exit() -> i32 {
    1
}

/// The files of a case folder that are not part of the site.
fn is_case_file(name: &str) -> bool {
    name == "case.yaml" || name.ends_with(".snap") || name.ends_with(".snap.new")
}

fn cases_dir() -> PathBuf {
    repo().join("tests/cases")
}

/// Declares one test per group of cases, and the list the completeness test compares with
/// the folders of `tests/cases/`. A `-` in a folder's name is a `_` in its test's name.
macro_rules! groups {
    ($($group:ident),* $(,)?) => {
        const GROUPS: &[&str] = &[$(stringify!($group)),*];
        $(
            #[test]
            fn $group() {
                run_group(&stringify!($group).replace('_', "-"));
            }
        )*
    };
}

groups!(
    commands,
    config,
    content,
    hostile_data,
    hostile_html,
    hostile_links,
    hostile_paths,
    import,
    news,
    observatory,
    results,
    root_cause,
    templates
);

#[test]
fn every_group_of_cases_has_a_test() {
    let mut found: Vec<String> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().replace('-', "_"))
        .collect();
    found.sort();
    assert_eq!(
        found, GROUPS,
        "add the new group to `groups!` in tests/it/cases.rs"
    );
}

fn run_group(group: &str) {
    let filter = std::env::var("CASE").ok();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(cases_dir().join(group))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no case in tests/cases/{group}");
    let mut failures = Vec::new();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        if let Err(panic) = std::panic::catch_unwind(|| run_case(&dir)) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("── {group}/{name}\n{message}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn run_case(dir: &Path) {
    let text = std::fs::read_to_string(dir.join("case.yaml"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("case.yaml").display()));
    let case: Case = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join("case.yaml").display()));
    let site = support::Site::fixture(&case.base);
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let output = output_dir(&args);

    if case.previous_output {
        let mut build = vec!["build"];
        if let Some(out) = &output {
            build.extend(["--output", out.to_str().unwrap()]);
        }
        site.run(&build).success();
    }

    overlay(dir, site.root());
    for rel in &case.delete {
        site.remove(rel);
    }
    for edit in &case.edit {
        site.edit(&edit.file, &edit.replace, &edit.with);
    }
    for link in &case.symlinks {
        let path = site.path(&link.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&link.target, &path)
            .unwrap_or_else(|e| panic!("symlink {}: {e}", link.path));
    }

    let before = tree_except(site.root(), output.as_deref());
    let existing = output
        .as_deref()
        .map(|out| site.root().join(out))
        .filter(|out| out.exists())
        .map(|out| files(&out));
    let run = site.run(&args);
    let after = tree_except(site.root(), output.as_deref());

    assert_eq!(
        run.code,
        Some(case.exit),
        "exit code of `ensemble {}`\n--- stderr\n{}--- stdout\n{}",
        args.join(" "),
        run.stderr,
        run.stdout
    );
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir);
    settings.set_prepend_module_to_snapshot(false);
    settings.set_input_file(dir.join("case.yaml"));
    settings.set_description(case.description.trim());
    settings.set_omit_expression(true);
    settings.bind(|| {
        insta::assert_snapshot!("stderr", normalize(&run.stderr, site.root()));
    });

    let changes = tree_changes(&before, &after);
    assert!(
        changes.is_empty(),
        "changed outside the output folder:\n{}",
        changes.join("\n")
    );
    if let Some(out) = &output {
        let out = site.root().join(out);
        if case.exit == 0 {
            if out.exists() {
                scan::assert_no_live_content(&out);
            }
        } else if let Some(existing) = existing {
            assert!(
                existing == files(&out),
                "the output folder changed after a failed run"
            );
        } else {
            assert!(!out.exists(), "a failed run wrote {}", out.display());
        }
    }
    if case.also_check && case.exit == 1 && args.first() == Some(&"build") {
        replay_as_check(&site, &args, &run.stderr);
    }
}

/// Runs `check` with the options of the failed `build` run `args`: the same diagnostics (all
/// but the closing line), and nothing changed anywhere.
fn replay_as_check(site: &support::Site, args: &[&str], build_stderr: &str) {
    let mut check = vec!["check"];
    let mut rest = args[1..].iter();
    while let Some(arg) = rest.next() {
        match *arg {
            "--output" => {
                rest.next();
            }
            "--pdf" | "--timings" => {}
            other => check.push(other),
        }
    }
    let before = tree_except(site.root(), None);
    let run = site.run(&check);
    assert_eq!(
        tree_except(site.root(), None),
        before,
        "`ensemble {}` changed files",
        check.join(" ")
    );
    assert_eq!(
        run.code,
        Some(1),
        "check passed what build refused:\n{}",
        run.stderr
    );
    let body = |text: &str| {
        let text = normalize(text, site.root());
        let trimmed = text.trim_end();
        trimmed
            .rsplit_once('\n')
            .map(|(body, _)| body.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        body(&run.stderr),
        body(build_stderr),
        "`ensemble {}` reports other problems than build",
        check.join(" ")
    );
}

/// The output folder of a command, relative to the site: `--output`, or `public` for `build`
/// and `serve`; `None` for commands that write none (`check`): then nothing may change at all.
fn output_dir(args: &[&str]) -> Option<PathBuf> {
    let command = args.first().copied().unwrap_or("");
    if let Some(i) = args.iter().position(|a| *a == "--output") {
        let out = args.get(i + 1).expect("--output needs a folder");
        assert!(
            Path::new(out).is_relative(),
            "--output is relative to the site"
        );
        return Some(PathBuf::from(out));
    }
    matches!(command, "build" | "serve").then(|| PathBuf::from("public"))
}

/// Copies the site files of a case folder over the base.
fn overlay(case: &Path, site: &Path) {
    for entry in std::fs::read_dir(case).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_case_file(&name) {
            continue;
        }
        let target = site.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// No English from serde_yaml, Tera, std or the OS in any message of the corpus: the quoted
/// lines of the author's own files (`12 | …`) and the snapshot header are left out.
#[test]
fn no_message_of_the_corpus_is_in_english() {
    const ENGLISH: [&str; 17] = [
        " expected",
        "found ",
        "invalid type",
        "invalid value",
        "unknown",
        "not found",
        "error:",
        "No such file",
        "denied",
        " is not ",
        "cannot",
        "could not",
        "Unexpected",
        "defined",
        "while parsing",
        "os error",
        "stream did",
    ];
    let mut offenders = Vec::new();
    for group in std::fs::read_dir(cases_dir()).unwrap().flatten() {
        for case in std::fs::read_dir(group.path()).unwrap().flatten() {
            let snap = case.path().join("stderr.snap");
            let Ok(text) = std::fs::read_to_string(&snap) else {
                continue;
            };
            let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
            for line in body.lines() {
                let quoted = line
                    .trim_start()
                    .split_once(" |")
                    .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                    || line.trim_start().starts_with('|');
                if quoted {
                    continue;
                }
                if let Some(word) = ENGLISH.iter().find(|w| line.contains(*w)) {
                    offenders.push(format!("{}: « {word} » in: {line}", snap.display()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}
