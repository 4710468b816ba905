/**
 * SES v2 dedicated IP pools as stored configuration (API_CreateDedicatedIpPool.html and siblings):
 * the lifecycle, paging, tags, scaling, configuration sets naming a pool, the answers of an account
 * without leased IPs, the account's auto warm-up flag on GetAccount, and authorization on
 * `dedicated-ip-pool/<name>`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

test('pool lifecycle: create, get, duplicate, list with paging, scale, tag, delete, NotFoundException', async () => {
  const c = server.sesv2();
  await c.send(
    new v2.CreateDedicatedIpPoolCommand({ PoolName: 'marketing', Tags: [{ Key: 'team', Value: 'm' }] }),
  );
  await c.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'transactional', ScalingMode: 'MANAGED' }));
  await c.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'alerts' }));

  const got = await c.send(new v2.GetDedicatedIpPoolCommand({ PoolName: 'marketing' }));
  assert.deepEqual(got.DedicatedIpPool, { PoolName: 'marketing', ScalingMode: 'STANDARD' });
  assert.deepEqual(await fail(c.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'marketing' }))), {
    name: 'AlreadyExistsException',
    message: 'The pool <marketing> already exists.',
    status: 400,
  });
  const badMode = await fail(
    c.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'odd', ScalingMode: 'BIG' as v2.ScalingMode })),
  );
  assert.deepEqual(badMode, {
    name: 'BadRequestException',
    message: 'The ScalingMode parameter is invalid.',
    status: 400,
  });

  const first = await c.send(new v2.ListDedicatedIpPoolsCommand({ PageSize: 2 }));
  assert.deepEqual(first.DedicatedIpPools, ['alerts', 'marketing']);
  const rest = await c.send(new v2.ListDedicatedIpPoolsCommand({ PageSize: 2, NextToken: first.NextToken }));
  assert.deepEqual(rest.DedicatedIpPools, ['transactional'], 'the refused create `odd` was not stored');
  assert.equal(rest.NextToken, undefined);

  await c.send(
    new v2.PutDedicatedIpPoolScalingAttributesCommand({ PoolName: 'marketing', ScalingMode: 'MANAGED' }),
  );
  assert.equal(
    (await c.send(new v2.GetDedicatedIpPoolCommand({ PoolName: 'marketing' }))).DedicatedIpPool?.ScalingMode,
    'MANAGED',
  );
  // API_PutDedicatedIpPoolScalingAttributes.html: MANAGED pools cannot be converted to STANDARD.
  const back = await fail(
    c.send(
      new v2.PutDedicatedIpPoolScalingAttributesCommand({ PoolName: 'marketing', ScalingMode: 'STANDARD' }),
    ),
  );
  assert.equal(back.name, 'BadRequestException');

  const arn = 'arn:aws:ses:us-east-1:000000000000:dedicated-ip-pool/marketing';
  await c.send(new v2.TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
  assert.deepEqual((await c.send(new v2.ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [
    { Key: 'team', Value: 'm' },
    { Key: 'env', Value: 'prod' },
  ]);

  await c.send(new v2.DeleteDedicatedIpPoolCommand({ PoolName: 'marketing' }));
  const gone = {
    name: 'NotFoundException',
    message: 'The requested pool <marketing> does not exist.',
    status: 404,
  };
  assert.deepEqual(await fail(c.send(new v2.GetDedicatedIpPoolCommand({ PoolName: 'marketing' }))), gone);
  assert.deepEqual(await fail(c.send(new v2.DeleteDedicatedIpPoolCommand({ PoolName: 'marketing' }))), gone);
  assert.deepEqual(
    await fail(
      c.send(
        new v2.PutDedicatedIpPoolScalingAttributesCommand({ PoolName: 'marketing', ScalingMode: 'MANAGED' }),
      ),
    ),
    gone,
  );
});

test('an account without leased IPs: no dedicated IPs, and each IP is NotFoundException', async () => {
  const c = server.sesv2();
  assert.deepEqual((await c.send(new v2.GetDedicatedIpsCommand({}))).DedicatedIps, []);
  await c.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'empty' }));
  assert.deepEqual((await c.send(new v2.GetDedicatedIpsCommand({ PoolName: 'empty' }))).DedicatedIps, []);
  const noPool = await fail(c.send(new v2.GetDedicatedIpsCommand({ PoolName: 'nowhere' })));
  assert.equal(noPool.name, 'NotFoundException');
  const missing = {
    name: 'NotFoundException',
    message: 'Could not find dedicated IP <192.0.2.10> under this account.',
    status: 404,
  };
  assert.deepEqual(await fail(c.send(new v2.GetDedicatedIpCommand({ Ip: '192.0.2.10' }))), missing);
  assert.deepEqual(
    await fail(
      c.send(new v2.PutDedicatedIpInPoolCommand({ Ip: '192.0.2.10', DestinationPoolName: 'empty' })),
    ),
    missing,
  );
  assert.deepEqual(
    await fail(
      c.send(new v2.PutDedicatedIpWarmupAttributesCommand({ Ip: '192.0.2.10', WarmupPercentage: 50 })),
    ),
    missing,
  );
  const pct = await fail(
    c.send(new v2.PutDedicatedIpWarmupAttributesCommand({ Ip: '192.0.2.10', WarmupPercentage: 101 })),
  );
  assert.deepEqual(pct, {
    name: 'BadRequestException',
    message: 'Warmup Percentage must be between 0 and 100.',
    status: 400,
  });
});

test('PutAccountDedicatedIpWarmupAttributes is stored and shown by GetAccount', async () => {
  const c = server.sesv2();
  assert.equal((await c.send(new v2.GetAccountCommand({}))).DedicatedIpAutoWarmupEnabled, false);
  await c.send(new v2.PutAccountDedicatedIpWarmupAttributesCommand({ AutoWarmupEnabled: true }));
  assert.equal((await c.send(new v2.GetAccountCommand({}))).DedicatedIpAutoWarmupEnabled, true);
  await c.send(new v2.PutAccountDedicatedIpWarmupAttributesCommand({ AutoWarmupEnabled: false }));
  assert.equal((await c.send(new v2.GetAccountCommand({}))).DedicatedIpAutoWarmupEnabled, false);
});

test("a configuration set's SendingPoolName must name an existing pool", async () => {
  const c = server.sesv2();
  const refused = await fail(
    c.send(
      new v2.CreateConfigurationSetCommand({
        ConfigurationSetName: 'uses-pool',
        DeliveryOptions: { SendingPoolName: 'bulk' },
      }),
    ),
  );
  assert.deepEqual(refused, {
    name: 'NotFoundException',
    message: "SendingPool <bulk> doesn't exist",
    status: 404,
  });
  const none = await fail(c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'uses-pool' })));
  assert.equal(none.status, 404, 'the refused create stored nothing');

  await c.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'bulk' }));
  await c.send(
    new v2.CreateConfigurationSetCommand({
      ConfigurationSetName: 'uses-pool',
      DeliveryOptions: { SendingPoolName: 'bulk' },
    }),
  );
  const set = await c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'uses-pool' }));
  assert.equal(set.DeliveryOptions?.SendingPoolName, 'bulk');
  const other = await fail(
    c.send(
      new v2.PutConfigurationSetDeliveryOptionsCommand({
        ConfigurationSetName: 'uses-pool',
        SendingPoolName: 'not-a-pool',
      }),
    ),
  );
  assert.equal(other.message, "SendingPool <not-a-pool> doesn't exist");
  const unchanged = await c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'uses-pool' }));
  assert.equal(unchanged.DeliveryOptions?.SendingPoolName, 'bulk');
});

test('authorization on dedicated-ip-pool/<name>: denied without permission, allowed on the named pool', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'pool-user' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'pool-user',
      PolicyName: 'one-pool',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'ses:CreateDedicatedIpPool',
            Resource: 'arn:aws:ses:us-east-1:000000000000:dedicated-ip-pool/team-*',
          },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'pool-user' }))).AccessKey;
  const user = server.sesv2({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  await user.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'team-a' }));
  const denied = await fail(user.send(new v2.CreateDedicatedIpPoolCommand({ PoolName: 'other' })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /ses:CreateDedicatedIpPool.*dedicated-ip-pool\/other/);
  const list = await fail(user.send(new v2.ListDedicatedIpPoolsCommand({})));
  assert.equal(list.name, 'AccessDeniedException');
  const pools = (await server.sesv2().send(new v2.ListDedicatedIpPoolsCommand({}))).DedicatedIpPools ?? [];
  assert.ok(pools.includes('team-a') && !pools.includes('other'));
});
