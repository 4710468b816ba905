import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClockBackwardsError, ManualClock, systemClock } from './clock.js';
import { ClockNotManualError, MAX_ROUNDS_PER_INSTANT, Timeline, type TimedWork } from './timeline.js';

const T0 = new Date('2026-12-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A part with work at given clock times; `then` queues more work when one item runs. */
class Agenda implements TimedWork {
  readonly ran: { name: string; due: string; clock: string }[] = [];
  private due: Date[] = [];
  runs = 0;
  constructor(
    readonly name: string,
    private readonly clock: ManualClock,
    private readonly log: { name: string; due: string; clock: string }[],
    private readonly then?: (due: Date, now: Date) => void,
  ) {}
  add(...times: Date[]) {
    this.due.push(...times);
    this.due.sort((a, b) => a.getTime() - b.getTime());
  }
  nextDue() {
    return this.due[0];
  }
  async runDue(now: Date) {
    this.runs++;
    await new Promise((r) => setImmediate(r));
    while (this.due[0] && this.due[0] <= now) {
      const due = this.due.shift()!;
      const entry = { name: this.name, due: due.toISOString(), clock: this.clock.now().toISOString() };
      this.ran.push(entry);
      this.log.push(entry);
      this.then?.(due, now);
    }
  }
  idle() {
    return Promise.resolve();
  }
}

describe('Timeline', () => {
  it('runs what comes due across parts in time order, each at its own time, and ends at the target', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    const log: { name: string; due: string; clock: string }[] = [];
    const a = new Agenda('a', clock, log);
    const b = new Agenda('b', clock, log);
    timeline.register(a);
    timeline.register(b);
    a.add(at(30), at(90), at(24 * 60 + 1));
    b.add(at(60), at(0));
    const now = await timeline.advanceTo(at(24 * 60));
    assert.equal(now.toISOString(), at(24 * 60).toISOString());
    assert.equal(clock.now().toISOString(), at(24 * 60).toISOString());
    assert.deepEqual(
      log.map((e) => [e.name, e.due, e.clock]),
      [
        ['b', at(0).toISOString(), at(0).toISOString()],
        ['a', at(30).toISOString(), at(30).toISOString()],
        ['b', at(60).toISOString(), at(60).toISOString()],
        ['a', at(90).toISOString(), at(90).toISOString()],
      ],
    );
    assert.equal(a.nextDue()?.toISOString(), at(24 * 60 + 1).toISOString(), 'later work waits');
  });

  it('work one part hands another at the same time runs before the clock moves on', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    const log: { name: string; due: string; clock: string }[] = [];
    const outbox = new Agenda('outbox', clock, log);
    const scheduler = new Agenda('scheduler', clock, log, (_due, now) => outbox.add(now));
    timeline.register(outbox);
    timeline.register(scheduler);
    scheduler.add(at(10), at(20));
    await timeline.advanceBy(3600_000);
    assert.deepEqual(
      log.map((e) => [e.name, e.clock]),
      [
        ['scheduler', at(10).toISOString()],
        ['outbox', at(10).toISOString()],
        ['scheduler', at(20).toISOString()],
        ['outbox', at(20).toISOString()],
      ],
    );
  });

  it('serializes concurrent advances in the order asked', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    const log: { name: string; due: string; clock: string }[] = [];
    const a = new Agenda('a', clock, log);
    timeline.register(a);
    a.add(at(5), at(15));
    const [first, second] = await Promise.all([
      timeline.advanceBy(10 * 60_000),
      timeline.advanceBy(10 * 60_000),
    ]);
    assert.equal(first.toISOString(), at(10).toISOString());
    assert.equal(second.toISOString(), at(20).toISOString());
    assert.deepEqual(
      log.map((e) => e.clock),
      [at(5).toISOString(), at(15).toISOString()],
    );
  });

  it('never moves backwards; its own time is allowed and runs what is due now', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    const log: { name: string; due: string; clock: string }[] = [];
    const a = new Agenda('a', clock, log);
    timeline.register(a);
    a.add(T0);
    await assert.rejects(timeline.advanceTo(at(-1)), ClockBackwardsError);
    assert.equal(clock.now().toISOString(), T0.toISOString());
    assert.equal((await timeline.advanceTo(T0)).toISOString(), T0.toISOString());
    assert.equal(log.length, 1);
  });

  it('cannot move the system clock', async () => {
    await assert.rejects(new Timeline(systemClock).advanceBy(1000), ClockNotManualError);
  });

  it('a part that stays due without doing its work is asked a bounded number of times', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    const log: { name: string; due: string; clock: string }[] = [];
    const stuck: TimedWork & { runs: number } = {
      name: 'stuck',
      runs: 0,
      nextDue: () => T0,
      runDue: async () => void stuck.runs++,
      idle: () => Promise.resolve(),
    };
    const failing: TimedWork & { runs: number } = {
      name: 'failing',
      runs: 0,
      nextDue: () => T0,
      runDue: async () => {
        failing.runs++;
        throw new Error('boom');
      },
      idle: () => Promise.resolve(),
    };
    const a = new Agenda('a', clock, log);
    timeline.register(stuck);
    timeline.register(failing);
    timeline.register(a);
    a.add(at(1));
    assert.equal((await timeline.advanceBy(120_000)).toISOString(), at(2).toISOString());
    // At T0, then again at at(1) once the clock moved on: each instant gives it its rounds.
    assert.equal(stuck.runs, 2 * MAX_ROUNDS_PER_INSTANT);
    assert.equal(failing.runs, 2, 'a part that throws is left until the clock moves on');
    assert.deepEqual(
      log.map((e) => e.clock),
      [at(1).toISOString()],
    );
  });

  it('waits for every part to be idle before it returns', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    let busy = true;
    let release!: () => void;
    const settled = new Promise<void>((r) => (release = r));
    timeline.register({
      name: 'slow',
      nextDue: () => undefined,
      runDue: () => Promise.resolve(),
      idle: () => (busy ? settled : Promise.resolve()),
    });
    let returned = false;
    const advancing = timeline.advanceBy(1000).then(() => (returned = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(returned, false);
    busy = false;
    release();
    await advancing;
    assert.equal(returned, true);
  });
});
