/** The job queue's contract, on SQLite or — under `run-tests --postgres` — PostgreSQL. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openTestDatabase } from '../../test/support/database.js';
import { jobMigrations } from './migrations.js';
import { JobQueue } from './queue.js';

const T = 1_800_000_000_000;

async function setup(real = { now: T }) {
  const db = await openTestDatabase(jobMigrations);
  return { db, queue: new JobQueue(db, () => real.now), real };
}

test('a (kind, key) is enqueued once: scheduling the same work twice adds one job', async () => {
  const { db, queue } = await setup();
  assert.equal(await queue.enqueue({ kind: 'k', key: 'run-1', payload: { a: 1 }, runAt: T }, T), true);
  assert.equal(await queue.enqueue({ kind: 'k', key: 'run-1', payload: { a: 2 }, runAt: T }, T), false);
  const [job] = await queue.claim('p1', 'k', 10, T, 1000);
  assert.deepEqual(job?.payload, { a: 1 });
  assert.equal(job?.attempts, 1);
  await db.close();
});

test('only due jobs of the kind are claimed, oldest first, and a leased job is not claimed again', async () => {
  const { db, queue } = await setup();
  await queue.enqueue({ kind: 'k', key: 'late', runAt: T + 5000 }, T);
  await queue.enqueue({ kind: 'k', key: 'b', runAt: T - 10 }, T);
  await queue.enqueue({ kind: 'k', key: 'a', runAt: T - 20 }, T);
  await queue.enqueue({ kind: 'other', key: 'x', runAt: T }, T);
  const first = await queue.claim('p1', 'k', 10, T, 1000);
  assert.deepEqual(
    first.map((j) => j.key),
    ['a', 'b'],
  );
  assert.deepEqual(await queue.claim('p2', 'k', 10, T, 1000), []);
  assert.equal(await queue.nextRunAt(['k']), T + 5000);
  await db.close();
});

test('an expired lease is taken over by another process, which learns whose it was', async () => {
  const { db, queue, real } = await setup();
  await queue.enqueue({ kind: 'k', key: 'j', runAt: T }, T);
  const [mine] = await queue.claim('dead', 'k', 1, T, 1000);
  real.now = T + 999;
  assert.deepEqual(await queue.claim('p2', 'k', 1, T, 1000), [], 'still leased');
  real.now = T + 1000;
  const [taken] = await queue.claim('p2', 'k', 1, T, 1000);
  assert.equal(taken?.id, mine?.id);
  assert.equal(taken?.takenOverFrom, 'dead');
  assert.equal(taken?.attempts, 2);
  // The dead process's late writes are refused: it holds nothing any more.
  assert.equal(await queue.complete('dead', mine!.id), false);
  assert.deepEqual(await queue.extend('dead', [mine!.id], 1000), [mine!.id]);
  assert.equal(await queue.complete('p2', taken!.id), true);
  assert.equal(await queue.pending('k', 'j'), false);
  await db.close();
});

test('extending a lease keeps it; reschedule waits; fail keeps the job out of reach', async () => {
  const { db, queue, real } = await setup();
  await queue.enqueue({ kind: 'k', key: 'j', runAt: T }, T);
  await queue.enqueue({ kind: 'k', key: 'bad', runAt: T }, T);
  const [j, bad] = await queue.claim('p1', 'k', 2, T, 1000);
  real.now = T + 900;
  assert.deepEqual(await queue.extend('p1', [j!.id], 1000), []);
  real.now = T + 1500;
  assert.deepEqual(
    (await queue.claim('p2', 'k', 5, T, 1000)).map((x) => x.key),
    ['bad'],
    'the extended lease holds; the other ran out',
  );
  assert.equal(await queue.fail('p2', bad!.id, 'broken'), true);
  assert.equal(await queue.reschedule('p1', j!.id, T + 60_000, 'try later'), true);
  assert.deepEqual(await queue.claim('p3', 'k', 5, T + 59_999, 1000), []);
  assert.equal((await queue.claim('p3', 'k', 5, T + 60_000, 1000))[0]?.key, 'j');
  assert.deepEqual(await queue.stats(), [{ kind: 'k', depth: 1, oldestRunAt: T + 60_000 }]);
  await db.close();
});

test('release hands every lease of a process back at once', async () => {
  const { db, queue } = await setup();
  for (const key of ['a', 'b', 'c']) await queue.enqueue({ kind: 'k', key, runAt: T }, T);
  await queue.claim('leaving', 'k', 2, T, 60_000);
  assert.equal(await queue.release('leaving'), 2);
  assert.equal((await queue.claim('staying', 'k', 5, T, 60_000)).length, 3);
  await db.close();
});

test('processes claiming together never get the same job', async () => {
  const { db, queue } = await setup();
  for (let i = 0; i < 60; i++) await queue.enqueue({ kind: 'k', key: String(i), runAt: T }, T);
  const claims = await Promise.all(
    ['p1', 'p2', 'p3'].flatMap((p) => [1, 2, 3, 4].map(() => queue.claim(p, 'k', 5, T, 60_000))),
  );
  const ids = claims.flat().map((j) => j.id);
  assert.equal(ids.length, 60);
  assert.equal(new Set(ids).size, 60);
  await db.close();
});

test('schedule adds a job or moves a waiting one earlier, never later; a leased one runs again for new work', async () => {
  const { db, queue } = await setup();
  assert.equal(await queue.schedule({ kind: 'k', key: 'j', runAt: T + 100 }, T), true);
  assert.equal(await queue.schedule({ kind: 'k', key: 'j', runAt: T + 500 }, T), false, 'not later');
  assert.equal(await queue.nextRunAt(['k']), T + 100);
  assert.equal(await queue.schedule({ kind: 'k', key: 'j', runAt: T + 10 }, T), true, 'earlier');
  assert.equal(await queue.nextRunAt(['k']), T + 10);
  const [job] = await queue.claim('p1', 'k', 1, T + 10, 1000);
  // Work arrives while it runs: settled, it waits for that instead of ending.
  assert.equal(await queue.schedule({ kind: 'k', key: 'j', runAt: T + 50 }, T), true);
  assert.equal(await queue.complete('p1', job!.id), true);
  assert.equal(await queue.nextRunAt(['k']), T + 50);
  const [again] = await queue.claim('p1', 'k', 1, T + 50, 1000);
  await queue.schedule({ kind: 'k', key: 'j', runAt: T + 60 }, T);
  assert.equal(await queue.reschedule('p1', again!.id, T + 9999), true);
  assert.equal(await queue.nextRunAt(['k']), T + 60, 'the earlier of its own time and the new work');
  const [last] = await queue.claim('p1', 'k', 1, T + 60, 1000);
  assert.equal(await queue.complete('p1', last!.id), true);
  assert.equal(await queue.pending('k', 'j'), false);
  await db.close();
});

test('releaseAll hands back every lease, whoever held it', async () => {
  const { db, queue } = await setup();
  for (const key of ['a', 'b']) await queue.enqueue({ kind: 'k', key, runAt: T }, T);
  await queue.claim('dead-1', 'k', 1, T, 60_000);
  await queue.claim('dead-2', 'k', 1, T, 60_000);
  assert.equal(await queue.releaseAll(), 2);
  const again = await queue.claim('alive', 'k', 5, T, 60_000);
  assert.deepEqual(
    again.map((j) => [j.key, j.takenOverFrom]),
    [
      ['a', undefined],
      ['b', undefined],
    ],
  );
  await db.close();
});

test('a claim takes at most its limit, oldest first, and never a job another process holds', async () => {
  const { db, queue, real } = await setup();
  for (let i = 0; i < 7; i++) await queue.enqueue({ kind: 'k', key: `j${i}`, runAt: T + i }, T);
  const held = await queue.claim('p1', 'k', 2, T + 10, 1000);
  assert.deepEqual(
    held.map((j) => j.key),
    ['j0', 'j1'],
  );
  const next = await queue.claim('p2', 'k', 3, T + 10, 1000);
  assert.deepEqual(
    next.map((j) => [j.key, j.attempts, j.takenOverFrom]),
    [
      ['j2', 1, undefined],
      ['j3', 1, undefined],
      ['j4', 1, undefined],
    ],
  );
  assert.deepEqual(
    (await queue.claim('p3', 'k', 10, T + 10, 1000)).map((j) => j.key),
    ['j5', 'j6'],
    'the rest, none of the leased ones',
  );
  // p1's leases run out: a claim takes them over, and only them.
  real.now = T + 1000;
  await queue.extend(
    'p2',
    next.map((j) => j.id),
    5000,
  );
  await queue.extend('p3', [], 5000);
  const over = await queue.claim('p4', 'k', 10, T + 10, 1000);
  assert.deepEqual(
    over.filter((j) => j.takenOverFrom === 'p1').map((j) => [j.key, j.attempts]),
    [
      ['j0', 2],
      ['j1', 2],
    ],
  );
  assert.ok(!over.some((j) => next.some((n) => n.id === j.id)), 'extended leases are kept');
  await db.close();
});

test('ready jobs and expired leases are merged in due order, the limit counting both', async () => {
  const { db, queue, real } = await setup();
  await queue.enqueue({ kind: 'k', key: 'l1', runAt: T + 1 }, T);
  await queue.enqueue({ kind: 'k', key: 'l3', runAt: T + 3 }, T);
  assert.equal((await queue.claim('dead', 'k', 2, T + 10, 1000)).length, 2);
  for (const i of [0, 2, 4, 5]) await queue.enqueue({ kind: 'k', key: `r${i}`, runAt: T + i }, T);
  real.now = T + 1000;
  assert.deepEqual(
    (await queue.claim('p2', 'k', 3, T + 10, 1000)).map((j) => [j.key, j.takenOverFrom]),
    [
      ['r0', undefined],
      ['l1', 'dead'],
      ['r2', undefined],
    ],
  );
  assert.deepEqual(
    (await queue.claim('p3', 'k', 3, T + 10, 1000)).map((j) => [j.key, j.takenOverFrom]),
    [
      ['l3', 'dead'],
      ['r4', undefined],
      ['r5', undefined],
    ],
    'what the first claim left of both, each taken once',
  );
  assert.deepEqual(await queue.claim('p4', 'k', 3, T + 10, 1000), []);
  await db.close();
});

test('completeMany completes the jobs still held in one go; one woken meanwhile waits again', async () => {
  const { db, queue } = await setup();
  for (const key of ['a', 'b', 'c']) await queue.enqueue({ kind: 'k', key, runAt: T }, T);
  const [a, b, c] = await queue.claim('p1', 'k', 3, T, 1000);
  await queue.release('p1', [c!.id]);
  const [c2] = await queue.claim('p2', 'k', 1, T, 1000);
  assert.equal(c2?.id, c!.id);
  await queue.schedule({ kind: 'k', key: 'b', runAt: T + 70 }, T);
  assert.deepEqual(await queue.completeMany('p1', [a!.id, b!.id, c!.id]), [a!.id, b!.id]);
  assert.equal(await queue.pending('k', 'a'), false);
  assert.equal(await queue.nextRunAt(['k']), T + 70, 'b runs again for the work that woke it');
  assert.equal(await queue.pending('k', 'c'), true, 'p2 still holds c');
  assert.deepEqual(await queue.completeMany('p2', [c!.id]), [c!.id]);
  await db.close();
});

test('claimableKinds names the kinds a claim would take something of now, in one statement', async () => {
  const { db, queue, real } = await setup();
  await queue.enqueue({ kind: 'due', key: 'a', runAt: T }, T);
  await queue.enqueue({ kind: 'later', key: 'b', runAt: T + 5000 }, T);
  await queue.enqueue({ kind: 'held', key: 'c', runAt: T }, T);
  await queue.claim('p1', 'held', 1, T, 1000);
  assert.deepEqual([...(await queue.claimableKinds(['due', 'later', 'held', 'none'], T))], ['due']);
  real.now = T + 1000;
  assert.deepEqual(
    [...(await queue.claimableKinds(['due', 'later', 'held'], T))].sort(),
    ['due', 'held'],
    'a lease that ran out is claimable',
  );
  await db.close();
});
