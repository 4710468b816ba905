/**
 * Large inputs (issue 9, finding 8), through real sockets: what AWS would refuse is refused from the
 * headers, before any body is read (the test sends only the headers; an answer proves nothing
 * waited for the body), with AWS's error in the service's shape; a body sent without a length stops
 * at the limit; the awsQuery decoder answers AWS's 400 for keys it will not decode.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exchange, open, readAnswer, signedHeaders } from './edge-fixtures.js';
import { startHarness, xmlError, type Harness } from './wire-fixtures.js';

const MiB = 1024 * 1024;

/** The request line and headers of a signed request, with the Content-Length given (no body sent). */
async function signedHead(
  port: number,
  opts: {
    method?: string;
    path?: string;
    service: string;
    contentLength?: number;
    extra?: Record<string, string>;
  },
): Promise<string> {
  const url = `http://127.0.0.1:${port}${opts.path ?? '/'}`;
  const headers = await signedHeaders(url, {
    method: opts.method ?? 'POST',
    service: opts.service,
    body: 'x',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const lines = Object.entries({ ...headers, ...(opts.extra ?? {}) }).map(([k, v]) => `${k}: ${v}`);
  if (opts.contentLength !== undefined) lines.push(`content-length: ${opts.contentLength}`);
  return `${opts.method ?? 'POST'} ${opts.path ?? '/'} HTTP/1.1\r\n${lines.join('\r\n')}`;
}

describe('bodies are limited before they are read', { timeout: 60_000 }, () => {
  let h: Harness;
  let port: number;
  before(async () => {
    h = await startHarness();
    port = h.server.port;
  });
  after(() => h.close());

  it('an unsigned form gets MissingAuthenticationToken from its headers alone, and the connection closes', async () => {
    const res = await exchange(
      port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${20 * MiB}`,
    );
    assert.equal(res.status, 403);
    assert.equal(xmlError(res.body).code, 'MissingAuthenticationToken');
    assert.equal(res.headers['connection'], 'close');
    assert.ok(res.closed);
  });

  it('an unsigned 44 MB form is 413 from its Content-Length', async () => {
    const res = await exchange(
      port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${44 * 1000 * 1000}`,
    );
    assert.equal(res.status, 413);
    assert.deepEqual(xmlError(res.body), {
      type: 'Sender',
      code: 'RequestEntityTooLarge',
      message: 'Request entity too large',
    });
  });

  it('a small unsigned body left unread is drained: the connection stays open for the next request', async () => {
    const socket = await open(port);
    const first = readAnswer(socket);
    socket.write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\n0123456789`,
    );
    const answer = await first;
    assert.equal(answer.status, 403);
    assert.equal(answer.closed, false);
    const second = readAnswer(socket);
    socket.write(`GET /_pinpost/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    assert.equal((await second).status, 200);
    socket.destroy();
  });

  it('STS: a signed body over 1 MiB is 413 before it is read', async () => {
    const res = await exchange(port, await signedHead(port, { service: 'sts', contentLength: MiB + 1 }));
    assert.equal(res.status, 413);
    assert.equal(xmlError(res.body).code, 'RequestEntityTooLarge');
  });

  it('Pinpoint: over its documented 7 MB is PayloadTooLargeException, 413 (the model names it)', async () => {
    const head = await signedHead(port, {
      service: 'mobiletargeting',
      path: '/v1/apps',
      contentLength: 7 * MiB + 1,
    });
    const res = await exchange(port, head);
    assert.equal(res.status, 413);
    assert.equal(res.headers['x-amzn-errortype'], 'PayloadTooLargeException');
    assert.equal(JSON.parse(res.body).Message, 'Request entity too large');
  });

  it('SES v2: over the 40 MB message limit is RequestEntityTooLargeException, 413', async () => {
    const over = await exchange(
      port,
      await signedHead(port, { service: 'ses', path: '/v2/email/identities', contentLength: 41 * MiB + 1 }),
    );
    assert.equal(over.status, 413);
    assert.equal(over.headers['x-amzn-errortype'], 'RequestEntityTooLargeException');
  });

  it('with Expect: 100-continue a refused client is told so at once and sends nothing; an admitted one is asked to go on', async () => {
    const refused = await exchange(
      port,
      await signedHead(port, { service: 'sts', contentLength: 2 * MiB, extra: { expect: '100-continue' } }),
    );
    assert.equal(refused.status, 413);
    const socket = await open(port);
    let seen = '';
    const continued = new Promise<void>((resolve) =>
      socket.on('data', (d: Buffer) => {
        seen += d.toString();
        if (seen.startsWith('HTTP/1.1 100 Continue')) resolve();
      }),
    );
    socket.write(
      `${await signedHead(port, { service: 'sts', contentLength: 1, extra: { expect: '100-continue' } })}\r\n\r\n`,
    );
    await continued;
    socket.destroy();
  });

  it('a chunked body (no Content-Length) stops at the limit with 413', async () => {
    const socket = await open(port);
    const answer = readAnswer(socket);
    socket.write(
      `${await signedHead(port, { service: 'sts', extra: { 'transfer-encoding': 'chunked' } })}\r\n\r\n`,
    );
    const chunk = Buffer.alloc(256 * 1024, 'a');
    for (let i = 0; i < 5; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const res = await answer;
    assert.equal(res.status, 413);
    assert.equal(res.headers['connection'], 'close');
    socket.destroy();
  });
});

describe('awsQuery keys past the decoder bounds', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  // CommonErrors: InvalidQueryParameter, 400, "The AWS query string is malformed or does not adhere
  // to AWS standards." The key is 16 MB: under SES v1's 31 MiB body limit, so it reaches the decoder.
  it('a signed SES v1 form with a key of 8 million dotted segments is 400 InvalidQueryParameter, not 500', async () => {
    const url = `${h.server.url}/`;
    const body = `Action=SendEmail&Version=2010-12-01&${'a.'.repeat(8_000_000)}a=1`;
    const headers = await signedHeaders(url, {
      method: 'POST',
      service: 'ses',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const res = await fetch(url, { method: 'POST', headers, body });
    assert.equal(res.status, 400);
    assert.deepEqual(xmlError(await res.text()), {
      type: 'Sender',
      code: 'InvalidQueryParameter',
      message: 'The AWS query string is malformed or does not adhere to AWS standards.',
    });
  });

  it('so is a signed query string with more pairs than any operation takes', async () => {
    const url = `${h.server.url}/`;
    const body = `Action=GetCallerIdentity&Version=2011-06-15&${'x=1&'.repeat(30_000)}`;
    const headers = await signedHeaders(url, {
      method: 'POST',
      service: 'sts',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const res = await fetch(url, { method: 'POST', headers, body });
    assert.equal(res.status, 400);
    assert.equal(xmlError(await res.text()).code, 'InvalidQueryParameter');
  });
});
