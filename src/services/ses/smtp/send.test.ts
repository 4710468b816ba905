import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import type { ResolvedCredentials } from '../../../wire/credentials.js';
import { AwsError } from '../../../wire/errors.js';
import type { InternalCall } from '../../../wire/pipeline.js';
import { rootPrincipal } from '../../../wire/principal.js';
import { sesV1Service } from '../service-v1.js';
import { sendRaw, type SendDeps } from './send.js';

const principal = rootPrincipal('111122223333');
const key: ResolvedCredentials = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's', principal };
const user = { accessKeyId: 'AKIAEXAMPLE', principal };
const raw = Buffer.from('Subject: hi\r\n\r\nbody\r\n');
const clear = { remoteAddress: '::ffff:203.0.113.7', secure: false };

function deps(
  invoke: (call: InternalCall) => Promise<unknown>,
  known = true,
): SendDeps & { logged: unknown[] } {
  const logged: unknown[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
  return {
    pipeline: { invoke },
    sesV1: sesV1Service([]),
    credentials: { resolve: (id) => (known && id === key.accessKeyId ? key : undefined) },
    region: 'eu-west-1',
    log,
    logged,
  };
}

test('SendRawEmail gets the envelope and the base64 bytes, as the user, in the server region', async () => {
  const calls: InternalCall[] = [];
  const d = deps(async (call) => {
    calls.push(call);
    return { MessageId: 'm-1' };
  });
  const outcome = await sendRaw(
    d,
    user,
    clear,
    { from: 'a@example.com', to: ['b@example.com', 'c@example.com'] },
    raw,
  );
  assert.deepEqual(outcome, { ok: true, text: 'Ok m-1', messageId: 'm-1' });
  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call.operation, 'SendRawEmail');
  assert.equal(call.service, d.sesV1);
  assert.equal(call.principal, principal);
  assert.equal(call.region, 'eu-west-1');
  assert.deepEqual(call.input, {
    Source: 'a@example.com',
    Destinations: ['b@example.com', 'c@example.com'],
    RawMessage: { Data: raw.toString('base64') },
  });
});

test('the null sender (MAIL FROM:<>) sends no Source: SendRawEmail takes the From header', async () => {
  let input: Record<string, unknown> = {};
  const d = deps(async (call) => {
    input = call.input;
    return { MessageId: 'm-2' };
  });
  await sendRaw(d, user, clear, { from: '', to: ['b@example.com'] }, raw);
  assert.equal('Source' in input, false);
});

test('a key deleted or deactivated since AUTH: 535, and nothing is sent', async () => {
  let called = false;
  const d = deps(async () => {
    called = true;
    return {};
  }, false);
  assert.deepEqual(await sendRaw(d, user, clear, { from: 'a@example.com', to: ['b@example.com'] }, raw), {
    ok: false,
    reply: { code: 535, text: 'Authentication Credentials Invalid' },
  });
  assert.equal(called, false);
});

test("AWS errors become SES's replies unlogged; a bug is logged and answered 451", async () => {
  const rejected = deps(async () => {
    throw new AwsError({ code: 'MessageRejected', status: 400, message: 'Email address is not verified.' });
  });
  assert.deepEqual(
    await sendRaw(rejected, user, clear, { from: 'a@example.com', to: ['b@example.com'] }, raw),
    {
      ok: false,
      reply: { code: 554, text: 'Message rejected: Email address is not verified.' },
    },
  );
  assert.equal(rejected.logged.length, 0);
  const broken = deps(async () => {
    throw new TypeError('boom');
  });
  assert.deepEqual(
    await sendRaw(broken, user, clear, { from: 'a@example.com', to: ['b@example.com'] }, raw),
    {
      ok: false,
      reply: { code: 451, text: 'Temporary service failure' },
    },
  );
  assert.equal(broken.logged.length, 1);
  assert.doesNotMatch(JSON.stringify(broken.logged), /body/);
});

test('aws:SourceIp and aws:SecureTransport come from the SMTP session (reference_policies_condition-keys.html)', async () => {
  const calls: InternalCall[] = [];
  const d = deps(async (call) => {
    calls.push(call);
    return { MessageId: 'm-3' };
  });
  const envelope = { from: 'a@example.com', to: ['b@example.com'] };
  await sendRaw(d, user, clear, envelope, raw);
  await sendRaw(d, user, { remoteAddress: '2001:db8::1', secure: true }, envelope, raw);
  assert.deepEqual(calls[0].contextKeys, {
    'aws:SecureTransport': { values: ['false'], list: false },
    'aws:SourceIp': { values: ['203.0.113.7'], list: false },
  });
  assert.deepEqual(calls[1].contextKeys, {
    'aws:SecureTransport': { values: ['true'], list: false },
    'aws:SourceIp': { values: ['2001:db8::1'], list: false },
  });
});
