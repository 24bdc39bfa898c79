// Gate 4: every internal link, resource and #anchor of every HTML (and CSS) file resolves inside
// the site; no root-relative or protocol-relative URL (both break over file://); external
// http(s) URLs only where nothing is fetched (<a>/<area> href); sitemap.xml URLs well-formed.
import fs from 'node:fs';
import path from 'node:path';
import { siteDir, listFiles, isHtml, onlyExisting, finish } from '../lib/site.mjs';
import { tokenize, lineIndex, cssUrls } from '../lib/html.mjs';

const root = siteDir();
const files = listFiles(root);
const fileSet = new Set(files);
const dirSet = new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, a) => a.slice(0, i + 1).join('/'))));

// Attributes that hold a URL, by element ('*' for any element).
const URL_ATTRS = {
  href: '*',
  'xlink:href': '*',
  src: '*',
  srcset: new Set(['img', 'source']),
  poster: new Set(['video']),
  data: new Set(['object']),
  action: new Set(['form']),
  formaction: new Set(['button', 'input']),
  cite: new Set(['blockquote', 'q', 'del', 'ins']),
};
// Navigations, not fetches: external URLs are fine here.
const NAV_TAGS = new Set(['a', 'area']);
// <link rel> values a browser never fetches: an absolute URL there loads nothing.
const NON_FETCHING_RELS = new Set(['canonical', 'alternate', 'author', 'license', 'me', 'help']);

/** Parses an HTML or SVG file once: its ids/anchor names and its URL references. */
const parsed = new Map();
function parse(rel) {
  if (parsed.has(rel)) return parsed.get(rel);
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const line = lineIndex(text);
  const ids = new Set();
  const refs = [];
  const hasBase = [];
  tokenize(text, {
    onTag(tag, attrs, offset) {
      if (attrs.has('id')) ids.add(attrs.get('id'));
      if (tag === 'a' && attrs.has('name')) ids.add(attrs.get('name'));
      if (tag === 'base') hasBase.push(line(offset));
      for (const [attr, value] of attrs) {
        const on = URL_ATTRS[attr];
        if (!on || (on !== '*' && !on.has(tag))) continue;
        const urls = attr === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]).filter(Boolean) : [value];
        for (const url of urls) refs.push({ tag, attr, url, line: line(offset), rel: attrs.get('rel') || '' });
      }
      if (tag === 'meta' && /^refresh$/i.test(attrs.get('http-equiv') || '')) {
        const m = /url\s*=\s*['"]?([^'"]+)/i.exec(attrs.get('content') || '');
        if (m) refs.push({ tag, attr: 'content', url: m[1], line: line(offset), rel: '' });
      }
      if (attrs.has('style')) {
        for (const u of cssUrls(attrs.get('style'))) refs.push({ tag, attr: 'style', url: u.url, line: line(offset), rel: '' });
      }
    },
    onRawText(tag, content, offset) {
      if (tag !== 'style') return;
      for (const u of cssUrls(content)) refs.push({ tag, attr: 'url()', url: u.url, line: line(offset + u.offset), rel: '' });
    },
  });
  const info = { ids, refs, hasBase };
  parsed.set(rel, info);
  return info;
}

const problems = new Map(); // category → lines
const problem = (cat, msg) => {
  if (!problems.has(cat)) problems.set(cat, []);
  problems.get(cat).push(msg);
};

function decode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

let checked = 0;
function checkRef(from, ref, fromIds) {
  const url = ref.url.trim();
  const where =
    ref.attr === 'url()' || ref.attr === 'style'
      ? `${from}:${ref.line} ${ref.tag === 'css' ? '' : `<${ref.tag}${ref.attr === 'style' ? ' style' : ''}> `}url(${ref.url})`
      : `${from}:${ref.line} <${ref.tag} ${ref.attr}="${ref.url}">`;
  const isNav = NAV_TAGS.has(ref.tag) && ref.attr === 'href';
  checked++;
  if (url === '') return; // the document itself
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme) {
    if (scheme === 'http' || scheme === 'https') {
      const relTokens = ref.rel.toLowerCase().split(/\s+/).filter(Boolean);
      const nonFetchingLink = ref.tag === 'link' && relTokens.length > 0 && relTokens.every((r) => NON_FETCHING_RELS.has(r));
      if (!isNav && !nonFetchingLink && ref.attr !== 'cite') problem('external resource (only <a href> may point outside)', where);
      return;
    }
    if (['mailto', 'tel', 'sms'].includes(scheme)) {
      if (!isNav) problem(`${scheme}: URL outside <a href>`, where);
      return;
    }
    if (scheme === 'data' || scheme === 'blob') return;
    problem(`${scheme}: URL`, where);
    return;
  }
  if (url.startsWith('//')) return problem('protocol-relative URL (breaks over file://)', where);
  if (url.startsWith('/')) return problem('root-relative URL (breaks over file://)', where);

  const hashAt = url.indexOf('#');
  const frag = hashAt >= 0 ? decode(url.slice(hashAt + 1)) : null;
  let target = hashAt >= 0 ? url.slice(0, hashAt) : url;
  target = target.replace(/\?.*$/, '');
  if (frag === null && hashAt >= 0) return problem('malformed URL', where);
  let targetRel = from;
  let targetIds = fromIds;
  if (target !== '') {
    const decoded = decode(target);
    if (decoded === null) return problem('malformed URL', where);
    const abs = path.posix.normalize(path.posix.join(path.posix.dirname(from), decoded));
    if (abs === '..' || abs.startsWith('../')) return problem('points outside the site', where);
    const clean = abs.replace(/\/$/, '');
    if (decoded.endsWith('/') || dirSet.has(clean) || clean === '.') {
      // Over http a directory serves its index.html; over file:// it shows a listing.
      const index = clean === '.' ? 'index.html' : `${clean}/index.html`;
      if (!fileSet.has(index)) return problem('broken link', `${where} → ${index} does not exist`);
      return problem('directory link (shows a file listing over file://; link to …/index.html)', where);
    }
    if (!fileSet.has(abs)) return problem('broken link', `${where} → ${abs} does not exist`);
    targetRel = abs;
    targetIds = /\.(html?|svg)$/i.test(abs) ? parse(abs).ids : null;
  }
  if (frag === null || frag === '' || frag.toLowerCase() === 'top' || targetIds === null) return;
  if (!targetIds.has(frag)) problem('broken anchor', `${where} → no id="${frag}" in ${targetRel}`);
}

const htmlFiles = files.filter(isHtml);
// Stand-alone SVG files (charts) are checked too: an <object>-embedded SVG could fetch.
const svgFiles = files.filter((f) => /\.svg$/i.test(f));
for (const rel of [...htmlFiles, ...svgFiles]) {
  const info = parse(rel);
  for (const l of info.hasBase) problem('<base> element (changes how every relative link resolves)', `${rel}:${l}`);
  for (const ref of info.refs) checkRef(rel, ref, info.ids);
}

// Stylesheets: fonts and images they pull in must be the site's own files.
const cssFiles = files.filter((f) => /\.css$/i.test(f));
for (const rel of cssFiles) {
  const text = fs.readFileSync(path.join(root, rel), 'utf8');
  const line = lineIndex(text);
  for (const u of cssUrls(text)) checkRef(rel, { tag: 'css', attr: 'url()', url: u.url, line: line(u.offset), rel: '' }, null);
}

// sitemap.xml: absolute, well-formed http(s) URLs.
let sitemapCount = 0;
const sitemap = path.join(root, 'sitemap.xml');
if (fs.existsSync(sitemap)) {
  const xml = fs.readFileSync(sitemap, 'utf8');
  const line = lineIndex(xml);
  const re = /<loc>\s*([\s\S]*?)\s*<\/loc>/g;
  let m;
  while ((m = re.exec(xml))) {
    sitemapCount++;
    const loc = m[1].replace(/&amp;/g, '&');
    let ok = /^https?:\/\/[^\s/]+/.test(loc) && !/\s/.test(loc);
    if (ok) {
      try {
        new URL(loc);
      } catch {
        ok = false;
      }
    }
    if (!ok) problem('sitemap.xml URL not absolute or malformed', `sitemap.xml:${line(m.index)} ${loc}`);
  }
  if (sitemapCount === 0) problem('sitemap.xml has no <loc>', 'sitemap.xml');
} else if (onlyExisting()) {
  console.warn('  WARN  no sitemap.xml (skipped: E2E_ONLY_EXISTING=1)');
} else {
  problem('missing sitemap.xml', path.join(root, 'sitemap.xml'));
}

const MAX_LINES = 400;
let printed = 0;
let total = 0;
for (const [cat, lines] of problems) {
  total += lines.length;
  console.log(`  FAIL  ${cat}: ${lines.length}`);
  for (const l of lines) {
    if (printed++ < MAX_LINES) console.log(`      ${l}`);
  }
}
if (printed > MAX_LINES) console.log(`      … ${printed - MAX_LINES} more line(s) not shown`);
const cats = [...problems].map(([c, l]) => `${l.length} ${c.replace(/ \(.*/, '')}`).join(', ');
finish(
  'links',
  total,
  `${checked} reference(s) in ${htmlFiles.length} HTML, ${svgFiles.length} SVG and ${cssFiles.length} CSS file(s), ${sitemapCount} sitemap URL(s)` +
    (total ? `; ${cats}` : '; 0 broken'),
);
