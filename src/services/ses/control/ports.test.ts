/**
 * The identity port keeps records while the store has not been written: a write shows at once,
 * a write rolled back never shows, and shared records cannot be changed by a caller.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openDatabase } from '../../../store/index.js';
import type { IdentityDoc } from './model.js';
import { identityPort } from './ports.js';
import { ControlStore } from './store.js';
import { sesControlMigrations } from './index.js';
import type { ControlDeps } from './deps.js';

const scope = { account: '111122223333', region: 'us-east-1' };

function setup() {
  const db = openDatabase({ data: ':memory:', migrations: sesControlMigrations });
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

test('a write shows at once, also through a second store over the same database', () => {
  const { db, port, put } = setup();
  assert.equal(port.find(scope, 'example.com'), undefined);
  put('example.com', 'PENDING');
  assert.equal(port.find(scope, 'example.com')?.verified, false);
  new ControlStore(db).put(scope, 'identity', 'example.com', {
    ...new ControlStore(db).get<IdentityDoc>(scope, 'identity', 'example.com')!.doc,
    verificationStatus: 'SUCCESS',
  });
  assert.equal(port.find(scope, 'example.com')?.verified, true);
  new ControlStore(db).delete(scope, 'identity', 'example.com');
  assert.equal(port.identityForAddress(scope, 'a@example.com'), undefined);
});

test('a write rolled back never shows, even when read inside its transaction', () => {
  const { db, port, put } = setup();
  put('example.com', 'PENDING');
  assert.equal(port.find(scope, 'example.com')?.verified, false);
  assert.throws(() =>
    db.transaction(() => {
      put('example.com', 'SUCCESS');
      assert.equal(port.find(scope, 'example.com')?.verified, true);
      throw new Error('rollback');
    }),
  );
  assert.equal(port.find(scope, 'example.com')?.verified, false);
});

test('records are shared, so they are frozen', () => {
  const { port, put } = setup();
  put('example.com', 'SUCCESS');
  const r = port.find(scope, 'example.com')!;
  assert.equal(port.find(scope, 'example.com'), r);
  assert.throws(() => ((r.policies as Record<string, string>).q = '{}'), TypeError);
  assert.throws(() => ((r as { verified: boolean }).verified = false), TypeError);
});
