import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extract, MAX_CODES, MAX_LINKS } from './extract.js';

test('links: href and src of the HTML (entities decoded), then text URLs, de-duplicated, in order', () => {
  const { links } = extract({
    subject: '',
    html: `<p><a href=" https://example.com/verify?token=abc&amp;u=1 ">Verify</a>
      <img src="http://cdn.example.com/logo.png" alt="">
      <a href="mailto:help@example.com">mail</a> <a href="/relative">rel</a>
      <a href="javascript:alert(1)">x</a> <a HREF="HTTPS://EXAMPLE.COM/UP">up</a>
      <a href="https://example.com/verify?token=abc&u=1">again</a></p>`,
    text: 'Verify: https://example.com/verify?token=abc&u=1\nOr see <https://example.org/help>.',
  });
  assert.deepEqual(links, [
    'https://example.com/verify?token=abc&u=1',
    'http://cdn.example.com/logo.png',
    'HTTPS://EXAMPLE.COM/UP',
    'https://example.org/help',
  ]);
});

test('text links lose trailing punctuation and closing brackets they did not open', () => {
  const { links } = extract({
    subject: '',
    text: [
      'Go to https://a.example/x.',
      '(see https://b.example/y)',
      'wiki https://c.example/w/Foo_(bar) ok',
      'quoted "https://d.example/q"!',
      '[https://e.example/e]',
      'end https://f.example/f?a=1;',
      'not a link: http:// alone, ftp://g.example/, xhttps://h.example/',
    ].join('\n'),
  });
  assert.deepEqual(links, [
    'https://a.example/x',
    'https://b.example/y',
    'https://c.example/w/Foo_(bar)',
    'https://d.example/q',
    'https://e.example/e',
    'https://f.example/f?a=1',
  ]);
});

test('codes: standalone 4–8 digit numbers and 6–10 character upper-case tokens with a digit and a letter', () => {
  const { codes } = extract({
    subject: 'Your code is 482913',
    text: [
      'Code: 482913. Backup: X7K9QZ, or AB12CD34EF.',
      'Not codes: 123 (too short), 123456789 (too long), ABCDEF (no digit), 1234567890AB (too long),',
      'ab12cd (lower case), Ab12CD (mixed), 3.14159 and 1,2500 (decimals), user1234 and 1234x (touching),',
      'café٣4567 (a letter of another script touches it).',
      'PIN 0042 and 12345678!',
    ].join('\n'),
  });
  assert.deepEqual(codes, ['482913', 'X7K9QZ', 'AB12CD34EF', '0042', '12345678']);
});

test('codes come from the HTML text too, not from its attributes, styles, scripts or URLs', () => {
  const { codes } = extract({
    subject: 'Sign in',
    html: `<html><head><style>.c { color: #FF0000 } /* 9999 */</style><script>var x = 7777;</script></head>
      <body bgcolor="#A1B2C3"><p>Enter <b>65</b><b>4321</b> to continue</p>
      <a href="https://x.example/t/123456">https://x.example/t/123456</a>
      <td>R2D2C3</td><td>PO9876</td></body></html>`,
  });
  assert.deepEqual(codes, ['654321', 'R2D2C3', 'PO9876']);
});

test('a message without parts has no links or codes', () => {
  assert.deepEqual(extract({ subject: '' }), { links: [], codes: [] });
});

test('links and codes are capped', () => {
  const text = Array.from({ length: MAX_LINKS + 50 }, (_, i) => `https://x.example/${i} ${1000 + i}`).join(
    '\n',
  );
  const { links, codes } = extract({ subject: '', text });
  assert.equal(links.length, MAX_LINKS);
  assert.equal(codes.length, MAX_CODES);
  assert.equal(codes[0], '1000');
});

test('long runs of letters, digits or URL characters are read in one pass (bounded work)', () => {
  // Each would be quadratic for a matcher that retried every position of the run.
  const runs = ['A'.repeat(200_000), '9'.repeat(200_000), `https://x.example/${'a'.repeat(200_000)}`];
  for (const run of runs) {
    const out = extract({ subject: run, text: run, html: `<a href="${run}">${run}</a>` });
    assert.ok(out.codes.length === 0 && out.links.length <= 1);
  }
});
