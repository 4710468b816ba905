/**
 * Outputs encoded from the models (issue 14) read back by the AWS SDK for JavaScript v3: timestamps
 * arrive as Dates of the right instant (awsQuery ISO 8601, SES v2 epoch seconds), numbers as
 * numbers, IAM's SummaryMap as a map, paginated lists with their markers, Pinpoint's payload as the
 * response object. The restJson1 operations are served with their declared `http`/`output` removed
 * (what scripts/drop-declared-bindings.mjs leaves): routes, status and payload come from the models.
 * API_GetRole.html, API_ListRoles.html, API_GetAccountSummary.html, API_GetSendQuota.html,
 * API_GetSuppressedDestination.html (SES v2), Pinpoint apps.html / apps-application-id.html.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import {
  CreateRoleCommand,
  GetAccountSummaryCommand,
  GetRoleCommand,
  IAMClient,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { CreateAppCommand, GetAppCommand, GetAppsCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { GetSendQuotaCommand, SESClient } from '@aws-sdk/client-ses';
import {
  GetSuppressedDestinationCommand,
  PutSuppressedDestinationCommand,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import pino from 'pino';
import { clockFrom } from '../src/clock/index.js';
import { parseConfig } from '../src/server/config.js';
import { startServer, type RunningServer } from '../src/server/http.js';
import { createRuntime, type Runtime } from '../src/services/runtime.js';
import type { OperationSpec, ServiceDefinition } from '../src/wire/operation.js';
import { testData } from './support/database.js';

const NOW = new Date('2024-05-01T10:20:30Z');
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/** restJson1 services without their operations' declared bindings, but for the SDK's extra routes. */
function withoutDeclaredBindings(services: ServiceDefinition[]): ServiceDefinition[] {
  return services.map((s) => {
    if (s.protocol !== 'restJson' || !s.model) return s;
    const seen = new Set<string>();
    const operations = s.operations.map((op): OperationSpec => {
      const first = !seen.has(op.name);
      seen.add(op.name);
      // A second registration of a name is a route the model does not have: it keeps its own.
      return first ? { ...op, http: undefined, output: undefined } : op;
    });
    return { ...s, operations };
  });
}

let runtime: Runtime;
let server: RunningServer;
const config = () => ({
  endpoint: server.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
});

before(async () => {
  const cfg = parseConfig(['--port', '0', '--data', ':memory:'], {});
  const log = pino({ level: 'silent' });
  runtime = await createRuntime({ data: testData(), region: cfg.region, log, clock: clockFrom(() => NOW) });
  server = await startServer(cfg, withoutDeclaredBindings(runtime.services), {
    credentials: runtime.credentials,
    authorizer: runtime.authorizer,
    log,
    clock: () => NOW,
  });
});

after(async () => {
  await server.close(100);
  await runtime.close();
});

it('IAM: CreateDate comes back as the Date it was created at; ListRoles pages; SummaryMap is a map of numbers', async () => {
  const iam = new IAMClient(config());
  const created = await iam.send(
    new CreateRoleCommand({ RoleName: 'enc-a', AssumeRolePolicyDocument: TRUST }),
  );
  await iam.send(new CreateRoleCommand({ RoleName: 'enc-b', AssumeRolePolicyDocument: TRUST }));
  assert.ok(created.Role?.CreateDate instanceof Date);
  assert.equal(created.Role.CreateDate.toISOString(), NOW.toISOString());
  const got = await iam.send(new GetRoleCommand({ RoleName: 'enc-a' }));
  assert.equal(got.Role?.CreateDate?.getTime(), NOW.getTime());
  assert.equal(got.Role?.MaxSessionDuration, 3600);
  assert.equal(decodeURIComponent(got.Role?.AssumeRolePolicyDocument ?? ''), TRUST);

  const first = await iam.send(new ListRolesCommand({ MaxItems: 1, PathPrefix: '/' }));
  assert.equal(first.IsTruncated, true);
  assert.equal(first.Roles?.length, 1);
  assert.equal(typeof first.Marker, 'string');
  const rest = await iam.send(new ListRolesCommand({ Marker: first.Marker }));
  const names = [...(first.Roles ?? []), ...(rest.Roles ?? [])]
    .map((r) => r.RoleName)
    .filter((n) => n?.startsWith('enc-'));
  assert.deepEqual(names.sort(), ['enc-a', 'enc-b']);

  const summary = await iam.send(new GetAccountSummaryCommand({}));
  assert.equal(typeof summary.SummaryMap?.['Roles'], 'number');
  assert.ok((summary.SummaryMap?.['Roles'] ?? 0) >= 2);
});

it('STS and SES v1: members the SDK reads by name, doubles as numbers', async () => {
  const who = await new STSClient(config()).send(new GetCallerIdentityCommand({}));
  assert.match(who.Account ?? '', /^\d{12}$/);
  assert.match(who.Arn ?? '', /^arn:aws:iam::\d{12}:root$/);
  const quota = await new SESClient(config()).send(new GetSendQuotaCommand({}));
  assert.equal(typeof quota.Max24HourSend, 'number');
  assert.equal(typeof quota.MaxSendRate, 'number');
  assert.equal(quota.SentLast24Hours, 0);
});

it('SES v2: a timestamp member is sent as epoch seconds and read as the same Date', async () => {
  const sesv2 = new SESv2Client(config());
  await sesv2.send(
    new PutSuppressedDestinationCommand({ EmailAddress: 'gone@example.com', Reason: 'BOUNCE' }),
  );
  const got = await sesv2.send(new GetSuppressedDestinationCommand({ EmailAddress: 'gone@example.com' }));
  const at = got.SuppressedDestination?.LastUpdateTime;
  assert.ok(at instanceof Date);
  assert.equal(at.getTime(), NOW.getTime());
  assert.equal(got.SuppressedDestination?.Reason, 'BOUNCE');
});

it('Pinpoint: routes, 201 and the payload from the model, with no declared binding', async () => {
  const pinpoint = new PinpointClient(config());
  const created = await pinpoint.send(
    new CreateAppCommand({ CreateApplicationRequest: { Name: 'enc-app', tags: { team: 'x' } } }),
  );
  assert.equal(created.$metadata.httpStatusCode, 201);
  const id = created.ApplicationResponse?.Id ?? '';
  assert.equal(created.ApplicationResponse?.Name, 'enc-app');
  const got = await pinpoint.send(new GetAppCommand({ ApplicationId: id }));
  assert.equal(got.ApplicationResponse?.Id, id);
  assert.deepEqual(got.ApplicationResponse?.tags, { team: 'x' });
  // CreationDate is a string member in Pinpoint's model: ISO 8601 text, as AWS sends it.
  assert.equal(typeof got.ApplicationResponse?.CreationDate, 'string');
  assert.equal(new Date(got.ApplicationResponse?.CreationDate ?? '').getTime(), NOW.getTime());
  const list = await pinpoint.send(new GetAppsCommand({ PageSize: '10' }));
  assert.ok(list.ApplicationsResponse?.Item?.some((a) => a.Id === id));
});
