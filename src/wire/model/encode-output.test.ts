/**
 * Outputs serialized by the vendored models' output shapes (issue 14), awsQuery and restJson1.
 * Rules: https://smithy.io/2.0/aws/protocols/aws-query-protocol.html (response serialization),
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html; shapes from models/.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { asQueryMap } from '../query/query-map.js';
import { buildXml } from '../query/xml.js';
import { encodeQueryOutput, encodeRestJsonOutput } from './encode-output.js';
import { loadModelSync } from './load.js';
import { ServiceView } from './lookup.js';
import { strayReporter, type StrayMember } from './output-strays.js';

const iam = loadModelSync('iam');
const ses = loadModelSync('ses');
const sesv2 = loadModelSync('sesv2');
const pinpoint = loadModelSync('pinpoint');

function collect(): { strays: StrayMember[]; report: (s: StrayMember) => void } {
  const strays: StrayMember[] = [];
  return { strays, report: (s) => strays.push(s) };
}

/** The `<XResponse>` document the codec would send, without ResponseMetadata. */
function queryXml(view: typeof iam, operation: string, output: unknown, report = collect().report): string {
  const r = encodeQueryOutput(view, operation, output, report);
  return buildXml(`${operation}Response`, r ? { [r.wrapper]: r.content } : {});
}

const CREATED = new Date(Date.UTC(2019, 2, 26, 19, 12, 51));

describe('awsQuery', () => {
  it('IAM GetRole (API_GetRole.html): members in the model order, whatever order the handler used', () => {
    const { strays, report } = collect();
    const xml = queryXml(
      iam,
      'GetRole',
      {
        Role: {
          Tags: [{ Value: 'v', Key: 'k' }],
          CreateDate: CREATED,
          Arn: 'arn:aws:iam::123456789012:role/R',
          RoleId: 'AROAEXAMPLE',
          RoleName: 'R',
          Path: '/',
          MaxSessionDuration: 3600,
          RoleLastUsed: {},
        },
      },
      report,
    );
    assert.equal(
      xml,
      '<GetRoleResponse><GetRoleResult><Role><Path>/</Path><RoleName>R</RoleName><RoleId>AROAEXAMPLE</RoleId>' +
        '<Arn>arn:aws:iam::123456789012:role/R</Arn><CreateDate>2019-03-26T19:12:51Z</CreateDate>' +
        '<MaxSessionDuration>3600</MaxSessionDuration><Tags><member><Key>k</Key><Value>v</Value></member></Tags>' +
        '<RoleLastUsed/></Role></GetRoleResult></GetRoleResponse>',
    );
    assert.deepEqual(strays, []);
  });

  it('IAM ListRoles (API_ListRoles.html): pagination members, booleans as text, an empty list as an empty element', () => {
    assert.equal(
      queryXml(iam, 'ListRoles', {
        Marker: 'next',
        IsTruncated: true,
        Roles: [{ RoleName: 'a' }, { RoleName: 'b' }],
      }),
      '<ListRolesResponse><ListRolesResult><Roles><member><RoleName>a</RoleName></member><member><RoleName>b</RoleName>' +
        '</member></Roles><IsTruncated>true</IsTruncated><Marker>next</Marker></ListRolesResult></ListRolesResponse>',
    );
    assert.equal(
      queryXml(iam, 'ListRoles', { Roles: [], IsTruncated: false }),
      '<ListRolesResponse><ListRolesResult><Roles/><IsTruncated>false</IsTruncated></ListRolesResult></ListRolesResponse>',
    );
  });

  it('IAM GetAccountSummary (API_GetAccountSummary.html): the model says SummaryMap is a map, so a plain object is entries', () => {
    const expected =
      '<GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap><entry><key>Users</key><value>3</value></entry>' +
      '<entry><key>Roles</key><value>0</value></entry></SummaryMap></GetAccountSummaryResult></GetAccountSummaryResponse>';
    assert.equal(queryXml(iam, 'GetAccountSummary', { SummaryMap: { Users: 3, Roles: 0 } }), expected);
    // The older marker still works while services use it.
    assert.equal(
      queryXml(iam, 'GetAccountSummary', { SummaryMap: asQueryMap({ Users: 3, Roles: 0 }) }),
      expected,
    );
  });

  it('SES v1 GetSendQuota (API_GetSendQuota.html): doubles as text, the resultWrapper of the model', () => {
    const r = encodeQueryOutput(
      ses,
      'GetSendQuota',
      { SentLast24Hours: 2, Max24HourSend: 200, MaxSendRate: 1.5 },
      () => {
        throw new Error('no stray expected');
      },
    );
    assert.deepEqual(r, {
      wrapper: 'GetSendQuotaResult',
      content: { Max24HourSend: '200', MaxSendRate: '1.5', SentLast24Hours: '2' },
    });
  });

  it('an operation without output in the model sends no Result element (IAM DeleteRole)', () => {
    assert.equal(encodeQueryOutput(iam, 'DeleteRole', {}, collect().report), undefined);
    assert.equal(encodeQueryOutput(iam, 'GetRole', undefined, collect().report), undefined);
  });

  it('coerces what loses nothing (a text integer, a numeric string member) and reports the rest', () => {
    const { strays, report } = collect();
    const r = encodeQueryOutput(
      iam,
      'GetRole',
      { Role: { RoleName: 42, MaxSessionDuration: '3600', Path: { no: 1 }, Extra: 'x' }, Also: 1 },
      report,
    );
    assert.deepEqual(r?.content, { Role: { RoleName: '42', MaxSessionDuration: '3600' } });
    assert.deepEqual(strays, [
      { path: 'Role.Path', reason: 'wrong type' },
      { path: 'Role.Extra', reason: 'not in the model' },
      { path: 'Also', reason: 'not in the model' },
    ]);
    const bad = collect();
    encodeQueryOutput(
      iam,
      'GetRole',
      { Role: { MaxSessionDuration: 1.5, CreateDate: 'yesterday' } },
      bad.report,
    );
    assert.deepEqual(
      bad.strays.map((s) => s.path),
      ['Role.CreateDate', 'Role.MaxSessionDuration'],
    );
  });

  it('stops at the depth bound on a cyclic value instead of recursing without end', () => {
    const role: Record<string, unknown> = { RoleName: 'r' };
    const { strays, report } = collect();
    // A cycle where the model has a list of structures: ListRoles → Roles → Role … (no cycle in the
    // model, so the walk ends with the model: the cycle member is a stray, not followed).
    role['Self'] = role;
    const r = encodeQueryOutput(iam, 'ListRoles', { Roles: [role] }, report);
    assert.deepEqual(r?.content, { Roles: { member: [{ RoleName: 'r' }] } });
    assert.deepEqual(strays, [{ path: 'Roles[].Self', reason: 'not in the model' }]);
  });
});

describe('restJson1', () => {
  it('SES v2 GetEmailIdentity (API_GetEmailIdentity.html): timestamps are epoch seconds by default', () => {
    const { strays, report } = collect();
    const out = encodeRestJsonOutput(
      sesv2,
      'GetEmailIdentity',
      {
        IdentityType: 'EMAIL_ADDRESS',
        VerifiedForSendingStatus: true,
        DkimAttributes: {
          SigningEnabled: true,
          LastKeyGenerationTimestamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 500)),
        },
        VerificationInfo: { LastCheckedTimestamp: '2024-01-02T03:04:05Z' },
        Policies: {},
        Tags: [],
      },
      report,
    );
    assert.deepEqual(strays, []);
    assert.equal(out.status, 200);
    assert.deepEqual(out.body, {
      IdentityType: 'EMAIL_ADDRESS',
      VerifiedForSendingStatus: true,
      DkimAttributes: { SigningEnabled: true, LastKeyGenerationTimestamp: 1704164645.5 },
      Policies: {},
      Tags: [],
      VerificationInfo: { LastCheckedTimestamp: 1704164645 },
    });
  });

  it('SES v2 GetAccount (API_GetAccount.html): doubles and booleans as JSON values', () => {
    const out = encodeRestJsonOutput(
      sesv2,
      'GetAccount',
      { SendQuota: { Max24HourSend: 200, MaxSendRate: '1', SentLast24Hours: 0 }, SendingEnabled: 'true' },
      collect().report,
    );
    assert.deepEqual(out.body, {
      SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 0 },
      SendingEnabled: true,
    });
  });

  it('Pinpoint GetApp (API_GetApp, apps-application-id.html): the payload member is the body; tags by its JSON name', () => {
    const { strays, report } = collect();
    const out = encodeRestJsonOutput(
      pinpoint,
      'GetApp',
      {
        ApplicationResponse: {
          Id: 'abc',
          Name: 'n',
          Arn: 'arn:aws:mobiletargeting:us-east-1:1:apps/abc',
          tags: { a: 'b' },
          CreationDate: '2024-01-02T03:04:05.000Z',
        },
      },
      report,
    );
    assert.deepEqual(strays, []);
    assert.deepEqual(out, {
      status: 200,
      headers: {},
      body: {
        Arn: 'arn:aws:mobiletargeting:us-east-1:1:apps/abc',
        Id: 'abc',
        Name: 'n',
        tags: { a: 'b' },
        CreationDate: '2024-01-02T03:04:05.000Z',
      },
    });
    assert.equal(
      encodeRestJsonOutput(pinpoint, 'CreateApp', { ApplicationResponse: { Id: 'x' } }, report).status,
      201,
    );
  });

  it('Pinpoint: a member beside the payload is a stray, not merged into the body', () => {
    const { strays, report } = collect();
    const out = encodeRestJsonOutput(
      pinpoint,
      'GetApp',
      { ApplicationResponse: { Id: 'a' }, Id: 'a' },
      report,
    );
    assert.deepEqual(out.body, { Id: 'a' });
    assert.deepEqual(strays, [{ path: 'Id', reason: 'not in the model' }]);
  });
});

describe('restJson1 header and status bindings', () => {
  // No operation of the five models binds output members to headers or the status; the rules are
  // Smithy's (http-bindings.html: httpHeader, httpPrefixHeaders, httpResponseCode; timestamps in
  // headers are HTTP dates). A small model of that form:
  const view = new ServiceView('sesv2', {
    metadata: { apiVersion: '1', protocol: 'rest-json', endpointPrefix: 'x', serviceId: 'X' },
    operations: {
      Op: {
        name: 'Op',
        http: { method: 'GET', requestUri: '/op', responseCode: 200 },
        output: { shape: 'Out' },
      },
    },
    shapes: {
      Out: {
        type: 'structure',
        members: {
          Modified: { shape: 'Time', location: 'header', locationName: 'Last-Modified' },
          Meta: { shape: 'Meta', location: 'headers', locationName: 'x-meta-' },
          Code: { shape: 'Int', location: 'statusCode' },
          Body: { shape: 'Str', locationName: 'body' },
        },
      },
      Time: { type: 'timestamp' },
      Meta: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Str' } },
      Int: { type: 'integer' },
      Str: { type: 'string' },
    },
  });

  it('header members as headers (timestamps as HTTP dates), the statusCode member as the status', () => {
    const { strays, report } = collect();
    const out = encodeRestJsonOutput(
      view,
      'Op',
      { Modified: CREATED, Meta: { a: '1' }, Code: 202, Body: 'b' },
      report,
    );
    assert.deepEqual(strays, []);
    assert.deepEqual(out, {
      status: 202,
      headers: { 'last-modified': 'Tue, 26 Mar 2019 19:12:51 GMT', 'x-meta-a': '1' },
      body: { body: 'b' },
    });
  });
});

describe('strays', () => {
  it('strict: a 500 InternalFailure naming the operation and member', () => {
    const report = strayReporter('iam', 'GetRole', () => pino({ level: 'silent' }), true);
    assert.throws(() => encodeQueryOutput(iam, 'GetRole', { Role: { Nope: 1 } }, report), {
      code: 'InternalFailure',
      status: 500,
      message: 'Output of iam GetRole strays from the model at `Role.Nope` (not in the model)',
    });
  });

  it('otherwise dropped, and logged once per operation and member with no value', () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => void lines.push(l) });
    for (let i = 0; i < 3; i++) {
      const report = strayReporter('iam', 'ListUsers', () => log, false);
      const r = encodeQueryOutput(iam, 'ListUsers', { Users: [], Secret: 'do-not-log' }, report);
      assert.deepEqual(r?.content, { Users: '' });
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0], /"member":"Secret"/);
    assert.doesNotMatch(lines[0], /do-not-log/);
  });
});
