/**
 * `GET /_pinpost/metrics` (README "Metrics") on a whole server through real clients: Prometheus'
 * text format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/), parsed strictly;
 * requests, refusals and messages counted with the labels they should have; label values bounded
 * to known sets whatever a request names; the route's access rule beyond loopback.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateEmailIdentityCommand, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { signedHeaders, type Keys } from './edge-fixtures.js';
import { parseExposition, samples, value, type Exposition } from './support/prometheus.js';
import { startTestServer, type TestServer } from './support/server.js';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

async function scrape(base: string, init: RequestInit = {}): Promise<Exposition> {
  const res = await fetch(`${base}/_pinpost/metrics`, init);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), CONTENT_TYPE);
  return parseExposition(await res.text());
}

async function userKeys(server: TestServer, name: string, actions: string[] = []): Promise<Keys> {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (actions.length) {
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
        }),
      }),
    );
  }
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  iam.destroy();
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

const send = (to: string) =>
  new SendEmailCommand({
    FromEmailAddress: 'sender@example.com',
    Destination: { ToAddresses: [to] },
    Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Hello' } } } },
  });

describe('GET /_pinpost/metrics on loopback', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  it('answers in the text format 0.0.4 with every Pinpost metric typed and the process metrics', async () => {
    const e = await scrape(server.url);
    for (const [name, type] of [
      ['pinpost_requests_total', 'counter'],
      ['pinpost_request_duration_seconds', 'histogram'],
      ['pinpost_authorization_denials_total', 'counter'],
      ['pinpost_authentication_failures_total', 'counter'],
      ['pinpost_messages_sent_total', 'counter'],
      ['pinpost_messages_delivered_total', 'counter'],
      ['pinpost_messages_bounced_total', 'counter'],
      ['pinpost_messages_complained_total', 'counter'],
      ['pinpost_messages_rejected_total', 'counter'],
      ['pinpost_messages_failed_total', 'counter'],
      ['pinpost_campaign_runs_started_total', 'counter'],
      ['pinpost_campaign_runs_completed_total', 'counter'],
      ['pinpost_campaign_runs_failed_total', 'counter'],
      ['pinpost_campaign_endpoints_total', 'counter'],
      ['pinpost_journey_runs_started_total', 'counter'],
      ['pinpost_journey_endpoints_entered_total', 'counter'],
      ['pinpost_queue_depth', 'gauge'],
      ['pinpost_queue_oldest_age_seconds', 'gauge'],
      ['pinpost_store_database_bytes', 'gauge'],
      ['pinpost_store_wal_bytes', 'gauge'],
      ['pinpost_store_checkpoints_total', 'counter'],
      ['pinpost_store_maintenance_total', 'counter'],
      ['pinpost_http_connections', 'gauge'],
      ['process_cpu_seconds_total', 'counter'],
      ['process_resident_memory_bytes', 'gauge'],
      ['nodejs_eventloop_lag_seconds', 'gauge'],
      ['nodejs_active_handles_total', 'gauge'],
    ]) {
      assert.equal(e.types.get(name), type, name);
    }
    for (const kind of ['mail-delivery', 'campaign-run', 'campaign-batch', 'journey-pass', 'import-job']) {
      assert.equal(value(e, 'pinpost_queue_depth', { kind }), 0, kind);
    }
    assert.ok(value(e, 'pinpost_store_database_bytes')! > 0);
    // The scrape itself is a request in progress on an open connection.
    assert.ok(value(e, 'pinpost_http_connections', { state: 'busy' })! >= 1);
    assert.ok(value(e, 'pinpost_http_connections', { state: 'open' })! >= 1);
  });

  it('counts an SES SendEmail by service, operation and outcome, its latency, and the messages', async () => {
    const sesv2 = server.sesv2();
    await sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    await sesv2.send(send('success@simulator.amazonses.com'));
    await sesv2.send(send('bounce@simulator.amazonses.com'));
    await sesv2.send(send('complaint@simulator.amazonses.com'));
    await sesv2.send(send('someone@example.com'));
    await server.runtime.mail.drain();
    sesv2.destroy();
    const e = await scrape(server.url);
    const sendEmail = { service: 'sesv2', operation: 'SendEmail' };
    assert.equal(value(e, 'pinpost_requests_total', { ...sendEmail, outcome: 'ok', status_class: '2xx' }), 4);
    assert.equal(value(e, 'pinpost_request_duration_seconds_count', sendEmail), 4);
    assert.equal(value(e, 'pinpost_request_duration_seconds_bucket', { ...sendEmail, le: '+Inf' }), 4);
    assert.ok(value(e, 'pinpost_request_duration_seconds_sum', sendEmail)! > 0);
    // Four messages accepted; the simulator delivers success and complaint at once, the outbox the
    // fourth; bounce@ bounces (Permanent), complaint@ also complains.
    assert.equal(value(e, 'pinpost_messages_sent_total'), 4);
    assert.equal(value(e, 'pinpost_messages_delivered_total'), 3);
    assert.equal(value(e, 'pinpost_messages_bounced_total', { bounce_type: 'Permanent' }), 1);
    assert.equal(value(e, 'pinpost_messages_complained_total'), 1);
    assert.equal(value(e, 'pinpost_messages_failed_total'), 0);
  });

  it('counts an IAM call denied: the request as a client error and the denial by service and action', async () => {
    const keys = await userKeys(server, 'nobody');
    const iam = server.iam(keys);
    await assert.rejects(iam.send(new ListUsersCommand({})), { name: 'AccessDenied' });
    iam.destroy();
    const e = await scrape(server.url);
    assert.equal(
      value(e, 'pinpost_requests_total', {
        service: 'iam',
        operation: 'ListUsers',
        outcome: 'client_error',
        status_class: '4xx',
      }),
      1,
    );
    assert.equal(
      value(e, 'pinpost_authorization_denials_total', { service: 'iam', action: 'iam:ListUsers' }),
      1,
    );
  });

  it('counts authentication failures by AWS error code', async () => {
    await assert.rejects(
      server.sts({ accessKeyId: 'test', secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({})),
      { name: 'SignatureDoesNotMatch' },
    );
    await assert.rejects(
      server
        .sts({ accessKeyId: 'AKIANOTAKEY000000000', secretAccessKey: 'x' })
        .send(new GetCallerIdentityCommand({})),
      { name: 'InvalidClientTokenId' },
    );
    const e = await scrape(server.url);
    assert.equal(value(e, 'pinpost_authentication_failures_total', { code: 'SignatureDoesNotMatch' }), 1);
    assert.equal(value(e, 'pinpost_authentication_failures_total', { code: 'InvalidClientTokenId' }), 1);
  });

  it('an unknown service, operation or path becomes `unknown`, never a label of its own', async () => {
    const refused = (service: string) => ({
      service,
      operation: 'unknown',
      outcome: 'client_error',
      status_class: '4xx',
    });
    const earlier = await scrape(server.url);
    const before = (service: string) => value(earlier, 'pinpost_requests_total', refused(service)) ?? 0;
    const marks: string[] = [];
    for (let i = 0; i < 20; i++) {
      const mark = `zz${randomBytes(6).toString('hex')}`;
      marks.push(mark);
      // A service only the credential scope names.
      const url = `${server.url}/${mark}`;
      await (await fetch(url, { headers: await signedHeaders(url, { service: mark }) })).arrayBuffer();
      // A known service, an operation its table lacks.
      const op = `${server.url}/?Action=${mark}&Version=2011-06-15`;
      await (await fetch(op, { headers: await signedHeaders(op, { service: 'sts' }) })).arrayBuffer();
      // Pinpost's own prefix, no route.
      await (await fetch(`${server.url}/_pinpost/${mark}`)).arrayBuffer();
    }
    const res = await fetch(`${server.url}/_pinpost/metrics`);
    const text = await res.text();
    for (const mark of marks) assert.ok(!text.includes(mark), `${mark} became a label`);
    const e = parseExposition(text);
    for (const service of ['unknown', 'sts', 'pinpost']) {
      assert.equal(value(e, 'pinpost_requests_total', refused(service))! - before(service), 20, service);
    }
    const services = new Set(samples(e, 'pinpost_requests_total').map((s) => s.labels.service));
    for (const s of services) {
      assert.ok(
        ['iam', 'sts', 'ses', 'sesv2', 'pinpoint', 'accessanalyzer', 'pinpost', 'unknown'].includes(s),
        s,
      );
    }
  });

  it('counts its own routes under service `pinpost` by route prefix', async () => {
    await (await fetch(`${server.url}/_pinpost/health`)).arrayBuffer();
    const e = await scrape(server.url);
    assert.equal(
      value(e, 'pinpost_requests_total', {
        service: 'pinpost',
        operation: '/_pinpost/health',
        outcome: 'ok',
        status_class: '2xx',
      }),
      1,
    );
  });

  it('each server counts into its own registry', async () => {
    const other = await startTestServer();
    try {
      const before = value(await scrape(server.url), 'pinpost_requests_total', {
        service: 'sts',
        operation: 'GetCallerIdentity',
        outcome: 'ok',
        status_class: '2xx',
      });
      const sts = other.sts();
      await sts.send(new GetCallerIdentityCommand({}));
      sts.destroy();
      const labels = { service: 'sts', operation: 'GetCallerIdentity', outcome: 'ok', status_class: '2xx' };
      assert.equal(value(await scrape(other.url), 'pinpost_requests_total', labels), 1);
      assert.equal(value(await scrape(server.url), 'pinpost_requests_total', labels), before);
    } finally {
      await other.close();
    }
  });
});

describe('GET /_pinpost/metrics beyond loopback (listening on 0.0.0.0)', () => {
  let server: TestServer;
  let base: string;
  let reader: Keys;
  let other: Keys;
  before(async () => {
    server = await startTestServer({ host: '0.0.0.0' });
    base = `http://127.0.0.1:${server.server.port}`;
    reader = await userKeys(server, 'scraper', ['pinpost:ReadMetrics']);
    other = await userKeys(server, 'mail-reader', ['pinpost:ReadMailbox']);
  });
  after(() => server.close());

  it('an unsigned scrape is 403 MissingAuthenticationToken', async () => {
    const res = await fetch(`${base}/_pinpost/metrics`);
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const { message } = (await res.json()) as { message: string };
    assert.match(message, /service 'pinpost' with credentials allowed pinpost:ReadMetrics/);
    const url = `${base}/_pinpost/metrics`;
    const e = await scrape(base, { headers: await signedHeaders(url, {}, reader) });
    assert.equal(
      value(e, 'pinpost_authentication_failures_total', { code: 'MissingAuthenticationToken' }),
      1,
    );
  });

  it('a scrape signed for `pinpost` by a principal allowed pinpost:ReadMetrics is 200', async () => {
    const url = `${base}/_pinpost/metrics`;
    const e = await scrape(base, { headers: await signedHeaders(url, {}, reader) });
    assert.ok(e.types.has('pinpost_requests_total'));
  });

  it('a principal without pinpost:ReadMetrics is denied, and the denial counted', async () => {
    const url = `${base}/_pinpost/metrics`;
    const res = await fetch(url, { headers: await signedHeaders(url, {}, other) });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    const e = await scrape(base, { headers: await signedHeaders(url, {}, reader) });
    assert.equal(
      value(e, 'pinpost_authorization_denials_total', { service: 'pinpost', action: 'pinpost:ReadMetrics' }),
      1,
    );
    assert.equal(
      value(e, 'pinpost_requests_total', {
        service: 'pinpost',
        operation: '/_pinpost/metrics',
        outcome: 'client_error',
        status_class: '4xx',
      }),
      2,
      'the unsigned and the denied scrape',
    );
  });
});
