import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from './clock.js';
import type { ClockShare } from './shared-clock.js';
import { Timeline, type TimedWork } from './timeline.js';

const T0 = new Date('2035-01-01T00:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** A shared clock's store, as the Timeline sees it: what was stored, and in what order it was asked. */
class FakeShare implements ClockShare {
  readonly calls: string[] = [];
  constructor(
    private readonly clock: ManualClock,
    public stored: Date,
  ) {}
  async exclusive<T>(move: () => Promise<T>): Promise<T> {
    this.calls.push('lock');
    try {
      return await move();
    } finally {
      this.calls.push('unlock');
    }
  }
  refresh(): Promise<void> {
    this.calls.push(`refresh ${this.stored.toISOString()}`);
    if (this.stored > this.clock.now()) this.clock.moveTo(this.stored);
    return Promise.resolve();
  }
  publish(): Promise<void> {
    this.calls.push(`publish ${this.clock.now().toISOString()}`);
    this.stored = this.clock.now();
    return Promise.resolve();
  }
}

describe('Timeline with a shared clock', () => {
  it('moves under the lock from the stored time, runs what comes due on the way, and stores only the end', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    // Another process moved the clock ten minutes; this one has not heard yet.
    const share = new FakeShare(clock, at(10));
    timeline.share(share);
    const seen: string[] = [];
    let due: Date | undefined = at(30);
    const work: TimedWork = {
      name: 'work',
      nextDue: () => due,
      runDue: (now) => {
        seen.push(`ran at ${now.toISOString()}, stored ${share.stored.toISOString()}`);
        due = undefined;
        return Promise.resolve();
      },
      idle: () => Promise.resolve(),
    };
    timeline.register(work);
    const now = await timeline.advanceBy(60 * 60_000);
    assert.equal(now.toISOString(), at(70).toISOString(), 'an hour from the stored time');
    assert.deepEqual(seen, [`ran at ${at(30).toISOString()}, stored ${at(10).toISOString()}`]);
    assert.deepEqual(share.calls, [
      'lock',
      `refresh ${at(10).toISOString()}`,
      `publish ${at(70).toISOString()}`,
      'unlock',
    ]);
  });

  it('a refused move stores nothing; sync reads the stored time', async () => {
    const clock = new ManualClock(T0);
    const timeline = new Timeline(clock);
    const share = new FakeShare(clock, at(5));
    timeline.share(share);
    await assert.rejects(timeline.advanceTo(at(1)), { name: 'ClockBackwardsError' });
    assert.deepEqual(share.calls, ['lock', `refresh ${at(5).toISOString()}`, 'unlock']);
    share.stored = at(9);
    await timeline.sync();
    assert.equal(clock.now().toISOString(), at(9).toISOString());
  });
});
