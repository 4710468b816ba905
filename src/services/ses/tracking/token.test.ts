import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { TokenCodec } from './token.js';

const codec = new TokenCodec(randomBytes(32));
const payload = {
  scope: { account: '123456789012', region: 'eu-west-1' },
  messageId: '0100018f-message',
  link: 'https://a.example/?q=1',
  linkTags: { k: ['v'] },
};

describe('TokenCodec', () => {
  it('opens what it sealed, for the same kind only', () => {
    const t = codec.seal('click', payload);
    assert.deepEqual(codec.open('click', t), payload);
    assert.equal(codec.open('open', t), undefined);
  });

  it('seals differently each time and hides the payload', () => {
    const a = codec.seal('open', { scope: payload.scope, messageId: payload.messageId });
    const b = codec.seal('open', { scope: payload.scope, messageId: payload.messageId });
    assert.notEqual(a, b);
    const bytes = Buffer.from(a, 'base64url').toString('latin1');
    assert.equal(bytes.includes('123456789012') || bytes.includes('0100018f'), false);
  });

  it('never repeats an IV, across the refills of the pool IVs are cut from', () => {
    // 1,000 IVs of 12 bytes span three 4 KiB fills of the pool.
    const tokens = Array.from({ length: 1000 }, () =>
      codec.seal('open', { scope: payload.scope, messageId: 'm' }),
    );
    const ivs = new Set(tokens.map((t) => Buffer.from(t, 'base64url').subarray(0, 12).toString('hex')));
    assert.equal(ivs.size, tokens.length);
    for (const t of tokens) assert.deepEqual(codec.open('open', t), { scope: payload.scope, messageId: 'm' });
  });

  it('rejects tampered, truncated, foreign and malformed tokens', () => {
    const t = codec.seal('click', payload);
    const raw = Buffer.from(t, 'base64url');
    raw[raw.length - 20] ^= 1;
    assert.equal(codec.open('click', raw.toString('base64url')), undefined);
    assert.equal(codec.open('click', t.slice(0, -4)), undefined);
    assert.equal(new TokenCodec(randomBytes(32)).open('click', t), undefined);
    assert.equal(codec.open('click', 'not a token'), undefined);
    assert.equal(codec.open('click', ''), undefined);
  });
});
