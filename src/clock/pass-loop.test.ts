import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PassLoop } from './pass-loop.js';

/** A pass that waits until released, counting how many ran and how many ran at once. */
function gatedPasses() {
  const state = { started: 0, inFlight: 0, most: 0 };
  const gates: (() => void)[] = [];
  const pass = async () => {
    state.started++;
    state.inFlight++;
    state.most = Math.max(state.most, state.inFlight);
    await new Promise<void>((release) => gates.push(release));
    state.inFlight--;
  };
  const releaseAll = async () => {
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { state, pass, releaseAll };
}

test('kicks during a pass ask for one more pass after it, never two passes at once', async () => {
  const g = gatedPasses();
  const loop = new PassLoop(g.pass, 60_000);
  loop.start();
  assert.equal(g.state.started, 1, 'start runs a pass at once');
  loop.kick();
  loop.kick();
  loop.kick();
  await g.releaseAll();
  await loop.idle();
  assert.equal(g.state.started, 2, 'three kicks during the first pass: one more pass');
  assert.equal(g.state.most, 1);
  await loop.stop();
});

test('after stop() no kick runs a pass, and stop waits for the pass in progress', async () => {
  const g = gatedPasses();
  const loop = new PassLoop(g.pass, 60_000);
  loop.start();
  const stopped = loop.stop();
  assert.equal(loop.stopRequested, true);
  assert.equal(loop.running, false);
  let done = false;
  void stopped.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  assert.equal(done, false, 'the pass in progress is still running');
  await g.releaseAll();
  await stopped;
  loop.kick();
  assert.equal(g.state.started, 1);
});

test('a pass that throws is reported and the loop goes on', async () => {
  const errors: unknown[] = [];
  let calls = 0;
  const loop = new PassLoop(
    async () => {
      calls++;
      if (calls === 1) throw new Error('first pass fails');
    },
    60_000,
    (err) => errors.push(err),
  );
  loop.start();
  await loop.idle();
  loop.kick();
  await loop.idle();
  assert.equal(calls, 2);
  assert.deepEqual(
    errors.map((e) => (e as Error).message),
    ['first pass fails'],
  );
  await loop.stop();
});
