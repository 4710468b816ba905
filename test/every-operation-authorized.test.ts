/**
 * Every operation Pinpost registers, enumerated from the running server's own services: none
 * answers without authentication, and none runs its handler for a principal no policy allows
 * (DESIGN.md, "How a request flows"; issue 3, "Done when"). Handlers are wrapped with a spy before
 * the server starts, so "did not run" is observed, not inferred from the answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import pino from 'pino';
import { parseConfig } from '../src/server/config.js';
import { startServer } from '../src/server/http.js';
import { testData } from './support/database.js';
import { createRuntime } from '../src/services/runtime.js';
import { httpBindingFromModel } from '../src/wire/model/http-binding.js';
import { loadModelSync } from '../src/wire/model/load.js';
import type { OperationSpec, ServiceDefinition } from '../src/wire/operation.js';
import { queryCall, signedFetch } from './wire-fixtures.js';

function spied(services: ServiceDefinition[], ran: string[]): ServiceDefinition[] {
  return services.map((s) => ({
    ...s,
    operations: s.operations.map((op): OperationSpec => ({
      ...op,
      handler: (input, ctx) => {
        ran.push(`${s.signingName}:${op.name}`);
        return op.handler(input, ctx);
      },
    })),
  }));
}

/**
 * Journeys (issue 10): each of their operations must be registered and must reach the authorize
 * step with an empty body, since Pinpoint authorizes a request before it reads the body.
 */
const JOURNEY_OPERATIONS = [
  'CreateJourney',
  'GetJourney',
  'ListJourneys',
  'UpdateJourney',
  'UpdateJourneyState',
  'DeleteJourney',
  'GetJourneyExecutionMetrics',
  'GetJourneyExecutionActivityMetrics',
  'GetJourneyRuns',
  'GetJourneyRunExecutionMetrics',
  'GetJourneyRunExecutionActivityMetrics',
  'GetJourneyDateRangeKpi',
].map((op) => `mobiletargeting:${op}`);

const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }],
});
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
/**
 * One well-formed value for every parameter the IAM and STS operations take, so that each request
 * passes input validation and reaches the authorize step (query services ignore the others).
 */
const PARAMS: Record<string, string> = {
  RoleName: 'Target',
  UserName: 'target',
  GroupName: 'Target',
  PolicyName: 'Target',
  PolicyArn: 'arn:aws:iam::000000000000:policy/Target',
  PolicyDocument: DOC,
  AssumeRolePolicyDocument: TRUST,
  Description: 'd',
  VersionId: 'v1',
  AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA',
  Status: 'Inactive',
  PermissionsBoundary: 'arn:aws:iam::000000000000:policy/Target',
  PolicySourceArn: 'arn:aws:iam::000000000000:user/target',
  'ActionNames.member.1': 'ses:SendEmail',
  'PolicyInputList.member.1': DOC,
  'TagKeys.member.1': 'k',
  'Tags.member.1.Key': 'k',
  'Tags.member.1.Value': 'v',
  RoleArn: 'arn:aws:iam::000000000000:role/Target',
  RoleSessionName: 'session',
  MaxSessionDuration: '3600',
};

async function call(
  base: string,
  service: ServiceDefinition,
  op: OperationSpec,
  creds?: { accessKeyId: string; secretAccessKey: string },
) {
  if (service.protocol === 'query') {
    const form = { Action: op.name, Version: service.version ?? '', ...(creds ? PARAMS : {}) };
    if (!creds) {
      const res = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });
      return { status: res.status, text: await res.text() };
    }
    return queryCall(base, form, { ...creds, service: service.signingName });
  }
  // The operation's own route or its model's (the codec's order).
  const http =
    op.http ?? (service.model ? httpBindingFromModel(loadModelSync(service.model), op.name) : undefined);
  const path = (http?.path ?? '/').replace(/\{[^}]+\}/g, 'x').split('?')[0];
  const method = http?.method ?? 'POST';
  if (!creds) {
    const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' } });
    return { status: res.status, text: await res.text() };
  }
  return signedFetch(
    base,
    {
      method,
      path,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    },
    { ...creds, service: service.signingName },
  );
}

test('no registered operation answers without authentication or runs for an unauthorized principal', async () => {
  const config = parseConfig(['--port', '0', '--data', ':memory:'], {});
  const runtime = await createRuntime({ data: testData(), region: config.region });
  const ran: string[] = [];
  const services = spied(runtime.services, ran);
  const server = await startServer(config, services, {
    credentials: runtime.credentials,
    authorizer: runtime.authorizer,
    log: pino({ level: 'silent' }),
  });
  try {
    const root = new IAMClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    await root.send(new CreateUserCommand({ UserName: 'nobody' }));
    const key = (await root.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey!;
    const nobody = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    ran.length = 0;

    const operations = services.flatMap((s) => s.operations.map((op) => [s, op] as const));
    assert.ok(
      operations.length >= 75,
      `expected the IAM and STS tables, found ${operations.length} operations`,
    );
    let denied = 0;
    const deniedNames = new Set<string>();
    for (const [service, op] of operations) {
      const name = `${service.signingName}:${op.name}`;
      const anonymous = await call(server.url, service, op);
      if (op.bodyPrincipal) {
        // AWS runs it unsigned (sts:AssumeRoleWithWebIdentity): the proof is in the body, and
        // without it the request is refused before the handler.
        assert.ok(
          anonymous.status >= 400 && anonymous.status < 500,
          `${name} without a token: ${anonymous.text}`,
        );
      } else {
        assert.equal(anonymous.status, 403, `${name} without credentials: ${anonymous.text}`);
        // awsQuery puts the code in the body; restJson1 in x-amzn-ErrorType, with the text in the body.
        assert.match(anonymous.text, /MissingAuthenticationToken|Missing Authentication Token/, name);
      }
      assert.ok(!ran.includes(name), `${name} ran without credentials`);

      const unauthorized = await call(server.url, service, op, nobody);
      if (op.noPermissionRequired) continue;
      assert.ok(
        unauthorized.status >= 400 && unauthorized.status < 500,
        `${name} answered ${unauthorized.status} to a principal without policies`,
      );
      assert.ok(!ran.includes(name), `${name} ran for a principal no policy allows`);
      // restJson1 services send the code in x-amzn-ErrorType; Pinpoint's body has the text only.
      if (/AccessDenied| is not authorized to perform: /.test(unauthorized.text)) {
        denied++;
        deniedNames.add(name);
        // IAM's wording, or SES v1's ("User `arn' is not authorized to perform `ses:…'").
        assert.match(
          unauthorized.text,
          /User: arn:aws:iam::000000000000:user\/nobody is not authorized to perform: |User `arn:aws:iam::000000000000:user\/nobody(&apos;|') is not authorized to perform `/,
          name,
        );
      }
    }
    // With well-formed input nearly every operation reaches the authorize step and is denied there.
    assert.ok(denied >= 60, `only ${denied} operations reached AccessDenied`);
    for (const name of JOURNEY_OPERATIONS) assert.ok(deniedNames.has(name), `${name} was not denied`);
  } finally {
    await server.close(100);
    await runtime.close();
  }
});
