// Gate 2: axe-core finds no violation (WCAG 2.0/2.1 A and AA, best practices) on one page of
// each type, loaded over file:// at 1280 and 320 CSS px wide. At 320 px it also checks reflow
// (WCAG 1.4.10, which axe does not test): the page must not scroll sideways.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { siteDir, resolvePageTypes, reportMissing, launchChromium, mapLimit, jobs, finish } from '../lib/site.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const WIDTHS = [1280, 320];
// No rule is disabled. A rule turned off here must carry a comment saying why.
const DISABLED_RULES = {};

const root = siteDir();
const { pages, missing } = resolvePageTypes(root);
let failures = reportMissing(missing);

// When the document scrolls sideways: the innermost elements that stick out of the viewport,
// either by their box or by content overflowing a box that does not clip or scroll it.
function reflowOffenders() {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  if (doc.scrollWidth <= width + 1) return null;
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.localName;
      if (e.id) s += `#${e.id}`;
      else if (typeof e.className === 'string' && e.className.trim()) s += `.${e.className.trim().split(/\s+/).join('.')}`;
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const sticksOut = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return 0;
    if (r.right > width + 1) return r.right;
    const ox = getComputedStyle(el).overflowX;
    if (ox === 'visible' && el.scrollWidth > el.clientWidth + 1 && r.left + el.scrollWidth > width + 1) return r.left + el.scrollWidth;
    return 0;
  };
  const candidates = [...document.body.querySelectorAll('*')].map((el) => [el, sticksOut(el)]).filter(([, right]) => right);
  const inner = candidates.filter(([el]) => !candidates.some(([other]) => other !== el && el.contains(other)));
  const offenders = inner.slice(0, 5).map(([el, right]) => `${describe(el)} (reaches ${Math.round(right)} px)`);
  return { scrollWidth: doc.scrollWidth, width, offenders };
}

const browser = await launchChromium();
const runs = pages.flatMap((p) => WIDTHS.map((width) => ({ ...p, width })));
const results = await mapLimit(runs, jobs(), async (run) => {
  const context = await browser.newContext({ viewport: { width: run.width, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  // Nothing leaves the machine: the requests gate reports what a page tried to fetch.
  await page.route(/^(?!file:|data:|blob:|about:)/i, (route) => route.abort());
  const lines = [];
  try {
    await page.goto(run.url, { waitUntil: 'load', timeout: 30_000 });
    await page.evaluate(axeSource);
    const result = await page.evaluate(
      ({ tags, disabled }) =>
        window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          rules: Object.fromEntries(disabled.map((id) => [id, { enabled: false }])),
          resultTypes: ['violations'],
        }),
      { tags: TAGS, disabled: Object.keys(DISABLED_RULES) },
    );
    for (const v of result.violations) {
      for (const node of v.nodes) {
        lines.push(
          `${v.id} [${node.impact || v.impact}] ${node.target.join(' ')} — ${v.help}` +
            `\n        ${node.html.replace(/\s+/g, ' ').slice(0, 160)}` +
            (node.failureSummary ? `\n        ${node.failureSummary.replace(/\s*\n\s*/g, ' | ').slice(0, 300)}` : ''),
        );
      }
    }
    if (run.width <= 320) {
      const reflow = await page.evaluate(reflowOffenders);
      if (reflow) {
        lines.push(
          `reflow-320 [serious] document is ${reflow.scrollWidth} px wide in a ${reflow.width} px viewport — ` +
            `content must reflow without horizontal scrolling (WCAG 1.4.10, custom check)` +
            reflow.offenders.map((o) => `\n        ${o}`).join(''),
        );
      }
    }
  } catch (e) {
    lines.push(`load-error [critical] ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { run, lines };
});
await browser.close();

let violations = 0;
for (const { run, lines } of results) {
  const tag = `${run.type} ${run.rel} @${run.width}px`;
  if (lines.length === 0) {
    console.log(`  ok    ${tag}`);
    continue;
  }
  violations += lines.length;
  console.log(`  FAIL  ${tag}: ${lines.length} violation(s)`);
  for (const l of lines) console.log(`      ${l}`);
}
failures += violations;
finish(
  'axe',
  failures,
  `${violations} violation(s) on ${runs.length} page load(s) (${pages.length} page types × ${WIDTHS.join('/')} px)` +
    (missing.length ? `, ${missing.length} page type(s) missing` : ''),
);
