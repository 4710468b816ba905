/**
 * The guarded exchange against local servers that count their requests: refused addresses are
 * never connected to, redirects are checked hop by hop and capped, answers are bounded in size and
 * time, and no failure repeats what was fetched.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addressClass } from './address-class.js';
import { ByteBudget } from './budget.js';
import { isEgressError, type EgressError } from './errors.js';
import { egressRequest, type EgressLimits } from './http.js';
import {
  eventually,
  localServer,
  never,
  redirect,
  text,
  type LocalServer,
} from './local-server.test-fixture.js';

let web: LocalServer;
let inner: LocalServer;

before(async () => {
  // The "inner" server stands for a private service: 127.0.0.2 is refused by every policy below.
  inner = await localServer({ '/secret': text('root:x:0:0:root:/root:/bin/bash\n') }, '127.0.0.2');
  web = await localServer({
    '/ok': text('Id,Address\n'),
    '/to-inner': redirect(`${inner.url}/secret`),
    '/to-localhost': redirect(`http://localhost:${inner.port}/secret`),
    '/to-file': redirect('file:///etc/passwd'),
    '/loop': redirect('/loop'),
    '/never': never,
    '/big': text('x'.repeat(100_000)),
    '/chunked': (_req, res) => {
      res.write('y'.repeat(50_000));
      res.end('y'.repeat(50_000));
    },
    '/error': text('SECRET-BODY', 500),
    '/post': (req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => text(`${req.method} ${body}`)(req, res));
    },
  });
});
after(async () => {
  await web.close();
  await inner.close();
});

/** 127.0.0.1 plays a public host; every other refused class stays refused. */
const publicLoopback = (ip: string) => (ip === '127.0.0.1' ? undefined : addressClass(ip));

const limits = (extra: Partial<EgressLimits> = {}): EgressLimits => ({
  refuse: addressClass,
  idleTimeoutMs: 5_000,
  maxRedirects: 5,
  budget: new ByteBudget(1_000_000),
  ...extra,
});

async function failure(p: Promise<unknown>): Promise<EgressError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isEgressError(e), `not an EgressError: ${String(e)}`);
    return e;
  }
  assert.fail('the request succeeded');
}

test('loopback, localhost and the IPv6 and numeric spellings of loopback are never connected to', async () => {
  const before = web.total();
  for (const url of [
    `${web.url}/ok`,
    `http://localhost:${web.port}/ok`,
    `http://[::1]:${web.port}/ok`,
    `http://[::ffff:127.0.0.1]:${web.port}/ok`,
    `http://0x7f000001:${web.port}/ok`,
    `http://2130706433:${web.port}/ok`,
    `http://127.1:${web.port}/ok`,
  ]) {
    const e = await failure(egressRequest(url, {}, limits()));
    assert.equal(e.kind, 'blocked', url);
    assert.match(e.message, /^The URL leads to a loopback address, which Pinpost does not connect to/);
    assert.match(e.message, /--allow-private-egress/);
  }
  assert.equal(web.total(), before, 'not one request reached the server');
});

test('metadata, private and link-local literals are refused by class', async () => {
  const cases: [string, string][] = [
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/latest/meta-data/', 'metadata'],
    ['http://[::ffff:a9fe:a9fe]/', 'metadata'],
    ['http://10.0.0.1/', 'private'],
    ['http://192.168.0.1/', 'private'],
    ['http://169.254.1.1/', 'link-local'],
    ['http://100.64.0.1/', 'carrier-grade NAT'],
    ['http://0.0.0.0/', 'unspecified'],
  ];
  for (const [url, cls] of cases) {
    const e = await failure(egressRequest(url, {}, limits()));
    assert.equal(e.kind, 'blocked');
    assert.ok(e.message.includes(` ${cls} address`), `${url}: ${e.message}`);
  }
});

test('allowed egress fetches; a redirect into a refused address is refused before connecting', async () => {
  const ok = await egressRequest(`${web.url}/ok`, {}, limits({ refuse: publicLoopback }));
  assert.equal(ok.status, 200);
  assert.equal(await ok.text(), 'Id,Address\n');

  const e = await failure(egressRequest(`${web.url}/to-inner`, {}, limits({ refuse: publicLoopback })));
  assert.equal(e.kind, 'blocked');
  assert.match(e.message, /^A redirect leads to a loopback address/);
  assert.ok(!e.message.includes('127.0.0.2') && !e.message.includes('/secret'), 'the target is not echoed');
  assert.equal(inner.total(), 0, 'the redirect target was never fetched');

  // With private egress allowed, the same redirect is followed.
  const followed = await egressRequest(`${web.url}/to-inner`, {}, limits({ refuse: () => undefined }));
  assert.equal(followed.status, 200);
  followed.discard();
  assert.equal(inner.total(), 1);
});

test('redirects are capped, and a redirect to another scheme is refused', async () => {
  const before = web.hits.get('/loop') ?? 0;
  const e = await failure(egressRequest(`${web.url}/loop`, {}, limits({ refuse: () => undefined })));
  assert.equal(e.kind, 'redirects');
  assert.equal(e.message, 'The URL redirects more than 5 times');
  assert.equal((web.hits.get('/loop') ?? 0) - before, 6, 'the first request and five redirects');
  const file = await failure(egressRequest(`${web.url}/to-file`, {}, limits({ refuse: () => undefined })));
  assert.equal(file.kind, 'url');
  assert.doesNotMatch(file.message, /passwd/);
});

test('only http(s) URLs are tried', async () => {
  for (const url of ['file:///etc/passwd', 'ftp://example.com/x', '/etc/passwd', 'gopher://127.0.0.1:70/'])
    assert.equal((await failure(egressRequest(url, {}, limits()))).kind, 'url', url);
});

test('a body past the budget fails, whether its length is declared or streamed', async () => {
  const open = { refuse: () => undefined } as const;
  const declared = await egressRequest(
    `${web.url}/big`,
    {},
    limits({ ...open, budget: new ByteBudget(1000) }),
  );
  const e1 = await failure(declared.text());
  assert.equal(e1.kind, 'size');
  assert.equal(e1.message, 'The data is larger than the limit of 1000 bytes');
  const streamed = await egressRequest(
    `${web.url}/chunked`,
    {},
    limits({ ...open, budget: new ByteBudget(60_000) }),
  );
  assert.equal((await failure(streamed.text())).kind, 'size');
});

test('a server that never answers: the idle timeout or the signal ends the exchange and its socket', async () => {
  const open = { refuse: () => undefined } as const;
  const idle = await failure(egressRequest(`${web.url}/never`, {}, limits({ ...open, idleTimeoutMs: 50 })));
  assert.equal(idle.kind, 'timeout');
  assert.match(idle.message, /timed out$/);

  const stop = new AbortController();
  const pending = egressRequest(`${web.url}/never`, {}, limits({ ...open, signal: stop.signal }));
  await eventually(() => web.openConnections() > 0);
  stop.abort();
  assert.equal((await failure(pending)).kind, 'aborted');
  await eventually(() => web.openConnections() === 0);

  const deadline = await failure(
    egressRequest(`${web.url}/never`, {}, limits({ ...open, signal: AbortSignal.timeout(50) })),
  );
  assert.equal(deadline.kind, 'timeout');
});

test('a POST sends its body; an error status is reported without its body', async () => {
  const open = { refuse: () => undefined } as const;
  const res = await egressRequest(`${web.url}/post`, { method: 'POST', body: '{"a":1}' }, limits(open));
  assert.equal(await res.text(), 'POST {"a":1}');
  const error = await egressRequest(`${web.url}/error`, {}, limits(open));
  assert.equal(error.status, 500);
  error.discard();
});

test('a host that does not resolve fails as DNS, naming no address', async () => {
  const e = await failure(egressRequest('http://no-such-host.invalid/', {}, limits()));
  assert.equal(e.kind, 'dns');
});
