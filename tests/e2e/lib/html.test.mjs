// Unit tests of the tokenizer the links gate relies on: `node --test lib/` (run by --self-test).
import test from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, decodeEntities, cssUrls, lineIndex } from './html.mjs';

const tags = (html) => {
  const out = [];
  tokenize(html, { onTag: (name, attrs) => out.push([name, Object.fromEntries(attrs)]) });
  return out;
};

test('attributes: quoted, unquoted, valueless, entities, first one wins', () => {
  assert.deepEqual(tags(`<a href="a.html?x=1&amp;y=2" class=c hidden id='i' id="j">`), [
    ['a', { href: 'a.html?x=1&y=2', class: 'c', hidden: '', id: 'i' }],
  ]);
  assert.deepEqual(tags('<IMG SRC = "x.png"/>'), [['img', { src: 'x.png' }]]);
});

test('comments, doctype, end tags and raw text hide markup-looking text', () => {
  const html = `<!DOCTYPE html><!-- <a href="c.html"> --><script>let s = '<a href="s.html">';</script>
    <style>p{}</style><textarea><a href="t.html"></textarea></p><a href="real.html">`;
  assert.deepEqual(
    tags(html).map(([n, a]) => [n, a.href]),
    [['script', undefined], ['style', undefined], ['textarea', undefined], ['a', 'real.html']],
  );
});

test('raw text of style is reported for url()', () => {
  const seen = [];
  tokenize('<style>@import "a.css"; b { background: url( \'i.png\' ) }</style>', {
    onTag() {},
    onRawText: (name, text) => seen.push(...cssUrls(text).map((u) => u.url)),
  });
  assert.deepEqual(seen, ['a.css', 'i.png']);
});

test('css urls ignore comments', () => {
  assert.deepEqual(cssUrls('/* url(no.png) */ a { src: url(f.woff2) format("woff2") }').map((u) => u.url), ['f.woff2']);
});

test('entities and line numbers', () => {
  assert.equal(decodeEntities('&#x41;&#66;&lt;&unknown;'), 'AB<&unknown;');
  const line = lineIndex('a\nb\nc');
  assert.deepEqual([line(0), line(2), line(4)], [1, 2, 3]);
});
