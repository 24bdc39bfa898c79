//! The shape of `src/`, checked: one folder per stage, data flowing one way (no import from an
//! earlier stage to a later one, no circle between files), small files and functions, and files
//! read only by the load stage and written only by the write stage. ARCHITECTURE.md explains the
//! rules; this test keeps them true.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Stages in pipeline order: a module may use modules of its own stage and of earlier ones.
const STAGES: [&str; 10] = [
    "core", "draw", "model", "load", "derive", "present", "render", "write", "pipeline", "app",
];
const MAX_FILE_LINES: usize = 700;
const MAX_FN_LINES: usize = 120;

struct SourceFile {
    /// Module path: `render::contract` for src/render/contract.rs, `render` for its mod.rs.
    module: String,
    path: PathBuf,
    text: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn sources() -> Vec<SourceFile> {
    let root = src();
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&root).unwrap();
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let last = parts.pop().unwrap();
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" && stem != "main" {
            parts.push(stem.to_string());
        }
        if stem == "main" {
            continue;
        }
        out.push(SourceFile {
            module: parts.join("::"),
            path: path.to_path_buf(),
            text: std::fs::read_to_string(path).unwrap(),
        });
    }
    out
}

/// The production code of a file: comments removed and `#[cfg(test)]` items cut off.
fn code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            // The test module (or item) that follows, to its closing brace at the same indent.
            let indent = line.len() - t.len();
            let closing = format!("{}}}", " ".repeat(indent));
            for l in lines.by_ref() {
                if l == closing || l.starts_with(&format!("{closing} ")) {
                    break;
                }
            }
            continue;
        }
        if t.starts_with("//") {
            continue;
        }
        let line = match line.find(" //") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn stage_of(module: &str) -> Option<usize> {
    let first = module.split("::").next()?;
    STAGES.iter().position(|s| *s == first)
}

/// Every module path `code` names through `crate::` or `super::`, resolved to the longest
/// existing module.
fn references(
    module: &str,
    is_mod_rs: bool,
    code: &str,
    modules: &BTreeSet<String>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    for (start, prefix) in [("crate::", true), ("super::", false)] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start) {
            let at = from + i;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            // The path: segments of identifiers joined by `::`; `{` lists are read one level.
            let rest = &code[at..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let mut base: Vec<String> = if prefix {
                segments.remove(0);
                Vec::new()
            } else {
                // `super::` from src/x/y.rs is `x`; from src/x/y/mod.rs it is `x` too.
                let mut m: Vec<String> = module.split("::").map(String::from).collect();
                while segments.first() == Some(&"super") {
                    segments.remove(0);
                    m.pop();
                }
                m
            };
            let mut best = base.join("::");
            for s in segments {
                base.push(s.to_string());
                let candidate = base.join("::");
                if modules.contains(&candidate) {
                    best = candidate;
                } else {
                    break;
                }
            }
            // `use super::{a, b}` or `crate::render::{x, y}`: each listed module.
            let after = &code[at + path.len()..];
            if after.starts_with('{') {
                if let Some(end) = after.find('}') {
                    for item in after[1..end].split(',') {
                        let name = item.trim().split([' ', ':']).next().unwrap_or("");
                        let candidate = if best.is_empty() {
                            name.to_string()
                        } else {
                            format!("{best}::{name}")
                        };
                        if modules.contains(&candidate) {
                            out.insert(candidate);
                        }
                    }
                }
            }
            if !best.is_empty() {
                out.insert(best);
            }
        }
    }
    // A module file names its children by their bare names (`contract::ContractPages`).
    if is_mod_rs {
        for line in code.lines() {
            let t = line.trim_start().trim_start_matches("pub ");
            let Some(name) = t.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) else {
                continue;
            };
            let child = if module.is_empty() {
                name.to_string()
            } else {
                format!("{module}::{name}")
            };
            let needle = format!("{name}::");
            let used = code.match_indices(&needle).any(|(i, _)| {
                i == 0
                    || !(bytes[i - 1].is_ascii_alphanumeric()
                        || bytes[i - 1] == b'_'
                        || bytes[i - 1] == b':')
            });
            if used {
                out.insert(child);
            }
        }
    }
    out.remove(module);
    out
}

fn graph() -> (Vec<SourceFile>, BTreeMap<String, BTreeSet<String>>) {
    let files = sources();
    let modules: BTreeSet<String> = files.iter().map(|f| f.module.clone()).collect();
    let mut edges = BTreeMap::new();
    for f in &files {
        let is_mod_rs = f.path.file_name().is_some_and(|n| n == "mod.rs");
        edges.insert(
            f.module.clone(),
            references(&f.module, is_mod_rs, &code(&f.text), &modules),
        );
    }
    (files, edges)
}

#[test]
fn no_stage_uses_a_later_stage() {
    let (_, edges) = graph();
    let mut wrong = Vec::new();
    for (from, tos) in &edges {
        let Some(a) = stage_of(from) else { continue };
        for to in tos {
            if let Some(b) = stage_of(to) {
                if b > a {
                    wrong.push(format!(
                        "{from} uses {to} ({} is after {})",
                        STAGES[b], STAGES[a]
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline order:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_circle_between_files() {
    let (_, edges) = graph();
    // Tarjan's strongly connected components.
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        cycles: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        let edges = s.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !edges.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.cycles.push(component);
            }
        }
    }
    let mut state = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        cycles: Vec::new(),
    };
    for v in edges.keys() {
        if !state.index.contains_key(v.as_str()) {
            visit(&mut state, v);
        }
    }
    let cycles: Vec<String> = state.cycles.iter().map(|c| c.join(" ↔ ")).collect();
    assert!(
        cycles.is_empty(),
        "files that use each other in a circle:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn files_and_functions_stay_small() {
    let mut wrong = Vec::new();
    for f in sources() {
        let lines: Vec<&str> = f.text.lines().collect();
        let rel = f.path.strip_prefix(src()).unwrap().display().to_string();
        if lines.len() > MAX_FILE_LINES {
            wrong.push(format!(
                "{rel}: {} lines (at most {MAX_FILE_LINES})",
                lines.len()
            ));
        }
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim_start();
            let indent = lines[i].len() - t.len();
            let is_fn = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "pub(super) fn ",
                "const fn ",
                "pub const fn ",
            ]
            .iter()
            .any(|p| t.starts_with(p));
            if is_fn && !t.trim_end().ends_with(';') {
                let closing = format!("{}}}", " ".repeat(indent));
                let end = (i..lines.len()).find(|&j| lines[j] == closing).unwrap_or(i);
                if end - i + 1 > MAX_FN_LINES {
                    let name = t
                        .split("fn ")
                        .nth(1)
                        .unwrap_or("")
                        .split(['(', '<'])
                        .next()
                        .unwrap_or("");
                    wrong.push(format!(
                        "{rel}:{} fn {name}: {} lines (at most {MAX_FN_LINES})",
                        i + 1,
                        end - i + 1
                    ));
                }
            }
            i += 1;
        }
    }
    assert!(wrong.is_empty(), "too long:\n{}", wrong.join("\n"));
}

#[test]
fn files_are_read_by_load_and_written_by_write_only() {
    const READS: [&str; 6] = [
        "fs::read",
        "File::open",
        "read_dir(",
        "WalkDir",
        "fs::canonicalize",
        "include_str!",
    ];
    const WRITES: [&str; 10] = [
        "fs::write",
        "File::create",
        "create_dir",
        "remove_file",
        "remove_dir",
        "fs::rename",
        "fs::copy",
        "hard_link",
        "set_permissions",
        "OpenOptions",
    ];
    let mut wrong = Vec::new();
    for f in sources() {
        let stage = f.module.split("::").next().unwrap_or("");
        let code = code(&f.text);
        for (n, line) in code.lines().enumerate() {
            for needle in READS {
                // Embedding files at compile time is not reading author files.
                if needle == "include_str!" {
                    continue;
                }
                if line.contains(needle) && !matches!(stage, "load" | "write") {
                    wrong.push(format!(
                        "{}: reads with {needle}: {}",
                        f.module,
                        line.trim()
                    ));
                }
            }
            for needle in WRITES {
                if line.contains(needle) && stage != "write" {
                    wrong.push(format!(
                        "{}: writes with {needle}: {}",
                        f.module,
                        line.trim()
                    ));
                }
            }
            let _ = n;
        }
    }
    assert!(
        wrong.is_empty(),
        "file access outside its stage:\n{}",
        wrong.join("\n")
    );
}
