/**
 * SES v1 configuration set options (APIReference/API_CreateConfigurationSetTrackingOptions.html,
 * API_PutConfigurationSetDeliveryOptions.html, API_UpdateConfigurationSetReputationMetricsEnabled.html
 * and siblings) over the document v2 uses: what v1 writes, v2's GetConfigurationSet reads, and back.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v1 from '@aws-sdk/client-ses';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  const c = server.ses();
  await c.send(new v1.VerifyDomainIdentityCommand({ Domain: 'track.example' }));
  await c.send(new v1.VerifyDomainIdentityCommand({ Domain: 'clicks.example' }));
  await c.send(new v1.CreateConfigurationSetCommand({ ConfigurationSet: { Name: 'opts' } }));
});
after(async () => {
  await server.close();
});

const v2Set = async () =>
  server.sesv2().send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'opts' }));

test('tracking options: create, already exists, update, delete, does not exist; v2 sees each step', async () => {
  const c = server.ses();
  await c.send(
    new v1.CreateConfigurationSetTrackingOptionsCommand({
      ConfigurationSetName: 'opts',
      TrackingOptions: { CustomRedirectDomain: 'track.example' },
    }),
  );
  assert.equal((await v2Set()).TrackingOptions?.CustomRedirectDomain, 'track.example');
  const described = await c.send(
    new v1.DescribeConfigurationSetCommand({
      ConfigurationSetName: 'opts',
      ConfigurationSetAttributeNames: ['trackingOptions'],
    }),
  );
  assert.equal(described.TrackingOptions?.CustomRedirectDomain, 'track.example');

  const again = await fail(
    c.send(
      new v1.CreateConfigurationSetTrackingOptionsCommand({
        ConfigurationSetName: 'opts',
        TrackingOptions: { CustomRedirectDomain: 'clicks.example' },
      }),
    ),
  );
  assert.deepEqual(again, {
    name: 'TrackingOptionsAlreadyExistsException',
    message: 'Configuration set <opts> already has tracking options.',
    status: 400,
  });
  assert.equal((await v2Set()).TrackingOptions?.CustomRedirectDomain, 'track.example');

  await c.send(
    new v1.UpdateConfigurationSetTrackingOptionsCommand({
      ConfigurationSetName: 'opts',
      TrackingOptions: { CustomRedirectDomain: 'clicks.example' },
    }),
  );
  assert.equal((await v2Set()).TrackingOptions?.CustomRedirectDomain, 'clicks.example');

  const unverified = await fail(
    c.send(
      new v1.UpdateConfigurationSetTrackingOptionsCommand({
        ConfigurationSetName: 'opts',
        TrackingOptions: { CustomRedirectDomain: 'nobody.example' },
      }),
    ),
  );
  assert.deepEqual(unverified, {
    name: 'InvalidTrackingOptionsException',
    message: 'Domain <nobody.example> is not verified under this account.',
    status: 400,
  });
  assert.equal((await v2Set()).TrackingOptions?.CustomRedirectDomain, 'clicks.example');

  await c.send(new v1.DeleteConfigurationSetTrackingOptionsCommand({ ConfigurationSetName: 'opts' }));
  assert.equal((await v2Set()).TrackingOptions, undefined);
  const gone = await fail(
    c.send(new v1.DeleteConfigurationSetTrackingOptionsCommand({ ConfigurationSetName: 'opts' })),
  );
  assert.deepEqual(gone, {
    name: 'TrackingOptionsDoesNotExistException',
    message: 'There are no tracking options for configuration set <opts>',
    status: 400,
  });
  const updateGone = await fail(
    c.send(
      new v1.UpdateConfigurationSetTrackingOptionsCommand({
        ConfigurationSetName: 'opts',
        TrackingOptions: { CustomRedirectDomain: 'track.example' },
      }),
    ),
  );
  assert.equal(updateGone.name, 'TrackingOptionsDoesNotExistException');
  const noSet = await fail(
    c.send(
      new v1.CreateConfigurationSetTrackingOptionsCommand({
        ConfigurationSetName: 'missing',
        TrackingOptions: { CustomRedirectDomain: 'track.example' },
      }),
    ),
  );
  assert.deepEqual(noSet, {
    name: 'ConfigurationSetDoesNotExistException',
    message: 'Configuration set <missing> does not exist.',
    status: 400,
  });
});

test('delivery options and reputation metrics: v1 writes what v2 reads, v2 writes what v1 reads', async () => {
  const c = server.ses();
  await c.send(
    new v1.PutConfigurationSetDeliveryOptionsCommand({
      ConfigurationSetName: 'opts',
      DeliveryOptions: { TlsPolicy: 'Require' },
    }),
  );
  assert.equal((await v2Set()).DeliveryOptions?.TlsPolicy, 'REQUIRE');
  await c.send(
    new v1.UpdateConfigurationSetReputationMetricsEnabledCommand({
      ConfigurationSetName: 'opts',
      Enabled: true,
    }),
  );
  assert.equal((await v2Set()).ReputationOptions?.ReputationMetricsEnabled, true);

  await server.sesv2().send(
    new v2.PutConfigurationSetDeliveryOptionsCommand({
      ConfigurationSetName: 'opts',
      TlsPolicy: 'OPTIONAL',
    }),
  );
  await server.sesv2().send(
    new v2.PutConfigurationSetReputationOptionsCommand({
      ConfigurationSetName: 'opts',
      ReputationMetricsEnabled: false,
    }),
  );
  const described = await c.send(
    new v1.DescribeConfigurationSetCommand({
      ConfigurationSetName: 'opts',
      ConfigurationSetAttributeNames: ['deliveryOptions', 'reputationOptions'],
    }),
  );
  assert.equal(described.DeliveryOptions?.TlsPolicy, 'Optional');
  assert.equal(described.ReputationOptions?.ReputationMetricsEnabled, false);

  const badTls = await fail(
    c.send(
      new v1.PutConfigurationSetDeliveryOptionsCommand({
        ConfigurationSetName: 'opts',
        DeliveryOptions: { TlsPolicy: 'Always' as v1.TlsPolicy },
      }),
    ),
  );
  assert.equal(badTls.name, 'ValidationError');
  const missing = await fail(
    c.send(
      new v1.UpdateConfigurationSetReputationMetricsEnabledCommand({
        ConfigurationSetName: 'nope',
        Enabled: true,
      }),
    ),
  );
  assert.equal(missing.name, 'ConfigurationSetDoesNotExistException');
});

test('a user without permission is denied on the configuration set ARN', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'no-opts' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-opts' }))).AccessKey;
  const denied = await fail(
    server.ses({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' }).send(
      new v1.PutConfigurationSetDeliveryOptionsCommand({
        ConfigurationSetName: 'opts',
        DeliveryOptions: { TlsPolicy: 'Require' },
      }),
    ),
  );
  assert.equal(denied.name, 'AccessDenied');
  assert.match(
    denied.message,
    /ses:PutConfigurationSetDeliveryOptions' on resource `arn:aws:ses:us-east-1:000000000000:configuration-set\/opts'/,
  );
  assert.equal((await v2Set()).DeliveryOptions?.TlsPolicy, 'OPTIONAL');
});
