/**
 * Requests a page of another site can make (issue 9, finding 12: with --iam off, unsigned
 * cross-origin form POSTs created users and keys). A page can send forms and presigned URLs but
 * never an Authorization header (Pinpost grants no CORS preflight): those are refused unless signed
 * in the header, and all of them under --iam off. Clients that send no Origin (SDKs, the CLI, curl,
 * Node's fetch) are unaffected.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { exchange, presign, signedHeaders } from './edge-fixtures.js';
import { xmlError } from './wire-fixtures.js';
import { startTestServer, type TestServer } from './support/server.js';

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

async function userNames(server: TestServer): Promise<string[]> {
  const iam = server.iam();
  const out = await iam.send(new ListUsersCommand({}));
  iam.destroy();
  return (out.Users ?? []).map((u) => u.UserName!);
}

describe('--iam off: another site cannot drive Pinpost', () => {
  let server: TestServer;
  let port: number;
  before(async () => {
    server = await startTestServer({ iam: 'off' });
    port = server.server.port;
  });
  after(() => server.close());

  it('an unsigned cross-origin form POST to CreateUser is refused (403 AccessDenied) and creates nothing', async () => {
    const body = form({ Action: 'CreateUser', UserName: 'mallory', Version: '2010-05-08' });
    const res = await exchange(
      port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://evil.example\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}`,
      body,
    );
    assert.equal(res.status, 403);
    const err = xmlError(res.body);
    assert.equal(err.code, 'AccessDenied');
    assert.match(
      err.message ?? '',
      /^Cross-site request refused: a page of http:\/\/evil\.example may not call Pinpost while --iam is off\.$/,
    );
    assert.deepEqual(await userNames(server), []);
  });

  it('a cross-site GET (an <img> sends Sec-Fetch-Site, no Origin) is refused too', async () => {
    const res = await exchange(
      port,
      `GET /?Action=CreateUser&UserName=mallory&Version=2010-05-08 HTTP/1.1\r\nHost: localhost:${port}\r\nSec-Fetch-Site: cross-site`,
    );
    assert.equal(res.status, 403);
    assert.equal(xmlError(res.body).code, 'AccessDenied');
    assert.deepEqual(await userNames(server), []);
  });

  it('with --iam off even a header-signed cross-origin request is refused (signatures are not checked)', async () => {
    const url = `http://127.0.0.1:${port}/`;
    const body = form({ Action: 'CreateUser', UserName: 'mallory', Version: '2010-05-08' });
    const headers = await signedHeaders(url, {
      method: 'POST',
      service: 'iam',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, origin: 'http://evil.example' },
      body,
    });
    assert.equal(res.status, 403);
    assert.deepEqual(await userNames(server), []);
  });

  it('the same unsigned form without an Origin (curl, scripts) works under --iam off', async () => {
    const body = form({ Action: 'CreateUser', UserName: 'scripted', Version: '2010-05-08' });
    const res = await exchange(
      port,
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}`,
      body,
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await userNames(server), ['scripted']);
  });
});

describe('--iam enforce: a page of another site can send only what it cannot forge', () => {
  let server: TestServer;
  let base: string;
  before(async () => {
    server = await startTestServer();
    base = server.url;
  });
  after(() => server.close());

  it('a presigned URL (which a page can load) with a foreign Origin is refused', async () => {
    const url = await presign(
      `${base}/?Action=CreateUser&UserName=mallory&Version=2010-05-08`,
      undefined,
      'iam',
    );
    const res = await fetch(url, { headers: { origin: 'http://evil.example' } });
    assert.equal(res.status, 403);
    assert.equal(xmlError(await res.text()).code, 'AccessDenied');
    assert.deepEqual(await userNames(server), []);
    // The same URL from a client that is no page works.
    assert.equal((await fetch(url)).status, 200);
  });

  it('a request signed in the Authorization header (no page can send one) is served whatever its Origin', async () => {
    const url = `${base}/`;
    const body = form({ Action: 'ListUsers', Version: '2010-05-08' });
    const headers = await signedHeaders(url, {
      method: 'POST',
      service: 'iam',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { ...headers, origin: 'http://tool.example' },
      body,
    });
    assert.equal(res.status, 200);
  });
});
