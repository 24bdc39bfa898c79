// Gate 1: every HTML file is valid according to the Nu HTML Checker (vnu), errors only.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { E2E_DIR, siteDir, listFiles, isHtml, finish } from '../lib/site.mjs';

const root = siteDir();
const jar = path.join(E2E_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
if (!fs.existsSync(jar)) {
  console.log(`  FAIL  ${jar} is missing (run npm ci in tests/e2e)`);
  finish('html', 1, 'vnu.jar missing');
}
const count = listFiles(root).filter(isHtml).length;
if (count === 0) {
  console.log(`  FAIL  no HTML file under ${root}`);
  finish('html', 1, 'no HTML file');
}

const res = spawnSync('java', ['-Xss4m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', root], {
  encoding: 'utf8',
  maxBuffer: 256 * 1024 * 1024,
});
if (res.error) {
  console.log(`  FAIL  cannot run java: ${res.error.message}`);
  finish('html', 1, 'java not runnable');
}

let messages;
try {
  // vnu writes its JSON report on stderr.
  messages = JSON.parse(res.stderr || res.stdout).messages;
} catch {
  console.log(`  FAIL  vnu exited ${res.status} without a JSON report:\n${res.stdout}\n${res.stderr}`);
  finish('html', 1, 'vnu did not report');
}

const rel = (url) => {
  try {
    return path.relative(root, fileURLToPath(url.replace(/^file:\/(?!\/)/, 'file:///')));
  } catch {
    return url;
  }
};
const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
for (const m of errors) {
  const where = m.lastLine ? `:${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? 0}` : '';
  console.log(`  ${rel(m.url || '')}${where}: ${m.message}`);
  if (m.extract) console.log(`      ${m.extract.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
}
const files = new Set(errors.map((m) => m.url)).size;
finish('html', errors.length, `${errors.length} error(s) in ${files} of ${count} HTML file(s)`);
