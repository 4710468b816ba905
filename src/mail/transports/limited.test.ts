import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutgoingMessage } from '../../services/ses/ports.js';
import { limitedTransport } from './limited.js';
import type { Transport } from './types.js';

test('a remote transport takes at most its limit at once, the rest in order, and a failure frees its turn', async () => {
  let now = 0;
  let most = 0;
  const started: number[] = [];
  const remote: Transport = {
    name: 'smtp',
    async send(_message, outboxId) {
      started.push(outboxId);
      most = Math.max(most, ++now);
      await new Promise((r) => setTimeout(r, 2));
      now--;
      if (outboxId % 5 === 0) throw new Error(`relay refused ${outboxId}`);
      return { recipients: [] };
    },
    close: async () => undefined,
  };
  const limited = limitedTransport(remote, 4);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) => limited.send({} as OutgoingMessage, i + 1)),
  );
  assert.equal(most, 4);
  assert.deepEqual(
    started,
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    outcomes.map((o, i) => (o.status === 'rejected' ? i + 1 : 0)).filter(Boolean),
    [5, 10, 15, 20],
  );
  // Every turn was given back: a later send starts at once.
  await limited.send({} as OutgoingMessage, 21);
  assert.equal(now, 0);
});
