/**
 * The one clock's route (issue 10, "A clock tests can move"): `pinpost start --clock manual` starts
 * at the real time and moves only through `POST /_pinpost/clock` with `{"advanceSeconds": N}` or
 * `{"set": "<ISO-8601>"}`, both answering `{"now"}`; `GET /_pinpost/clock` reads it; under
 * `--clock system` the POST answers 409. Pinpost's own rules: never backwards (a `set` to the past
 * is 400 naming `set`), bad bodies 400 naming the input, the route is an internal write (a page of
 * another site cannot move the clock).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from './support/cli.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('--clock manual', () => {
  let server: TestServer;
  let startedBefore: number;
  before(async () => {
    startedBefore = Date.now();
    server = await startTestServer({ clock: 'manual' });
  });
  after(() => server.close());

  it('starts at the real time, GET reads it, and it does not move by itself', async () => {
    const first = await server.clockRoute('GET');
    assert.equal(first.status, 200);
    assert.equal(first.body.clock, 'manual');
    const at = Date.parse(String(first.body.now));
    assert.ok(at >= startedBefore && at <= Date.now(), `${first.body.now} is the real time at start`);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await server.clockRoute('GET')).body.now, first.body.now);
  });

  it('set and advanceSeconds move it and answer {"now"}', async () => {
    const set = await server.clockRoute('POST', { set: '2030-01-01T09:00:00+09:00' });
    assert.deepEqual(set, { status: 200, body: { now: '2030-01-01T00:00:00.000Z' } });
    const advanced = await server.clockRoute('POST', { advanceSeconds: 86_400.5 });
    assert.deepEqual(advanced, { status: 200, body: { now: '2030-01-02T00:00:00.500Z' } });
    assert.equal((await server.clockRoute('GET')).body.now, '2030-01-02T00:00:00.500Z');
    assert.equal(server.runtime.clock.now().toISOString(), '2030-01-02T00:00:00.500Z');
    // 1.005 × 1000 is 1004.999… in binary floating point: the clock rounds to the millisecond.
    assert.deepEqual(await server.clockRoute('POST', { advanceSeconds: 1.005 }), {
      status: 200,
      body: { now: '2030-01-02T00:00:01.505Z' },
    });
  });

  it('never moves backwards: a set to the past is 400 naming `set`, and the clock stays', async () => {
    const now = String((await server.clockRoute('GET')).body.now);
    const res = await server.clockRoute('POST', { set: '2029-12-31T00:00:00Z' });
    assert.equal(res.status, 400);
    assert.equal(
      res.body.message,
      `\`set\` 2029-12-31T00:00:00.000Z is earlier than the clock (${now}): the clock never moves backwards`,
    );
    assert.equal(res.body.now, now);
    assert.equal((await server.clockRoute('GET')).body.now, now);
    assert.deepEqual(await server.clockRoute('POST', { set: now }), { status: 200, body: { now } });
  });

  it('bad bodies get 400 with a message naming the input, and move nothing', async () => {
    const now = (await server.clockRoute('GET')).body.now;
    const cases: [unknown, RegExp][] = [
      [{ advanceSeconds: -5 }, /^`advanceSeconds` must be a number of seconds from 0 to 315360000, not -5$/],
      [{ advanceSeconds: '60' }, /^`advanceSeconds` must be .*, not "60"$/],
      [{ set: 'next tuesday' }, /^`set` must be an ISO-8601 date-time .*, not "next tuesday"$/],
      [{ set: '2031-02-30T00:00:00Z' }, /^`set` must be an ISO-8601 date-time/],
      [{ set: '2060-01-01T00:00:00Z' }, /^`set` 2060-01-01T00:00:00.000Z is more than 315360000 seconds/],
      [{ advanceSeconds: 1, set: '2031-01-01T00:00:00Z' }, /^`advanceSeconds` and `set` together/],
      [{ speed: 2 }, /^unknown member `speed`/],
      [[], /^the body must be a JSON object/],
    ];
    for (const [body, message] of cases) {
      const res = await server.clockRoute('POST', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(String(res.body.message), message);
    }
    const raw = await fetch(`${server.url}/_pinpost/clock`, { method: 'POST', body: '{"advanceSeconds":' });
    assert.equal(raw.status, 400);
    assert.match(((await raw.json()) as { message: string }).message, /^the body is not JSON/);
    assert.equal((await server.clockRoute('GET')).body.now, now);
  });

  it('is an internal route: other methods 405, and a page of another site cannot move it', async () => {
    const put = await fetch(`${server.url}/_pinpost/clock`, { method: 'PUT', body: '{}' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
    const now = (await server.clockRoute('GET')).body.now;
    const cross = await fetch(`${server.url}/_pinpost/clock`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 3600 }),
    });
    assert.equal(cross.status, 403);
    assert.equal((await server.clockRoute('GET')).body.now, now);
    assert.equal((await fetch(`${server.url}/_pinpost/clock/extra`)).status, 404);
  });

  it('concurrent moves are serialized: each answers the time after its own move', async () => {
    const base = Date.parse(String((await server.clockRoute('GET')).body.now));
    const answers = await Promise.all([1, 2, 3].map(() => server.clockRoute('POST', { advanceSeconds: 10 })));
    const times = answers.map((a) => Date.parse(String(a.body.now)) - base).sort((a, b) => a - b);
    assert.deepEqual(times, [10_000, 20_000, 30_000]);
  });
});

describe('--clock system (the default)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('POST answers 409; GET tells the time', async () => {
    const res = await server.clockRoute('POST', { advanceSeconds: 60 });
    assert.equal(res.status, 409);
    assert.equal(
      res.body.message,
      'the clock is the system clock (`--clock system`): start Pinpost with `--clock manual` to move it',
    );
    const before = Date.now();
    const read = await server.clockRoute('GET');
    const at = Date.parse(String(read.body.now));
    assert.equal(read.body.clock, 'system');
    assert.ok(at >= before && at <= Date.now(), `${read.body.now} is the real time`);
  });
});

it('pinpost start --help lists --clock', { timeout: 30_000 }, async () => {
  const r = await runCli(['start', '--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /^ {2}--clock system\|manual {3}\(env PINPOST_CLOCK; default system\)\n.*manual: starts at/m,
  );
});
