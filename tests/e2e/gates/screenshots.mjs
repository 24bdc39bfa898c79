// Gate 6: a full-page screenshot of one page of each type at 1280 and 360 px, into
// artifacts/screenshots/. The gate fails when a page type is missing, when a page throws a
// script error or logs a console error, or when a file of the site it loads is missing.
import path from 'node:path';
import {
  siteDir, resolvePageTypes, reportMissing, launchChromium, mapLimit, jobs, isOwnUrl, finish, cleanDir, ARTIFACTS_DIR,
} from '../lib/site.mjs';

const WIDTHS = [1280, 360];
const OUT = path.join(ARTIFACTS_DIR, 'screenshots');
const root = siteDir();
const { pages, missing } = resolvePageTypes(root);
let failures = reportMissing(missing);

cleanDir(OUT);
const browser = await launchChromium();
const runs = pages.flatMap((p) => WIDTHS.map((width) => ({ ...p, width })));
const results = await mapLimit(runs, jobs(), async (run) => {
  const context = await browser.newContext({ viewport: { width: run.width, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`script error: ${e.message.split('\n')[0]}`));
  page.on('console', (m) => {
    // Blocked third-party requests are the requests gate's business.
    if (m.type() === 'error' && !/ERR_FAILED|ERR_BLOCKED|net::/.test(m.text())) errors.push(`console error: ${m.text().slice(0, 200)}`);
  });
  page.on('requestfailed', (req) => {
    if (isOwnUrl(req.url(), root)) errors.push(`failed to load ${path.relative(root, new URL(req.url()).pathname)}: ${req.failure()?.errorText}`);
  });
  await context.route(/^(?!file:|data:|blob:|about:)/i, (route) => route.abort());
  const file = path.join(OUT, `${run.type}-${run.width}.png`);
  try {
    await page.goto(run.url, { waitUntil: 'load', timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: file, fullPage: true });
  } catch (e) {
    errors.push(`cannot screenshot: ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { run, errors, file };
});
await browser.close();

let bad = 0;
for (const { run, errors, file } of results) {
  const tag = `${run.type} ${run.rel} @${run.width}px`;
  console.log(`  ${errors.length ? 'FAIL' : 'ok  '}  ${tag} → ${path.relative(process.cwd(), file)}`);
  for (const e of errors) console.log(`      ${e}`);
  bad += errors.length ? 1 : 0;
}
failures += bad;
finish(
  'screenshots',
  failures,
  `${results.length - bad} of ${runs.length} screenshot(s) clean in ${OUT}` + (missing.length ? `, ${missing.length} page type(s) missing` : ''),
);
