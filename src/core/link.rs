//! The one link and URL policy, for every address an author writes: Markdown links and images,
//! raw HTML, the short texts of the contract (commitments, compensation), `url_base` and
//! `--base-url`.
//!
//! A reader may *follow* a link to another site, write an e-mail or call a number, but a page
//! never *loads* anything from another site: the site promises no third-party request. So:
//!
//! - a **link** (`[texte](…)`, `<a href>`, `cite`) is an `http:`, `https:`, `mailto:` or `tel:`
//!   address, a relative path, `#ancre` or `?…` (and `@/fichier.md`, resolved before it gets here);
//! - a **resource** (an image, `srcset`, `poster`, a CSS `url()`…) is a relative path to a file of
//!   the site, nothing else.
//!
//! Everything else is refused: any other scheme (`javascript:`, `data:`, `vbscript:`, `file:`…),
//! addresses from the server's root (`/x`, which break under a sub-path and from `file://`) or
//! from another host (`//hôte/x`), backslashes (which browsers read as `/`), control characters,
//! and an `http(s):` address without a host. Addresses are read the way browsers read them
//! (WHATWG URL): spaces and control characters around them dropped, tabs and line breaks
//! anywhere removed, the scheme's case ignored; character references are decoded before (by
//! pulldown-cmark in Markdown, by html5ever in raw HTML), so `&#106;avascript:` is `javascript:`.

/// The schemes a link may use.
pub const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// What an address is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Followed by the reader: a link.
    Link,
    /// Fetched by the browser as the page loads: an image, a video poster, a style sheet.
    Resource,
}

/// Why an address is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    /// A scheme outside [`LINK_SCHEMES`] (lower case, as a browser reads it).
    Scheme(String),
    /// `/x`.
    RootRelative,
    /// `//host/x`.
    ProtocolRelative,
    /// An `http(s):` resource: a request to another site.
    ThirdParty,
    Backslash,
    Control,
    /// `http:x` or `https:///x`.
    NoHost,
    /// A relative path with more `../` than the page has folders above it.
    AboveRoot,
}

/// Checks `url` against the policy for `use_`.
pub fn check(url: &str, use_: Use) -> Result<(), Refusal> {
    let cleaned = browser_form(url)?;
    if cleaned.is_empty() {
        return Err(Refusal::Empty);
    }
    if cleaned.contains('\\') {
        return Err(Refusal::Backslash);
    }
    if cleaned.starts_with("//") {
        return Err(match use_ {
            Use::Link => Refusal::ProtocolRelative,
            Use::Resource => Refusal::ThirdParty,
        });
    }
    if cleaned.starts_with('/') {
        return Err(Refusal::RootRelative);
    }
    let Some((scheme, rest)) = split_scheme(&cleaned) else {
        return Ok(());
    };
    let scheme = scheme.to_ascii_lowercase();
    let web = scheme == "http" || scheme == "https";
    match use_ {
        Use::Resource if web => Err(Refusal::ThirdParty),
        Use::Link if web && host_of(rest).is_none() => Err(Refusal::NoHost),
        Use::Link if LINK_SCHEMES.contains(&scheme.as_str()) => Ok(()),
        _ => Err(Refusal::Scheme(scheme)),
    }
}

/// Whether `url` is an address with a scheme (`https://…`, `mailto:…`), as opposed to a path.
pub fn has_scheme(url: &str) -> bool {
    browser_form(url).is_ok_and(|u| split_scheme(&u).is_some())
}

/// Whether the relative path `url`, used in a page `depth` folders below the site's root,
/// climbs above the root (`../../x` from `a/index.html`).
pub fn climbs_above_root(url: &str, depth: usize) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let mut level = depth as isize;
    for part in path.split('/') {
        match part {
            ".." => level -= 1,
            "" | "." => {}
            _ => level += 1,
        }
        if level < 0 {
            return true;
        }
    }
    false
}

/// The address as a browser parses it: spaces and control characters around it trimmed, tabs
/// and line breaks removed; any other control character inside is refused.
fn browser_form(url: &str) -> Result<String, Refusal> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut out = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        match c {
            '\t' | '\n' | '\r' => {}
            c if c.is_control() => return Err(Refusal::Control),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// `scheme:rest` when `url` starts with a scheme: a letter, then letters, digits, `+`, `-`, `.`.
fn split_scheme(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some((scheme, rest))
}

/// The host of `//host/…`, when there is one.
fn host_of(after_scheme: &str) -> Option<&str> {
    let rest = after_scheme.strip_prefix("//")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// What the refused address is, for the message: its French name and gender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// « lien ».
    Link,
    /// « image ».
    Image,
    /// « adresse » (an attribute of raw HTML).
    Address,
}

impl Subject {
    fn name(self) -> &'static str {
        match self {
            Subject::Link => "lien",
            Subject::Image => "image",
            Subject::Address => "adresse",
        }
    }

    /// `word` agreed with the subject's gender (« refusé » → « refusée »).
    fn agree(self, word: &str) -> String {
        match self {
            Subject::Link => word.to_string(),
            Subject::Image | Subject::Address => format!("{word}e"),
        }
    }
}

impl Refusal {
    /// The French sentence for `subject` at `url`.
    pub fn message(&self, subject: Subject, url: &str) -> String {
        let url = shown(url);
        let what = subject.name();
        let refused = subject.agree("refusé");
        match self {
            Refusal::Empty => format!("{what} vide"),
            Refusal::Scheme(scheme) => format!(
                "{what} « {url} » {refused} : le protocole « {scheme}: » n'est pas autorisé"
            ),
            Refusal::RootRelative => format!(
                "{what} « {url} » {refused} : une adresse qui commence par « / » casserait le site ouvert depuis un dossier ou publié sous un sous-chemin"
            ),
            Refusal::ProtocolRelative => format!(
                "{what} « {url} » {refused} : une adresse qui commence par « // » désigne un autre site sans dire comment l'ouvrir"
            ),
            Refusal::ThirdParty => format!(
                "{what} « {url} » {refused} : le fichier serait chargé depuis un autre site, et le site ne fait aucune requête vers un tiers"
            ),
            Refusal::Backslash => format!(
                "{what} « {url} » {refused} : la barre oblique inversée « \\ » n'a pas sa place dans une adresse"
            ),
            Refusal::Control => {
                format!("{what} « {url} » {refused} : l'adresse contient un caractère de contrôle")
            }
            Refusal::NoHost => {
                format!("{what} « {url} » {refused} : l'adresse n'a pas de nom de site")
            }
            Refusal::AboveRoot => format!(
                "{what} « {url} » {refused} : le chemin remonte au-dessus de la racine du site"
            ),
        }
    }

    /// How to fix it, for an address used as `use_`.
    pub fn hint(&self, use_: Use) -> &'static str {
        match self {
            Refusal::Scheme(_) | Refusal::Control if use_ == Use::Resource => "une image ou un fichier affiché dans la page vient du site : enregistrez-le dans static/ et écrivez son chemin relatif (images/plan.png).",
            Refusal::Empty => "indiquez la cible entre les parenthèses : [texte](https://www.exemple.fr/) ou [texte](@/page.md).",
            Refusal::Scheme(_) | Refusal::Control => "seuls les liens http, https, mailto et tel sont permis, et les liens vers les pages du site (@/chemin/du/fichier.md).",
            Refusal::RootRelative => "pour une page du site, écrivez @/chemin/du/fichier.md ; pour un autre site, l'adresse complète https://…",
            Refusal::ProtocolRelative | Refusal::NoHost => "écrivez l'adresse complète, par exemple https://www.exemple.fr/page.",
            Refusal::ThirdParty => "enregistrez le fichier dans static/ et écrivez son chemin relatif (images/plan.png), ou faites un lien vers cette adresse.",
            Refusal::Backslash => "séparez les dossiers par des barres obliques « / ».",
            Refusal::AboveRoot => "retirez des « ../ » : un chemin relatif reste dans le site, ou écrivez @/chemin/du/fichier.md.",
        }
    }
}

/// An address as it may be printed in a message: control characters made visible, at most 100
/// characters, so that a hostile address cannot drive the terminal or flood it.
pub fn shown(url: &str) -> String {
    let mut out = String::new();
    for (i, c) in url.chars().enumerate() {
        if i == 100 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Why a site address (`url_base`, `--base-url`) cannot be used: it must be an absolute
/// `http(s)://host/…` address, since it is printed in QR codes and the sitemap, and written in
/// canonical links, where no page may gain a script or a quote.
pub fn base_url_problem(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Some("n'est pas une adresse absolue".into());
    }
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(*c))
    {
        let c = if c.is_control() || c.is_whitespace() {
            c.escape_default().to_string()
        } else {
            c.to_string()
        };
        return Some(format!(
            "contient « {c} », qui n'a pas sa place dans une adresse"
        ));
    }
    let rest = url.split_once(':').map(|(_, r)| r).unwrap_or("");
    if host_of(rest).is_none() {
        return Some("n'a pas de nom de site".into());
    }
    if url.contains(['?', '#']) {
        return Some(
            "contient « ? » ou « # » : les adresses des pages s'écrivent à sa suite".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_may_go_to_the_web_by_mail_or_by_phone() {
        for ok in [
            "https://www.exemple.fr/page",
            "HTTP://EXEMPLE.FR",
            "mailto:contact@exemple.fr",
            "tel:+33320000000",
            "../mentions-legales/index.html",
            "plan.pdf",
            "#ancre",
            "?q=1",
        ] {
            assert_eq!(check(ok, Use::Link), Ok(()), "{ok}");
        }
    }

    #[test]
    fn every_disguise_of_a_script_scheme_is_caught() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "javascript\r:alert(1)",
            "vbscript:x",
            "data:text/html;base64,PHNjcmlwdD4=",
            "file:///etc/passwd",
            "a:b/c",
        ] {
            assert!(
                matches!(
                    check(bad, Use::Link),
                    Err(Refusal::Scheme(_)) | Err(Refusal::Control)
                ),
                "{bad:?}"
            );
        }
        assert_eq!(check("java\0script:x", Use::Link), Err(Refusal::Control));
    }

    #[test]
    fn addresses_that_leave_the_site_by_other_ways_are_refused() {
        assert_eq!(
            check("//evil.example", Use::Link),
            Err(Refusal::ProtocolRelative)
        );
        assert_eq!(check("/x", Use::Link), Err(Refusal::RootRelative));
        assert_eq!(
            check("\\\\evil.example", Use::Link),
            Err(Refusal::Backslash)
        );
        assert_eq!(check("/\\evil.example", Use::Link), Err(Refusal::Backslash));
        assert_eq!(check("https:///x", Use::Link), Err(Refusal::NoHost));
        assert_eq!(check("http:x", Use::Link), Err(Refusal::NoHost));
        assert_eq!(check("  ", Use::Link), Err(Refusal::Empty));
    }

    #[test]
    fn resources_come_from_the_site_only() {
        assert_eq!(check("images/plan.png", Use::Resource), Ok(()));
        assert_eq!(check("../img/a.svg#x", Use::Resource), Ok(()));
        for bad in [
            "https://evil.example/t.png",
            "//evil.example/t.png",
            " HTTPS://evil.example/t.png",
        ] {
            assert_eq!(check(bad, Use::Resource), Err(Refusal::ThirdParty), "{bad}");
        }
        assert_eq!(
            check("data:image/png;base64,xx", Use::Resource),
            Err(Refusal::Scheme("data".into()))
        );
        assert_eq!(
            check("mailto:x@y.fr", Use::Resource),
            Err(Refusal::Scheme("mailto".into()))
        );
    }

    #[test]
    fn relative_paths_stay_under_the_root() {
        assert!(!climbs_above_root("../../x/index.html", 2));
        assert!(climbs_above_root("../../../x/index.html", 2));
        assert!(climbs_above_root("a/../../x", 0));
        assert!(!climbs_above_root("a/../x#../../..", 0));
    }

    #[test]
    fn base_urls_are_absolute_web_addresses_without_markup() {
        assert_eq!(base_url_problem("https://www.exemple.fr/contrat/"), None);
        assert_eq!(base_url_problem("http://localhost:1111/"), None);
        for bad in [
            "javascript:alert(1)//x",
            "essai.example.org",
            "https://x.fr/\" onload=\"alert(1)",
            "https://x.fr/<script>",
            "https://x.fr/a b",
            "https:///chemin/",
            "https://x.fr/?a=1",
            "https://x.fr/\u{0}",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn hostile_addresses_are_shown_harmless() {
        assert_eq!(shown("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(shown(&"x".repeat(200)).chars().count(), 101);
    }
}
