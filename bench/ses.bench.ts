/**
 * SES v2 SendEmail per second end to end through the same SDK v3 client (keep-alive, 8 in
 * flight): Pinpost (SigV4, IAM authorization, durable outbox, capture into the mailbox) against
 * aws-ses-v2-local and moto_server in the same run. Pinpost's figure counts only sends whose
 * messages were all captured: the clock stops when the mailbox holds every one.
 */
import { CreateEmailIdentityCommand, SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SESClient, VerifyEmailIdentityCommand } from '@aws-sdk/client-ses';
import { generateKeyPairSync, sign } from 'node:crypto';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fmt, printTable } from './measure.js';
import { cpuSeconds, freePort, pinpostNodeFlags, startChild, type Child } from './processes.js';

const creds = { accessKeyId: 'test', secretAccessKey: 'test' };
const sesv2 = (url: string) =>
  new SESv2Client({ endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });

const message = (i: number) =>
  new SendEmailCommand({
    FromEmailAddress: 'bench@example.com',
    Destination: { ToAddresses: [`reader${i}@example.org`] },
    Content: {
      Simple: { Subject: { Data: `Bench ${i}` }, Body: { Text: { Data: 'Hello from the bench.' } } },
    },
  });

/** Sends for `budgetMs` from 8 loops; returns how many were accepted, their ids and how long it took. */
async function sendFor(
  client: SESv2Client,
  budgetMs: number,
): Promise<{ sent: number; ms: number; ids: string[] }> {
  let sent = 0;
  const ids: string[] = [];
  let failed = '';
  const start = performance.now();
  const end = start + budgetMs;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (performance.now() < end) {
        try {
          const out = await client.send(message(sent));
          if (out.MessageId) ids.push(out.MessageId);
          sent++;
        } catch (err) {
          failed ||= (err as Error).message;
        }
      }
    }),
  );
  if (sent === 0) throw new Error(`no send succeeded: ${failed}`);
  if (failed && process.env.BENCH_DEBUG) console.log(`some sends failed: ${failed}`);
  return { sent, ms: performance.now() - start, ids };
}

/**
 * Waits until every message is in the mailbox. Reads the mailbox's summary listing
 * (`/_pinpost/mailbox`, newest first, paged), a few requests per round: asking for each id in
 * turn through `/_aws/ses` took ~1.8 ms a message (bodies parsed, raw returned) one after the
 * other, so that walk, not capture, was most of the time counted after the last send.
 */
async function waitCaptured(url: string, ids: readonly string[], since: number): Promise<void> {
  const missing = new Set(ids);
  while (missing.size > 0) {
    let next: string | undefined;
    do {
      const q = `since=${since}&limit=1000${next ? `&next=${encodeURIComponent(next)}` : ''}`;
      const page = (await (await fetch(`${url}/_pinpost/mailbox?${q}`)).json()) as {
        messages: { id: string; status: string }[];
        nextToken?: string;
      };
      // Listed at once as accepted; the clock runs until the outbox has delivered each one.
      for (const m of page.messages) if (m.status === 'delivered') missing.delete(m.id);
      next = page.nextToken;
    } while (next && missing.size > 0);
    if (missing.size > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** After the clock: each message through LocalStack's endpoint too, as suites read them. */
async function checkLocalstackView(url: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const r = (await (await fetch(`${url}/_aws/ses?id=${encodeURIComponent(id)}`)).json()) as {
      messages: unknown[];
    };
    if (r.messages.length !== 1) throw new Error(`${id}: ${r.messages.length} messages at /_aws/ses`);
  }
}

/** CPU ms of one RSA-2048 SHA-256 signature of a header block, on this machine (the DKIM step). */
function rsaSignMs(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const headers = Buffer.alloc(400, 'h');
  const start = process.cpuUsage();
  let n = 0;
  for (const end = performance.now() + 500; performance.now() < end; n++) sign('sha256', headers, privateKey);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / n;
}

interface CpuSpent {
  serverCpu: number;
  clientCpu: number;
}

/** Runs `work`, adding the CPU seconds the server process and this client process spent on it. */
async function withCpu<T extends object>(server: Child, work: () => Promise<T>): Promise<T & CpuSpent> {
  const server0 = cpuSeconds(server.proc.pid!);
  const client0 = process.cpuUsage();
  const out = await work();
  const client = process.cpuUsage(client0);
  return {
    ...out,
    serverCpu: cpuSeconds(server.proc.pid!) - server0,
    clientCpu: (client.user + client.system) / 1e6,
  };
}

/**
 * The most sends a second this machine's cores could carry at the CPU a send cost the server and
 * the client: a rate above it is out of reach however the work is scheduled.
 */
function bound(r: CpuSpent & { sent: number }): number {
  return cpus().length / ((r.serverCpu + r.clientCpu) / r.sent);
}

export async function sesBench(budgetMs: number): Promise<void> {
  const started: Child[] = [];
  try {
    const pPort = await freePort();
    const pinpost = await startChild(
      process.execPath,
      [
        ...pinpostNodeFlags(),
        // BENCH_SERVER_NODE_ARGS: node flags for Pinpost (`--cpu-prof --cpu-prof-dir=/tmp/prof`).
        ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
        'dist/cli/main.js',
        'start',
        '--port',
        String(pPort),
        '--data',
        ':memory:',
        '--log-level',
        'warn',
        '--smtp-port',
        '-1',
        // An account owner raises the quota for volume; AWS's default 14/s would be what is measured.
        '--ses-max-send-rate',
        '100000',
        '--ses-max-24h-send',
        '100000000',
      ],
      pPort,
      '/_pinpost/health',
    );
    started.push(pinpost);
    const lPort = await freePort();
    const local = await startChild(
      process.execPath,
      ['node_modules/aws-ses-v2-local/dist/cli.js', '--port', String(lPort)],
      lPort,
      '/',
    );
    started.push(local);
    const bPort = await freePort();
    const bare = await startChild(process.execPath, ['bench/bare-server.mjs', String(bPort)], bPort, '/');
    started.push(bare);
    const mPort = await freePort();
    const moto = await startChild('moto_server', ['-p', String(mPort)], mPort, '/moto-api/');
    started.push(moto);

    await sesv2(pinpost.url).send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    await new SESClient({ endpoint: moto.url, region: 'us-east-1', credentials: creds }).send(
      new VerifyEmailIdentityCommand({ EmailAddress: 'bench@example.com' }),
    );

    const pClient = sesv2(pinpost.url);
    await sendFor(pClient, Math.min(500, budgetMs / 2)); // warm-up
    const since = Date.now();
    const p = await withCpu(pinpost, () => sendFor(pClient, budgetMs));
    const start = performance.now() - p.ms;
    // The server's CPU counts until every message is captured (DKIM, MIME and delivery included).
    const capturing = cpuSeconds(pinpost.proc.pid!);
    await waitCaptured(pinpost.url, p.ids, since);
    p.serverCpu += cpuSeconds(pinpost.proc.pid!) - capturing;
    const capturedMs = performance.now() - start;
    await checkLocalstackView(pinpost.url, p.ids);
    if (process.env.BENCH_DEBUG) console.log({ sent: p.sent, sendMs: p.ms, capturedMs });
    const pRate = p.sent / (capturedMs / 1000);

    const peer = async (child: Child) => {
      const client = sesv2(child.url);
      await sendFor(client, Math.min(500, budgetMs / 2));
      const r = await withCpu(child, () => sendFor(client, budgetMs));
      return { ...r, rate: r.sent / (r.ms / 1000) };
    };
    const l = await peer(local);
    const m = await peer(moto);
    const b = await peer(bare);

    const perSend = (cpu: number, sent: number) => (cpu * 1000) / sent;
    const row = (name: string, rate: number, r: CpuSpent & { sent: number }) => [
      name,
      fmt(rate),
      `${fmt(pRate / rate)}×`,
      perSend(r.serverCpu, r.sent).toFixed(3),
      perSend(r.clientCpu, r.sent).toFixed(3),
    ];
    const rows = [
      row('pinpost (SigV4 + IAM + outbox + captured)', pRate, p),
      row('aws-ses-v2-local (no auth, no queue)', l.rate, l),
      row('moto_server (no auth)', m.rate, m),
      // The ceiling: what the same client reaches against a server that does nothing. A target
      // above it cannot be met by any server on this machine.
      row('bare node:http (fixed answer, nothing done)', b.rate, b),
    ];
    printTable(
      'SES v2 SendEmail per second, same SDK v3 client, 8 in flight (CPU ms per send: server, this client)',
      ['server', 'sends/s', 'pinpost ÷ this', 'server CPU ms', 'client CPU ms'],
      rows,
    );
    console.log(
      `Rate bound on ${cpus().length} cores from CPU alone: pinpost ≤ ${fmt(bound(p))}/s, ` +
        `aws-ses-v2-local ≤ ${fmt(bound(l))}/s (cores ÷ (server + client CPU per send)).`,
    );
    // What any server that answers over HTTP and DKIM-signs each message spends at least: the bare
    // server's CPU per request plus one RSA-2048 signature (Easy DKIM's key). At or above
    // aws-ses-v2-local's whole server CPU per send, 1× is out of reach before SigV4, IAM or a write.
    const dkimFloor = perSend(b.serverCpu, b.sent) + rsaSignMs();
    console.log(
      `Floor of server CPU for HTTP + one RSA-2048 DKIM signature: ${dkimFloor.toFixed(3)} ms/send ` +
        `(aws-ses-v2-local's whole: ${perSend(l.serverCpu, l.sent).toFixed(3)} ms).`,
    );
  } finally {
    await Promise.all(started.map((c) => c.stop()));
  }
}
