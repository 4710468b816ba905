import assert from 'node:assert/strict';
import { it } from 'node:test';
import { blockRemoteImages, mailDocument } from './srcdoc.js';

it('takes remote images out of src, srcset and background, keeping data: images', () => {
  const html =
    `<img src="https://t.example.com/p.gif" alt=x><IMG SRC='http://a/b.png'><img src=//cdn/x.png>` +
    `<img srcset="https://a/1x.png 1x, https://a/2x.png 2x"><td background="https://bg/x.jpg">` +
    `<img src="data:image/png;base64,AAAA"><a href="https://keep.example/">link</a>`;
  const { html: out, blocked } = blockRemoteImages(html);
  assert.equal(blocked, 5);
  assert.doesNotMatch(out, /\s(src|srcset|background)="(https?:)?\/\//i);
  assert.match(out, /<img data-pinpost-src="https:\/\/t\.example\.com\/p\.gif" alt=x>/);
  assert.match(out, /src="data:image\/png;base64,AAAA"/);
  assert.match(out, /href="https:\/\/keep\.example\/"/);
});

it('gives the mail document a policy with no script and images from data: only, until asked', () => {
  const blocked = mailDocument('<p>Hi</p><img src="https://x/y.png">', false);
  assert.equal(blocked.blockedImages, 1);
  assert.match(
    blocked.srcdoc,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; /,
  );
  assert.doesNotMatch(blocked.srcdoc, /script-src/);
  const allowed = mailDocument('<p>Hi</p><img src="https://x/y.png">', true);
  assert.equal(allowed.blockedImages, 0);
  assert.match(allowed.srcdoc, /img-src data: http: https:;/);
  assert.match(allowed.srcdoc, /<img src="https:\/\/x\/y\.png">/);
});

it('escapes the attribute it writes (a quote in the address cannot end it)', () => {
  const { html } = blockRemoteImages(`<img src='https://x/"onerror="alert(1)'>`);
  assert.equal(html, `<img data-pinpost-src="https://x/&quot;onerror=&quot;alert(1)">`);
});
