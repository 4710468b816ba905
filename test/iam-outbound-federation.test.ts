/**
 * Outbound web identity federation through @aws-sdk/client-iam and client-sts against a whole
 * server: IAM's switch (API_EnableOutboundWebIdentityFederation.html and its neighbours) and STS
 * GetWebIdentityToken (API_GetWebIdentityToken.html), whose tokens verify with the keys the
 * issuer URL publishes at /.well-known/jwks.json.
 */
import assert from 'node:assert/strict';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DisableOutboundWebIdentityFederationCommand,
  EnableOutboundWebIdentityFederationCommand,
  GetOutboundWebIdentityFederationInfoCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, GetWebIdentityTokenCommand } from '@aws-sdk/client-sts';
import { fail } from './support/failure.js';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';

let server: TestServer;
let worker: Credentials;

before(async () => {
  server = await startTestServer();
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'worker' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'worker',
      PolicyName: 'tokens',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:GetWebIdentityToken',
            Resource: '*',
            Condition: {
              'ForAllValues:StringEquals': { 'sts:IdentityTokenAudience': 'https://api.example.com' },
              NumericLessThanEquals: { 'sts:DurationSeconds': 300 },
            },
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'worker' }))).AccessKey!;
  worker = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
after(() => server.close());

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

async function verifies(token: string, issuer: string): Promise<boolean> {
  const jwks = (await (await fetch(`${issuer}/.well-known/jwks.json`)).json()) as { keys: JsonWebKey[] };
  const [h, c, s] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string; kid: string };
  const jwk = jwks.keys.find((k) => (k as { kid?: string }).kid === header.kid)!;
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  const data = Buffer.from(`${h}.${c}`);
  const sig = Buffer.from(s, 'base64url');
  return header.alg === 'RS256'
    ? verify('sha256', data, key, sig)
    : verify('sha384', data, { key, dsaEncoding: 'ieee-p1363' }, sig);
}

describe('outbound web identity federation', () => {
  it('is refused until enabled, then issues tokens its issuer’s keys verify (RS256 and ES384)', async () => {
    const iam = server.iam();
    const before = await fail(iam.send(new GetOutboundWebIdentityFederationInfoCommand({})));
    assert.deepEqual([before.name, before.status], ['FeatureDisabledException', 404]);
    const off = await fail(
      server.sts(worker).send(
        new GetWebIdentityTokenCommand({
          Audience: ['https://api.example.com'],
          SigningAlgorithm: 'RS256',
        }),
      ),
    );
    assert.deepEqual([off.name, off.status], ['OutboundWebIdentityFederationDisabledException', 403]);

    const { IssuerIdentifier: issuer } = await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    assert.ok(issuer?.startsWith(`${server.url}/_pinpost/outbound-federation/`), issuer);
    const again = await fail(iam.send(new EnableOutboundWebIdentityFederationCommand({})));
    assert.deepEqual([again.name, again.status], ['FeatureEnabledException', 409]);
    const info = await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
    assert.deepEqual([info.IssuerIdentifier, info.JwtVendingEnabled], [issuer, true]);
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as {
      issuer: string;
    };
    assert.equal(discovery.issuer, issuer);

    for (const alg of ['RS256', 'ES384']) {
      const out = await server
        .sts(worker)
        .send(
          new GetWebIdentityTokenCommand({ Audience: ['https://api.example.com'], SigningAlgorithm: alg }),
        );
      const token = out.WebIdentityToken!;
      const claims = claimsOf(token);
      assert.equal(claims['iss'], issuer);
      assert.equal(claims['sub'], 'arn:aws:iam::000000000000:user/worker');
      assert.equal(claims['aud'], 'https://api.example.com');
      assert.equal((claims['exp'] as number) - (claims['iat'] as number), 300);
      assert.ok(out.Expiration instanceof Date);
      assert.ok(await verifies(token, issuer!), `${alg} token verifies`);
      // A token altered after signing does not.
      const forged = token.replace(
        /\.[^.]+\./,
        `.${Buffer.from(JSON.stringify({ ...claims, sub: 'x' })).toString('base64url')}.`,
      );
      assert.equal(await verifies(forged, issuer!), false);
    }
  });

  it('is authorized with sts:IdentityTokenAudience and sts:DurationSeconds', async () => {
    const other = await fail(
      server
        .sts(worker)
        .send(new GetWebIdentityTokenCommand({ Audience: ['https://elsewhere'], SigningAlgorithm: 'RS256' })),
    );
    assert.equal(other.name, 'AccessDenied');
    const long = await fail(
      server.sts(worker).send(
        new GetWebIdentityTokenCommand({
          Audience: ['https://api.example.com'],
          SigningAlgorithm: 'RS256',
          DurationSeconds: 600,
        }),
      ),
    );
    assert.equal(long.name, 'AccessDenied');
    const bad = await fail(
      server.sts(worker).send(
        new GetWebIdentityTokenCommand({
          Audience: ['https://api.example.com'],
          SigningAlgorithm: 'HS256',
        }),
      ),
    );
    assert.equal(bad.name, 'ValidationError');
  });

  it('never outlives the caller’s session (SessionDurationEscalationException)', async () => {
    const session = await server.sts().send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const c = session.Credentials!;
    const creds = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    // Root's session: allowed anything, but not past its 900 seconds.
    const f = await fail(
      server.sts(creds).send(
        new GetWebIdentityTokenCommand({
          Audience: ['a'],
          SigningAlgorithm: 'ES384',
          DurationSeconds: 3600,
        }),
      ),
    );
    assert.deepEqual([f.name, f.status], ['SessionDurationEscalationException', 403]);
  });

  it('stops issuing once disabled; disabling twice is FeatureDisabled', async () => {
    const iam = server.iam();
    await iam.send(new DisableOutboundWebIdentityFederationCommand({}));
    const info = await iam.send(new GetOutboundWebIdentityFederationInfoCommand({}));
    assert.equal(info.JwtVendingEnabled, false);
    const twice = await fail(iam.send(new DisableOutboundWebIdentityFederationCommand({})));
    assert.deepEqual([twice.name, twice.status], ['FeatureDisabledException', 404]);
    const off = await fail(
      server.sts(worker).send(
        new GetWebIdentityTokenCommand({
          Audience: ['https://api.example.com'],
          SigningAlgorithm: 'RS256',
        }),
      ),
    );
    assert.equal(off.name, 'OutboundWebIdentityFederationDisabledException');
    // Enabled again: the same issuer.
    const { IssuerIdentifier } = await iam.send(new EnableOutboundWebIdentityFederationCommand({}));
    assert.equal(IssuerIdentifier, info.IssuerIdentifier);
  });
});
