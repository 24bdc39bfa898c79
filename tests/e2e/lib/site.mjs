// Shared helpers for the gates: where the site is, which page stands for each page type,
// how to start Debian's Chromium, and how a gate reports.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(E2E_DIR, '..', '..');
export const ARTIFACTS_DIR = path.resolve(process.env.E2E_ARTIFACTS || path.join(E2E_DIR, 'artifacts'));

export function siteDir() {
  const dir = path.resolve(process.env.SITE_DIR || path.join(REPO_DIR, 'public'));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error(`site directory not found: ${dir} (build the site or set SITE_DIR)`);
    process.exit(2);
  }
  return fs.realpathSync(dir);
}

export const onlyExisting = () => process.env.E2E_ONLY_EXISTING === '1';

/** Every file under `root`, as sorted POSIX paths relative to it. */
export function listFiles(root) {
  const out = [];
  const walk = (dir, rel) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), r);
      else if (entry.isFile()) out.push(r);
    }
  };
  walk(root, '');
  return out.sort();
}

export const isHtml = (rel) => /\.html?$/i.test(rel);

// `*` matches one path segment, nothing else is special.
function globToRegExp(glob) {
  const body = glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
  return new RegExp(`^${body}$`);
}

// One page of each type. `exclude` lists the first segments a `*` must not take.
export const PAGE_TYPES = [
  { type: 'home', glob: 'index.html' },
  { type: 'theme', glob: 'engagements/*/index.html' },
  { type: 'legal', glob: 'mentions-legales/index.html' },
  { type: 'accessibility', glob: 'accessibilite/index.html' },
  { type: '404', glob: '404.html' },
  { type: 'observatory', glob: 'observatoire/index.html' },
  { type: 'commune', glob: 'observatoire/*/index.html' },
  { type: 'residence', glob: 'residences/*/index.html' },
  { type: 'poster-index', glob: 'affiches/index.html' },
  { type: 'poster-residence', glob: 'affiches/*/index.html', exclude: ['affiches/engagements/', 'affiches/synthese/'] },
  { type: 'poster-contract', glob: 'affiches/engagements/index.html' },
  { type: 'poster-synthesis', glob: 'affiches/synthese/index.html' },
  // Page types a site has only when its content asks for them (results, a contract history,
  // a news section): gated when present; the example site has them all (tests/it/example.rs).
  { type: 'finder', glob: 'residences/index.html', optional: true },
  { type: 'results', glob: 'resultats/index.html', optional: true },
  { type: 'results-year', glob: 'resultats/*/index.html', optional: true },
  { type: 'contract-history', glob: 'engagements/historique/index.html', optional: true },
  { type: 'section', glob: 'actualites/index.html', optional: true },
  { type: 'article', glob: 'actualites/*/index.html', exclude: ['actualites/page/'], optional: true },
];

export function matchGlob(files, glob, exclude = []) {
  const re = globToRegExp(glob);
  return files.filter((f) => re.test(f) && !exclude.some((e) => f.startsWith(e)));
}

/**
 * The page of each type (first match in sorted order). A missing type is an error unless
 * E2E_ONLY_EXISTING=1, in which case it is only warned about.
 */
export function resolvePageTypes(root, files = listFiles(root)) {
  const pages = [];
  const missing = [];
  for (const t of PAGE_TYPES) {
    const [first] = matchGlob(files, t.glob, t.exclude);
    if (first) pages.push({ type: t.type, rel: first, abs: path.join(root, first), url: fileUrl(path.join(root, first)) });
    else if (!t.optional) missing.push(t);
  }
  return { pages, missing };
}

export const fileUrl = (abs) => pathToFileURL(abs).href;

/** Reports missing page types; returns the number that count as failures. */
export function reportMissing(missing) {
  for (const t of missing) {
    const msg = `page type "${t.type}" has no file matching ${t.glob}`;
    if (onlyExisting()) console.warn(`  WARN  ${msg} (skipped: E2E_ONLY_EXISTING=1)`);
    else console.log(`  FAIL  ${msg}`);
  }
  return onlyExisting() ? 0 : missing.length;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** True when `url` is allowed to be requested by a page of the site. */
export function isOwnUrl(url, root) {
  if (/^(data|blob|about):/i.test(url)) return true;
  if (!/^file:/i.test(url)) return false;
  let p;
  try {
    p = path.resolve(fileURLToPath(url));
  } catch {
    return false;
  }
  return p === root || p.startsWith(root + path.sep);
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the input order in the result. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export const jobs = () => Math.max(1, Number(process.env.E2E_JOBS) || 2);

/** The last line each gate prints; `run` shows it in its summary. */
export function finish(gate, failures, detail) {
  const status = failures === 0 ? 'PASS' : 'FAIL';
  console.log(`summary: ${gate} ${status}: ${detail}`);
  process.exit(failures === 0 ? 0 : 1);
}

export function cleanDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

/** A path as printed in a report: relative to the working directory when inside it. */
export function shown(p) {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}
