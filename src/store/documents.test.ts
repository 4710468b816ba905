/**
 * The document store's contract on both engines: run with `PINPOST_TEST_DATABASE` set
 * (`node scripts/run-tests.mjs --postgres`), these run on PostgreSQL, otherwise on SQLite.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/support/database.js';
import type { Database } from './dialect.js';
import { Documents, DOCUMENTS_DDL } from './documents.js';

const schema = [{ context: 'documents-test', version: 1, name: 'documents', up: DOCUMENTS_DDL }];
const scope = { account: '111122223333', region: 'us-east-1' };

async function open(): Promise<{ db: Database; clock: { at: Date } }> {
  return { db: await openTestDatabase(schema), clock: { at: new Date('2026-12-01T10:00:00.000Z') } };
}

const keys = (docs: { key: string }[]) => docs.map((d) => d.key);

test('put inserts, then replaces the document and keeps its creation time', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'pinpoint', () => clock.at);
  await docs.put(scope, 'app1', 'endpoint', 'e1', { n: 1 }, 'user-a');
  const created = clock.at;
  clock.at = new Date('2026-12-01T11:00:00.000Z');
  await docs.put(scope, 'app1', 'endpoint', 'e1', { n: 2 }, 'user-b');
  const got = await docs.get<{ n: number }>(scope, 'app1', 'endpoint', 'e1');
  assert.deepEqual(got, { parent: 'app1', key: 'e1', doc: { n: 2 }, created, updated: clock.at });
  assert.deepEqual(keys(await docs.byUser(scope, 'app1', 'endpoint', 'user-a')), [], 'the user id moved');
  assert.deepEqual(keys(await docs.byUser(scope, 'app1', 'endpoint', 'user-b')), ['e1']);
  assert.equal(await docs.get(scope, 'app1', 'endpoint', 'e2'), undefined);
  await db.close();
});

test('services, accounts, regions, parents and kinds keep their documents apart', async () => {
  const { db, clock } = await open();
  const ses = new Documents(db, 'ses', () => clock.at);
  const pinpoint = new Documents(db, 'pinpoint', () => clock.at);
  await ses.put(scope, '', 'template', 'k', { who: 'ses' });
  await pinpoint.put(scope, '', 'template', 'k', { who: 'pinpoint' });
  await ses.put({ ...scope, region: 'eu-west-1' }, '', 'template', 'k', { who: 'ses eu' });
  await ses.put({ ...scope, account: '444455556666' }, '', 'template', 'k', { who: 'ses other' });
  await ses.put(scope, 'list', 'template', 'k', { who: 'ses child' });
  await ses.put(scope, '', 'identity', 'k', { who: 'ses identity' });
  assert.deepEqual((await ses.get(scope, '', 'template', 'k'))?.doc, { who: 'ses' });
  assert.deepEqual((await pinpoint.get(scope, '', 'template', 'k'))?.doc, { who: 'pinpoint' });
  assert.equal(await ses.count(scope, '', 'template'), 1);
  assert.equal(await pinpoint.delete(scope, '', 'template', 'k'), true);
  assert.equal(await pinpoint.delete(scope, '', 'template', 'k'), false, 'already gone');
  assert.deepEqual((await ses.get(scope, '', 'template', 'k'))?.doc, { who: 'ses' }, 'SES keeps its own');
  await db.close();
});

test('lists are keyset pages in key order; a page boundary survives inserts and deletes', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'ses', () => clock.at);
  for (const k of ['d', 'b', 'a', 'e', 'c']) await docs.put(scope, '', 'identity', k, { k });
  assert.deepEqual(keys(await docs.list(scope, '', 'identity')), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(keys(await docs.list(scope, '', 'identity', { after: 'b', limit: 2 })), ['c', 'd']);
  const first = await docs.page(scope, '', 'identity', '', 2);
  assert.deepEqual([keys(first.items), first.next], [['a', 'b'], 'b']);
  await docs.delete(scope, '', 'identity', 'b');
  await docs.put(scope, '', 'identity', 'a2', {});
  const second = await docs.page(scope, '', 'identity', first.next!, 2);
  assert.deepEqual([keys(second.items), second.next], [['c', 'd'], 'd']);
  const last = await docs.page(scope, '', 'identity', second.next!, 2);
  assert.deepEqual([keys(last.items), last.next], [['e'], undefined], 'no next on the last page');
  const all: string[] = [];
  for await (const d of docs.iterate(scope, '', 'identity', 2)) all.push(d.key);
  assert.deepEqual(all, ['a', 'a2', 'c', 'd', 'e'], 'iterate reads every page');
  await db.close();
});

test('prefixes: listed and deleted in key order, and nothing beyond the prefix', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'pinpoint', () => clock.at);
  for (const k of ['t/0000000002', 't/0000000001', 't2/0000000001', 'u/0000000001', 't'])
    await docs.put(scope, '', 'template-version', k, {});
  assert.deepEqual(keys(await docs.listPrefix(scope, '', 'template-version', 't/')), [
    't/0000000001',
    't/0000000002',
  ]);
  assert.equal(await docs.deletePrefix(scope, '', 'template-version', 't/'), 2);
  assert.deepEqual(keys(await docs.list(scope, '', 'template-version')), [
    't',
    't2/0000000001',
    'u/0000000001',
  ]);
  await db.close();
});

test('deleteKind empties one kind under one parent; deleteParent a whole subtree', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'pinpoint', () => clock.at);
  await docs.put(scope, 'app1', 'app', '', {});
  await docs.put(scope, 'app1', 'endpoint', 'e1', {});
  await docs.put(scope, 'app1', 'endpoint', 'e2', {});
  await docs.put(scope, 'app1', 'segment', 's1', {});
  await docs.put(scope, 'app2', 'endpoint', 'e1', {});
  assert.equal(await docs.deleteKind(scope, 'app1', 'endpoint'), 2);
  assert.equal(await docs.count(scope, 'app1', 'segment'), 1);
  assert.equal(await docs.deleteParent(scope, 'app1'), 2);
  assert.equal(await docs.get(scope, 'app1', 'app', ''), undefined);
  assert.equal(await docs.count(scope, 'app2', 'endpoint'), 1, 'another parent is untouched');
  await db.close();
});

test('getMany reads the keys that exist, in key order, past one chunk of parameters', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'pinpoint', () => clock.at);
  const ids = Array.from({ length: 450 }, (_, n) => `e${String(n).padStart(3, '0')}`);
  await db.transaction(async () => {
    for (const id of ids) await docs.put(scope, 'app', 'endpoint', id, { id });
  });
  const asked = [...ids].reverse().concat(['missing', 'e001']);
  const got = await docs.getMany<{ id: string }>(scope, 'app', 'endpoint', asked);
  assert.deepEqual(keys(got), ids);
  assert.deepEqual(got[449].doc, { id: 'e449' });
  await db.close();
});

test('parents pages the parents’ own documents; ofKind and everywhere read across parents', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'pinpoint', () => clock.at);
  for (const app of ['c', 'a', 'b']) {
    await docs.put(scope, app, 'app', '', { Id: app });
    await docs.put(scope, app, 'endpoint', 'e', {});
    await docs.put(scope, app, 'journey', 'j', { State: app === 'b' ? 'ACTIVE' : 'DRAFT' });
  }
  const eu = { ...scope, region: 'eu-west-1' };
  await docs.put(eu, 'z', 'journey', 'j', { State: 'ACTIVE' });
  await new Documents(db, 'ses', () => clock.at).put(scope, '', 'journey', 'j', { State: 'ACTIVE' });
  assert.deepEqual(
    (await docs.parents(scope, 'app', '', 2)).map((d) => d.parent),
    ['a', 'b'],
  );
  assert.deepEqual(
    (await docs.parents(scope, 'app', 'b', 2)).map((d) => d.parent),
    ['c'],
  );
  assert.deepEqual(
    (await docs.ofKind(scope, 'journey')).map((d) => d.parent),
    ['a', 'b', 'c'],
  );
  const active = await docs.everywhere('journey', '$.State', 'ACTIVE');
  assert.deepEqual(
    active.map((d) => [d.scope.region, d.parent]),
    [
      ['eu-west-1', 'z'],
      ['us-east-1', 'b'],
    ],
    'ACTIVE journeys of every scope, and only Pinpoint’s',
  );
  await db.close();
});

test('a transaction that fails leaves no document behind', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'ses', () => clock.at);
  await docs.put(scope, '', 'identity', 'kept', { v: 1 });
  await assert.rejects(
    docs.transaction(async () => {
      await docs.put(scope, '', 'identity', 'kept', { v: 2 });
      await docs.put(scope, '', 'identity', 'new', {});
      throw new Error('bad input');
    }),
    /bad input/,
  );
  assert.deepEqual(keys(await docs.list(scope, '', 'identity')), ['kept']);
  assert.deepEqual((await docs.get(scope, '', 'identity', 'kept'))?.doc, { v: 1 });
  await db.close();
});

test('getForUpdate outside a transaction is refused: it would hold no lock', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'ses', () => clock.at);
  await docs.put(scope, '', 'identity', 'x', {});
  await assert.rejects(docs.getForUpdate(scope, '', 'identity', 'x'), /outside a transaction/);
  await db.close();
});

test('read-modify-writes through getForUpdate at once: none is lost', async () => {
  const { db, clock } = await open();
  const docs = new Documents(db, 'pinpoint', () => clock.at);
  await docs.put(scope, 'app', 'app', '', { tags: {} as Record<string, string> });
  const writers = 12;
  await Promise.all(
    Array.from({ length: writers }, (_, n) =>
      docs.transaction(async () => {
        const current = await docs.getForUpdate<{ tags: Record<string, string> }>(scope, 'app', 'app', '');
        // Yield between the read and the write, so the others run their reads meanwhile.
        await new Promise((resolve) => setImmediate(resolve));
        await docs.put(scope, 'app', 'app', '', { tags: { ...current!.doc.tags, [`k${n}`]: 'v' } });
      }),
    ),
  );
  const tags = (await docs.get<{ tags: Record<string, string> }>(scope, 'app', 'app', ''))!.doc.tags;
  assert.equal(Object.keys(tags).length, writers);
  await db.close();
});
