import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ADVANCE_SECONDS, parseIsoDateTime, parseMove } from './route.js';

const move = (body: string) => parseMove({ body: Buffer.from(body) });
const message = (body: string) => {
  const out = move(body);
  assert.ok('status' in out, `expected a refusal for ${body}`);
  assert.equal(out.status, 400);
  return (JSON.parse(String(out.body)) as { message: string }).message;
};

describe('POST /_pinpost/clock bodies', () => {
  it('takes {"advanceSeconds": N} (0 and fractions too) and {"set": ISO-8601}', () => {
    assert.deepEqual(move('{"advanceSeconds": 86400}'), { by: 86400 });
    assert.deepEqual(move('{"advanceSeconds": 0}'), { by: 0 });
    assert.deepEqual(move('{"advanceSeconds": 1.5}'), { by: 1.5 });
    assert.deepEqual(move('{"set": "2026-12-01T09:00:00+09:00"}'), { to: new Date('2026-12-01T00:00:00Z') });
  });

  it('names the input it refuses', () => {
    assert.match(message('not json'), /the body is not JSON/);
    assert.match(message('[1]'), /must be a JSON object/);
    assert.match(message('{}'), /advanceSeconds.*set/);
    assert.match(
      message('{"advanceSeconds": 1, "set": "2026-12-01T00:00:00Z"}'),
      /`advanceSeconds` and `set` together/,
    );
    assert.match(message('{"advance": 1}'), /unknown member `advance`/);
    assert.match(message('{"advanceSeconds": -1}'), /`advanceSeconds` must be a number of seconds from 0/);
    assert.match(message('{"advanceSeconds": "60"}'), /`advanceSeconds` must be .* not "60"/);
    assert.match(message(`{"advanceSeconds": ${MAX_ADVANCE_SECONDS + 1}}`), /`advanceSeconds`/);
    assert.match(message('{"set": "tomorrow"}'), /`set` must be an ISO-8601 date-time .* not "tomorrow"/);
    assert.match(message('{"set": 1767225600}'), /`set` must be/);
  });
});

describe('parseIsoDateTime', () => {
  it('reads date-times with an offset, to the millisecond', () => {
    assert.equal(parseIsoDateTime('2026-12-01T09:00Z')?.toISOString(), '2026-12-01T09:00:00.000Z');
    assert.equal(parseIsoDateTime('2026-12-01T09:00:00.250Z')?.toISOString(), '2026-12-01T09:00:00.250Z');
    assert.equal(parseIsoDateTime('2028-02-29T23:59:59-05:00')?.toISOString(), '2028-03-01T04:59:59.000Z');
  });

  it('refuses what Date.parse would roll over or guess', () => {
    for (const text of [
      '2026-02-30T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-01T24:00:00Z',
      '2026-12-01T09:00:00',
      '2026-12-01',
      'Tue, 01 Dec 2026 09:00:00 GMT',
    ])
      assert.equal(parseIsoDateTime(text), undefined, text);
  });
});
