/**
 * A Pinpoint campaign to N endpoints (100,000; BENCH_ENDPOINTS sets it, e.g. 1000000) on a real
 * server process, from CreateCampaign until the mailbox holds every message: the seed's whole
 * path per message (the orchestration role's session, SES authorization of ses:SendEmail on the
 * identity, Handlebars rendering, MIME, the durable outbox, capture). The floor is the same
 * rendered messages built and inserted straight into a mailbox of the same kind, without any of
 * the engine: no server can run the campaign faster than that.
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  CreateCampaignCommand,
  CreateEmailTemplateCommand,
  CreateSegmentCommand,
  GetCampaignActivitiesCommand,
  PinpointClient,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
  type EndpointBatchItem,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
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
import { seedPermissionsPolicy, seedTrustPolicy } from '../test/fixtures/seed-policies.js';
import { fmt, printTable } from './measure.js';
import { freePort, startChild, type Child } from './processes.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
const creds = { accessKeyId: 'test', secretAccessKey: 'test' };
const config = (url: string) => ({ endpoint: url, region: REGION, credentials: creds, maxAttempts: 1 });

const SUBJECT = 'Hello {{User.UserAttributes.FirstName}}';
const HTML = '<p>Dear {{User.UserAttributes.FirstName}}, your code is {{Attributes.Code}}.</p>';
const FROM = 'news@example.com';

const endpoint = (i: number): EndpointBatchItem => ({
  Id: `ep-${i}`,
  ChannelType: 'EMAIL',
  Address: `reader${i}@example.org`,
  Attributes: { Code: [`C${i}`] },
  User: { UserId: `user-${i}`, UserAttributes: { FirstName: [`Reader${i}`] } },
});

/** Loads the endpoints 100 per UpdateEndpointsBatch call (its maximum), 4 calls in flight. */
async function loadEndpoints(pinpoint: PinpointClient, appId: string, n: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (;;) {
        const from = next;
        if (from >= n) return;
        next += 100;
        const Item = Array.from({ length: Math.min(100, n - from) }, (_, k) => endpoint(from + k));
        await pinpoint.send(
          new UpdateEndpointsBatchCommand({ ApplicationId: appId, EndpointBatchRequest: { Item } }),
        );
      }
    }),
  );
}

/** Counts the messages delivered into the mailbox since `since` (epoch ms), paging its summaries. */
async function captured(url: string, since: number): Promise<number> {
  let count = 0;
  let next: string | undefined;
  do {
    const q = `since=${since}&limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const page = (await (await fetch(`${url}/_pinpost/mailbox?${q}`)).json()) as {
      messages: { status: string }[];
      nextToken?: string;
    };
    // Listed at once as accepted; counted once the outbox has delivered it.
    count += page.messages.filter((m) => m.status === 'delivered').length;
    next = page.nextToken;
  } while (next);
  return count;
}

/** Sets up the seed's path on the server and runs the campaign; returns ms from CreateCampaign to all captured. */
async function runCampaign(url: string, n: number): Promise<{ ms: number; progress: string[] }> {
  const iam = new IAMClient(config(url));
  const pinpoint = new PinpointClient(config(url));
  await new SESv2Client(config(url)).send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  const role = await iam.send(
    new CreateRoleCommand({
      RoleName: 'pinpoint-orchestration',
      AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'pinpoint-orchestration',
      PolicyName: 'ses-send',
      PolicyDocument: seedPermissionsPolicy(ACCOUNT),
    }),
  );
  const app = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'bench' } }));
  const appId = app.ApplicationResponse!.Id!;
  await pinpoint.send(
    new UpdateEmailChannelCommand({
      ApplicationId: appId,
      EmailChannelRequest: {
        FromAddress: FROM,
        Identity: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/example.com`,
        OrchestrationSendingRoleArn: role.Role!.Arn!,
        Enabled: true,
      },
    }),
  );
  await pinpoint.send(
    new CreateEmailTemplateCommand({
      TemplateName: 'bench',
      EmailTemplateRequest: { Subject: SUBJECT, HtmlPart: HTML },
    }),
  );
  await loadEndpoints(pinpoint, appId, n);
  const segment = await pinpoint.send(
    new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'everyone' } }),
  );

  const since = Date.now();
  const start = performance.now();
  const campaign = await pinpoint.send(
    new CreateCampaignCommand({
      ApplicationId: appId,
      WriteCampaignRequest: {
        Name: 'bench',
        SegmentId: segment.SegmentResponse!.Id!,
        Schedule: { StartTime: 'IMMEDIATE', Frequency: 'ONCE' },
        TemplateConfiguration: { EmailTemplate: { Name: 'bench' } },
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
  while ((await captured(url, since)) < n) await new Promise((r) => setTimeout(r, 100));
  return { ms: performance.now() - start, progress };
}

/** The floor: render, build and insert the same N messages into a fresh file-backed mailbox. */
async function floor(n: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-floor-'));
  try {
    const db = openDatabase({ data: dir, migrations: MIGRATIONS });
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
      db.transaction(() => {
        for (const m of built)
          mailbox.insert({
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
    db.close();
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pinpointBench(): Promise<void> {
  const n = Number(process.env.BENCH_ENDPOINTS ?? 100_000);
  const started: Child[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pinpost-bench-'));
  try {
    const port = await freePort();
    const server = await startChild(
      process.execPath,
      [
        'dist/cli/main.js',
        'start',
        '--port',
        String(port),
        '--data',
        dir,
        '--log-level',
        'warn',
        '--smtp-port',
        '-1',
        // The account owner's raised SES quota; the default 14/s would be what is measured.
        '--ses-max-send-rate',
        '1000000',
        '--ses-max-24h-send',
        '100000000',
      ],
      port,
      '/_pinpost/health',
    );
    started.push(server);
    const run = await runCampaign(server.url, n);
    const floorMs = await floor(n);
    const rate = n / (run.ms / 1000);
    const floorRate = n / (floorMs / 1000);
    printTable(
      `Campaign to ${n.toLocaleString('en-US')} endpoints, CreateCampaign → all captured (file database)`,
      ['path', 'seconds', 'messages/s', 'share of floor'],
      [
        [
          'pinpost campaign (role session, SES authz, render, MIME, outbox, capture)',
          fmt(run.ms / 1000),
          fmt(rate),
          `${fmt((rate / floorRate) * 100)}%`,
        ],
        ['floor: render + MIME + mailbox insert, no engine', fmt(floorMs / 1000), fmt(floorRate), '100%'],
      ],
    );
    if (n >= 1_000_000) console.log(`1,000,000 endpoints in ${fmt(run.ms / 1000)} s (target ≤ 60 s)`);
  } finally {
    await Promise.all(started.map((c) => c.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}
