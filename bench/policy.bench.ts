/**
 * Decisions per second of Pinpost's policy engine against @cloud-copilot/iam-simulate on the same
 * requests in the same run: the seed's permissions policy, the seed's trust policy, and 100
 * identity policies of 10 statements with conditions. Both engines must agree on every decision.
 * Then the worst case for wildcard matching (issue 9): 1,000 statements whose Resource is built to
 * make a backtracking matcher explode, at resource names of n and 2n characters; the time ratio
 * shows matching is linear in the input (near 2×), where a backtracking matcher is exponential.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { callerFromArn } from '../src/iam/policy/caller.js';
import { evaluate, PolicySet } from '../src/iam/policy/evaluate.js';
import { compilePolicyText } from '../src/iam/policy/policy-cache.js';
import type { Decision, PolicyType, RequestContextKeys } from '../src/iam/policy/types.js';
import { fmt, measureAsync, measureSync, printTable } from './measure.js';
import { policyCliRows } from './policy-cli.js';

const A = '111122223333';
const B = '444455556666';

interface Req {
  principal: string;
  action: string;
  resource: string;
  owner: string;
  context: Record<string, string>;
}

interface Scenario {
  name: string;
  identity: object[];
  trust?: object;
  requests: Req[];
}

const seedPermissions = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PinpointUsesSESForEmailSends',
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: [`arn:aws:ses:us-east-1:${A}:identity/*`, `arn:aws:ses:us-east-1:${A}:configuration-set/*`],
    },
  ],
};

const seedTrust = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'AllowPinpoint',
      Effect: 'Allow',
      Principal: { Service: 'pinpoint.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': A } },
    },
  ],
};

const session = `arn:aws:sts::${A}:assumed-role/PinpointSES/campaign`;
const roleArn = `arn:aws:iam::${A}:role/PinpointSES`;

function seedPermissionRequests(): Req[] {
  const out: Req[] = [];
  for (let i = 0; i < 50; i++) {
    out.push({
      principal: session,
      action: 'ses:SendEmail',
      resource: `arn:aws:ses:us-east-1:${A}:identity/d${i}.example.com`,
      owner: A,
      context: {},
    });
    out.push({
      principal: session,
      action: 'ses:SendRawEmail',
      resource: `arn:aws:ses:us-east-1:${A}:configuration-set/cs${i}`,
      owner: A,
      context: {},
    });
    out.push({
      principal: session,
      action: 'ses:SendEmail',
      resource: `arn:aws:ses:us-east-1:${A}:template/t${i}`,
      owner: A,
      context: {},
    });
    out.push({
      principal: session,
      action: 'ses:SendTemplatedEmail',
      resource: `arn:aws:ses:us-east-1:${A}:identity/d${i}.example.com`,
      owner: A,
      context: {},
    });
  }
  return out;
}

function seedTrustRequests(): Req[] {
  const out: Req[] = [];
  for (let i = 0; i < 50; i++) {
    out.push({
      principal: 'pinpoint.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: roleArn,
      owner: A,
      context: {
        'aws:SourceAccount': A,
        'aws:SourceArn': `arn:aws:mobiletargeting:us-east-1:${A}:apps/app${i}`,
      },
    });
    out.push({
      principal: 'pinpoint.amazonaws.com',
      action: 'sts:AssumeRole',
      resource: roleArn,
      owner: A,
      context: { 'aws:SourceAccount': B },
    });
  }
  return out;
}

/** Real actions and resource ARN shapes, so the peer (which validates both) accepts every request. */
const services: { svc: string; get: string; put: string; arn: (name: string) => string }[] = [
  { svc: 's3', get: 'GetObject', put: 'PutObject', arn: (n) => `arn:aws:s3:::${n}/key` },
  {
    svc: 'sqs',
    get: 'GetQueueAttributes',
    put: 'SendMessage',
    arn: (n) => `arn:aws:sqs:us-east-1:${A}:${n}`,
  },
  { svc: 'sns', get: 'GetTopicAttributes', put: 'Publish', arn: (n) => `arn:aws:sns:us-east-1:${A}:${n}` },
  {
    svc: 'dynamodb',
    get: 'GetItem',
    put: 'PutItem',
    arn: (n) => `arn:aws:dynamodb:us-east-1:${A}:table/${n}`,
  },
  {
    svc: 'ses',
    get: 'GetEmailIdentity',
    put: 'SendEmail',
    arn: (n) => `arn:aws:ses:us-east-1:${A}:identity/${n}.example.com`,
  },
  { svc: 'kms', get: 'GetKeyPolicy', put: 'Encrypt', arn: (n) => `arn:aws:kms:us-east-1:${A}:key/${n}` },
  {
    svc: 'lambda',
    get: 'GetFunction',
    put: 'InvokeFunction',
    arn: (n) => `arn:aws:lambda:us-east-1:${A}:function:${n}`,
  },
  {
    svc: 'ssm',
    get: 'GetParameter',
    put: 'PutParameter',
    arn: (n) => `arn:aws:ssm:us-east-1:${A}:parameter/${n}`,
  },
  {
    svc: 'secretsmanager',
    get: 'GetSecretValue',
    put: 'PutSecretValue',
    arn: (n) => `arn:aws:secretsmanager:us-east-1:${A}:secret:${n}`,
  },
  {
    svc: 'logs',
    get: 'GetLogEvents',
    put: 'PutLogEvents',
    arn: (n) => `arn:aws:logs:us-east-1:${A}:log-group:${n}:log-stream:s`,
  },
];

/** 100 policies × 10 statements, each statement with conditions, one in 37 a Deny. */
function manyPolicies(): object[] {
  const policies: object[] = [];
  for (let p = 0; p < 100; p++) {
    const Statement = [];
    for (let s = 0; s < 10; s++) {
      const svc = services[(p + s) % services.length];
      Statement.push({
        Sid: `P${p}S${s}`,
        Effect: (p * 10 + s) % 37 === 0 ? 'Deny' : 'Allow',
        Action: [`${svc.svc}:Get*`, `${svc.svc}:${svc.put}`],
        Resource: [svc.arn(`team${p}-${s}*`), svc.arn(`shared${s}*`)],
        Condition: {
          StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] },
          ...(s % 2 === 0
            ? { Bool: { 'aws:SecureTransport': 'true' } }
            : { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
          ...(s % 3 === 0 ? { StringLike: { 'aws:PrincipalTag/team': ['mail*', 'ops'] } } : {}),
        },
      });
    }
    policies.push({ Version: '2012-10-17', Statement });
  }
  return policies;
}

function manyRequests(): Req[] {
  const out: Req[] = [];
  const user = `arn:aws:iam::${A}:user/alice`;
  for (let i = 0; i < 200; i++) {
    const p = (i * 7) % 100;
    const s = i % 10;
    const svc = services[(p + s + (i % 4 === 3 ? 1 : 0)) % services.length];
    const action = `${svc.svc}:${i % 2 === 0 ? svc.get : svc.put}`;
    const resource = i % 4 === 0 ? svc.arn(`shared${s}x${i}`) : svc.arn(`team${p}-${s}x${i}`);
    out.push({
      principal: user,
      action,
      resource,
      owner: A,
      context: {
        'aws:RequestedRegion': i % 5 === 0 ? 'ap-south-1' : 'us-east-1',
        'aws:SecureTransport': i % 7 === 0 ? 'false' : 'true',
        'aws:SourceIp': i % 3 === 0 ? '10.1.2.3' : '192.168.1.1',
        'aws:PrincipalTag/team': i % 3 === 0 ? 'mailers' : 'web',
      },
    });
  }
  return out;
}

function compile(type: PolicyType, id: string, doc: object) {
  const r = compilePolicyText(id, type, JSON.stringify(doc));
  if (!r.ok) throw new Error(`${id}: ${r.message}`);
  return r.policy;
}

function toKeys(ctx: Record<string, string>): RequestContextKeys {
  const m: RequestContextKeys = new Map();
  for (const [k, v] of Object.entries(ctx)) m.set(k.toLowerCase(), { values: [v], list: false });
  return m;
}

function pinpostEngine(sc: Scenario) {
  const set = new PolicySet({
    identity: sc.identity.map((d, i) => compile('identity', `p${i}`, d)),
    resource: sc.trust ? compile('trust', 'trust', sc.trust) : undefined,
    resourceOwner: A,
    resourcePolicyRequired: sc.trust !== undefined,
  });
  const prepared = sc.requests.map((r) => ({
    caller: callerFromArn(r.principal)!,
    action: r.action,
    resource: r.resource,
    keys: toKeys(r.context),
  }));
  return (i: number): Decision => evaluate(set, prepared[i % prepared.length]).decision;
}

function peerSimulation(sc: Scenario, r: Req): Simulation {
  return {
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.owner },
      contextVariables: r.context,
    },
    identityPolicies: sc.identity.map((policy, i) => ({ name: `p${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: sc.trust,
  };
}

const PEER_DECISION: Record<string, Decision> = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny',
};

async function peerDecision(sim: Simulation): Promise<Decision | string> {
  const res = await runSimulation(sim, {});
  if (res.resultType === 'error') return `error: ${JSON.stringify(res.errors).slice(0, 120)}`;
  return PEER_DECISION[res.overallResult] ?? res.overallResult;
}

/** The reported pattern (issue 9, finding 2): identity/ + `*a`×12 + `*c`, under ARN segment rules. */
const WORST_PATTERN = `arn:aws:ses:us-east-1:${A}:identity/` + '*a'.repeat(12) + '*c';

/** 100 managed policies × 10 statements (managed policies hold 6,144 characters), all the pattern. */
function worstCaseSet(): PolicySet {
  const policies = [];
  for (let p = 0; p < 100; p++) {
    const Statement = [];
    for (let s = 0; s < 10; s++) {
      Statement.push({
        Sid: `W${p}S${s}`,
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: WORST_PATTERN,
      });
    }
    policies.push(compile('managed', `worst${p}`, { Version: '2012-10-17', Statement }));
  }
  return new PolicySet({ identity: policies });
}

/**
 * Decisions per second for resource names of n and 2n characters: eleven `a` (one short of the
 * twelve the pattern needs, the input that makes a backtracking matcher try every split), then
 * `b`s, then the final `c`, so that no shortcut (prefix, suffix) settles it and every statement
 * reads the whole name before it fails. Same set, same run.
 */
export function worstCaseRows(budgetMs: number): string[][] {
  const set = worstCaseSet();
  const caller = callerFromArn(`arn:aws:iam::${A}:user/alice`)!;
  const keys: RequestContextKeys = new Map();
  const decide = (n: number) => {
    const name = 'a'.repeat(11) + 'b'.repeat(n - 12) + 'c';
    const resource = `arn:aws:ses:us-east-1:${A}:identity/${name}`;
    const request = { caller, action: 'ses:SendEmail', resource, keys };
    if (evaluate(set, request).decision !== 'implicitDeny') throw new Error(`worst case n=${n}: not denied`);
    return () => void evaluate(set, request);
  };
  const rows: string[][] = [];
  for (const n of [40, 1_000, 10_000]) {
    const short = measureSync(decide(n), budgetMs / 2, 1);
    const long = measureSync(decide(2 * n), budgetMs / 2, 1);
    rows.push([
      `${n.toLocaleString('en-US')} → ${(2 * n).toLocaleString('en-US')}`,
      fmt(short.perSecond),
      fmt(long.perSecond),
      `${(short.perSecond / long.perSecond).toFixed(2)}×`,
    ]);
  }
  return rows;
}

export async function policyBench(budgetMs: number): Promise<void> {
  const scenarios: Scenario[] = [
    { name: 'seed permissions policy', identity: [seedPermissions], requests: seedPermissionRequests() },
    {
      name: 'seed trust policy (sts:AssumeRole)',
      identity: [],
      trust: seedTrust,
      requests: seedTrustRequests(),
    },
    { name: '100 identity policies × 10 statements', identity: manyPolicies(), requests: manyRequests() },
  ];
  const rows: string[][] = [];
  for (const sc of scenarios) {
    const ours = pinpostEngine(sc);
    const sims = sc.requests.map((r) => peerSimulation(sc, r));
    let agree = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < sc.requests.length; i++) {
      const theirs = await peerDecision(sims[i]);
      if (theirs === ours(i)) agree++;
      else if (disagreements.length < 3)
        disagreements.push(
          `${sc.requests[i].action} ${sc.requests[i].resource}: pinpost ${ours(i)}, peer ${theirs}`,
        );
    }
    const mine = measureSync((i) => void ours(i), budgetMs);
    const peer = await measureAsync(
      async (i) => void (await runSimulation(sims[i % sims.length], {})),
      budgetMs,
    );
    rows.push([
      sc.name,
      fmt(mine.perSecond),
      fmt(peer.perSecond),
      `${fmt(mine.perSecond / peer.perSecond)}×`,
      `${agree}/${sc.requests.length}`,
    ]);
    for (const d of disagreements) console.log(`  disagreement (${sc.name}): ${d}`);
  }
  printTable(
    'Policy decisions per second (one core, same requests)',
    ['scenario', 'pinpost', '@cloud-copilot/iam-simulate', 'ratio', 'same decision'],
    rows,
  );
  const cli = await policyCliRows(budgetMs);
  printTable(
    `Simulations per second through each command line, start-up included (same decisions: ${cli.agree})`,
    [
      'requests',
      'pinpost policy simulate --jsonl',
      '@cloud-copilot/iam-simulate (bench/peer-simulate.mjs)',
      'ratio',
    ],
    cli.rows,
  );
  printTable(
    `Wildcard worst case: 1,000 statements of Resource identity/${'*a'.repeat(12)}*c, decisions per second`,
    ['resource name length n → 2n', 'at n', 'at 2n', 'time ratio 2n / n (linear: ~2×)'],
    worstCaseRows(budgetMs),
  );
}
