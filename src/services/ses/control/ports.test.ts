/**
 * The identity port keeps records while the store has not been written: a write shows at once,
 * a write rolled back never shows, and shared records cannot be changed by a caller.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../../../test/support/database.js';
import { Documents } from '../../../store/documents.js';
import { bumpGeneration, generationMigrations, generationScope } from '../../../store/generations.js';
import type { IdentityDoc } from './model.js';
import { identityPort } from './ports.js';
import { suppressionPort } from './suppression.js';
import { ControlStore } from './store.js';
import { sesControlMigrations } from './index.js';
import type { ControlDeps } from './deps.js';

const scope = { account: '111122223333', region: 'us-east-1' };

async function setup() {
  const db = await openTestDatabase([...generationMigrations, ...sesControlMigrations]);
  const store = new ControlStore(db);
  const deps = { store } as unknown as ControlDeps;
  const put = (name: string, status: IdentityDoc['verificationStatus']) =>
    store.put(scope, 'identity', name, {
      name,
      type: 'DOMAIN',
      verificationStatus: status,
      dkim: {
        signingEnabled: false,
        status: 'NOT_STARTED',
        tokens: [],
        origin: 'AWS_SES',
        nextKeyLength: 'RSA_1024_BIT',
      },
      feedbackForwarding: true,
      policies: { p: '{}' },
      tags: [],
    } as IdentityDoc);
  return { db, store, port: identityPort(deps), put };
}

test('a write shows at once, also through a second store over the same database', async () => {
  const { db, port, put } = await setup();
  assert.equal(await port.find(scope, 'example.com'), undefined);
  await put('example.com', 'PENDING');
  assert.equal((await port.find(scope, 'example.com'))?.verified, false);
  await new ControlStore(db).put(scope, 'identity', 'example.com', {
    ...(await new ControlStore(db).get<IdentityDoc>(scope, 'identity', 'example.com'))!.doc,
    verificationStatus: 'SUCCESS',
  });
  assert.equal((await port.find(scope, 'example.com'))?.verified, true);
  await new ControlStore(db).delete(scope, 'identity', 'example.com');
  assert.equal(await port.identityForAddress(scope, 'a@example.com'), undefined);
  await db.close();
});

test('a write rolled back never shows, even when read inside its transaction', async () => {
  const { db, port, put } = await setup();
  await put('example.com', 'PENDING');
  assert.equal((await port.find(scope, 'example.com'))?.verified, false);
  await assert.rejects(
    db.transaction(async () => {
      await put('example.com', 'SUCCESS');
      assert.equal((await port.find(scope, 'example.com'))?.verified, true);
      throw new Error('rollback');
    }),
    /rollback/,
  );
  assert.equal((await port.find(scope, 'example.com'))?.verified, false);
  await db.close();
});

test('records are shared, frozen, while nothing is written; another process’s write shows on the next request', async () => {
  const { db, port, put } = await setup();
  await put('example.com', 'SUCCESS');
  const r = (await port.find(scope, 'example.com'))!;
  assert.equal(await port.find(scope, 'example.com'), r);
  // Shared, so frozen: one caller cannot change what the next one reads.
  assert.throws(() => ((r.policies as Record<string, string>).q = '{}'), TypeError);
  assert.throws(() => ((r as { verified: boolean }).verified = false), TypeError);
  // Another process writes: not through this process's store, so only the generation row tells.
  const doc = (await new ControlStore(db).get<IdentityDoc>(scope, 'identity', 'example.com'))!.doc;
  await db.transaction(async () => {
    await new Documents(db, 'ses').put(scope, '', 'identity', 'example.com', {
      ...doc,
      verificationStatus: 'FAILED',
    });
    await bumpGeneration(db, 'ses-control');
  });
  assert.equal((await generationScope(() => port.find(scope, 'example.com')))?.verified, false);
  await db.close();
});

// dg/sending-email-suppression-list.html: an address on the account-level list is suppressed,
// whatever its case; a short list is held whole a generation, a long one read per recipient.
test('the suppression list: held whole while short, every write shows at once, read per address past 100', async () => {
  const { db, store } = await setup();
  const deps = { store } as unknown as ControlDeps;
  const port = suppressionPort(deps);
  assert.equal(await port.find(scope, 'a@example.com'), undefined);
  await port.put(scope, 'A@example.com', 'BOUNCE', new Date('2026-01-02T03:04:05Z'));
  assert.deepEqual(await port.find(scope, 'a@EXAMPLE.com'), {
    reason: 'BOUNCE',
    lastUpdateTime: new Date('2026-01-02T03:04:05Z'),
  });
  await store.delete(scope, 'suppression', 'a@example.com');
  assert.equal(await port.find(scope, 'a@example.com'), undefined);
  // Another process's write: only the generation row tells.
  await db.transaction(async () => {
    await new Documents(db, 'ses').put(scope, '', 'suppression', 'b@example.com', {
      EmailAddress: 'b@example.com',
      Reason: 'COMPLAINT',
      LastUpdateTime: '2026-01-02T03:04:05.000Z',
    });
    await bumpGeneration(db, 'ses-control');
  });
  assert.equal((await generationScope(() => port.find(scope, 'b@example.com')))?.reason, 'COMPLAINT');
  // Another account's list is its own.
  assert.equal(await port.find({ ...scope, account: '444455556666' }, 'b@example.com'), undefined);
  // Past 100 entries each recipient is one read, and still found (r9@ sorts last of them).
  await db.transaction(async () => {
    for (let i = 0; i < 101; i++) await port.put(scope, `r${i}@example.org`, 'BOUNCE');
  });
  assert.equal((await port.find(scope, 'R9@example.org'))?.reason, 'BOUNCE');
  assert.equal((await port.find(scope, 'r100@example.org'))?.reason, 'BOUNCE');
  assert.equal((await port.find(scope, 'b@example.com'))?.reason, 'COMPLAINT');
  assert.equal(await port.find(scope, 'nobody@example.org'), undefined);
  await db.close();
});
