//! What every feature module uses: fixture sites copied into a temporary folder, the real
//! `ensemble` binary run on them, whole-folder comparisons, the diagnostics it printed, and the
//! scan for live content in a built site.

pub mod diagnostics;
pub mod scan;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<name>`.
pub fn fixture_dir(name: &str) -> PathBuf {
    let dir = repo().join("tests/fixtures").join(name);
    assert!(dir.is_dir(), "no fixture {}", dir.display());
    dir
}

/// A site in a temporary folder, deleted when dropped.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>`. Without a `themes/` folder, the site uses the theme
    /// embedded in the binary (the repository's `themes/default`).
    pub fn fixture(name: &str) -> Site {
        Site::layers(&[name])
    }

    /// Fixtures copied one over the other, in order: `["posters", "posters-extreme"]` is the
    /// `posters` site with the files of `posters-extreme` replacing or adding to its own.
    pub fn layers(names: &[&str]) -> Site {
        let site = Site::empty();
        for name in names {
            copy_dir(&fixture_dir(name), site.root());
        }
        site
    }

    /// An empty folder.
    pub fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `public/<rel>`, the default output folder.
    pub fn out(&self) -> PathBuf {
        self.path("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// A file of the output folder, `public/<rel>`.
    pub fn output(&self, rel: &str) -> String {
        self.read(&format!("public/{rel}"))
    }

    pub fn remove(&self, rel: &str) {
        let p = self.path(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        }
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    }

    /// Replaces `from` with `to` in a file of the site; `from` must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no « {from} »");
        self.write(rel, &text.replace(from, to));
    }

    /// Runs `ensemble <args>` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::new(&self.command(args).output().expect("run ensemble"))
    }

    /// `ensemble <args>` in the site folder, without colours and without standard input.
    pub fn command(&self, args: &[&str]) -> Command {
        ensemble(self.root(), args)
    }

    /// Builds and asserts success, returning stdout.
    pub fn build_ok(&self) -> String {
        self.run(&["build"]).success().stdout
    }

    /// Builds, asserts failure with exit code 1, returns stderr.
    pub fn build_err(&self) -> String {
        self.run(&["build"]).failure().stderr
    }
}

/// `ensemble <args>` run in `dir`.
pub fn ensemble(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ensemble"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    command
}

/// What one run of the binary printed, and how it ended.
#[derive(Debug, Clone)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new(output: &Output) -> Run {
        Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts exit code 0.
    pub fn success(self) -> Run {
        assert_eq!(
            self.code,
            Some(0),
            "ensemble failed:\n{}\n{}",
            self.stderr,
            self.stdout
        );
        self
    }

    /// Asserts exit code 1.
    pub fn failure(self) -> Run {
        assert_eq!(
            self.code,
            Some(1),
            "ensemble should have failed:\n{}\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// The figures of the closing line of a build
    /// (« Site construit dans … : 22 pages, 15 graphiques, 6 affiches, 36 fichiers … »).
    pub fn summary(&self) -> Summary {
        let line = self
            .stdout
            .lines()
            .find(|l| l.starts_with("Site construit dans "))
            .unwrap_or_else(|| panic!("no summary line in:\n{}", self.stdout));
        // « 22 pages », « 1 page », « aucune page »: the noun agrees with its count.
        let count = |noun: &str| -> usize {
            let words: Vec<&str> = line.split(' ').collect();
            let at = words
                .iter()
                .position(|w| w.trim_end_matches([',', '.']).trim_end_matches('s') == noun)
                .unwrap_or_else(|| panic!("no « {noun} » in {line}"));
            let number = words[at - 1];
            if number.starts_with("aucun") {
                return 0;
            }
            number
                .replace('\u{202F}', "")
                .parse()
                .unwrap_or_else(|_| panic!("no count before « {noun} » in {line}"))
        };
        Summary {
            pages: count("page"),
            charts: count("graphique"),
            posters: count("affiche"),
            files: count("fichier"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub pages: usize,
    pub charts: usize,
    pub posters: usize,
    pub files: usize,
}

/// Copies the folder `from` into `to`, replacing files of the same name.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, sorted by path (relative to `dir`, with `/`).
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (relative(dir, e.path()), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Every file and folder under `root`, except `skip` (a folder relative to `root`) and what it
/// holds: the path and a hash of the bytes (`None` for a folder), to show that a run wrote
/// nothing outside its output folder.
pub fn tree_except(root: &Path, skip: Option<&Path>) -> Vec<(String, Option<u64>)> {
    use std::hash::{Hash, Hasher};
    let skip = skip.map(|s| root.join(s));
    let mut entries: Vec<(String, Option<u64>)> = walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| skip.as_deref() != Some(e.path()))
        .flatten()
        .map(|e| {
            let hash = e.file_type().is_file().then(|| {
                let mut h = std::collections::hash_map::DefaultHasher::new();
                std::fs::read(e.path()).unwrap().hash(&mut h);
                h.finish()
            });
            (relative(root, e.path()), hash)
        })
        .collect();
    entries.sort();
    entries
}

/// The paths that differ between two [`tree_except`] listings: added, removed or changed.
pub fn tree_changes(
    before: &[(String, Option<u64>)],
    after: &[(String, Option<u64>)],
) -> Vec<String> {
    let old: std::collections::BTreeMap<_, _> = before.iter().cloned().collect();
    let new: std::collections::BTreeMap<_, _> = after.iter().cloned().collect();
    let mut changes = Vec::new();
    for (path, hash) in &new {
        match old.get(path) {
            None => changes.push(format!("added {path}")),
            Some(h) if h != hash => changes.push(format!("changed {path}")),
            _ => {}
        }
    }
    for path in old.keys().filter(|p| !new.contains_key(*p)) {
        changes.push(format!("removed {path}"));
    }
    changes
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/")
}

/// Folders beside the output that a build left behind (`.public.staging-<pid>`).
pub fn staging_leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect()
}

/// Text printed by a run, made the same on every machine and every run: the site folder
/// becomes `[SITE]`, the temporary folder `[TMP]`, durations `[TIME]`, process ids `[PID]`.
pub fn normalize(text: &str, site: &Path) -> String {
    let mut text = text.replace("\r\n", "\n");
    let mut roots = vec![site.to_path_buf()];
    if let Ok(canonical) = site.canonicalize() {
        roots.insert(0, canonical);
    }
    for root in roots {
        text = text.replace(&root.display().to_string(), "[SITE]");
    }
    let tmp = std::env::temp_dir();
    let tmp = tmp.display().to_string();
    let tmp = tmp.trim_end_matches('/');
    if !tmp.is_empty() {
        text = text.replace(tmp, "[TMP]");
    }
    let text = replace_numbers_between(&text, "staging-", "", "[PID]");
    let text = replace_numbers_between(&text, "ensemble-check-", "", "[PID]");
    let text = replace_numbers_between(&text, "", " ms", "[TIME]");
    let text = replace_numbers_between(&text, "en ", " s.", "[TIME]");
    replace_numbers_between(&text, "en ", "\u{a0}s.", "[TIME]")
}

/// Replaces every number (digits, with `.` or `,` inside) that follows `before` and is followed
/// by `after` with `by`; with an empty `before`, only a number that starts a word.
fn replace_numbers_between(text: &str, before: &str, after: &str, by: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (head, tail) = rest.split_at(start);
        let len = tail
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(tail.len());
        let number = tail[..len].trim_end_matches(['.', ',']);
        let next = &tail[number.len()..];
        let starts_word = !head.ends_with(|c: char| c.is_alphanumeric());
        out.push_str(head);
        if head.ends_with(before) && next.starts_with(after) && (!before.is_empty() || starts_word)
        {
            out.push_str(by);
        } else {
            out.push_str(number);
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_changes_lists_what_was_added_removed_or_changed_outside_the_skipped_folder() {
        let site = Site::empty();
        site.write("a.txt", "a");
        site.write("b/c.txt", "c");
        site.write("public/x.html", "x");
        let before = tree_except(site.root(), Some(Path::new("public")));
        site.write("a.txt", "A");
        site.remove("b/c.txt");
        site.write(".public.staging-1/y.html", "y");
        site.write("public/x.html", "changed, but inside the output");
        let after = tree_except(site.root(), Some(Path::new("public")));
        assert_eq!(
            tree_changes(&before, &after),
            [
                "added .public.staging-1",
                "added .public.staging-1/y.html",
                "changed a.txt",
                "removed b/c.txt"
            ]
        );
    }

    #[test]
    fn normalize_hides_paths_durations_and_pids() {
        let site = Path::new("/tmp/.tmpAbC");
        let text = "Site construit dans /tmp/.tmpAbC/public : 3 pages en 0.26 s.\n  load+derive    106.8 ms\n/tmp/.tmpAbC/.public.staging-4242\nligne 12 de 2025";
        assert_eq!(
            normalize(text, site),
            "Site construit dans [SITE]/public : 3 pages en [TIME] s.\n  load+derive    [TIME] ms\n[SITE]/.public.staging-[PID]\nligne 12 de 2025"
        );
    }
}
