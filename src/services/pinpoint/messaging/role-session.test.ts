import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceSession } from '../../sts/service-assume.js';
import { RENEW_BEFORE_MS, RoleSession } from './role-session.js';

const T0 = Date.parse('2026-11-29T10:00:00Z');
const HOUR = 3_600_000;

/** An `assume` that hands out numbered sessions lasting an hour from `now`, or fails when told. */
function sts(now: () => number) {
  const state = { calls: 0, refuse: false };
  const assume = (): Promise<ServiceSession> => {
    state.calls++;
    if (state.refuse) return Promise.reject(new Error('User: pinpoint.amazonaws.com is not authorized'));
    const n = state.calls;
    return Promise.resolve({
      credentials: { Expiration: new Date(now() + HOUR) },
      principal: { arn: `session-${n}` },
    } as unknown as ServiceSession);
  };
  return { state, assume };
}

test('one AssumeRole serves every send of the run while the session is fresh', async () => {
  let now = T0;
  const { state, assume } = sts(() => now);
  const s = new RoleSession(assume, () => new Date(now));
  await s.open();
  for (let i = 0; i < 5; i++) assert.equal((await s.principal()).arn, 'session-1');
  now = T0 + HOUR - RENEW_BEFORE_MS - 1;
  assert.equal((await s.principal()).arn, 'session-1');
  assert.equal(state.calls, 1);
});

test('a session near its end is assumed again mid-run, once for the sends in flight', async () => {
  let now = T0;
  const { state, assume } = sts(() => now);
  const s = new RoleSession(assume, () => new Date(now));
  await s.open();
  now = T0 + HOUR - RENEW_BEFORE_MS + 1;
  const [a, b, c] = await Promise.all([s.principal(), s.principal(), s.principal()]);
  assert.deepEqual([a.arn, b.arn, c.arn], ['session-2', 'session-2', 'session-2']);
  assert.equal(state.calls, 2);
});

test('when the role can no longer be assumed mid-run, the sends fail with STS’s error', async () => {
  let now = T0;
  const { state, assume } = sts(() => now);
  const s = new RoleSession(assume, () => new Date(now));
  await s.open();
  state.refuse = true;
  now = T0 + HOUR;
  await assert.rejects(s.principal(), /not authorized/);
});
