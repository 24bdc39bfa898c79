//! The diagnostics the binary printed on stderr, read back into their parts so that a test can
//! check the file, line, column and hint of one message without depending on the library's
//! types. The format is the one of `Diagnostic::render` without colours:
//!
//! ```text
//! erreur : résidence « lille-acacia » inconnue
//!   --> content/observatoire/charges/2025.yaml:4:3
//!   |
//! 4 |   lille-acacia: { EAU: … }
//!   |   ^
//!   = aide : vouliez-vous dire « lille-acacias » ?
//! ```

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub error: bool,
    pub message: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub hint: Option<String>,
    /// The whole block, as printed.
    pub text: String,
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Every diagnostic of `stderr`, errors and warnings, in the printed order.
pub fn parse(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        let (error, first) = if let Some(m) = line.strip_prefix("erreur : ") {
            (true, m)
        } else if let Some(m) = line.strip_prefix("avertissement : ") {
            (false, m)
        } else {
            continue;
        };
        let mut text = format!("{line}\n");
        let mut message = first.to_string();
        let mut location = String::new();
        for next in lines.by_ref() {
            text.push_str(next);
            text.push('\n');
            if let Some(loc) = next.strip_prefix("  --> ") {
                location = loc.to_string();
                break;
            }
            message.push('\n');
            message.push_str(next);
        }
        let mut hint: Option<String> = None;
        while let Some(next) = lines.peek() {
            if next.is_empty()
                || next.starts_with("erreur : ")
                || next.starts_with("avertissement : ")
            {
                break;
            }
            let next = lines.next().unwrap();
            text.push_str(next);
            text.push('\n');
            if let Some(h) = next.strip_prefix("  = aide : ") {
                hint = Some(h.to_string());
            } else if let Some(h) = hint.as_mut() {
                h.push('\n');
                h.push_str(next);
            }
        }
        let (file, line, column) = split_location(&location);
        out.push(Diag {
            error,
            message,
            file,
            line,
            column,
            hint,
            text,
        });
    }
    out
}

/// `file:line:col`, `file:line` or `file`.
fn split_location(location: &str) -> (String, Option<usize>, Option<usize>) {
    let number = |s: &str| s.parse::<usize>().ok();
    let parts: Vec<&str> = location.rsplitn(3, ':').collect();
    match parts.as_slice() {
        [c, l, f] if number(c).is_some() && number(l).is_some() => {
            (f.to_string(), number(l), number(c))
        }
        [l, rest @ ..] if number(l).is_some() => {
            let file: Vec<&str> = rest.iter().rev().copied().collect();
            (file.join(":"), number(l), None)
        }
        _ => (location.to_string(), None, None),
    }
}

/// The errors of `stderr`.
pub fn errors(stderr: &str) -> Vec<Diag> {
    parse(stderr).into_iter().filter(|d| d.error).collect()
}

/// The warnings of `stderr`.
pub fn warnings(stderr: &str) -> Vec<Diag> {
    parse(stderr).into_iter().filter(|d| !d.error).collect()
}

/// The diagnostic whose message contains `needle`, or a panic listing all of them.
pub fn find<'a>(diagnostics: &'a [Diag], needle: &str) -> &'a Diag {
    diagnostics
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "no message contains « {needle} »:\n{}",
                diagnostics
                    .iter()
                    .map(|d| d.text.as_str())
                    .collect::<String>()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_a_rendered_diagnostic() {
        let stderr = "erreur : catégorie « EUA » inconnue\n  --> content/observatoire/charges/2025.yaml:7:5\n  |\n7 |     EUA: { reel: 16500 }\n  |     ^\n  = aide : vouliez-vous dire « EAU » ?\n\navertissement : texte\nsur deux lignes\n  --> affiches/x/index.html\n\nÉchec : 1 erreur(s).\n";
        let all = parse(stderr);
        assert_eq!(all.len(), 2);
        assert!(all[0].error);
        assert_eq!(all[0].file, "content/observatoire/charges/2025.yaml");
        assert_eq!((all[0].line, all[0].column), (Some(7), Some(5)));
        assert_eq!(all[0].hint.as_deref(), Some("vouliez-vous dire « EAU » ?"));
        assert!(!all[1].error);
        assert_eq!(all[1].message, "texte\nsur deux lignes");
        assert_eq!(
            (all[1].file.as_str(), all[1].line),
            ("affiches/x/index.html", None)
        );
        assert_eq!(split_location("a.md:3"), ("a.md".into(), Some(3), None));
    }
}
