/**
 * assumeRoleAsService: how the Pinpoint engine assumes an app's OrchestrationSendingRoleArn as
 * `pinpoint.amazonaws.com`, decided by the seed's trust policy (Pinpoint developer guide,
 * permissions-ses.html: StringEquals aws:SourceAccount; confused-deputy.html).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { assumeRoleAsService, type ServiceAssumeDeps } from '../src/services/sts/service-assume.js';
import { startTestServer, type TestServer } from './support/server.js';
import { ACCOUNT, allow, awsError, makeRole, OTHER, policy, trust } from './sts-fixtures.js';

let server: TestServer;
let deps: ServiceAssumeDeps;
before(async () => {
  server = await startTestServer();
  deps = {
    pipeline: server.server.pipeline,
    sts: server.runtime.services.find((s) => s.id === 'sts')!,
    credentials: server.runtime.credentials,
  };
});
after(() => server.close());

/** The seed's trust policy, verbatim but for the account id. */
const seedTrust = (account: string, service = 'pinpoint.amazonaws.com') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowPinpoint',
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': account } },
      },
    ],
  });

const APP_ARN = `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/0123456789abcdef0123456789abcdef`;

const request = (roleArn: string, sourceAccount = ACCOUNT) => ({
  servicePrincipal: 'pinpoint.amazonaws.com',
  roleArn,
  roleSessionName: 'pinpoint-campaign-1',
  sourceAccount,
  sourceArn: APP_ARN,
});

const denied = (roleArn: string) =>
  awsError(
    'AccessDenied',
    `User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );

describe('assumeRoleAsService', () => {
  it("allowed with the matching aws:SourceAccount; the session has the role's permissions", async () => {
    const roleArn = await makeRole(server, 'PinpointSender', {
      trust: seedTrust(ACCOUNT),
      policies: {
        send: policy(
          allow(
            ['ses:SendEmail', 'ses:SendRawEmail'],
            [
              `arn:aws:ses:us-east-1:${ACCOUNT}:identity/*`,
              `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/*`,
            ],
          ),
        ),
      },
    });
    const session = await assumeRoleAsService(deps, request(roleArn));
    assert.match(session.credentials.AccessKeyId, /^ASIA/);
    assert.equal(
      session.assumedRoleUser.Arn,
      `arn:aws:sts::${ACCOUNT}:assumed-role/PinpointSender/pinpoint-campaign-1`,
    );
    assert.equal(session.principal.kind, 'AssumedRole');
    assert.equal(session.principal.arn, session.assumedRoleUser.Arn);
    assert.equal(session.principal.roleArn, roleArn);
    assert.equal(session.principal.account, ACCOUNT);
    // The credentials work over the wire too.
    const who = await server
      .sts({
        accessKeyId: session.credentials.AccessKeyId,
        secretAccessKey: session.credentials.SecretAccessKey,
        sessionToken: session.credentials.SessionToken,
      })
      .send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, session.assumedRoleUser.Arn);
    // And the authorizer decides the session's SES sends by the role's policy.
    const decide = async (resource: string) =>
      (
        await server.runtime.authorizer.authorize({
          principal: session.principal,
          action: 'ses:SendEmail',
          resources: [resource],
          contextKeys: new Map(),
          ctx: { region: 'us-east-1' } as never,
        })
      ).allowed;
    assert.equal(await decide(`arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`), true);
    assert.equal(await decide(`arn:aws:ses:us-east-1:${ACCOUNT}:template/t`), false);
  });

  it('refused when aws:SourceAccount is another account (confused deputy)', async () => {
    const roleArn = await makeRole(server, 'PinpointSenderB', { trust: seedTrust(ACCOUNT) });
    const before = await server.runtime.sts.sessions.count();
    await assert.rejects(assumeRoleAsService(deps, request(roleArn, OTHER)), denied(roleArn));
    assert.equal(await server.runtime.sts.sessions.count(), before);
  });

  it('refused when the trust policy names another service, or no service', async () => {
    const sesOnly = await makeRole(server, 'SesTrust', { trust: seedTrust(ACCOUNT, 'ses.amazonaws.com') });
    await assert.rejects(assumeRoleAsService(deps, request(sesOnly)), denied(sesOnly));
    const accountOnly = await makeRole(server, 'AccountOnly', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    await assert.rejects(assumeRoleAsService(deps, request(accountOnly)), denied(accountOnly));
  });

  it('aws:SourceArn reaches the trust policy too', async () => {
    const roleArn = await makeRole(server, 'ArnBound', {
      trust: trust(
        { Service: 'pinpoint.amazonaws.com' },
        { ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/0123*` } },
      ),
    });
    await assumeRoleAsService(deps, request(roleArn));
    await assert.rejects(
      assumeRoleAsService(deps, {
        ...request(roleArn),
        sourceArn: `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:apps/ffff`,
      }),
      denied(roleArn),
    );
  });

  it('a role that does not exist is refused the same way', async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/Missing`;
    await assert.rejects(assumeRoleAsService(deps, request(roleArn)), denied(roleArn));
  });
});
