/**
 * awsQuery and restJson1 shapes through a listening server with fake operations: success and
 * error envelopes, no-Result operations, unknown actions and routes, modelled status codes.
 * Shapes: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html and
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html; IAM's envelope from the IAM API
 * reference examples (e.g. API_DeleteRole.html: `<DeleteRoleResponse>` with only ResponseMetadata).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  queryCall,
  signedFetch,
  startHarness,
  USER_KEY,
  USER_SECRET,
  xmlError,
  type Harness,
} from './wire-fixtures.js';

describe('wire protocols through a listening server', () => {
  let h: Harness;
  let base: string;
  before(async () => {
    h = await startHarness();
    base = h.server.url;
  });
  after(() => h.close());

  it('awsQuery success: <OpResponse xmlns><OpResult>… with ResponseMetadata/RequestId, lists as member, ISO dates, booleans', async () => {
    const res = await queryCall(base, {
      Action: 'Echo',
      Version: '2011-06-15',
      'Tags.member.1.Key': 'k1',
      'Tags.member.1.Value': 'v1',
      'Tags.member.2.Key': 'k2',
      'Tags.member.2.Value': 'a&b<c',
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/xml');
    const id = res.headers.get('x-amzn-requestid');
    assert.ok(id);
    assert.match(
      res.text,
      /^<EchoResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><EchoResult>/,
    );
    assert.match(
      res.text,
      /<When>2019-03-26T19:12:51Z<\/When><Flag>true<\/Flag><Items><member>a<\/member><member>b<\/member><\/Items>/,
    );
    assert.match(
      res.text,
      new RegExp(
        `</EchoResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></EchoResponse>$`,
      ),
    );
    const input = JSON.parse(
      /<Input>([^<]*)<\/Input>/
        .exec(res.text)![1]
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<'),
    );
    assert.deepEqual(input, {
      Tags: [
        { Key: 'k1', Value: 'v1' },
        { Key: 'k2', Value: 'a&b<c' },
      ],
    });
  });

  it('awsQuery: an operation without output has no Result element (IAM API_DeleteRole.html)', async () => {
    const res = await queryCall(base, { Action: 'DeleteThing', Version: '2011-06-15' });
    assert.equal(res.status, 200);
    assert.match(
      res.text,
      /^<DeleteThingResponse xmlns="[^"]+"><ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/DeleteThingResponse>$/,
    );
  });

  it('awsQuery: an unknown Action is InvalidAction 400 "Could not find operation X for version Y" (IAM CommonErrors)', async () => {
    const res = await queryCall(base, { Action: 'AssumeRoot', Version: '2011-06-15' });
    assert.equal(res.status, 400);
    assert.deepEqual(xmlError(res.text), {
      type: 'Sender',
      code: 'InvalidAction',
      message: 'Could not find operation AssumeRoot for version 2011-06-15',
    });
    assert.match(
      res.text,
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error>.*<\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it('awsQuery: an action asked in another API version is unknown in that version', async () => {
    const res = await queryCall(base, { Action: 'GetCallerIdentity', Version: '2010-05-08' });
    assert.equal(res.status, 400);
    assert.equal(
      xmlError(res.text).message,
      'Could not find operation GetCallerIdentity for version 2010-05-08',
    );
  });

  it('awsQuery: a GET query string works as well as a form body', async () => {
    const res = await signedFetch(base, {
      method: 'GET',
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    });
    assert.equal(res.status, 200);
    assert.match(res.text, /<Account>000000000000<\/Account>/);
  });

  it('awsQuery: a service with no operations registered yet (IAM) still answers InvalidAction in its namespace', async () => {
    const res = await queryCall(base, { Action: 'ListRoles', Version: '2010-05-08' }, { service: 'iam' });
    assert.equal(res.status, 400);
    assert.match(res.text, /xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"/);
    assert.equal(xmlError(res.text).code, 'InvalidAction');
  });

  it('restJson1: route by method and path, JSON body in and out, x-amzn-RequestId', async () => {
    const res = await signedFetch(
      base,
      {
        method: 'POST',
        path: '/v2/email/identities',
        headers: { 'content-type': 'application/json' },
        body: '{"EmailIdentity":"a@b.com"}',
      },
      { service: 'ses' },
    );
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('x-amzn-requestid'));
    assert.deepEqual(JSON.parse(res.text), { IdentityType: 'EMAIL_ADDRESS', Echo: 'a@b.com' });
  });

  it('restJson1: timestamps are epoch seconds', async () => {
    const res = await signedFetch(
      base,
      { method: 'GET', path: '/v2/email/identities/x' },
      { service: 'ses' },
    );
    assert.equal(JSON.parse(res.text).CreatedAt, 1_000_000);
  });

  it('restJson1: Pinpoint CreateApp answers 201 with the payload member as the body (pinpoint model)', async () => {
    const res = await signedFetch(
      base,
      {
        method: 'POST',
        path: '/v1/apps',
        headers: { 'content-type': 'application/json' },
        body: '{"Name":"shop"}',
      },
      { service: 'mobiletargeting' },
    );
    assert.equal(res.status, 201);
    assert.deepEqual(JSON.parse(res.text), { Id: 'app1', Name: 'shop' });
  });

  it('restJson1: an IAM denial is AccessDeniedException 403 with {"message"} for SES v2', async () => {
    const res = await signedFetch(
      base,
      { method: 'DELETE', path: '/v2/email/identities/a%40b.com' },
      { service: 'ses', accessKeyId: USER_KEY, secretAccessKey: USER_SECRET },
    );
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'AccessDeniedException');
    assert.deepEqual(JSON.parse(res.text), {
      message:
        'User: arn:aws:iam::000000000000:user/alice is not authorized to perform: ses:DeleteEmailIdentity on resource: *',
    });
  });

  it('restJson1: an unknown route is UnknownOperationException 404 (soto-project/soto#580)', async () => {
    const res = await signedFetch(
      base,
      { method: 'GET', path: '/v2/email/nothing-here' },
      { service: 'ses' },
    );
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  });

  it('restJson1: Pinpoint errors have {"Message","RequestID"}', async () => {
    const res = await signedFetch(
      base,
      { method: 'GET', path: '/v1/nowhere' },
      { service: 'mobiletargeting' },
    );
    assert.equal(res.status, 404);
    assert.deepEqual(Object.keys(JSON.parse(res.text)), ['RequestID']);
    assert.equal(JSON.parse(res.text).RequestID, res.headers.get('x-amzn-requestid'));
  });

  it('restJson1: a body that is not JSON is SerializationException 400', async () => {
    const res = await signedFetch(
      base,
      { method: 'POST', path: '/v2/email/identities', body: '{nope' },
      { service: 'ses' },
    );
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'SerializationException');
  });

  it('with deferReady, health answers 503 starting until markReady (pinpost start marks it once SMTP and the workers run)', async () => {
    const deferred = await startHarness({}, undefined, { deferReady: true });
    try {
      const before = await fetch(`${deferred.server.url}/_pinpost/health`);
      assert.equal(before.status, 503);
      assert.equal(((await before.json()) as { status: string }).status, 'starting');
      deferred.server.markReady();
      assert.equal((await fetch(`${deferred.server.url}/_pinpost/health`)).status, 200);
    } finally {
      await deferred.close();
    }
  });

  it('GET /_pinpost/health is 200 JSON once ready; unknown internal paths are 404', async () => {
    const res = await fetch(`${base}/_pinpost/health`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ready');
    assert.equal((await fetch(`${base}/_pinpost/nope`)).status, 404);
  });

  it('modules register internal routes (/_aws/*) that need no signature on loopback', async () => {
    h.server.routes.add({
      prefix: '/_aws/ses',
      access: { GET: 'pinpost:ReadMailbox' },
      handler: () => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"messages":[]}',
      }),
    });
    const res = await fetch(`${base}/_aws/ses?email=a@b.com`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { messages: [] });
  });
});

describe('--iam off', () => {
  it('accepts any credentials and takes the account from a 12-digit access key id', async () => {
    const h = await startHarness({ iam: 'off' });
    try {
      const res = await queryCall(
        h.server.url,
        { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        { accessKeyId: '111122223333', secretAccessKey: 'anything' },
      );
      assert.equal(res.status, 200);
      assert.match(res.text, /<Arn>arn:aws:iam::111122223333:root<\/Arn>/);
      const other = await queryCall(
        h.server.url,
        { Action: 'GetCallerIdentity', Version: '2011-06-15' },
        { accessKeyId: 'whatever', secretAccessKey: 'x' },
      );
      assert.match(other.text, /<Account>000000000000<\/Account>/);
    } finally {
      await h.close();
    }
  });
});
