import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyTracking,
  decodeReferences,
  isTrackable,
  MAX_TRACKED_LINKS,
  parseLinkTags,
  type LinkTarget,
} from './rewrite.js';

const seen: LinkTarget[] = [];
const clickUrl = (l: LinkTarget) => {
  seen.push(l);
  return `https://t.example/c/${seen.length}`;
};
const track = (html: string, openPixel?: string) => {
  seen.length = 0;
  return applyTracking(html, { clickUrl, openPixel });
};

describe('applyTracking (faqs-metrics.html, click and open tracking)', () => {
  it('changes nothing when neither opens nor clicks are tracked', () => {
    const html = '<a ses:no-track href="https://a.example/">a</a>{{ses:openTracker}}';
    assert.equal(applyTracking(html, {}), html);
  });

  it('rewrites only the href of anchors, keeping every other byte', () => {
    const out = track(`<P>x</P><A class=btn HREF='https://a.example/p?q=1&amp;r=2' title="a > b">go</A>`);
    assert.equal(out, `<P>x</P><A class=btn HREF="https://t.example/c/1" title="a > b">go</A>`);
    assert.deepEqual(seen, [{ url: 'https://a.example/p?q=1&r=2', tags: undefined }]);
  });

  it('skips comments, <script> and <style> content, mailto:, relative and anchor links', () => {
    const html =
      '<!-- <a href="https://c.example/"> --><script>s = "<a href=\'https://s.example/\'>";</script>' +
      '<style>a[href="https://y.example/"]{}</style><a href="mailto:x@example.org">m</a>' +
      '<a href="/rel">r</a><a href="#top">t</a><a name="n">n</a><abbr href="https://z.example/">z</abbr>';
    assert.equal(track(html), html);
    assert.deepEqual(seen, []);
  });

  it('leaves ses:no-track links and removes the attribute, and passes ses:tags as linkTags', () => {
    const out = track(
      '<a ses:no-track href="https://n.example/">n</a> <a href="http://t.example/" ses:tags="product:book;genre:fiction;">t</a>',
    );
    assert.equal(out, '<a href="https://n.example/">n</a> <a href="https://t.example/c/1">t</a>');
    assert.deepEqual(seen[0].tags, { product: ['book'], genre: ['fiction'] });
  });

  it('does not track links that are not RFC 3986-valid (click tracking Q7)', () => {
    const html = '<a href="http://www.example.com/path/to/page?name=John Doe">x</a>';
    assert.equal(track(html), html);
  });

  it('tracks at most 250 links (click tracking Q3)', () => {
    const html = '<a href="https://a.example/">a</a>'.repeat(MAX_TRACKED_LINKS + 2);
    const out = track(html);
    assert.equal(seen.length, MAX_TRACKED_LINKS);
    assert.equal(out.split('https://a.example/').length - 1, 2);
  });

  it('puts the pixel before </body>, or at the end without one', () => {
    assert.match(
      track('<body><p>x</p></body>', 'https://t.example/o?a&b'),
      /<img src="https:\/\/t\.example\/o\?a&amp;b" [^>]*\/><\/body>$/,
    );
    assert.match(track('<p>x</p>', 'P'), /^<p>x<\/p><img src="P" /);
  });

  it('puts the pixel where {{ses:openTracker}} stands and drops the extra placeholders', () => {
    const out = track('<body>{{ses:openTracker}}<p>x</p>{{ses:openTracker}}</body>', 'P');
    assert.match(out, /^<body><img src="P" [^>]*\/><p>x<\/p><\/body>$/);
  });
});

describe('link helpers', () => {
  it('isTrackable: http(s) with a host and RFC 3986 characters', () => {
    assert.equal(isTrackable('https://a.example/x?y=%20'), true);
    assert.equal(isTrackable('HTTP://A.example'), true);
    assert.equal(isTrackable('ftp://a.example/'), false);
    assert.equal(isTrackable('https:///path'), false);
    assert.equal(isTrackable('https://a.example/%zz'), false);
  });

  it('parseLinkTags keeps pairs of letters, digits, hyphens and underscores (click tracking Q5)', () => {
    assert.deepEqual(parseLinkTags('a:1; b_2 : x-y ;bad pair:z;c:ok;c:again;nocolon'), {
      a: ['1'],
      b_2: ['x-y'],
      c: ['ok', 'again'],
    });
    assert.equal(parseLinkTags(';;'), undefined);
  });

  it('decodeReferences decodes numeric and the URL-relevant named references', () => {
    assert.equal(decodeReferences('a&amp;b&#38;c&#x26;d&quot;&unknown;'), 'a&b&c&d"&unknown;');
  });
});
