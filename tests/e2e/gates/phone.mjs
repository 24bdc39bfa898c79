// Gate 7: what a tenant sees on a 360 × 740 phone. Every residence page, and one page of each
// other type, loaded over file://. For every visible chart (an <svg> in a figure or a chart
// container) and every visible table it fails when:
//   - the chart or the table sticks out of the viewport (left < 0 or right > 360). Inside a
//     region that scrolls sideways, the region is what must fit, and when its content is wider
//     than it, a visible cue (the site's .scroll-hint) must say so;
//   - the latest year of a chart (the greatest year among its SVG text labels) is not on
//     screen: its box must lie within 0…360 and within the scrolling region that shows it;
//   - the chart's legend (<g class="legend">) is not entirely on screen in the same sense;
//   - an SVG text renders below 12 CSS px;
//   - a table of years does not open on its latest year with its first column in view: the
//     house rule (style.css, .table-years) keeps the years in order and scrolls the table to
//     its end on load, so the header cell of the greatest year and the table's first header
//     cell must both be on screen.
// Pages without a chart or a table pass and are counted as such.
import { siteDir, listFiles, matchGlob, resolvePageTypes, reportMissing, launchChromium, mapLimit, jobs, finish, fileUrl } from '../lib/site.mjs';
import path from 'node:path';

const WIDTH = 360;
const HEIGHT = 740;
const MIN_TEXT_PX = 12;

const root = siteDir();
const files = listFiles(root);
const { pages: typed, missing } = resolvePageTypes(root, files);
let failures = reportMissing(missing);

// Every residence page (the charts tenants look at), and the first page of every other type.
const residences = matchGlob(files, 'residences/*/index.html').map((rel) => ({ type: 'residence', rel }));
const pages = [
  ...typed.filter((p) => p.type !== 'residence').map(({ type, rel }) => ({ type, rel })),
  ...residences,
].map((p) => ({ ...p, url: fileUrl(path.join(root, p.rel)) }));

// Runs in the page: measures every visible chart and table, returns the problems found and
// what was measured.
function inspect({ width, minText }) {
  const problems = [];
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
      let s = e.localName;
      if (e.id) s += `#${e.id}`;
      else if (typeof e.className === 'string' && e.className.trim()) s += `.${e.className.trim().split(/\s+/).join('.')}`;
      else if (e.getAttribute && e.getAttribute('class')) s += `.${e.getAttribute('class').trim().split(/\s+/).join('.')}`;
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  };
  // The nearest ancestor that scrolls or clips sideways: what the reader sees of `el` is its
  // part inside that ancestor's box.
  const clipper = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(e).overflowX)) return e;
    }
    return null;
  };
  // Horizontal window in which something inside `el` is seen: the viewport, narrowed by every
  // clipping ancestor.
  const seenSpan = (el) => {
    let left = 0;
    let right = width;
    for (let c = clipper(el); c; c = clipper(c)) {
      const r = c.getBoundingClientRect();
      left = Math.max(left, r.left + c.clientLeft);
      right = Math.min(right, r.left + c.clientLeft + c.clientWidth);
    }
    return { left, right };
  };
  const onScreen = (box, span) => box.left >= span.left - 0.5 && box.right <= span.right + 0.5;
  const px = (v) => Math.round(v * 10) / 10;
  // A region that scrolls must fit, and say so with a visible cue when it does scroll.
  const checkFits = (el, what) => {
    const region = clipper(el);
    if (!region) {
      const r = el.getBoundingClientRect();
      if (r.left < -0.5 || r.right > width + 0.5) problems.push(`overflow: ${what} ${describe(el)} spans ${px(r.left)}…${px(r.right)} px, viewport 0…${width}`);
      return;
    }
    const r = region.getBoundingClientRect();
    if (r.left < -0.5 || r.right > width + 0.5) problems.push(`overflow: the scroll region of ${what} ${describe(region)} spans ${px(r.left)}…${px(r.right)} px, viewport 0…${width}`);
    if (region.scrollWidth > region.clientWidth + 1) {
      // The cue is the hint right after the region (partials/data-table.html, figure.html):
      // a hint elsewhere in the figure speaks of another region.
      const next = region.nextElementSibling;
      const cue = next && next.matches('.scroll-hint') && visible(next);
      if (!cue) problems.push(`no cue: ${what} ${describe(region)} scrolls sideways (${region.scrollWidth} px in ${region.clientWidth}) with no visible .scroll-hint after it`);
    }
  };
  const yearOf = (s) => {
    const m = /^\s*((?:19|20)\d\d)\b/.exec(s);
    return m ? Number(m[1]) : null;
  };

  const charts = [...document.querySelectorAll('figure svg, .chart-scroll svg, .chart-narrow svg')].filter(
    (svg) => !svg.parentElement.closest('svg') && visible(svg),
  );
  let smallest = null;
  let texts = 0;
  for (const svg of charts) {
    const name = describe(svg);
    checkFits(svg, 'chart');
    const span = seenSpan(svg);
    let latest = null;
    for (const t of svg.querySelectorAll('text')) {
      if (!visible(t)) continue;
      texts += 1;
      // The size a reader sees: the computed font-size is in the SVG's user units, and the
      // screen CTM maps those units to CSS px (viewBox scaling, min-width, any transform), so
      // font-size × √|det CTM| is the em size on screen, whatever the rotation. The text's
      // bounding box would not do: its height is the font's ascent + descent (about 1.17 em
      // in DejaVu Sans), and a rotated label's box is as tall as the label is long.
      const m = t.getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize) * Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
      if (smallest === null || size < smallest.size) smallest = { size, text: t.textContent.trim().slice(0, 30), chart: name };
      if (size < minText - 0.01) problems.push(`small text: « ${t.textContent.trim().slice(0, 40)} » at ${px(size)} px (< ${minText}) in ${name}`);
      const year = yearOf(t.textContent);
      if (year !== null && (!latest || year > latest.year)) latest = { year, el: t };
    }
    if (latest) {
      const b = latest.el.getBoundingClientRect();
      if (!onScreen(b, span)) problems.push(`latest year off screen: ${latest.year} spans ${px(b.left)}…${px(b.right)} px, seen ${px(span.left)}…${px(span.right)}, in ${name}`);
    }
    for (const legend of svg.querySelectorAll('g.legend')) {
      const b = legend.getBoundingClientRect();
      if (!onScreen(b, span)) problems.push(`legend off screen: spans ${px(b.left)}…${px(b.right)} px, seen ${px(span.left)}…${px(span.right)}, in ${name}`);
    }
  }

  const tables = [...document.querySelectorAll('table')].filter(visible);
  let yearTables = 0;
  for (const table of tables) {
    const name = describe(table);
    checkFits(table, 'table');
    const head = table.tHead?.rows[0] || table.rows[0];
    if (!head) continue;
    const cells = [...head.cells];
    const years = cells.map((c) => ({ c, year: /^\s*((?:19|20)\d\d)\s*$/.test(c.textContent) ? Number(c.textContent) : null })).filter((y) => y.year);
    if (years.length < 2) continue;
    yearTables += 1;
    const span = seenSpan(table);
    const latest = years.reduce((a, b) => (b.year > a.year ? b : a));
    const lb = latest.c.getBoundingClientRect();
    if (!onScreen(lb, span)) problems.push(`table does not open on its latest year: ${latest.year} spans ${px(lb.left)}…${px(lb.right)} px, seen ${px(span.left)}…${px(span.right)}, in ${name}`);
    const fb = cells[0].getBoundingClientRect();
    if (cells[0] !== latest.c && !onScreen(fb, span)) problems.push(`first column off screen: « ${cells[0].textContent.trim().slice(0, 30)} » spans ${px(fb.left)}…${px(fb.right)} px, seen ${px(span.left)}…${px(span.right)}, in ${name}`);
  }
  return { problems, charts: charts.length, texts, tables: tables.length, yearTables, smallest };
}

const browser = await launchChromium();
const results = await mapLimit(pages, jobs(), async (run) => {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT } });
  const page = await context.newPage();
  await context.route(/^(?!file:|data:|blob:|about:)/i, (route) => route.abort());
  try {
    await page.goto(run.url, { waitUntil: 'load', timeout: 30_000 });
    await page.evaluate(() => document.fonts.ready);
    // A poster page (affiches/…) is an A3 or A4 sheet shown whole at the window's size, a print
    // preview: its text sizes are those of the print, which the print gate measures in the PDF
    // (24 pt and more). It must still fit and show its latest year, like every page.
    const minText = run.type.startsWith('poster-') && run.type !== 'poster-index' ? 0 : MIN_TEXT_PX;
    return { run, ...(await page.evaluate(inspect, { width: WIDTH, minText })) };
  } catch (e) {
    return { run, problems: [`cannot inspect: ${e.message.split('\n')[0]}`], charts: 0, texts: 0, tables: 0, yearTables: 0, smallest: null };
  } finally {
    await context.close();
  }
});
await browser.close();

let bad = 0;
let smallest = null;
const totals = { charts: 0, texts: 0, tables: 0, yearTables: 0, measured: 0 };
for (const r of results) {
  const seen = `${r.charts} chart(s), ${r.tables} table(s)`;
  console.log(`  ${r.problems.length ? 'FAIL' : 'ok  '}  ${r.run.type} ${r.run.rel} @${WIDTH}px: ${seen}` + (r.smallest ? `, smallest text ${r.smallest.size.toFixed(1)} px` : ''));
  for (const p of r.problems) console.log(`      ${p}`);
  bad += r.problems.length ? 1 : 0;
  for (const k of ['charts', 'texts', 'tables', 'yearTables']) totals[k] += r[k];
  if (r.charts || r.tables) totals.measured += 1;
  if (r.smallest && (!smallest || r.smallest.size < smallest.size)) smallest = { ...r.smallest, rel: r.run.rel };
}
if (smallest) console.log(`  smallest chart text: ${smallest.size.toFixed(2)} px, « ${smallest.text} » in ${smallest.rel} (${smallest.chart})`);
failures += bad;
finish(
  'phone',
  failures,
  `${results.length - bad} of ${results.length} page(s) fit ${WIDTH} px (${totals.measured} with charts or tables: ${totals.charts} chart(s), ` +
    `${totals.texts} chart text(s), ${totals.tables} table(s) of which ${totals.yearTables} by year` +
    (smallest ? `; smallest chart text ${smallest.size.toFixed(1)} px` : '') + ')' +
    (missing.length ? `, ${missing.length} page type(s) missing` : ''),
);
