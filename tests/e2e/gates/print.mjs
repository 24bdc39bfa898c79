// Gate 5: posters print right. Each residence poster (affiches/*/index.html) and the contract
// poster (affiches/engagements/) print to exactly one page of the paper the page declares in
// <meta name="ensemble:paper" content="A3|A4"> (A3 when absent); the synthesis
// (affiches/synthese/) prints to one or two A4 pages (or the paper it declares).
//
// And they read from a metre: the words of the printed PDF, with their boxes from
// `pdftotext -bbox` (a box is ascender to descender: 1,164 × the font size in DejaVu Sans).
// On an A3 residence poster the key amount (`.p-amount` in its HTML) has boxes of 120 pt at
// least, the residence's name (`h1`) 56,7 pt (2 cm), every word 24 pt; on an A3 contract poster
// each theme headline (`.p-theme h2`) 56,7 pt, every word 24 pt, and 180 words at most (counted
// as `wc -w` does). The synthesis prints every contact label whole: those of site.yaml
// (SITE_CONFIG, else content/site.yaml next to the site folder), else those of its HTML
// (`.p-contact-label`).
// Sample renders go to artifacts/print/ as PNG.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  siteDir, listFiles, matchGlob, onlyExisting, launchChromium, mapLimit, jobs, fileUrl, finish, cleanDir, ARTIFACTS_DIR, shown,
} from '../lib/site.mjs';
import { tokenize, decodeEntities } from '../lib/html.mjs';

// Portrait sizes in PostScript points.
const PAPER = { A3: [841.89, 1190.55], A4: [595.28, 841.89], A5: [419.53, 595.28] };
const TOLERANCE = 1;
// Text boxes, in points: the key figure (3 cm of letter height at 1 m), headlines (2 cm), all text.
const KEY_FIGURE_MIN = 120;
const HEADLINE_MIN = 56.7;
const WORD_MIN = 24;
const CONTRACT_WORDS_MAX = 180;
const OUT = path.join(ARTIFACTS_DIR, 'print');

const root = siteDir();
const files = listFiles(root);
let failures = 0;
let missingKinds = 0;

const residence = matchGlob(files, 'affiches/*/index.html', ['affiches/engagements/', 'affiches/synthese/']);
const contract = matchGlob(files, 'affiches/engagements/index.html');
const synthesis = matchGlob(files, 'affiches/synthese/index.html');
const jobsList = [
  ...residence.map((rel, i) => ({ rel, kind: 'residence poster', pages: [1, 1], defaultPaper: 'A3', sample: i < 3 })),
  ...contract.map((rel) => ({ rel, kind: 'contract poster', pages: [1, 1], defaultPaper: 'A3', sample: true })),
  ...synthesis.map((rel) => ({ rel, kind: 'synthesis', pages: [1, 2], defaultPaper: 'A4', sample: true })),
];
for (const [what, list] of [['residence poster (affiches/*/index.html)', residence], ['contract poster (affiches/engagements/index.html)', contract], ['synthesis (affiches/synthese/index.html)', synthesis]]) {
  if (list.length) continue;
  if (onlyExisting()) console.warn(`  WARN  no ${what} (skipped: E2E_ONLY_EXISTING=1)`);
  else {
    console.log(`  FAIL  no ${what}`);
    failures++;
    missingKinds++;
  }
}

/** The paper a page declares: { name: 'A3', landscape: false }. */
function declaredPaper(abs, fallback) {
  let value = null;
  tokenize(fs.readFileSync(abs, 'utf8'), {
    onTag(tag, attrs) {
      if (value === null && tag === 'meta' && attrs.get('name') === 'ensemble:paper') value = attrs.get('content') || '';
    },
  });
  const source = value === null ? 'default' : 'meta';
  const m = /^\s*(A[345])\b(.*)$/i.exec(value ?? fallback);
  if (!m) return { error: `unknown ensemble:paper "${value}"` };
  return { name: m[1].toUpperCase(), landscape: /landscape/i.test(m[2]), source };
}

/** Every word of a PDF with the height of its box, in reading order. */
function pdfWords(pdf) {
  const out = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8' });
  return [...out.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: decodeEntities(m[5]),
    height: Number(m[4]) - Number(m[2]),
  }));
}

/** Words as `wc -w` counts them in `pdftotext` output: runs between ASCII white space. */
function pdfWordCount(pdf) {
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  return text.split(/[ \t\n\r\f\v]+/).filter(Boolean).length;
}

const fmt = (n) => n.toFixed(1);

/** The boxes of the first run of PDF words that spells `text` (white space aside: a name may
 * wrap after a hyphen), or null. */
function findRun(words, text) {
  const want = text.replace(/\s+/gu, '');
  if (!want) return null;
  for (let i = 0; i < words.length; i++) {
    let spelt = '';
    for (let j = i; j < words.length && spelt.length < want.length; j++) {
      spelt += words[j].text;
      if (!want.startsWith(spelt)) break;
      if (spelt === want) return words.slice(i, j + 1);
    }
  }
  return null;
}

/** Errors for the run of words spelling `text` (`what`) when it is missing or smaller than `min`. */
function checkRun(words, text, what, min) {
  const run = findRun(words, text);
  if (!run) return [`${what} « ${text} » not found in the PDF text`];
  const small = run.filter((w) => w.height < min);
  return small.length ? [`${what} « ${text} » prints ${small.map((w) => `« ${w.text} » ${fmt(w.height)} pt`).join(', ')} high, below ${min} pt`] : [];
}

/** Errors for words whose box is below WORD_MIN. */
function checkAllWords(words) {
  const small = words.filter((w) => w.height < WORD_MIN);
  if (!small.length) return [];
  const list = small.slice(0, 8).map((w) => `« ${w.text} » ${fmt(w.height)} pt`).join(', ');
  return [`${small.length} word(s) below 24 pt: ${list}${small.length > 8 ? ', …' : ''}`];
}

/** The contact labels of site.yaml, or null when it cannot be found. */
function siteLabels() {
  const file = process.env.SITE_CONFIG || path.join(root, '..', 'content', 'site.yaml');
  if (!fs.existsSync(file)) return null;
  const yaml = fs.readFileSync(file, 'utf8');
  return [...yaml.matchAll(/^\s*(?:-\s+)?libelle:\s*(.+?)\s*$/gm)].map((m) => {
    const v = m[1];
    if (/^".*"$/.test(v)) return JSON.parse(v);
    if (/^'.*'$/.test(v)) return v.slice(1, -1).replace(/''/g, "'");
    return v.replace(/\s+#.*$/, '');
  });
}

/** Errors for contact labels that the PDF text does not hold whole (white space aside). */
function checkLabels(pdf, labels) {
  const squash = (s) => s.replace(/\s+/gu, '');
  const text = squash(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }));
  return labels.filter((l) => !text.includes(squash(l))).map((l) => `contact label « ${l} » not printed whole`);
}

/** What the print checks need from the page itself: its amount, name, headlines and labels. */
const domTexts = (page) => page.evaluate(() => {
  const text = (el) => el.textContent.replace(/\s+/g, ' ').trim();
  return {
    amount: [...document.querySelectorAll('.p-amount')].map(text),
    name: [...document.querySelectorAll('main h1')].map(text),
    headlines: [...document.querySelectorAll('.p-theme h2')].map(text),
    labels: [...document.querySelectorAll('.p-contact-label')].map(text),
  };
});

/** The text checks of a printed poster of `kind` on `paper`. */
function textChecks(job, paper, pdf, dom) {
  const errors = [];
  const words = pdfWords(pdf);
  const a3 = paper.name === 'A3' && !paper.landscape;
  if (job.kind === 'residence poster' && a3) {
    if (!dom.amount.length) errors.push('no key figure (.p-amount) in the page');
    for (const t of dom.amount) errors.push(...checkRun(words, t, 'key figure', KEY_FIGURE_MIN));
    if (!dom.name.length) errors.push('no residence name (h1) in the page');
    for (const t of dom.name) errors.push(...checkRun(words, t, 'residence name', HEADLINE_MIN));
    errors.push(...checkAllWords(words));
  } else if (job.kind === 'contract poster' && a3) {
    if (!dom.headlines.length) errors.push('no theme headline (.p-theme h2) in the page');
    for (const t of dom.headlines) errors.push(...checkRun(words, t, 'theme headline', HEADLINE_MIN));
    errors.push(...checkAllWords(words));
    const count = pdfWordCount(pdf);
    if (count > CONTRACT_WORDS_MAX) errors.push(`${count} words, more than ${CONTRACT_WORDS_MAX}`);
  } else if (job.kind === 'synthesis') {
    const labels = siteLabels() ?? dom.labels;
    errors.push(...checkLabels(pdf, labels));
  }
  return errors;
}

function pdfPages(pdf) {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '1000', pdf], { encoding: 'utf8' });
  const count = Number(/^Pages:\s+(\d+)/m.exec(out)?.[1]);
  const sizes = [...out.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])]);
  return { count, sizes };
}

cleanDir(OUT);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ensemble-print-'));
const browser = jobsList.length ? await launchChromium() : null;
const results = await mapLimit(jobsList, jobs() + 1, async (job) => {
  const abs = path.join(root, job.rel);
  const paper = declaredPaper(abs, job.defaultPaper);
  if (paper.error) return { job, errors: [paper.error] };
  const name = job.rel.replace(/\/index\.html$/, '').replace(/[^a-z0-9._-]+/gi, '_');
  const pdf = path.join(tmp, `${name}.pdf`);
  const page = await browser.newPage();
  let dom;
  // Printing makes no request either; anything not local is refused.
  await page.route(/^(?!file:|data:|blob:|about:)/i, (route) => route.abort());
  try {
    await page.goto(fileUrl(abs), { waitUntil: 'load', timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
    dom = await domTexts(page);
    // printBackground off, as a hall printer or photocopier would: posters must work in black and white.
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  } catch (e) {
    return { job, paper, errors: [`cannot print: ${e.message.split('\n')[0]}`] };
  } finally {
    await page.close();
  }
  const { count, sizes } = pdfPages(pdf);
  const [w, h] = paper.landscape ? [...PAPER[paper.name]].reverse() : PAPER[paper.name];
  const errors = [];
  const [min, max] = job.pages;
  if (!(count >= min && count <= max)) errors.push(`${count} pages, expected ${min === max ? min : `${min} or ${max}`}`);
  sizes.forEach(([pw, ph], i) => {
    if (Math.abs(pw - w) > TOLERANCE || Math.abs(ph - h) > TOLERANCE) {
      errors.push(`page ${i + 1} is ${pw} x ${ph} pts, expected ${paper.name}${paper.landscape ? ' landscape' : ''} ${w} x ${h}`);
    }
  });
  errors.push(...textChecks(job, paper, pdf, dom));
  let png = null;
  if (job.sample) {
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(OUT, name)]);
    fs.copyFileSync(pdf, path.join(OUT, `${name}.pdf`));
    png = shown(path.join(OUT, `${name}.png`));
  }
  return { job, paper, count, errors, png };
});
if (browser) await browser.close();
fs.rmSync(tmp, { recursive: true, force: true });

for (const { job, paper, count, errors, png } of results) {
  const desc = `${job.kind} ${job.rel}` + (paper && !paper.error ? ` (${paper.name}, ${paper.source}): ${count} page(s)` : '');
  console.log(`  ${errors.length ? 'FAIL' : 'ok  '}  ${desc}${png ? ` → ${png}` : ''}`);
  for (const e of errors) console.log(`      ${e}`);
  failures += errors.length ? 1 : 0;
}
finish(
  'print',
  failures,
  `${results.filter((r) => r.errors.length).length} of ${results.length} printable page(s) wrong` +
    (missingKinds ? `, ${missingKinds} kind(s) of printable page missing` : ''),
);
