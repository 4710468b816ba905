import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { RawRequest, RawResponse } from '../../wire/context.js';
import { consoleRedirect } from './home-redirect.js';
import { CONSOLE_CSP, consoleRoute } from './route.js';

function built(): string {
  const root = mkdtempSync(join(tmpdir(), 'pinpost-console-'));
  const dir = join(root, 'console');
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'export const a = 1;'.repeat(50));
  writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{color:red}');
  writeFileSync(join(root, 'secret.txt'), 'outside the console');
  symlinkSync(join(root, 'secret.txt'), join(dir, 'assets', 'link.txt'));
  return dir;
}

const request = (path: string, headers: Record<string, string> = {}, method = 'GET'): RawRequest => ({
  method,
  path,
  rawQuery: '',
  headers,
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  secure: false,
});

async function get(dir: string, path: string, headers?: Record<string, string>, method?: string) {
  const r = (await consoleRoute(dir).handler(request(path, headers, method))) as RawResponse;
  return { ...r, text: Buffer.isBuffer(r.body) ? r.body.toString() : String(r.body) };
}

it('serves files with their content type; hashed assets cached for a year, index.html revalidated', async () => {
  const dir = built();
  const js = await get(dir, '/_pinpost/console/assets/index-abc123.js');
  assert.equal(js.status, 200);
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
  assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
  const css = await get(dir, '/_pinpost/console/assets/index-abc123.css');
  assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
  const home = await get(dir, '/_pinpost/console/');
  assert.equal(home.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(home.headers['cache-control'], 'no-cache');
  assert.equal(home.text, '<!doctype html><title>console</title>');
  for (const r of [js, css, home]) {
    assert.equal(r.headers['content-security-policy'], CONSOLE_CSP);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  }
  assert.match(CONSOLE_CSP, /default-src 'self'/);
  assert.match(CONSOLE_CSP, /script-src 'self'(;|$)/);
});

it('answers index.html for every console path that is not a file (history routing), 404 for a missing asset', async () => {
  const dir = built();
  for (const path of ['/_pinpost/console/mailbox', '/_pinpost/console/pinpoint/apps/abc/settings/email']) {
    const r = await get(dir, path);
    assert.equal(r.status, 200, path);
    assert.equal(r.text, '<!doctype html><title>console</title>');
  }
  assert.equal((await get(dir, '/_pinpost/console/assets/index-old.js')).status, 404);
  const bare = await get(dir, '/_pinpost/console');
  assert.equal(bare.status, 301);
  assert.equal(bare.headers['location'], '/_pinpost/console/');
});

it('never serves a file outside the folder: dot segments, encoded ones, backslashes and symlinks', async () => {
  const dir = built();
  for (const path of [
    '/_pinpost/console/../secret.txt',
    '/_pinpost/console/%2e%2e/secret.txt',
    '/_pinpost/console/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/_pinpost/console/..%5csecret.txt',
    '/_pinpost/console/assets/link.txt',
    '/_pinpost/console/%',
  ]) {
    const r = await get(dir, path);
    assert.ok(!r.text.includes('outside the console'), path);
    assert.ok(r.status === 200 || r.status === 404, `${path}: ${r.status}`);
  }
});

it('gzips for a client that accepts it, and refuses writes', async () => {
  const dir = built();
  const r = (await consoleRoute(dir).handler(
    request('/_pinpost/console/assets/index-abc123.js', { 'accept-encoding': 'gzip, br' }),
  )) as RawResponse;
  assert.equal(r.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(r.body as Buffer).toString(), 'export const a = 1;'.repeat(50));
  assert.equal((await get(dir, '/_pinpost/console/', {}, 'POST')).status, 405);
});

it('says how to build the console when it is not built', async () => {
  const r = await get(join(tmpdir(), 'pinpost-no-such-console'), '/_pinpost/console/');
  assert.equal(r.status, 503);
  assert.match(r.text, /npm run build/);
});

it("redirects only a browser's plain GET / (HTML accepted, no signature, no query)", () => {
  const head = (headers: Record<string, string>, path = '/', rawQuery = '', method = 'GET') => ({
    ...request(path, headers, method),
    rawQuery,
  });
  const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
  assert.equal(consoleRedirect(head(html))?.headers['location'], '/_pinpost/console/');
  assert.equal(consoleRedirect(head({})), undefined);
  assert.equal(consoleRedirect(head({ accept: '*/*' })), undefined);
  assert.equal(consoleRedirect(head({ ...html, authorization: 'AWS4-HMAC-SHA256 Credential=…' })), undefined);
  assert.equal(
    consoleRedirect(head(html, '/', 'Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256')),
    undefined,
  );
  assert.equal(consoleRedirect(head(html, '/', '', 'POST')), undefined);
  assert.equal(consoleRedirect(head(html, '/v2/email/identities')), undefined);
});
