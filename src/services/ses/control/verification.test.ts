/**
 * Email verification (`verification: 'email'`) on a control plane over a test database with recording
 * mail ports: the address stays PENDING, SES's verification mail is queued with a link to
 * /_pinpost/ses/verify, the link verifies, and an expired link (24 h, as SES's) fails it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../../../../test/support/database.js';
import type { RequestContext } from '../../../wire/context.js';
import type { MessageContent, OutgoingMessage } from '../ports.js';
import { generationMigrations } from '../../../store/generations.js';
import { createSesControl, sesControlMigrations, verificationRoutes, verifyByToken } from './index.js';

async function setup() {
  let now = new Date('2026-01-01T00:00:00Z');
  const built: MessageContent[] = [];
  const queued: OutgoingMessage[] = [];
  const db = await openTestDatabase([...generationMigrations, ...sesControlMigrations]);
  const control = createSesControl(db, {
    sandbox: false,
    verification: 'email',
    publicUrl: () => 'http://pinpost.test:4566',
    now: () => now,
    mail: {
      mime: {
        build: async (c) => (built.push(c), Buffer.from(`Subject: ${c.subject}\r\n\r\n${c.text ?? ''}`)),
        sign: async (raw) => raw,
      },
      outbox: { enqueue: async (m) => void queued.push(m) },
    },
  });
  const ctx = { account: '111122223333', region: 'eu-west-1' } as RequestContext;
  const op = (name: string) => {
    const found = control.v1Operations().find((o) => o.name === name);
    assert.ok(found, name);
    return found;
  };
  return {
    db,
    control,
    built,
    queued,
    ctx,
    op,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
}

const tokenOf = (text: string) => /token=([\w-]+)/.exec(text)?.[1] ?? '';

test('VerifyEmailIdentity leaves the address pending and queues SES’s verification mail; the link verifies it', async () => {
  const { db, control, built, queued, ctx, op } = await setup();
  const verify = op('VerifyEmailIdentity');
  await verify.handler({ EmailAddress: 'new@user.example' }, ctx);
  const scope = { account: '111122223333', region: 'eu-west-1' };
  assert.equal((await control.identities.find(scope, 'new@user.example'))?.verified, false);
  assert.equal(built.length, 1);
  assert.equal(
    built[0].subject,
    'Amazon Web Services – Email Address Verification Request in region Europe (Ireland)',
  );
  assert.equal(built[0].from, '"Amazon Web Services" <no-reply-aws@amazon.com>');
  assert.deepEqual(built[0].to, ['new@user.example']);
  assert.match(built[0].text ?? '', /^Dear Amazon Web Services Customer,/);
  assert.match(built[0].text ?? '', /http:\/\/pinpost\.test:4566\/_pinpost\/ses\/verify\?token=[\w-]+/);
  assert.equal(queued.length, 1);
  assert.deepEqual(queued[0].recipients, ['new@user.example']);
  assert.deepEqual(queued[0].scope, scope);
  assert.equal(queued[0].messageId, built[0].messageId);

  const [route] = verificationRoutes(control);
  assert.equal(route.prefix, '/_pinpost/ses/verify');
  const token = tokenOf(built[0].text ?? '');
  const page = await route.handler({
    method: 'GET',
    path: '/_pinpost/ses/verify',
    rawQuery: `token=${token}`,
    headers: {},
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    secure: false,
  });
  assert.equal(page.status, 200);
  assert.match(String(page.body), /You have successfully verified an email address/);
  assert.equal((await control.identities.find(scope, 'new@user.example'))?.verified, true);
  assert.equal(await verifyByToken(control, token), undefined, 'a token is used once');
  await db.close();
});

test('a link followed after 24 hours fails the identity; an unknown token verifies nothing', async () => {
  const { db, control, built, ctx, op, advance } = await setup();
  const verify = op('VerifyEmailAddress');
  await verify.handler({ EmailAddress: 'late@user.example' }, ctx);
  advance(24 * 60 * 60 * 1000 + 1);
  assert.equal(await verifyByToken(control, tokenOf(built[0].text ?? '')), undefined);
  const scope = { account: '111122223333', region: 'eu-west-1' };
  assert.equal((await control.identities.find(scope, 'late@user.example'))?.verified, false);
  const attrs = op('GetIdentityVerificationAttributes');
  const out = (await attrs.handler({ Identities: ['late@user.example'] }, ctx)) as {
    VerificationAttributes: { entries: Record<string, { VerificationStatus: string }> };
  };
  assert.equal(out.VerificationAttributes.entries['late@user.example'].VerificationStatus, 'Failed');
  assert.equal(await verifyByToken(control, 'nope'), undefined);
  await db.close();
});

test('domains verify at once even in email mode: there is no DNS for Pinpost to read', async () => {
  const { db, control, queued, ctx, op } = await setup();
  const verify = op('VerifyDomainIdentity');
  await verify.handler({ Domain: 'dom.example' }, ctx);
  assert.equal(
    (await control.identities.find({ account: '111122223333', region: 'eu-west-1' }, 'dom.example'))
      ?.verified,
    true,
  );
  assert.equal(queued.length, 0);
  await db.close();
});
