/**
 * A Pinpoint campaign to N endpoints (100,000; BENCH_ENDPOINTS sets it, e.g. 1000000) on a real
 * server process, from CreateCampaign until the mailbox holds every message: the seed's whole
 * path per message (the orchestration role's session, SES authorization of ses:SendEmail on the
 * identity, Handlebars rendering, MIME, the durable outbox, capture). The floor is the same
 * rendered messages built and inserted straight into a mailbox of the same kind, without any of
 * the engine: no server can run the campaign faster than that.
 */
import { CreateCampaignCommand, GetCampaignActivitiesCommand } from '@aws-sdk/client-pinpoint';
import Handlebars from 'handlebars';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMime } from '../src/mail/mime.js';
import { newSesMessageId, messageIdHeader } from '../src/mail/message-id.js';
import { MailboxStore } from '../src/mail/mailbox/store.js';
import { MIGRATIONS } from '../src/services/runtime.js';
import { openDatabase } from '../src/store/index.js';
import { fmt, printTable } from './measure.js';
import {
  ACCOUNT,
  benchEndpoints,
  delivered,
  deliveredAndCaptured,
  benchServer,
  FROM,
  HTML,
  REGION,
  seedApp,
  SUBJECT,
  TEMPLATE,
} from './pinpoint-setup.js';
import { cpuSeconds, type Child } from './processes.js';

/**
 * Sets up the seed's path on the server and runs the campaign; returns ms from CreateCampaign to
 * all captured. `seeded` is called between the two (the cluster bench starts counting CPU there).
 * `urls`: every process serving the database (their metrics count the deliveries).
 */
export async function runCampaign(
  url: string,
  n: number,
  seeded?: () => void | Promise<void>,
  urls: readonly string[] = [url],
): Promise<{ ms: number; progress: string[] }> {
  const { pinpoint, appId, segmentId } = await seedApp(url, n);
  await seeded?.();
  const before = await delivered(urls);

  const since = Date.now();
  const start = performance.now();
  const campaign = await pinpoint.send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        Name: 'bench',
        SegmentId: segmentId,
        Schedule: { StartTime: 'IMMEDIATE', Frequency: 'ONCE' },
        TemplateConfiguration: { EmailTemplate: { Name: TEMPLATE } },
      },
    }),
  );
  const campaignId = campaign.CampaignResponse!.Id!;
  const progress: string[] = [];
  let lastLog = start;
  for (;;) {
    const a = await pinpoint.send(
      new GetCampaignActivitiesCommand({ ApplicationId: appId, CampaignId: campaignId }),
    );
    const item = a.ActivitiesResponse?.Item?.[0];
    if (performance.now() - lastLog > 5000) {
      lastLog = performance.now();
      progress.push(
        `${fmt((lastLog - start) / 1000)} s: ${item?.State} ${item?.SuccessfulEndpointCount ?? 0}/${item?.TotalEndpointCount ?? '?'}`,
      );
      if (process.env.BENCH_DEBUG) console.log(progress[progress.length - 1]);
    }
    if (item?.State === 'COMPLETED') {
      if (item.Result !== 'SUCCESS' || item.SuccessfulEndpointCount !== n)
        throw new Error(
          `campaign ended ${item.Result} with ${item.SuccessfulEndpointCount}/${n}: ${JSON.stringify(item.ExecutionMetrics)}`,
        );
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await deliveredAndCaptured(urls, before, n, since);
  return { ms: performance.now() - start, progress };
}

/** The floor: render, build and insert the same N messages into a fresh file-backed mailbox. */
async function floor(n: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-floor-'));
  try {
    const db = await openDatabase({ data: dir, migrations: MIGRATIONS });
    const mime = createMime();
    const mailbox = new MailboxStore(db);
    const subject = Handlebars.compile(SUBJECT);
    const html = Handlebars.compile(HTML);
    // Signed like the campaign's messages: example.com is an Easy DKIM identity (RSA-2048).
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkim = {
      domain: 'example.com',
      selector: 'floor',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    const start = performance.now();
    const batch = 500;
    for (let from = 0; from < n; from += batch) {
      // A batch's messages are built together, so the DKIM signing thread works beside this one, as
      // in the server: the floor is the fastest this machine renders, builds, signs and inserts.
      const built = await Promise.all(
        Array.from({ length: Math.min(batch, n - from) }, async (_, k) => {
          const i = from + k;
          const vars = {
            User: { UserAttributes: { FirstName: `Reader${i}` } },
            Attributes: { Code: `C${i}` },
          };
          const to = `reader${i}@example.org`;
          const id = newSesMessageId(REGION, new Date());
          const raw = await mime.build({
            from: FROM,
            to: [to],
            cc: [],
            bcc: [],
            replyTo: [],
            subject: subject(vars),
            html: html(vars),
            headers: [],
            attachments: [],
            messageId: messageIdHeader(id),
            date: new Date(),
            dkim,
          });
          return { seq: i + 1, id, to, raw, subject: subject(vars) };
        }),
      );
      await db.transaction(async () => {
        for (const m of built)
          await mailbox.insert({
            outboxId: m.seq,
            messageId: m.id,
            account: ACCOUNT,
            region: REGION,
            receivedAt: new Date(),
            envelopeFrom: FROM,
            fromAddress: FROM,
            fromText: FROM,
            subject: m.subject,
            to: [m.to],
            cc: [],
            bcc: [],
            raw: m.raw,
            recipients: [m.to],
          });
      });
    }
    const ms = performance.now() - start;
    await db.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pinpointBench(): Promise<void> {
  const n = benchEndpoints();
  const started: Child[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-bench-'));
  try {
    const server = await benchServer(dir);
    started.push(server);
    let cpuBefore = 0;
    const run = await runCampaign(server.url, n, () => {
      cpuBefore = cpuSeconds(server.proc.pid!);
    });
    // All of the server's threads (the DKIM signing thread too), from CreateCampaign to all captured.
    const cpuMs = ((cpuSeconds(server.proc.pid!) - cpuBefore) * 1000) / n;
    const floorMs = await floor(n);
    const rate = n / (run.ms / 1000);
    const floorRate = n / (floorMs / 1000);
    printTable(
      `Campaign to ${n.toLocaleString('en-US')} endpoints, CreateCampaign → all captured (file database)`,
      ['path', 'seconds', 'messages/s', 'share of floor', 'server CPU ms/message'],
      [
        [
          'pinpost campaign (role session, SES authz, render, MIME, outbox, capture)',
          fmt(run.ms / 1000),
          fmt(rate),
          `${fmt((rate / floorRate) * 100)}%`,
          fmt(cpuMs),
        ],
        ['floor: render + MIME + mailbox insert, no engine', fmt(floorMs / 1000), fmt(floorRate), '100%', ''],
      ],
    );
    if (n >= 1_000_000) console.log(`1,000,000 endpoints in ${fmt(run.ms / 1000)} s (target ≤ 60 s)`);
  } finally {
    await Promise.all(started.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
