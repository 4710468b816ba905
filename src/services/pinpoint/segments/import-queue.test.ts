/**
 * The import queue (import-queue.ts) with jobs the test ends by hand: bounded concurrency, at most
 * two per account, free slots going to the accounts with the fewest running, and a stop that
 * aborts what runs and starts nothing more.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImportQueue, Stopping } from './import-queue.js';
import type { QueuedJob } from './members.js';

const job = (account: string, n: number): QueuedJob => ({
  account,
  region: 'us-east-1',
  appId: 'app',
  jobId: `${account}-${n}`,
});

/** Jobs that run until the test ends them (or their signal aborts). */
function harness(options = { concurrency: 3, perAccount: 2, jobTimeoutMs: 3600_000 }) {
  const running = new Map<string, { end: () => void; signal: AbortSignal }>();
  const started: string[] = [];
  const queue = new ImportQueue(
    (j, signal) =>
      new Promise<void>((resolve) => {
        started.push(j.jobId);
        const end = () => {
          running.delete(j.jobId);
          resolve();
        };
        running.set(j.jobId, { end, signal });
        signal.addEventListener('abort', end);
      }),
    options,
  );
  /** Lets the queue's bookkeeping (promise callbacks) run. */
  const settle = () => new Promise((r) => setImmediate(r));
  return { queue, running, started, settle };
}

test('at most `concurrency` jobs run, at most two of one account, and the others still get theirs', async () => {
  const { queue, running, started, settle } = harness();
  for (let i = 1; i <= 5; i++) queue.schedule(job('aaa', i));
  queue.schedule(job('bbb', 1));
  queue.schedule(job('ccc', 1));
  // Account aaa queued five first, but only two of them run; bbb's job takes the third slot.
  assert.deepEqual(started, ['aaa-1', 'aaa-2', 'bbb-1']);
  assert.equal(running.size, 3);
  // A freed slot goes to the account with none running (ccc), not to aaa's next.
  running.get('bbb-1')!.end();
  await settle();
  assert.deepEqual(started.slice(3), ['ccc-1']);
  running.get('aaa-1')!.end();
  await settle();
  assert.deepEqual(started.slice(4), ['aaa-3']);
  await queue.stop();
});

test('a job scheduled twice runs once', async () => {
  const { queue, started } = harness();
  queue.schedule(job('aaa', 1));
  queue.schedule(job('aaa', 1));
  assert.deepEqual(started, ['aaa-1']);
  await queue.stop();
});

test('stop aborts every running job with a Stopping reason, drops the waiting ones and resolves', async () => {
  const { queue, running, started } = harness({ concurrency: 1, perAccount: 2, jobTimeoutMs: 3600_000 });
  queue.schedule(job('aaa', 1));
  queue.schedule(job('aaa', 2));
  const signal = running.get('aaa-1')!.signal;
  await queue.stop();
  assert.ok(signal.aborted);
  assert.ok(signal.reason instanceof Stopping);
  assert.deepEqual(started, ['aaa-1'], 'the waiting job was not started');
  queue.schedule(job('aaa', 3));
  assert.deepEqual(started, ['aaa-1'], 'nothing starts while stopped');
  queue.restart();
  queue.schedule(job('aaa', 3));
  assert.deepEqual(started, ['aaa-1', 'aaa-3']);
  await queue.stop();
});

test('a job past its deadline is aborted with a TimeoutError reason', async () => {
  const { queue, running } = harness({ concurrency: 1, perAccount: 1, jobTimeoutMs: 20 });
  queue.schedule(job('aaa', 1));
  const signal = running.get('aaa-1')!.signal;
  await queue.idle();
  assert.equal((signal.reason as Error).name, 'TimeoutError');
});
