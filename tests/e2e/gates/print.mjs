// Gate 5: posters print right. Each residence poster (affiches/*/index.html) and the contract
// poster (affiches/engagements/) print to exactly one page of the paper the page declares in
// <meta name="ensemble:paper" content="A3|A4"> (A3 when absent); the synthesis
// (affiches/synthese/) prints to one or two A4 pages (or the paper it declares).
// Sample renders go to artifacts/print/ as PNG.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  siteDir, listFiles, matchGlob, onlyExisting, launchChromium, mapLimit, jobs, fileUrl, finish, cleanDir, ARTIFACTS_DIR,
} from '../lib/site.mjs';
import { tokenize } from '../lib/html.mjs';

// Portrait sizes in PostScript points.
const PAPER = { A3: [841.89, 1190.55], A4: [595.28, 841.89], A5: [419.53, 595.28] };
const TOLERANCE = 1;
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
  // Printing makes no request either; anything not local is refused.
  await page.route(/^(?!file:|data:|blob:|about:)/i, (route) => route.abort());
  try {
    await page.goto(fileUrl(abs), { waitUntil: 'load', timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
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
  let png = null;
  if (job.sample) {
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', '-singlefile', pdf, path.join(OUT, name)]);
    fs.copyFileSync(pdf, path.join(OUT, `${name}.pdf`));
    png = path.relative(process.cwd(), path.join(OUT, `${name}.png`));
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
