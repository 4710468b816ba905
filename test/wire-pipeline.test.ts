/**
 * No handler answers without authentication and authorization (issue 3: "A test enumerates every
 * registered operation and proves none answers without authentication and authorization").
 * Here over a registry of dummy operations of both protocols; the same checks run over the real
 * services once they are registered in src/server/services.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import pino from 'pino';
import { onceKey, type RawRequest } from '../src/wire/context.js';
import { AwsError } from '../src/wire/errors.js';
import { chainResolvers } from '../src/wire/credentials.js';
import {
  defineOperation,
  type Authorizer,
  type IamMode,
  type ServiceDefinition,
} from '../src/wire/operation.js';
import { httpBindingFromModel } from '../src/wire/model/http-binding.js';
import { loadModelSync } from '../src/wire/model/load.js';
import { createPipeline } from '../src/wire/pipeline.js';
import { rootPrincipal } from '../src/wire/principal.js';
import { rootTestKey, testKeys, USER_KEY, USER_SECRET } from './wire-fixtures.js';

/** Every handler records that it ran; authorize records what it saw, in order. */
function registry(events: string[]): ServiceDefinition[] {
  const op = (svc: string, name: string, http?: { method: 'GET' | 'POST' | 'DELETE'; path: string }) =>
    defineOperation({
      name,
      action: `${svc}:${name}`,
      http,
      resources: () => [`arn:aws:${svc}:::thing/${name}`],
      handler: () => {
        events.push(`handle ${svc}:${name}`);
        return {};
      },
    });
  return [
    {
      id: 'iam',
      signingName: 'iam',
      protocol: 'query',
      xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
      version: '2010-05-08',
      operations: [op('iam', 'CreateRole'), op('iam', 'DeleteRole'), op('iam', 'ListRoles')],
    },
    {
      id: 'sesv2',
      signingName: 'ses',
      protocol: 'restJson',
      pathPrefix: '/v2/',
      jsonErrorShape: 'message',
      operations: [
        op('ses', 'ListEmailIdentities', { method: 'GET', path: '/v2/email/identities' }),
        op('ses', 'DeleteEmailIdentity', { method: 'DELETE', path: '/v2/email/identities/{EmailIdentity}' }),
      ],
    },
  ];
}

function authorizer(events: string[], allow: boolean): Authorizer {
  return {
    authorize({ principal, action }) {
      events.push(`authorize ${action} as ${principal.arn}`);
      return allow ? { allowed: true } : { allowed: false, message: `denied ${action}` };
    },
  };
}

function pipelineWith(events: string[], allow: boolean, iamMode: IamMode = 'enforce') {
  const services = registry(events);
  const pipeline = createPipeline({
    services,
    credentials: chainResolvers(rootTestKey, testKeys),
    authorizer: authorizer(events, allow),
    iamMode,
    defaultRegion: 'us-east-1',
    defaultAccount: '000000000000',
    log: pino({ level: 'silent' }),
  });
  return { pipeline, services };
}

/** The raw request that names an operation, signed with a user's key or not at all. */
async function requestFor(service: ServiceDefinition, name: string, sign: boolean): Promise<RawRequest> {
  const op = service.operations.find((o) => o.name === name)!;
  // A restJson1 operation's route is its own declaration or its model's (the codec's order).
  const http =
    op.http ??
    (service.protocol === 'restJson' && service.model
      ? httpBindingFromModel(loadModelSync(service.model), name)
      : undefined);
  const method = http?.method ?? 'POST';
  const path = http ? http.path.replace(/\{[^}]+\}/g, 'x') : '/';
  const body = http ? '' : `Action=${name}&Version=${service.version}`;
  const headers: Record<string, string> = { host: 'localhost:4566' };
  if (!http) headers['content-type'] = 'application/x-www-form-urlencoded';
  if (sign) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: USER_KEY, secretAccessKey: USER_SECRET },
      region: 'us-east-1',
      service: service.signingName,
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method,
      protocol: 'http:',
      hostname: 'localhost',
      path,
      headers,
      body,
      query: {},
    });
    Object.assign(headers, signed.headers);
  }
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    method,
    path,
    rawQuery: '',
    headers: lower,
    body: Buffer.from(body),
    sourceIp: '127.0.0.1',
    secure: false,
  };
}

const allOperations = (services: ServiceDefinition[]) =>
  services.flatMap((s) => s.operations.map((o) => [s, o.name] as const));

describe('the pipeline is the only way to a handler', () => {
  it('every operation, unsigned, answers MissingAuthenticationToken and its handler never runs', async () => {
    const events: string[] = [];
    const { pipeline, services } = pipelineWith(events, true);
    for (const [service, name] of allOperations(services)) {
      const res = await pipeline.handle(await requestFor(service, name, false));
      assert.equal(res.status, 403, `${name}`);
      assert.match(String(res.body) + JSON.stringify(res.headers), /MissingAuthenticationToken/, name);
    }
    assert.deepEqual(events, []);
  });

  it('every operation, signed but denied, answers AccessDenied/AccessDeniedException 403 and its handler never runs', async () => {
    const events: string[] = [];
    const { pipeline, services } = pipelineWith(events, false);
    for (const [service, name] of allOperations(services)) {
      const res = await pipeline.handle(await requestFor(service, name, true));
      assert.equal(res.status, 403, name);
      if (service.protocol === 'query') assert.match(String(res.body), /<Code>AccessDenied<\/Code>/);
      else assert.equal(res.headers['x-amzn-errortype'], 'AccessDeniedException');
    }
    assert.ok(
      events.every((e) => e.startsWith('authorize ')),
      events.join('\n'),
    );
    assert.equal(events.length, allOperations(services).length);
  });

  it('every operation, signed and allowed, is authorized with its action before its handler runs', async () => {
    const events: string[] = [];
    const { pipeline, services } = pipelineWith(events, true);
    const expected: string[] = [];
    for (const [service, name] of allOperations(services)) {
      const res = await pipeline.handle(await requestFor(service, name, true));
      assert.equal(res.status, 200, `${name}: ${String(res.body)}`);
      const action = `${service.signingName}:${name}`;
      expected.push(`authorize ${action} as arn:aws:iam::000000000000:user/alice`, `handle ${action}`);
    }
    assert.deepEqual(events, expected);
  });

  it('--iam soft runs denied operations (logging the denial); --iam off skips authorize', async () => {
    const soft: string[] = [];
    const s = pipelineWith(soft, false, 'soft');
    const [svc, name] = allOperations(s.services)[0];
    assert.equal((await s.pipeline.handle(await requestFor(svc, name, true))).status, 200);
    assert.deepEqual(soft, [
      `authorize iam:CreateRole as arn:aws:iam::000000000000:user/alice`,
      'handle iam:CreateRole',
    ]);
    const off: string[] = [];
    const o = pipelineWith(off, false, 'off');
    assert.equal((await o.pipeline.handle(await requestFor(svc, name, false))).status, 200);
    assert.deepEqual(off, ['handle iam:CreateRole']);
  });

  it('internal callers go through the same authorize step (invoke)', async () => {
    const events: string[] = [];
    const { pipeline, services } = pipelineWith(events, false);
    const principal = rootPrincipal('111122223333');
    await assert.rejects(
      pipeline.invoke({ service: services[0], operation: 'CreateRole', input: {}, principal }),
      (e: Error & { code?: string }) => e.code === 'AccessDenied',
    );
    assert.deepEqual(events, ['authorize iam:CreateRole as arn:aws:iam::111122223333:root']);
  });

  it('structurally: only src/wire/pipeline.ts calls an operation handler', () => {
    // Files that know OperationSpec (import wire/operation or define one) and call `.handler(`.
    const callers = sourceFiles('src').filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /wire\/operation\.js'|from '\.\/operation\.js'/.test(text) && /\.handler\(/.test(text);
    });
    assert.deepEqual(callers, [join('src', 'wire', 'pipeline.ts')]);
  });
});

describe("an operation's own checks see the model's verdict (DESIGN: Checks the model lacks)", () => {
  /** IAM CreateRole as the IAM model reads it, with every hook an operation may add, recording. */
  function judged(events: string[], hooks: { firstRefuses?: boolean } = {}) {
    const made = onceKey<number>('made');
    const operation = defineOperation<{ RoleName: string }, object>({
      name: 'CreateRole',
      action: 'iam:CreateRole',
      checkFirst: () => {
        events.push('checkFirst');
        if (hooks.firstRefuses) throw new AwsError({ code: 'Own', status: 400, message: 'own words' });
      },
      // A constraint the model lacks: lower-case letters only.
      violations: (i) => {
        events.push('violations');
        if (/^[a-z]+$/.test(i.RoleName)) return [];
        const rule = { kind: 'pattern', pattern: '[a-z]+' } as const;
        return [{ path: [{ kind: 'member', name: 'RoleName' }], rule, value: i.RoleName }];
      },
      check: (_i, ctx) => {
        events.push(`check made ${ctx.once(made, () => (events.push('make'), 7))}`);
      },
      resources: (_i, ctx) => [`arn:aws:iam:::role/${ctx.once(made, () => (events.push('make again'), 8))}`],
      handler: () => (events.push('handle'), {}),
    });
    const service: ServiceDefinition = {
      id: 'iam',
      signingName: 'iam',
      protocol: 'query',
      model: 'iam',
      xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
      version: '2010-05-08',
      operations: [operation],
    };
    const pipeline = createPipeline({
      services: [service],
      credentials: chainResolvers(rootTestKey, testKeys),
      authorizer: authorizer(events, true),
      iamMode: 'enforce',
      defaultRegion: 'us-east-1',
      defaultAccount: '000000000000',
      log: pino({ level: 'silent' }),
    });
    const principal = rootPrincipal('111122223333');
    return (input: Record<string, unknown>) =>
      pipeline.invoke({ service, operation: 'CreateRole', input, principal });
  }

  it("the operation's violations join the model's, after them, in one error; check never runs", async () => {
    const events: string[] = [];
    await assert.rejects(judged(events)({ RoleName: 'a b' }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'ValidationError');
      assert.equal(
        e.message,
        "3 validation errors detected: Value 'a b' at 'roleName' failed to satisfy constraint: Member must " +
          "satisfy regular expression pattern: [\\w+=,.@-]+; Value null at 'assumeRolePolicyDocument' failed to " +
          "satisfy constraint: Member must not be null; Value 'a b' at 'roleName' failed to satisfy " +
          'constraint: Member must satisfy regular expression pattern: [a-z]+',
      );
      return true;
    });
    assert.deepEqual(events, ['checkFirst', 'violations']);
    // The operation's violation alone is the same ValidationError.
    const alone: string[] = [];
    await assert.rejects(judged(alone)({ RoleName: 'R', AssumeRolePolicyDocument: '{}' }), (e: Error) =>
      /^1 validation error detected: Value 'R' at 'roleName' .*\[a-z\]\+$/.test(e.message),
    );
    assert.deepEqual(alone, ['checkFirst', 'violations']);
  });

  it('checkFirst speaks before the model (the words AWS gives instead of its ValidationError)', async () => {
    const events: string[] = [];
    await assert.rejects(
      judged(events, { firstRefuses: true })({ RoleName: 'a b' }),
      (e: Error & { code?: string }) => e.code === 'Own',
    );
    assert.deepEqual(events, ['checkFirst']);
  });

  it('a request the model accepts is checked, then authorized; RequestContext.once makes its value once', async () => {
    const events: string[] = [];
    await judged(events)({ RoleName: 'r', AssumeRolePolicyDocument: '{}' });
    assert.deepEqual(events, [
      'checkFirst',
      'violations',
      'make',
      'check made 7',
      'authorize iam:CreateRole as arn:aws:iam::111122223333:root',
      'handle',
    ]);
  });
});

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}
