import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHeaders, stampRaw } from './raw-message.js';

const raw = Buffer.from(
  'From: a@b.c\r\nTo: x@y.z,\r\n  w@y.z\r\nMessage-ID: <old@h>\r\nX-SES-SOURCE-ARN: arn:x\r\nSubject: s\r\n\r\nbody\r\n',
);

describe('raw messages', () => {
  it('reads unfolded headers case-insensitively', () => {
    const h = readHeaders(raw);
    assert.deepEqual(h.get('TO'), ['x@y.z, w@y.z']);
    assert.deepEqual(h.get('x-ses-source-arn'), ['arn:x']);
  });

  it('replaces Message-ID and Date and drops X-SES-*-ARN, keeping the body', () => {
    const out = stampRaw(raw, '<new@email.amazonses.com>', new Date('2025-01-01T00:00:00Z')).toString();
    assert.match(
      out,
      /^Message-ID: <new@email\.amazonses\.com>\r\nDate: Wed, 01 Jan 2025 00:00:00 \+0000\r\n/,
    );
    assert.doesNotMatch(out, /old@h|X-SES-SOURCE-ARN/);
    assert.ok(out.endsWith('\r\n\r\nbody\r\n'));
  });
});
