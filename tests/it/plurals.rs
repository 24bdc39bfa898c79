//! No « (s) » in what the program says: every French plural is agreed with
//! `core::typography::count` or written as two sentences. Scans the string literals of every
//! `.rs` file under `src/` (comments and code such as `Some(s)` are not messages), and the
//! files `ensemble new` writes.

use crate::support::repo;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of Rust source `code`, with the line each starts on. A small lexer:
/// line and block comments are skipped, `"…"` with its escapes and `r#"…"#` raw strings are
/// read whole, a char literal (`'"'`) is stepped over, a lifetime (`'a`) is not one.
fn string_literals(code: &str) -> Vec<(usize, String)> {
    let c: Vec<char> = code.chars().collect();
    let (mut i, mut line, mut out) = (0, 1, Vec::new());
    while i < c.len() {
        match c[i] {
            '\n' => line += 1,
            '/' if c.get(i + 1) == Some(&'/') => {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if c.get(i + 1) == Some(&'*') => {
                i += 2;
                while i + 1 < c.len() && !(c[i] == '*' && c[i + 1] == '/') {
                    line += usize::from(c[i] == '\n');
                    i += 1;
                }
                i += 2;
                continue;
            }
            '\'' if c.get(i + 1) == Some(&'\\') => {
                i += 2;
                while i < c.len() && c[i] != '\'' {
                    i += 1;
                }
            }
            '\'' if c.get(i + 2) == Some(&'\'') => i += 2,
            'r' if matches!(c.get(i + 1), Some('"' | '#'))
                && (i == 0 || !c[i - 1].is_alphanumeric()) =>
            {
                let hashes = c[i + 1..].iter().take_while(|&&h| h == '#').count();
                if c.get(i + 1 + hashes) == Some(&'"') {
                    let start = i + 2 + hashes;
                    let end = (start..c.len())
                        .find(|&j| {
                            c[j] == '"'
                                && c[j + 1..]
                                    .iter()
                                    .take(hashes)
                                    .filter(|&&h| h == '#')
                                    .count()
                                    == hashes
                        })
                        .unwrap_or(c.len());
                    let text: String = c[start..end].iter().collect();
                    out.push((line, text.clone()));
                    line += text.matches('\n').count();
                    i = end + hashes;
                }
            }
            '"' => {
                let (start, mut text) = (line, String::new());
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        text.push(c[i]);
                        i += 1;
                    }
                    line += usize::from(c[i] == '\n');
                    text.push(c[i]);
                    i += 1;
                }
                out.push((start, text));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// « (s) » after a letter: `colonne(s)`, `ajoutée(s)`.
fn optional_plural(text: &str) -> bool {
    text.match_indices("(s)").any(|(at, _)| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphabetic)
    })
}

#[test]
fn the_lexer_finds_messages_and_leaves_comments_and_code() {
    let code = "// colonne(s) in a comment\nlet a = Some(s);\n/* ligne(s) */ let c = '\"';\nlet m = format!(\"{} colonne(s)\", n);\nlet r = r#\"fichier(s)\"#;\nfn f<'a>(s: &'a str) {}";
    let found: Vec<(usize, String)> = string_literals(code)
        .into_iter()
        .filter(|(_, t)| optional_plural(t))
        .collect();
    assert_eq!(
        found,
        vec![
            (4, "{} colonne(s)".to_string()),
            (5, "fichier(s)".to_string())
        ]
    );
}

#[test]
fn no_message_of_src_says_s_in_brackets() {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    files.sort();
    assert!(files.len() > 50, "src/ not found: {} files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let code = std::fs::read_to_string(file).unwrap();
        for (line, text) in string_literals(&code) {
            if optional_plural(&text) {
                found.push(format!("{}:{line}: « {text} »", file.display()));
            }
        }
    }
    // The files `ensemble new` writes are read by the author, comments included.
    for dir in ["src/app/scaffold/files"] {
        let mut stack = vec![repo().join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    for (n, l) in text.lines().enumerate() {
                        if optional_plural(l) {
                            found.push(format!("{}:{}: « {l} »", path.display(), n + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "« (s) » in messages: agree the plural with core::typography::count:\n{}",
        found.join("\n")
    );
}
