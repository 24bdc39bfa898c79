//! What happens to a PDF between Chromium and the output: its links made public and its date
//! removed ([`publishable`]), and the posters of one commune bound into one file for the print
//! shop ([`bind`]). Both go through `lopdf`'s object model rather than byte patching: a PDF's
//! cross-reference table must be rewritten whenever an object changes length.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

/// `bytes` as they may be published: every link Chromium resolved against the staging folder
/// (`file:///…/.public.staging-123/residences/x/index.html`) pointed at the site's public
/// address instead (`base_url` + `residences/x/`), or left without action when the site has no
/// http(s) address; no other `file://` link kept (it would name a folder of this machine); and
/// no creation date, so that the same page prints to the same bytes and an unchanged poster
/// is not sent again to a server or a print shop.
pub fn publishable(bytes: &[u8], staging_url: &str, base_url: &str) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| format!("PDF illisible : {e}"))?;
    if let Ok(info) = doc.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(info) = doc.get_dictionary_mut(info) {
            info.remove(b"CreationDate");
            info.remove(b"ModDate");
        }
    }
    let public = base_url.starts_with("https://") || base_url.starts_with("http://");
    for object in doc.objects.values_mut() {
        let Object::Dictionary(annotation) = object else {
            continue;
        };
        let Some(uri) = link_target(annotation) else {
            continue;
        };
        let rewritten = uri
            .strip_prefix(staging_url)
            .filter(|_| public)
            .map(|rest| public_url(base_url, rest));
        match rewritten {
            Some(url) => set_link_target(annotation, url),
            None if uri.starts_with("file:") => {
                annotation.remove(b"A");
            }
            None => {}
        }
    }
    save(&mut doc)
}

/// The URI a link annotation opens, when it is one.
fn link_target(annotation: &Dictionary) -> Option<String> {
    let Ok(Object::Dictionary(action)) = annotation.get(b"A") else {
        return None;
    };
    let Ok(Object::String(uri, _)) = action.get(b"URI") else {
        return None;
    };
    Some(String::from_utf8_lossy(uri).into_owned())
}

fn set_link_target(annotation: &mut Dictionary, url: String) {
    if let Ok(Object::Dictionary(action)) = annotation.get_mut(b"A") {
        action.set(
            "URI",
            Object::String(url.into_bytes(), StringFormat::Literal),
        );
    }
}

/// The public address of `rest`, a site-relative path as it followed the staging folder in a
/// `file://` URL: `residences/x/index.html#faits` → `https://…/residences/x/#faits`.
fn public_url(base_url: &str, rest: &str) -> String {
    let (path, fragment) = match rest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (rest, None),
    };
    let mut url = crate::core::paths::absolute_url(base_url, path);
    if let Some(f) = fragment {
        url.push('#');
        url.push_str(f);
    }
    url
}

/// The posters `parts` (a title and a PDF each, in order) as one PDF, each part's pages after
/// the previous part's, with a bookmark per part so that the print shop and a reader can go
/// straight to one residence. The document is titled `title`.
pub fn bind(title: &str, parts: &[(&str, &[u8])]) -> Result<Vec<u8>, String> {
    let mut out = Document::with_version("1.4");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    let mut marks: Vec<(&str, ObjectId)> = Vec::new();
    for (name, bytes) in parts {
        let mut doc = Document::load_mem(bytes).map_err(|e| format!("PDF illisible : {e}"))?;
        // Attributes a page inherits from its page tree are copied onto it first: the tree is
        // not kept.
        for page in doc.get_pages().into_values() {
            let own = inherited(&doc, page);
            if let Ok(dict) = doc.get_dictionary_mut(page) {
                for (key, value) in own {
                    dict.set(key, value);
                }
            }
        }
        doc.renumber_objects_with(out.max_id + 1);
        out.max_id = out.max_id.max(doc.max_id);
        let info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
        let pages = doc.get_pages();
        for (id, object) in std::mem::take(&mut doc.objects) {
            let kind = object
                .as_dict()
                .ok()
                .and_then(|d| d.get(b"Type").ok())
                .and_then(|t| t.as_name().ok());
            let skipped = Some(id) == info
                || matches!(kind, Some(b"Catalog") | Some(b"Pages") | Some(b"Outlines"));
            if !skipped {
                out.objects.insert(id, object);
            }
        }
        for (i, page) in pages.values().enumerate() {
            if let Ok(dict) = out.get_dictionary_mut(*page) {
                dict.set("Parent", pages_id);
            }
            kids.push(Object::Reference(*page));
            if i == 0 {
                marks.push((name, *page));
            }
        }
    }
    let count = kids.len() as i64;
    let mut pages = Dictionary::new();
    pages.set("Type", Object::Name(b"Pages".to_vec()));
    pages.set("Kids", Object::Array(kids));
    pages.set("Count", Object::Integer(count));
    out.objects.insert(pages_id, Object::Dictionary(pages));
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", pages_id);
    if let Some(outline) = outline(&mut out, &marks) {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let catalog_id = out.add_object(catalog);
    out.trailer.set("Root", catalog_id);
    let mut info = Dictionary::new();
    info.set("Title", text_string(title));
    info.set("Producer", text_string("ensemble"));
    let info_id = out.add_object(info);
    out.trailer.set("Info", info_id);
    save(&mut out)
}

/// The page-tree attributes `page` inherits (PDF 1.7, 7.7.3.4) and does not set itself.
fn inherited(doc: &Document, page: ObjectId) -> Vec<(&'static str, Object)> {
    const KEYS: [&str; 4] = ["Resources", "MediaBox", "CropBox", "Rotate"];
    let Ok(own) = doc.get_dictionary(page) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for key in KEYS {
        if own.has(key.as_bytes()) {
            continue;
        }
        let mut node = own.get(b"Parent").and_then(Object::as_reference).ok();
        // A malformed tree could loop: a page tree deeper than 64 levels is not Chromium's.
        for _ in 0..64 {
            let Some(dict) = node.and_then(|id| doc.get_dictionary(id).ok()) else {
                break;
            };
            if let Ok(value) = dict.get(key.as_bytes()) {
                found.push((key, value.clone()));
                break;
            }
            node = dict.get(b"Parent").and_then(Object::as_reference).ok();
        }
    }
    found
}

/// A flat outline, one item per `(title, first page)`; `None` when there is nothing to mark.
fn outline(doc: &mut Document, marks: &[(&str, ObjectId)]) -> Option<ObjectId> {
    if marks.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| doc.new_object_id()).collect();
    for (i, (title, page)) in marks.iter().enumerate() {
        let mut item = Dictionary::new();
        item.set("Title", text_string(title));
        item.set("Parent", root);
        item.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(*page),
                Object::Name(b"Fit".to_vec()),
            ]),
        );
        if i > 0 {
            item.set("Prev", ids[i - 1]);
        }
        if let Some(next) = ids.get(i + 1) {
            item.set("Next", *next);
        }
        doc.objects.insert(ids[i], Object::Dictionary(item));
    }
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    dict.set("First", ids[0]);
    dict.set("Last", ids[ids.len() - 1]);
    dict.set("Count", Object::Integer(ids.len() as i64));
    doc.objects.insert(root, Object::Dictionary(dict));
    Some(root)
}

/// A PDF text string: UTF-16BE with its byte-order mark, so that « Armentières » reads as such.
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn save(doc: &mut Document) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes)
        .map_err(|e| format!("PDF impossible à écrire : {e}"))?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF with a link to `uri`, a creation date and the given text, as lopdf writes it.
    fn pdf(uri: &str, text: &str) -> Vec<u8> {
        let mut doc = Document::with_version("1.4");
        let pages_id = doc.new_object_id();
        let content = lopdf::Stream::new(Dictionary::new(), format!("% {text}").into_bytes());
        let content_id = doc.add_object(content);
        let mut action = Dictionary::new();
        action.set("S", Object::Name(b"URI".to_vec()));
        action.set("URI", Object::string_literal(uri));
        let mut link = Dictionary::new();
        link.set("Type", Object::Name(b"Annot".to_vec()));
        link.set("Subtype", Object::Name(b"Link".to_vec()));
        link.set("A", Object::Dictionary(action));
        let link_id = doc.add_object(link);
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Page".to_vec()));
        page.set("Parent", pages_id);
        page.set("Contents", content_id);
        page.set("Annots", Object::Array(vec![Object::Reference(link_id)]));
        let page_id = doc.add_object(page);
        let mut pages = Dictionary::new();
        pages.set("Type", Object::Name(b"Pages".to_vec()));
        pages.set("Kids", Object::Array(vec![Object::Reference(page_id)]));
        pages.set("Count", Object::Integer(1));
        pages.set(
            "MediaBox",
            Object::Array(vec![0.into(), 0.into(), 842.into(), 1191.into()]),
        );
        doc.objects.insert(pages_id, Object::Dictionary(pages));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", pages_id);
        let catalog_id = doc.add_object(catalog);
        doc.trailer.set("Root", catalog_id);
        let mut info = Dictionary::new();
        info.set(
            "CreationDate",
            Object::string_literal("D:20261203113632+00'00'"),
        );
        let info_id = doc.add_object(info);
        doc.trailer.set("Info", info_id);
        save(&mut doc).unwrap()
    }

    fn contains(haystack: &[u8], needle: &str) -> bool {
        haystack
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    }

    const STAGING: &str = "file:///srv/site/.public.staging-42/";

    #[test]
    fn staging_links_become_public_addresses_and_the_date_goes() {
        let printed = pdf(&format!("{STAGING}residences/x/index.html#faits"), "a");
        let out = publishable(&printed, STAGING, "https://exemple.fr/").unwrap();
        assert!(contains(&out, "https://exemple.fr/residences/x/#faits"));
        assert!(!contains(&out, "staging"));
        assert!(!contains(&out, "CreationDate"));
        // The same page printed at another minute gives the same bytes.
        let later = pdf(&format!("{STAGING}residences/x/index.html#faits"), "a");
        assert_eq!(
            out,
            publishable(&later, STAGING, "https://exemple.fr/").unwrap()
        );
    }

    #[test]
    fn without_a_public_address_no_local_link_is_kept() {
        for uri in [
            format!("{STAGING}index.html"),
            "file:///etc/passwd".to_string(),
        ] {
            let out = publishable(&pdf(&uri, "a"), STAGING, "/").unwrap();
            assert!(!contains(&out, "file:"), "{uri}");
        }
        let tel = publishable(&pdf("tel:0320000001", "a"), STAGING, "/").unwrap();
        assert!(contains(&tel, "tel:0320000001"));
    }

    #[test]
    fn bound_parts_keep_their_order_and_get_a_bookmark_each() {
        let a = pdf("tel:1", "premiere");
        let b = pdf("tel:2", "deuxieme");
        let bound = bind(
            "Affiches de Lille",
            &[("Les Tilleuls", &a), ("Le Moulin", &b)],
        )
        .unwrap();
        let doc = Document::load_mem(&bound).unwrap();
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        assert_eq!(pages.len(), 2);
        let text =
            |page: ObjectId| String::from_utf8_lossy(&doc.get_page_content(page)).into_owned();
        assert!(text(pages[0]).contains("premiere"));
        assert!(text(pages[1]).contains("deuxieme"));
        // The inherited media box was copied onto each page.
        assert!(doc.get_dictionary(pages[1]).unwrap().has(b"MediaBox"));
        let encoded = |s: &str| {
            let mut hex = String::from("FEFF");
            for u in s.encode_utf16() {
                hex.push_str(&format!("{u:04X}"));
            }
            hex
        };
        assert!(contains(&bound, &encoded("Le Moulin")));
        assert!(contains(&bound, &encoded("Affiches de Lille")));
        assert!(bind("x", &[("a", b"not a pdf")]).is_err());
    }
}
