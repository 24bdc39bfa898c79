//! The one key locator: where each key of a YAML text sits, as line and column. Serde forgets
//! positions once a value is read, so every check that finds a wrong value names it by its key
//! path and this index turns the path into a place in the file.

/// Where keys sit in a YAML text, found by scanning its lines: serde forgets positions once a
/// value is deserialised, and this index is only built for a file that has a problem to report.
///
/// A key is named by its path from the top, segments joined by `/`; a sequence item is `#n`
/// (0-based), so `residences/#3/surface_habitable` or `residences/lille-tilleuls/CHC/reel`. Both
/// block style (one key per line) and flow style (`{ a: 1, b: { c: 2 } }`, on one or several lines)
/// are understood. A path written twice keeps both positions, in file order.
#[derive(Debug, Default)]
pub struct KeyLines {
    positions: std::collections::HashMap<String, Vec<(usize, usize)>>,
}

impl KeyLines {
    pub fn scan(text: &str) -> KeyLines {
        let mut index = KeyLines::default();
        // Block frames: (indent, path segment, is a sequence item, items seen under it).
        let mut block: Vec<(usize, String, bool, usize)> = Vec::new();
        // Flow frames, open across lines: (segment, is a sequence, items seen).
        let mut flow: Vec<(String, bool, usize)> = Vec::new();
        let mut flow_base: Vec<String> = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line_no = n + 1;
            let bytes = raw.as_bytes();
            let mut pos = 0;
            if flow.is_empty() {
                while pos < bytes.len() && bytes[pos] == b' ' {
                    pos += 1;
                }
                if pos >= bytes.len() || bytes[pos] == b'#' || raw[pos..].starts_with("---") {
                    continue;
                }
                // Sequence items, possibly several on one line (`- - a`).
                while bytes.get(pos) == Some(&b'-')
                    && matches!(bytes.get(pos + 1), None | Some(b' '))
                {
                    let indent = pos;
                    while block
                        .last()
                        .is_some_and(|f| f.0 > indent || (f.0 == indent && f.2))
                    {
                        block.pop();
                    }
                    let item = match block.last_mut() {
                        Some(parent) => {
                            parent.3 += 1;
                            parent.3 - 1
                        }
                        None => 0,
                    };
                    block.push((indent, format!("#{item}"), true, 0));
                    index.record(&block_path(&block), line_no, indent + 1);
                    pos += 1;
                    while bytes.get(pos) == Some(&b' ') {
                        pos += 1;
                    }
                }
                if pos >= bytes.len() || bytes[pos] == b'#' {
                    continue;
                }
                if bytes[pos] == b'{' || bytes[pos] == b'[' {
                    flow_base = block_path_segments(&block);
                } else if let Some((key, after)) = read_key(raw, pos) {
                    let indent = pos;
                    while block.last().is_some_and(|f| f.0 >= indent) {
                        block.pop();
                    }
                    block.push((indent, key, false, 0));
                    index.record(&block_path(&block), line_no, indent + 1);
                    pos = after;
                    while bytes.get(pos) == Some(&b' ') {
                        pos += 1;
                    }
                    if !matches!(bytes.get(pos), Some(b'{') | Some(b'[')) {
                        continue;
                    }
                    flow_base = block_path_segments(&block);
                } else {
                    continue;
                }
            }
            index.scan_flow(raw, pos, line_no, &flow_base, &mut flow);
        }
        index
    }

    /// Reads flow collections from byte `pos` of `raw`, keeping open frames for the next line.
    fn scan_flow(
        &mut self,
        raw: &str,
        mut pos: usize,
        line_no: usize,
        base: &[String],
        flow: &mut Vec<(String, bool, usize)>,
    ) {
        let bytes = raw.as_bytes();
        // The key just read at the current depth, waiting for its value.
        let mut pending: Option<String> = None;
        while pos < bytes.len() {
            match bytes[pos] {
                b'#' if pos == 0 || bytes[pos - 1] == b' ' => break,
                b'{' | b'[' => {
                    let segment = match (pending.take(), flow.last_mut()) {
                        (Some(k), _) => k,
                        (None, Some((_, true, count))) => format!("#{count}"),
                        (None, _) => String::new(),
                    };
                    flow.push((segment, bytes[pos] == b'[', 0));
                    pos += 1;
                }
                b'}' | b']' => {
                    flow.pop();
                    pending = None;
                    pos += 1;
                }
                b',' => {
                    if let Some((_, true, count)) = flow.last_mut() {
                        *count += 1;
                    }
                    pending = None;
                    pos += 1;
                }
                b' ' | b'\t' => pos += 1,
                b'"' | b'\'' if pending.is_some() => pos = skip_quoted(bytes, pos),
                _ => {
                    if pending.is_none() {
                        if let Some((key, after)) = read_key(raw, pos) {
                            let mut path: Vec<&str> = base.iter().map(String::as_str).collect();
                            path.extend(
                                flow.iter().map(|f| f.0.as_str()).filter(|s| !s.is_empty()),
                            );
                            path.push(&key);
                            self.record(&path.join("/"), line_no, pos + 1);
                            pending = Some(key);
                            pos = after;
                            continue;
                        }
                    }
                    // A scalar value: skip to the next separator.
                    if matches!(bytes[pos], b'"' | b'\'') {
                        pos = skip_quoted(bytes, pos);
                    } else {
                        while pos < bytes.len() && !matches!(bytes[pos], b',' | b'}' | b']') {
                            pos += 1;
                        }
                    }
                    pending = None;
                }
            }
        }
    }

    fn record(&mut self, path: &str, line: usize, column: usize) {
        self.positions
            .entry(path.to_string())
            .or_default()
            .push((line, column));
    }

    /// Line and column of the `occurrence`-th (0-based) writing of `path`.
    pub fn find(&self, path: &str, occurrence: usize) -> Option<(usize, usize)> {
        self.positions.get(path)?.get(occurrence).copied()
    }

    /// The second writing of a key named `key` at any depth, for a duplicate reported by serde
    /// without its place.
    pub fn second_of(&self, key: &str) -> Option<(usize, usize)> {
        self.positions
            .iter()
            .filter(|(path, at)| {
                at.len() > 1 && (path.as_str() == key || path.ends_with(&format!("/{key}")))
            })
            .map(|(_, at)| at[1])
            .min()
    }

    /// The position of `path`, or of its nearest written parent (`a/b/c` → `a/b` → `a`).
    pub fn find_nearest(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(found) = self.find(p, 0) {
                return Some(found);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

fn block_path_segments(block: &[(usize, String, bool, usize)]) -> Vec<String> {
    block.iter().map(|f| f.1.clone()).collect()
}

fn block_path(block: &[(usize, String, bool, usize)]) -> String {
    let parts: Vec<&str> = block.iter().map(|f| f.1.as_str()).collect();
    parts.join("/")
}

fn skip_quoted(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let mut pos = start + 1;
    while pos < bytes.len() {
        if bytes[pos] == b'\\' && quote == b'"' {
            pos += 2;
            continue;
        }
        if bytes[pos] == quote {
            return pos + 1;
        }
        pos += 1;
    }
    pos
}

/// A mapping key at byte `pos`: a plain or quoted scalar followed by `:` and a space, a flow
/// delimiter or the end of the line. Returns the key and the position after the colon.
fn read_key(raw: &str, pos: usize) -> Option<(String, usize)> {
    let bytes = raw.as_bytes();
    let (key, end) = if matches!(bytes.get(pos), Some(b'"') | Some(b'\'')) {
        let close = skip_quoted(bytes, pos);
        (
            raw.get(pos + 1..close.saturating_sub(1))?.to_string(),
            close,
        )
    } else {
        let mut end = pos;
        while end < bytes.len() {
            match bytes[end] {
                b':' if matches!(
                    bytes.get(end + 1),
                    None | Some(b' ') | Some(b',') | Some(b'}') | Some(b'{') | Some(b'[')
                ) =>
                {
                    break
                }
                b',' | b'{' | b'}' | b'[' | b']' | b'#' => return None,
                _ => end += 1,
            }
        }
        (raw[pos..end].trim_end().to_string(), end)
    };
    if bytes.get(end) != Some(&b':') || key.is_empty() {
        return None;
    }
    Some((key, end + 1))
}

/// Line and column of the key at `path` in the YAML `text` (or of its nearest written parent).
pub fn position(text: &str, path: &str) -> Option<(usize, usize)> {
    KeyLines::scan(text).find_nearest(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines_follow_block_and_flow_styles() {
        let text = "\
annee: 2025
residences:
  lille-a: { CHC: { reel: 1, provisions: 2 }, EAU: { reel: 3, provisions: 4 } }
  lille-b:
    EAU:
      reel: 5
    ASC: { reel: 6,
           provisions: 7 }
  lille-a: { PCI: { reel: 1, provisions: 1 } }
liste:
- id: x
  surface: 3
- { id: y, surface: 0 }
";
        let k = KeyLines::scan(text);
        assert_eq!(k.find("annee", 0), Some((1, 1)));
        assert_eq!(k.find("residences/lille-a", 0), Some((3, 3)));
        assert_eq!(k.find("residences/lille-a", 1), Some((9, 3)));
        assert_eq!(k.find("residences/lille-a/EAU", 0), Some((3, 47)));
        assert_eq!(
            k.find("residences/lille-a/EAU/provisions", 0).map(|p| p.0),
            Some(3)
        );
        assert_eq!(k.find("residences/lille-b/EAU/reel", 0), Some((6, 7)));
        assert_eq!(
            k.find("residences/lille-b/ASC/provisions", 0).map(|p| p.0),
            Some(8)
        );
        assert_eq!(k.find("liste/#0/surface", 0), Some((12, 3)));
        assert_eq!(k.find("liste/#1/surface", 0).map(|p| p.0), Some(13));
        assert_eq!(k.find("liste/#1", 0), Some((13, 1)));
        assert_eq!(k.find_nearest("residences/lille-b/XYZ/reel"), Some((4, 3)));
    }

    #[test]
    fn finds_nested_keys_and_second_writings() {
        let text = "a: 1\ncouleurs:\n  principale: x\nb:\n  c: 1\n  c: 2\n";
        assert_eq!(position(text, "couleurs/principale"), Some((3, 3)));
        assert_eq!(KeyLines::scan(text).second_of("c"), Some((6, 3)));
    }
}
