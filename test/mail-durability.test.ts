/**
 * Durability of SES sends under SIGKILL (issue 9: "7 SIGKILL runs during send bursts: 0 lost, 0
 * duplicated — keep a test that does it"). A real `pinpost start` on a file database takes a burst
 * of concurrent SES v2 SendEmail calls and is killed (SIGKILL) in the middle of it, a few rounds on
 * the same data directory; a last start drains the outbox. Then, with each request told apart by a
 * token in its subject:
 *   lost        a MessageId the server answered (HTTP 200) that is not in the mailbox, or is there
 *               but never delivered — none allowed;
 *   duplicated  a MessageId listed more than once, two messages for one request, or a message
 *               with more than one SES DELIVERY event — none allowed;
 *   stray       a message for no request of the test, or for a request answered with another
 *               MessageId — none allowed.
 * A request that got no answer (in flight when the process died) may or may not have been
 * accepted: its message may be there, at most once. (The campaign version of this test, resumed
 * runs and the delivery ledger, is pinpoint-campaigns-restart.test.ts.)
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CreateEmailIdentityCommand, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { poll, startPinpost, type PinpostProcess } from './support/process.js';
import { ROOT } from './support/server.js';

const ROUNDS = 3;
const BURST = 120;
const IN_FLIGHT = 24;
/** Answers a round waits for before the kill, so about IN_FLIGHT requests are cut off mid-way. */
const KILL_AFTER = 40;

const ARGS = ['--smtp-port', '-1', '--ses-max-send-rate', '100000'];

const client = (url: string) =>
  new SESv2Client({ endpoint: url, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 });

/** Sends BURST requests, IN_FLIGHT at a time, and SIGKILLs the server after KILL_AFTER answers. */
async function burst(
  server: PinpostProcess,
  round: number,
  answered: Map<string, string>,
  unanswered: Set<string>,
) {
  const ses = client(server.url);
  const exited = once(server.child, 'exit');
  let next = 0;
  let answers = 0;
  const worker = async () => {
    while (next < BURST) {
      const token = `r${round}-${next++}`;
      try {
        const out = await ses.send(
          new SendEmailCommand({
            FromEmailAddress: 'burst@example.com',
            Destination: { ToAddresses: [`${token}@example.org`] },
            Content: { Simple: { Subject: { Data: token }, Body: { Text: { Data: `request ${token}` } } } },
          }),
        );
        answered.set(token, out.MessageId!);
        if (++answers === KILL_AFTER) server.child.kill('SIGKILL');
      } catch {
        unanswered.add(token);
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  await exited;
  ses.destroy();
}

interface Listed {
  id: string;
  subject: string;
  status: string;
}

/** Every message of the mailbox (its summary listing, page by page). */
async function everything(url: string): Promise<Listed[]> {
  const all: Listed[] = [];
  let next = '';
  for (;;) {
    const page = (await (await fetch(`${url}/_pinpost/mailbox?limit=1000${next}`)).json()) as {
      messages: Listed[];
      nextToken?: string;
    };
    all.push(...page.messages);
    if (!page.nextToken) return all;
    next = `&next=${page.nextToken}`;
  }
}

test(
  'SES sends survive SIGKILL mid-burst: none lost, none duplicated, nothing stray',
  { timeout: 120_000 },
  async () => {
    const data = mkdtempSync(join(tmpdir(), 'pinpost-durability-'));
    const answered = new Map<string, string>();
    const unanswered = new Set<string>();
    let server: PinpostProcess | undefined;
    try {
      for (let round = 1; round <= ROUNDS; round++) {
        server = await startPinpost(data, ARGS);
        if (round === 1)
          await client(server.url).send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
        await burst(server, round, answered, unanswered);
      }
      assert.ok(answered.size >= ROUNDS * KILL_AFTER, 'each round was answered before its kill');
      assert.ok(unanswered.size > 0, 'each kill cut requests off');

      server = await startPinpost(data, ARGS);
      const url = server.url;
      const listed = await poll('the outbox drained after the restart', async () => {
        const all = await everything(url);
        return all.every((m) => m.status === 'delivered') ? all : undefined;
      });

      const byId = new Map<string, number>();
      const byToken = new Map<string, number>();
      for (const m of listed) {
        byId.set(m.id, (byId.get(m.id) ?? 0) + 1);
        byToken.set(m.subject, (byToken.get(m.subject) ?? 0) + 1);
      }
      const lost = [...answered.values()].filter((id) => !byId.has(id));
      const duplicated = [...byId].filter(([, n]) => n > 1).concat([...byToken].filter(([, n]) => n > 1));
      const stray = listed.filter((m) =>
        answered.has(m.subject) ? answered.get(m.subject) !== m.id : !unanswered.has(m.subject),
      );
      assert.deepEqual({ lost, duplicated, stray }, { lost: [], duplicated: [], stray: [] });

      // Each message was delivered once: one SES DELIVERY event, whatever the kills interrupted.
      for (const m of listed) {
        const { events } = (await (
          await fetch(`${url}/_pinpost/mailbox/${encodeURIComponent(m.id)}`)
        ).json()) as {
          events: { eventType: string }[];
        };
        assert.equal(events.filter((e) => e.eventType === 'DELIVERY').length, 1, m.subject);
      }
    } finally {
      server?.child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  },
);
