// Gate 3: loading a page of each type (at 1280 and 320 px) requests nothing but files of the
// site itself: no font, CDN, tracker or any other third party, and no file outside the site.
import { siteDir, resolvePageTypes, reportMissing, launchChromium, mapLimit, jobs, isOwnUrl, finish } from '../lib/site.mjs';

const WIDTHS = [1280, 320];
const root = siteDir();
const { pages, missing } = resolvePageTypes(root);
let failures = reportMissing(missing);

const browser = await launchChromium();
const runs = pages.flatMap((p) => WIDTHS.map((width) => ({ ...p, width })));
const results = await mapLimit(runs, jobs(), async (run) => {
  const context = await browser.newContext({ viewport: { width: run.width, height: 900 } });
  const page = await context.newPage();
  const seen = new Set();
  const foreign = [];
  const note = (kind, url) => {
    if (isOwnUrl(url, root) || seen.has(url)) return;
    seen.add(url);
    foreign.push(`${kind} ${url}`);
  };
  page.on('request', (req) => note(req.resourceType(), req.url()));
  page.on('websocket', (ws) => note('websocket', ws.url()));
  context.on('serviceworker', (sw) => note('serviceworker', sw.url()));
  // Abort instead of fetching: the gate must never depend on (or leak to) the network.
  await context.route(/^(?!file:|data:|blob:|about:)/i, (route) => route.abort());
  let error = null;
  try {
    await page.goto(run.url, { waitUntil: 'load', timeout: 30_000 });
    // Give lazy images, timers and late scripts a chance to ask for something.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(300);
  } catch (e) {
    error = e.message.split('\n')[0];
  } finally {
    await context.close();
  }
  return { run, foreign, error };
});
await browser.close();

let bad = 0;
for (const { run, foreign, error } of results) {
  const tag = `${run.type} ${run.rel} @${run.width}px`;
  if (!foreign.length && !error) {
    console.log(`  ok    ${tag}`);
    continue;
  }
  bad += foreign.length + (error ? 1 : 0);
  console.log(`  FAIL  ${tag}`);
  if (error) console.log(`      load error: ${error}`);
  for (const f of foreign) console.log(`      third-party or out-of-site request: ${f}`);
}
failures += bad;
finish(
  'requests',
  failures,
  `${bad} forbidden request(s) on ${runs.length} page load(s)` + (missing.length ? `, ${missing.length} page type(s) missing` : ''),
);
