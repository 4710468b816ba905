/**
 * SES v2 reputation entities (API_GetReputationEntity.html and siblings) — the account's tenants,
 * as the Service Authorization Reference's `tenant*` resource says — and ListRecommendations
 * (API_ListRecommendations.html) derived from the identities' DKIM and MAIL FROM state, stored so a
 * recommendation becomes FIXED once its cause is gone; bad input refused with nothing written.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v1 from '@aws-sdk/client-ses';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const ACCOUNT = '000000000000';
const POLICY = (name: string) => `arn:aws:ses:us-east-1:aws:reputation-policy/${name}`;
let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

test('a tenant is a reputation entity: policy none, statuses ENABLED until the customer changes them', async () => {
  const c = server.sesv2();
  const arn = (await c.send(new v2.CreateTenantCommand({ TenantName: 'acme' }))).TenantArn!;
  const ref = { ReputationEntityType: 'RESOURCE' as const, ReputationEntityReference: arn };
  const fresh = (await c.send(new v2.GetReputationEntityCommand(ref))).ReputationEntity;
  assert.deepEqual(fresh, {
    ReputationEntityReference: arn,
    ReputationEntityType: 'RESOURCE',
    ReputationManagementPolicy: POLICY('none'),
    CustomerManagedStatus: { Status: 'ENABLED' },
    AwsSesManagedStatus: { Status: 'ENABLED' },
    SendingStatusAggregate: 'ENABLED',
  });

  await c.send(
    new v2.UpdateReputationEntityCustomerManagedStatusCommand({ ...ref, SendingStatus: 'DISABLED' }),
  );
  await c.send(
    new v2.UpdateReputationEntityPolicyCommand({ ...ref, ReputationEntityPolicy: POLICY('strict') }),
  );
  const changed = (await c.send(new v2.GetReputationEntityCommand(ref))).ReputationEntity;
  assert.equal(changed?.ReputationManagementPolicy, POLICY('strict'));
  assert.equal(changed?.CustomerManagedStatus?.Status, 'DISABLED');
  assert.equal(changed?.CustomerManagedStatus?.Cause, 'Status manually updated.');
  assert.ok(changed?.CustomerManagedStatus?.LastUpdatedTimestamp instanceof Date);
  assert.equal(changed?.SendingStatusAggregate, 'DISABLED');
  assert.equal(
    (await c.send(new v2.GetTenantCommand({ TenantName: 'acme' }))).Tenant?.SendingStatus,
    'DISABLED',
  );

  // A policy that is not one of SES's three, or an unknown entity: refused, nothing changed.
  const badPolicy = await fail(
    c.send(new v2.UpdateReputationEntityPolicyCommand({ ...ref, ReputationEntityPolicy: POLICY('lenient') })),
  );
  assert.equal(badPolicy.name, 'BadRequestException');
  const missing = `arn:aws:ses:us-east-1:${ACCOUNT}:tenant/ghost/tn-000`;
  const unknown = await fail(
    c.send(
      new v2.UpdateReputationEntityCustomerManagedStatusCommand({
        ReputationEntityType: 'RESOURCE',
        ReputationEntityReference: missing,
        SendingStatus: 'ENABLED',
      }),
    ),
  );
  assert.equal(unknown.name, 'BadRequestException');
  assert.deepEqual(
    await fail(
      c.send(
        new v2.GetReputationEntityCommand({
          ReputationEntityType: 'RESOURCE',
          ReputationEntityReference: missing,
        }),
      ),
    ),
    { name: 'NotFoundException', message: `Reputation entity <${missing}> does not exist.`, status: 404 },
  );
  const badType = await fail(
    c.send(
      new v2.GetReputationEntityCommand({
        ReputationEntityType: 'TENANT' as 'RESOURCE',
        ReputationEntityReference: arn,
      }),
    ),
  );
  assert.equal(badType.name, 'BadRequestException');
  assert.equal(
    (await c.send(new v2.GetReputationEntityCommand(ref))).ReputationEntity?.ReputationManagementPolicy,
    POLICY('strict'),
  );

  await c.send(
    new v2.UpdateReputationEntityCustomerManagedStatusCommand({ ...ref, SendingStatus: 'REINSTATED' }),
  );
  assert.equal(
    (await c.send(new v2.GetReputationEntityCommand(ref))).ReputationEntity?.SendingStatusAggregate,
    'REINSTATED',
  );
});

test('ListReputationEntities filters by sending status and reference prefix, and pages', async () => {
  const c = server.sesv2();
  const beta = (await c.send(new v2.CreateTenantCommand({ TenantName: 'beta' }))).TenantArn!;
  await c.send(new v2.CreateTenantCommand({ TenantName: 'gamma' }));
  const all = await c.send(new v2.ListReputationEntitiesCommand({}));
  assert.deepEqual(
    all.ReputationEntities?.map((e) => e.ReputationEntityReference?.split('/')[1]),
    ['acme', 'beta', 'gamma'],
  );
  const reinstated = await c.send(
    new v2.ListReputationEntitiesCommand({ Filter: { SENDING_STATUS: 'REINSTATED' } }),
  );
  assert.deepEqual(
    reinstated.ReputationEntities?.map((e) => e.ReputationEntityReference?.split('/')[1]),
    ['acme'],
  );
  const prefixed = await c.send(
    new v2.ListReputationEntitiesCommand({
      Filter: { ENTITY_REFERENCE_PREFIX: beta.slice(0, beta.lastIndexOf('/')) },
    }),
  );
  assert.deepEqual(
    prefixed.ReputationEntities?.map((e) => e.ReputationEntityReference),
    [beta],
  );
  const first = await c.send(new v2.ListReputationEntitiesCommand({ PageSize: 2 }));
  assert.equal(first.ReputationEntities?.length, 2);
  const second = await c.send(
    new v2.ListReputationEntitiesCommand({ PageSize: 2, NextToken: first.NextToken }),
  );
  assert.deepEqual(
    second.ReputationEntities?.map((e) => e.ReputationEntityReference?.split('/')[1]),
    ['gamma'],
  );
  assert.equal(second.NextToken, undefined);
  const bad = await fail(
    c.send(new v2.ListReputationEntitiesCommand({ Filter: { SENDING_STATUS: 'PAUSED' } })),
  );
  assert.equal(bad.name, 'BadRequestException');
});

test('recommendations follow the identities: DKIM and SPF opened, then FIXED once set up', async () => {
  const c = server.sesv2();
  // v1 VerifyDomainIdentity sets up no DKIM; v2's domain has Easy DKIM but no MAIL FROM domain.
  await server.ses().send(new v1.VerifyDomainIdentityCommand({ Domain: 'nodkim.example' }));
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'nomailfrom.example' }));
  const arn = (name: string) => `arn:aws:ses:us-east-1:${ACCOUNT}:identity/${name}`;
  const open = await c.send(new v2.ListRecommendationsCommand({ Filter: { STATUS: 'OPEN' } }));
  const summary = (r: v2.Recommendation[] | undefined) =>
    (r ?? []).map((x) => [x.ResourceArn, x.Type, x.Status, x.Impact]);
  assert.deepEqual(summary(open.Recommendations), [
    [arn('nodkim.example'), 'DKIM', 'OPEN', 'HIGH'],
    [arn('nodkim.example'), 'SPF', 'OPEN', 'LOW'],
    [arn('nomailfrom.example'), 'SPF', 'OPEN', 'LOW'],
  ]);
  const created = open.Recommendations![0].CreatedTimestamp;
  assert.ok(created instanceof Date);

  await server.ses().send(new v1.VerifyDomainDkimCommand({ Domain: 'nodkim.example' }));
  await c.send(
    new v2.PutEmailIdentityMailFromAttributesCommand({
      EmailIdentity: 'nomailfrom.example',
      MailFromDomain: 'bounce.nomailfrom.example',
    }),
  );
  const after = await c.send(new v2.ListRecommendationsCommand({}));
  assert.deepEqual(summary(after.Recommendations), [
    [arn('nodkim.example'), 'DKIM', 'FIXED', 'HIGH'],
    [arn('nodkim.example'), 'SPF', 'OPEN', 'LOW'],
    [arn('nomailfrom.example'), 'SPF', 'FIXED', 'LOW'],
  ]);
  assert.deepEqual(after.Recommendations![0].CreatedTimestamp, created, 'the recommendation is the same one');

  const byType = await c.send(
    new v2.ListRecommendationsCommand({ Filter: { STATUS: 'FIXED', TYPE: 'SPF' } }),
  );
  assert.deepEqual(summary(byType.Recommendations), [[arn('nomailfrom.example'), 'SPF', 'FIXED', 'LOW']]);
  const paged = await c.send(new v2.ListRecommendationsCommand({ PageSize: 2 }));
  assert.equal(paged.Recommendations?.length, 2);
  const rest = await c.send(new v2.ListRecommendationsCommand({ PageSize: 2, NextToken: paged.NextToken }));
  assert.deepEqual(summary(rest.Recommendations), [[arn('nomailfrom.example'), 'SPF', 'FIXED', 'LOW']]);

  const combined = await fail(
    c.send(new v2.ListRecommendationsCommand({ Filter: { TYPE: 'SPF', IMPACT: 'LOW' } })),
  );
  assert.equal(combined.name, 'BadRequestException');
  const tooMany = await fail(c.send(new v2.ListRecommendationsCommand({ PageSize: 101 })));
  assert.equal(tooMany.name, 'BadRequestException');
});

test('authorization: a user allowed GetReputationEntity on tenants is denied the policy update', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'rep-reader' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'rep-reader',
      PolicyName: 'read',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ses:GetReputationEntity',
            Resource: `arn:aws:ses:*:${ACCOUNT}:tenant/*`,
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'rep-reader' }))).AccessKey;
  const user = server.sesv2({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  const arn = (await server.sesv2().send(new v2.GetTenantCommand({ TenantName: 'beta' }))).Tenant!.TenantArn!;
  const ref = { ReputationEntityType: 'RESOURCE' as const, ReputationEntityReference: arn };
  assert.equal(
    (await user.send(new v2.GetReputationEntityCommand(ref))).ReputationEntity?.ReputationEntityReference,
    arn,
  );
  const denied = await fail(
    user.send(
      new v2.UpdateReputationEntityPolicyCommand({ ...ref, ReputationEntityPolicy: POLICY('standard') }),
    ),
  );
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /ses:UpdateReputationEntityPolicy/);
  assert.equal(
    (await server.sesv2().send(new v2.GetReputationEntityCommand(ref))).ReputationEntity
      ?.ReputationManagementPolicy,
    POLICY('none'),
  );
});
