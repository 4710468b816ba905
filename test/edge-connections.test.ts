/**
 * Connection exhaustion (issue 9, finding 9: ~21,000 idle partial-header connections hit the fd
 * limit and health stopped answering), through real sockets with a small cap: at the cap the
 * connection idle longest makes room, so health answers; headers that never complete and idle
 * keep-alive connections are closed by their timeouts.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { jsonResponse } from '../src/server/internal-routes.js';
import { closed, open, readAnswer } from './edge-fixtures.js';
import { startHarness, type Harness } from './wire-fixtures.js';

/** Waits (event-loop turns, no clock) until `ready()` holds. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setImmediate(resolve));
}

const PARTIAL = 'GET /_pinpost/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';

describe('connection limits and timeouts', { timeout: 60_000 }, () => {
  const harnesses: Harness[] = [];
  after(() => Promise.all(harnesses.map((h) => h.close())));
  const start = async (...args: Parameters<typeof startHarness>) => {
    const h = await startHarness(...args);
    harnesses.push(h);
    return h;
  };

  it('at --max-connections, partial-header connections make room: health answers and the oldest is closed', async () => {
    const h = await start({ maxConnections: 4 });
    const port = h.server.port;
    const sockets = [];
    for (let i = 0; i < 4; i++) {
      const s = await open(port);
      s.write(PARTIAL);
      sockets.push(s);
    }
    await until(() => h.server.connections().open === 4);
    const res = await fetch(`http://127.0.0.1:${port}/_pinpost/health`);
    assert.equal(res.status, 200);
    await closed(sockets[0]);
    assert.ok(
      sockets.slice(1).every((s) => !s.destroyed),
      'only the oldest was closed',
    );
    assert.ok(h.server.connections().open <= 4);
    for (const s of sockets) s.destroy();
  });

  it('when every connection is busy answering, a new connection is closed and the busy ones finish', async () => {
    const h = await start({ maxConnections: 2 });
    const port = h.server.port;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    h.server.routes.add({
      prefix: '/_pinpost/test-slow',
      access: 'public',
      handler: async () => {
        await gate;
        return jsonResponse(200, { ok: true });
      },
    });
    const busy = [];
    for (let i = 0; i < 2; i++) {
      const s = await open(port);
      const answer = readAnswer(s);
      s.write(`GET /_pinpost/test-slow HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
      busy.push({ s, answer });
    }
    await until(() => h.server.connections().busy === 2);
    const extra = await open(port);
    await closed(extra);
    release();
    for (const { s, answer } of busy) {
      assert.equal((await answer).status, 200);
      s.destroy();
    }
  });

  it('a header that never completes is closed with 408 after the headers timeout', async () => {
    const h = await start({}, undefined, { timeouts: { headersMs: 200 } });
    const s = await open(h.server.port);
    let seen = '';
    s.on('data', (d: Buffer) => (seen += d.toString()));
    s.write(PARTIAL);
    await closed(s);
    assert.match(seen, /^HTTP\/1\.1 408 /);
  });

  it('a connection that sends nothing is closed after the headers timeout', async () => {
    const h = await start({}, undefined, { timeouts: { headersMs: 200 } });
    await closed(await open(h.server.port));
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const h = await start({}, undefined, { timeouts: { keepAliveMs: 200 } });
    const s = await open(h.server.port);
    const answer = readAnswer(s);
    s.write(`GET /_pinpost/health HTTP/1.1\r\nHost: 127.0.0.1:${h.server.port}\r\n\r\n`);
    const res = await answer;
    assert.equal(res.status, 200);
    assert.equal(res.closed, false);
    await closed(s);
  });
});
