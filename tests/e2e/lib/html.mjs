// A small HTML tokenizer: enough to find ids, anchors and every URL-bearing attribute, with line
// numbers. It skips comments, doctypes and the raw text of script/style/textarea/title, so
// markup-looking text there is not mistaken for elements. Content of <style> is kept for url().
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']);

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
export function decodeEntities(s) {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (m, body) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

/**
 * Calls `onTag(name, attrs, offset)` for each start tag (attrs: Map of lowercased name → decoded
 * value) and `onRawText(name, text, offset)` for the content of raw-text elements.
 */
export function tokenize(html, { onTag, onRawText = () => {} }) {
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const c = html[i + 1];
    if (c === '!' || c === '?' || c === '/') {
      const end = html.indexOf('>', i + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!/[a-zA-Z]/.test(c || '')) {
      i += 1;
      continue;
    }
    // Tag name.
    let j = i + 1;
    while (j < n && !/[\s/>]/.test(html[j])) j++;
    const name = html.slice(i + 1, j).toLowerCase();
    const attrs = new Map();
    // Attributes.
    while (j < n) {
      while (j < n && /[\s/]/.test(html[j])) j++;
      if (j >= n || html[j] === '>') break;
      let k = j;
      while (k < n && !/[\s/>=]/.test(html[k])) k++;
      const attrName = html.slice(j, k).toLowerCase();
      j = k;
      while (j < n && /\s/.test(html[j])) j++;
      let value = '';
      if (html[j] === '=') {
        j++;
        while (j < n && /\s/.test(html[j])) j++;
        const q = html[j];
        if (q === '"' || q === "'") {
          const end = html.indexOf(q, j + 1);
          value = html.slice(j + 1, end < 0 ? n : end);
          j = end < 0 ? n : end + 1;
        } else {
          k = j;
          while (k < n && !/[\s>]/.test(html[k])) k++;
          value = html.slice(j, k);
          j = k;
        }
      }
      if (attrName && !attrs.has(attrName)) attrs.set(attrName, decodeEntities(value));
    }
    onTag(name, attrs, i);
    i = j + 1;
    if (RAW_TEXT.has(name)) {
      const re = new RegExp(`</${name}[\\s/>]`, 'ig');
      re.lastIndex = i;
      const m = re.exec(html);
      const end = m ? m.index : n;
      onRawText(name, html.slice(i, end), i);
      i = end;
    }
  }
}

/** Maps an offset to a 1-based line number. */
export function lineIndex(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** url(...) and @import targets in CSS text, with their offsets. */
export function cssUrls(css) {
  const out = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
  const re = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')/gi;
  let m;
  while ((m = re.exec(text))) out.push({ url: m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '', offset: m.index });
  return out;
}
