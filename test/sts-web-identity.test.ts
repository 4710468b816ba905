/**
 * STS AssumeRoleWithWebIdentity (API_AssumeRoleWithWebIdentity.html) through @aws-sdk/client-sts
 * against a whole server: an OIDC provider registered through IAM, its keys put by the operator at
 * `<import-root>/oidc-provider/<host>/jwks.json`, ID tokens signed here with node:crypto (RS256 and
 * ES256), a role whose trust policy conditions on `<host>:aud` and `<host>:sub`, and the session
 * used afterwards; and STS's refusals — wrong audience, expired on Pinpost's clock, untrusted
 * issuer, bad signature, trust policy not met — with STS's codes.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  type AssumeRoleWithWebIdentityCommandInput,
} from '@aws-sdk/client-sts';
import { fail } from './support/failure.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const HOST = 'idp.example.com';
const ISSUER = `https://${HOST}`;
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${HOST}`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ci-deploy`;

let server: TestServer;
let root: string;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A compact JWS signed with `key` (RS256, or ES256 with the R||S signature JWS uses). */
function jwt(claims: Record<string, unknown>, key: KeyObject, header: Record<string, unknown>): string {
  const input = `${b64(header)}.${b64(claims)}`;
  const sig =
    header['alg'] === 'ES256'
      ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
      : sign('sha256', Buffer.from(input), key);
  return `${input}.${sig.toString('base64url')}`;
}

function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    sub: 'repo:acme/app:ref:refs/heads/main',
    aud: 'sts.amazonaws.com',
    iat: now,
    exp: now + 600,
    ...over,
  };
}

const rsToken = (over: Record<string, unknown> = {}) =>
  jwt(claims(over), rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });

function assume(token: string, over: Partial<AssumeRoleWithWebIdentityCommandInput> = {}) {
  return server.sts().send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'build-42',
      WebIdentityToken: token,
      ...over,
    }),
  );
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'pinpost-wif-'));
  server = await startTestServer({ clock: 'manual' }, { importRoot: root });
  const iam = server.iam();
  await iam.send(
    new CreateOpenIDConnectProviderCommand({ Url: ISSUER, ClientIDList: ['sts.amazonaws.com'] }),
  );
  // The operator registers the provider's keys where Pinpost reads them (web-identity-keys.ts).
  mkdirSync(join(root, 'oidc-provider', HOST), { recursive: true });
  writeFileSync(
    join(root, 'oidc-provider', HOST, 'jwks.json'),
    JSON.stringify({
      keys: [
        { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', use: 'sig', alg: 'RS256' },
        { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', use: 'sig', alg: 'ES256' },
      ],
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'ci-deploy',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: PROVIDER_ARN },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com' },
              StringLike: { [`${HOST}:sub`]: 'repo:acme/app:*' },
            },
          },
        ],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'ci-deploy',
      PolicyName: 'read',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }],
      }),
    }),
  );
});
after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('AssumeRoleWithWebIdentity', () => {
  it('trades a valid RS256 token for a session of the role, usable against Pinpost', async () => {
    const out = await assume(rsToken());
    assert.equal(out.SubjectFromWebIdentityToken, 'repo:acme/app:ref:refs/heads/main');
    assert.equal(out.Provider, ISSUER);
    assert.equal(out.Audience, 'sts.amazonaws.com');
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/build-42`);
    assert.match(out.AssumedRoleUser?.AssumedRoleId ?? '', /^AROA[A-Z0-9]+:build-42$/);
    const c = out.Credentials!;
    assert.match(c.AccessKeyId!, /^ASIA/);
    const session = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    const me = await server.sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/build-42`);
  });

  it('verifies ES256 tokens too', async () => {
    const token = jwt(claims(), ec.privateKey, { alg: 'ES256', kid: 'ec-1' });
    const out = await assume(token, { RoleSessionName: 'ec' });
    assert.equal(out.AssumedRoleUser?.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/ci-deploy/ec`);
  });

  it('is answered without any signature on the request, as on AWS', async () => {
    const body = new URLSearchParams({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: ROLE_ARN,
      RoleSessionName: 'raw',
      WebIdentityToken: rsToken(),
    });
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.match(text, /<AssumedRoleUser>.*assumed-role\/ci-deploy\/raw/s);
    // Other operations still need a signature.
    const other = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15' }),
    });
    assert.equal(other.status, 403);
    assert.match(await other.text(), /MissingAuthenticationToken/);
  });

  it('refuses a token for another audience: InvalidIdentityToken "Incorrect token audience"', async () => {
    const f = await fail(assume(rsToken({ aud: 'someone-else' })));
    assert.deepEqual(f, {
      name: 'InvalidIdentityTokenException',
      message: 'Incorrect token audience',
      status: 400,
    });
  });

  it('refuses a token from an issuer with no provider in the account', async () => {
    const f = await fail(assume(rsToken({ iss: 'https://other.example.com' })));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.equal(f.message, 'No OpenIDConnect provider found in your account for https://other.example.com');
  });

  it("refuses the provider's ARN passed as the role's: ValidationError, before the token is read", async () => {
    // "Could not assume role with OIDC: Request ARN is invalid", as OIDC clients report it.
    const f = await fail(assume('not even a token', { RoleArn: PROVIDER_ARN }));
    assert.deepEqual(f, { name: 'ValidationError', message: 'Request ARN is invalid', status: 400 });
  });

  it('refuses a token whose signature is not by a registered key', async () => {
    const forged = jwt(claims(), stranger.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const f = await fail(assume(forged));
    assert.equal(f.name, 'InvalidIdentityTokenException');
    assert.match(f.message, /signature does not verify/);
    const unknownKid = jwt(claims(), rsa.privateKey, { alg: 'RS256', kid: 'nope' });
    const k = await fail(assume(unknownKid));
    assert.equal(k.name, 'InvalidIdentityTokenException');
    assert.match(k.message, /^Couldn't retrieve verification key from your identity provider/);
  });

  it('refuses a subject the trust policy does not allow with AccessDenied', async () => {
    const f = await fail(assume(rsToken({ sub: 'repo:evil/app:ref:refs/heads/main' })));
    assert.deepEqual(f, {
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      status: 403,
    });
  });

  it('refuses a bad session policy with MalformedPolicyDocument', async () => {
    const f = await fail(
      assume(rsToken(), { Policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}' }),
    );
    assert.equal(f.name, 'MalformedPolicyDocumentException');
  });

  it("carries the token's session tags and source identity when the trust policy allows them (id_session-tags.html)", async () => {
    const asking = rsToken({
      'https://aws.amazon.com/tags': { principal_tags: { team: ['ci'] }, transitive_tag_keys: ['team'] },
      'https://aws.amazon.com/source_identity': 'build-bot',
    });
    // ci-deploy's trust policy allows no sts:TagSession.
    assert.deepEqual(await fail(assume(asking)), {
      name: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      status: 403,
    });

    const iam = server.iam();
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'ci-tagged',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: PROVIDER_ARN },
              Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'],
              Condition: {
                StringEquals: { [`${HOST}:aud`]: 'sts.amazonaws.com', 'aws:RequestTag/team': 'ci' },
              },
            },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'ci-tagged',
        PolicyName: 'by-tag',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ListRoles',
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ci' } },
            },
          ],
        }),
      }),
    );
    const out = await assume(asking, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci-tagged` });
    assert.equal(out.SourceIdentity, 'build-bot');
    assert.equal(typeof out.PackedPolicySize, 'number');
    const c = out.Credentials!;
    const session = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    // The session's tag is its aws:PrincipalTag/team.
    const roles = await server.iam(session).send(new ListRolesCommand({}));
    assert.ok(roles.Roles?.some((r) => r.RoleName === 'ci-tagged'));
    // A transitive key naming no tag of the token is refused once authorized.
    const dangling = rsToken({
      'https://aws.amazon.com/tags': {
        principal_tags: { team: ['ci'] },
        transitive_tag_keys: ['team', 'roles'],
      },
    });
    assert.deepEqual(await fail(assume(dangling, { RoleArn: `arn:aws:iam::${ACCOUNT}:role/ci-tagged` })), {
      name: 'InvalidParameterValue',
      message: 'The specified transitive tag key must be included in the requested tags.',
      status: 400,
    });
  });

  // Last: it moves the manual clock past the token's expiry.
  it('refuses a token that has expired on Pinpost clock with ExpiredTokenException', async () => {
    const token = rsToken();
    const exp = claims()['exp'] as number;
    await server.advance(3600);
    const f = await fail(assume(token));
    assert.equal(f.name, 'ExpiredTokenException');
    assert.match(
      f.message,
      /^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/,
    );
    assert.ok(Number(/date\/time (\d+) must/.exec(f.message)![1]) > exp);
  });
});
