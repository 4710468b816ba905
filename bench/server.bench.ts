/**
 * Requests per second through real SDK clients (keep-alive, 8 in flight) for GetCallerIdentity, an
 * allowed IAM call and a denied one, on Pinpost (built, as `pinpost start`), moto_server with IAM
 * enforcement on (INITIAL_NO_AUTH_ACTION_COUNT), and a bare node:http server answering a fixed
 * body (the ceiling). Also Pinpost's time to healthy and idle RSS.
 */
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fmt, printTable } from './measure.js';
import { freePort, pinpostNodeFlags, rssMiB, startChild, type Child } from './processes.js';
import { rawLoad, signQuery } from './raw-client.js';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
}

interface Target {
  name: string;
  child: Child;
  allowed: Creds;
  denied: Creds;
}

const ROOT = { accessKeyId: 'test', secretAccessKey: 'test' };
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
const GET_ROLE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['iam:GetRole', 'sts:GetCallerIdentity'], Resource: '*' }],
});
/** moto_server: the setup below makes this many calls before IAM is enforced. */
const SETUP_CALLS = 6;

const iam = (url: string, credentials: Creds) =>
  new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const sts = (url: string, credentials: Creds) =>
  new STSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });

/** A role, a user allowed iam:GetRole, a user with no policy; returns both users' keys. */
async function setup(url: string): Promise<{ allowed: Creds; denied: Creds }> {
  const root = iam(url, ROOT);
  await root.send(new CreateRoleCommand({ RoleName: 'Bench', AssumeRolePolicyDocument: TRUST }));
  await root.send(new CreateUserCommand({ UserName: 'allowed' }));
  await root.send(new CreateUserCommand({ UserName: 'denied' }));
  await root.send(
    new PutUserPolicyCommand({ UserName: 'allowed', PolicyName: 'GetRole', PolicyDocument: GET_ROLE }),
  );
  const a = await root.send(new CreateAccessKeyCommand({ UserName: 'allowed' }));
  const d = await root.send(new CreateAccessKeyCommand({ UserName: 'denied' }));
  const key = (k: typeof a) => ({
    accessKeyId: k.AccessKey!.AccessKeyId!,
    secretAccessKey: k.AccessKey!.SecretAccessKey!,
  });
  return { allowed: key(a), denied: key(d) };
}

/** Runs `call` from `concurrency` loops for `budgetMs`; returns completed calls per second. */
async function load(call: () => Promise<unknown>, budgetMs: number, concurrency = 8): Promise<number> {
  // Warm up client and server (JIT, sockets, caches) under the same load before measuring.
  const warm = performance.now() + Math.min(500, budgetMs / 2);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warm) await call().catch(() => undefined);
    }),
  );
  let done = 0;
  const end = performance.now() + budgetMs;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await call().catch(() => undefined);
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

async function expectDenied(call: () => Promise<unknown>, name: string): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (
      (err as { name?: string }).name === 'AccessDenied' ||
      (err as { Code?: string }).Code === 'AccessDenied'
    )
      return;
    throw new Error(`${name}: the denied call failed otherwise: ${(err as Error).message}`, { cause: err });
  }
  throw new Error(`${name}: the denied call was allowed`);
}

async function measureTarget(t: Target, budgetMs: number): Promise<number[]> {
  const who = sts(t.child.url, t.allowed);
  const ok = iam(t.child.url, t.allowed);
  const no = iam(t.child.url, t.denied);
  await who.send(new GetCallerIdentityCommand({}));
  await ok.send(new GetRoleCommand({ RoleName: 'Bench' }));
  await expectDenied(() => no.send(new GetRoleCommand({ RoleName: 'Bench' })), t.name);
  return [
    await load(() => who.send(new GetCallerIdentityCommand({})), budgetMs),
    await load(() => ok.send(new GetRoleCommand({ RoleName: 'Bench' })), budgetMs),
    await load(() => no.send(new GetRoleCommand({ RoleName: 'Bench' })), budgetMs),
  ];
}

/** The same three calls, signed once and replayed by a cheap client: the servers' own capacity. */
async function measureRaw(t: Target, budgetMs: number): Promise<number[]> {
  const calls = [
    await signQuery(t.child.url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', t.allowed),
    await signQuery(t.child.url, 'iam', 'Action=GetRole&RoleName=Bench&Version=2010-05-08', t.allowed),
    await signQuery(t.child.url, 'iam', 'Action=GetRole&RoleName=Bench&Version=2010-05-08', t.denied),
  ];
  const expected = [200, 200, 403];
  const out: number[] = [];
  for (let i = 0; i < calls.length; i++) {
    const r = await rawLoad(calls[i], budgetMs);
    if (r.statuses.size !== 1 || !r.statuses.has(expected[i])) {
      throw new Error(
        `${t.name}: replayed call ${i} answered ${[...r.statuses].join(',')}, expected ${expected[i]}`,
      );
    }
    out.push(r.perSecond);
  }
  return out;
}

async function startPinpost(): Promise<Child> {
  if (!existsSync('dist/cli/main.js'))
    throw new Error('run `npm run build` first: the bench starts the built server');
  const port = await freePort();
  return startChild(
    process.execPath,
    [
      ...pinpostNodeFlags(),
      'dist/cli/main.js',
      'start',
      '--port',
      String(port),
      '--smtp-port',
      '-1',
      '--data',
      ':memory:',
      '--log-level',
      'warn',
    ],
    port,
    '/_pinpost/health',
  );
}

export async function serverBench(budgetMs: number): Promise<void> {
  const started: Child[] = [];
  try {
    // Time to healthy and idle RSS, over a few starts.
    const starts: number[] = [];
    let rss = 0;
    for (let i = 0; i < 3; i++) {
      const c = await startPinpost();
      starts.push(c.readyMs);
      await new Promise((r) => setTimeout(r, 500));
      rss = Math.max(rss, rssMiB(c.proc.pid!));
      await c.stop();
    }
    const barePort = await freePort();
    const bareStart = await startChild(
      process.execPath,
      ['bench/bare-server.mjs', String(barePort)],
      barePort,
      '/',
    );
    started.push(bareStart);

    const pinpost = await startPinpost();
    started.push(pinpost);
    const motoPort = await freePort();
    const moto = await startChild('moto_server', ['-p', String(motoPort)], motoPort, '/moto-api/', {
      INITIAL_NO_AUTH_ACTION_COUNT: String(SETUP_CALLS),
    });
    started.push(moto);

    const targets: Target[] = [
      { name: 'pinpost', child: pinpost, ...(await setup(pinpost.url)) },
      { name: 'moto_server', child: moto, ...(await setup(moto.url)) },
      {
        name: 'bare node:http',
        child: bareStart,
        allowed: { accessKeyId: 'AKIAALLOWED', secretAccessKey: 'x' },
        denied: { accessKeyId: 'AKIADENIED', secretAccessKey: 'x' },
      },
    ];
    const calls = [
      'GetCallerIdentity',
      'IAM GetRole, allowed by a user policy',
      'IAM GetRole, denied (AccessDenied)',
    ];
    const table = (title: string, results: Map<string, number[]>) => {
      const p = results.get('pinpost')!;
      const m = results.get('moto_server')!;
      const b = results.get('bare node:http')!;
      printTable(
        title,
        ['call', 'pinpost', 'moto_server', 'bare node:http', 'pinpost / moto', 'pinpost / bare'],
        calls.map((c, i) => [
          c,
          fmt(p[i]),
          fmt(m[i]),
          fmt(b[i]),
          `${fmt(p[i] / m[i])}×`,
          `${Math.round((100 * p[i]) / b[i])}%`,
        ]),
      );
    };
    // The SDK client's own warm-up (JIT of its signer and parsers) would otherwise land on whichever
    // server is measured first: run the whole sequence once against the bare server, unrecorded.
    await measureTarget(targets[2], Math.min(1000, budgetMs));
    const sdk = new Map<string, number[]>();
    for (const t of targets) sdk.set(t.name, await measureTarget(t, budgetMs));
    table(
      'Requests per second through SDK v3 clients (keep-alive, 8 in flight; client and server share 2 cores)',
      sdk,
    );
    const raw = new Map<string, number[]>();
    for (const t of targets) raw.set(t.name, await measureRaw(t, budgetMs));
    table(
      'Requests per second, one SigV4-signed request replayed over keep-alive (16 in flight): server capacity',
      raw,
    );
    const bareMs = bareStart.readyMs;
    printTable(
      'Start-up (from the built files, `pinpost start --data :memory:`)',
      ['measure', 'pinpost', 'baseline'],
      [
        [
          'time to healthy (best of 3)',
          `${fmt(Math.min(...starts))} ms`,
          `${fmt(bareMs)} ms (bare node:http to first answer)`,
        ],
        ['idle RSS', `${rss.toFixed(1)} MiB`, 'target ≤ 100 MiB'],
      ],
    );
  } finally {
    await Promise.all(started.map((c) => c.stop()));
  }
}
