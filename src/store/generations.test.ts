/**
 * Generation counters (generations.ts), on both engines (`node scripts/run-tests.mjs --postgres`
 * for PostgreSQL): moved by committed writes only, read once a request, read again by the next.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/support/database.js';
import {
  bumpGeneration,
  generationGroup,
  generationMigrations,
  generationScope,
  requestGeneration,
} from './generations.js';

test('a committed write moves the counter; a rolled-back one does not', async () => {
  const db = await openTestDatabase([...generationMigrations]);
  assert.equal(await requestGeneration(db, 'ses-control'), 0);
  await db.transaction(() => bumpGeneration(db, 'ses-control'));
  await assert.rejects(
    db.transaction(async () => {
      await bumpGeneration(db, 'ses-control');
      throw new Error('undone');
    }),
  );
  assert.equal(await requestGeneration(db, 'ses-control'), 1);
  assert.equal(await requestGeneration(db, 'iam-authz'), 0);
  await db.close();
});

test('in a request the counters are read once; the next request reads them again', async () => {
  const db = await openTestDatabase([...generationMigrations]);
  await generationScope(async () => {
    assert.equal(await requestGeneration(db, 'ses-control'), 0);
    // Another request (or process) writes meanwhile.
    await bumpGeneration(db, 'ses-control');
    assert.equal(await requestGeneration(db, 'ses-control'), 0);
    // Every counter came in the one read.
    await bumpGeneration(db, 'iam-authz');
    assert.equal(await requestGeneration(db, 'iam-authz'), 0);
  });
  assert.equal(await generationScope(() => requestGeneration(db, 'iam-authz')), 1);
  // Outside a request every read is a read.
  await bumpGeneration(db, 'ses-control');
  assert.equal(await requestGeneration(db, 'ses-control'), 2);
  // A request that starts later sees the later number.
  assert.equal(await generationScope(() => requestGeneration(db, 'ses-control')), 2);
  await db.close();
});

test('inside a transaction the counter is read there, where its own writes show', async () => {
  const db = await openTestDatabase([...generationMigrations]);
  await generationScope(async () => {
    assert.equal(await requestGeneration(db, 'ses-control'), 0);
    await db.transaction(async () => {
      await bumpGeneration(db, 'ses-control');
      assert.equal(await requestGeneration(db, 'ses-control'), 1);
    });
  });
  await db.close();
});

test('requests inside a group share its one read; an internal call elsewhere is a request of its own', async () => {
  const db = await openTestDatabase([...generationMigrations]);
  await generationGroup(async () => {
    assert.equal(await generationScope(() => requestGeneration(db, 'ses-control')), 0);
    await bumpGeneration(db, 'ses-control');
    assert.equal(
      await generationScope(() => requestGeneration(db, 'ses-control')),
      0,
      'the next send of the group reads what the group read',
    );
  });
  assert.equal(await generationGroup(() => generationScope(() => requestGeneration(db, 'ses-control'))), 1);
  await generationScope(async () => {
    assert.equal(await requestGeneration(db, 'ses-control'), 1);
    await bumpGeneration(db, 'ses-control');
    assert.equal(
      await generationScope(() => requestGeneration(db, 'ses-control')),
      2,
      'a request made from inside a request reads for itself',
    );
  });
  await db.close();
});

test("a group's read serves its requests for a second of real time, then is read again", async () => {
  const db = await openTestDatabase([...generationMigrations]);
  const real = { now: 5000 };
  await generationGroup(
    async () => {
      assert.equal(await generationScope(() => requestGeneration(db, 'iam-authz')), 0);
      await bumpGeneration(db, 'iam-authz');
      real.now += 999;
      assert.equal(await generationScope(() => requestGeneration(db, 'iam-authz')), 0);
      real.now += 1;
      assert.equal(
        await generationScope(() => requestGeneration(db, 'iam-authz')),
        1,
        'a paced group reads again',
      );
    },
    () => real.now,
  );
  await db.close();
});
