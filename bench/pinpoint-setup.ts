/**
 * What the Pinpoint benches share: a server process started as the account owner would run a large
 * send (a raised SES quota), the seed's path set up on it (the identity, the orchestration role,
 * an app whose email channel names the role, a template, N endpoints, a segment of them all), and
 * a count of the mail the mailbox holds delivered.
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  CreateEmailTemplateCommand,
  CreateSegmentCommand,
  PinpointClient,
  UpdateEmailChannelCommand,
  UpdateEndpointsBatchCommand,
  type EndpointBatchItem,
} from '@aws-sdk/client-pinpoint';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { seedPermissionsPolicy, seedTrustPolicy } from '../test/fixtures/seed-policies.js';
import { freePort, pinpostNodeFlags, startChild, type Child } from './processes.js';

export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
const creds = { accessKeyId: 'test', secretAccessKey: 'test' };
export const clientConfig = (url: string) => ({
  endpoint: url,
  region: REGION,
  credentials: creds,
  maxAttempts: 1,
});

export const SUBJECT = 'Hello {{User.UserAttributes.FirstName}}';
export const HTML = '<p>Dear {{User.UserAttributes.FirstName}}, your code is {{Attributes.Code}}.</p>';
export const FROM = 'news@example.com';
/** The template every bench message is rendered from. */
export const TEMPLATE = 'bench';

/** The endpoint count: 100,000, or BENCH_ENDPOINTS (e.g. 1000000, or 1000 for a quick look). */
export const benchEndpoints = (): number => Number(process.env.BENCH_ENDPOINTS ?? 100_000);

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
export async function captured(url: string, since = 0): Promise<number> {
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

/** Waits until the mailbox holds `n` messages delivered since `since`. */
export async function allCaptured(url: string, n: number, since = 0): Promise<void> {
  while ((await captured(url, since)) < n) await new Promise((r) => setTimeout(r, 100));
}

/** A counter summed over the processes at `urls` (their `/_pinpost/metrics`), all label sets. */
export async function metricSum(urls: readonly string[], name: string): Promise<number> {
  let sum = 0;
  for (const url of urls) {
    const text = await (await fetch(`${url}/_pinpost/metrics`)).text();
    for (const line of text.split('\n'))
      if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.split(' ').pop());
  }
  return sum;
}

/** Deliveries the processes at `urls` have recorded so far (their `pinpost_messages_delivered_total`). */
export const delivered = (urls: readonly string[]) => metricSum(urls, 'pinpost_messages_delivered_total');

/**
 * Waits until `n` more deliveries than `before` were recorded by the processes at `urls`, then
 * checks the mailbox holds them. The metric is read while waiting, not the mailbox: listing the
 * whole mailbox every 100 ms cost the server more CPU the bigger the campaign (most of a
 * 100,000-endpoint run's tail), and counted against the engine.
 */
export async function deliveredAndCaptured(
  urls: readonly string[],
  before: number,
  n: number,
  since: number,
): Promise<void> {
  while ((await delivered(urls)) - before < n) await new Promise((r) => setTimeout(r, 100));
  await allCaptured(urls[0]!, n, since);
}

export interface SeedApp {
  pinpoint: PinpointClient;
  appId: string;
  segmentId: string;
}

/** The seed's path on the server at `url`, with `n` endpoints in one segment. */
export async function seedApp(url: string, n: number): Promise<SeedApp> {
  const iam = new IAMClient(clientConfig(url));
  const pinpoint = new PinpointClient(clientConfig(url));
  await new SESv2Client(clientConfig(url)).send(
    new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }),
  );
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
      TemplateName: TEMPLATE,
      EmailTemplateRequest: { Subject: SUBJECT, HtmlPart: HTML },
    }),
  );
  await loadEndpoints(pinpoint, appId, n);
  const segment = await pinpoint.send(
    new CreateSegmentCommand({ ApplicationId: appId, WriteSegmentRequest: { Name: 'everyone' } }),
  );
  return { pinpoint, appId, segmentId: segment.SegmentResponse!.Id! };
}

/**
 * `pinpost start` from dist/ on a file database in `dir`, with the account owner's raised quota.
 * BENCH_SERVER_NODE_ARGS: node flags for the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 */
export async function benchServer(dir: string, extra: string[] = []): Promise<Child> {
  const port = await freePort();
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  return startChild(
    process.execPath,
    [
      ...pinpostNodeFlags(),
      ...nodeArgs,
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
      ...extra,
    ],
    port,
    '/_pinpost/health',
  );
}
