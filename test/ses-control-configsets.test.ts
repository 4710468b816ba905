/**
 * SES configuration sets and event destinations through both APIs on one server
 * (APIReference-V2/API_CreateConfigurationSet.html, APIReference/API_DescribeConfigurationSet.html):
 * options, the errors each model names with SES's texts, pagination, and what sending reads.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import * as v1 from '@aws-sdk/client-ses';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});
const scope = { account: '000000000000', region: 'us-east-1' };

test('CreateConfigurationSet with every option; GetConfigurationSet answers them; Put*Options change them', async () => {
  const c = server.sesv2();
  await c.send(
    new v2.CreateConfigurationSetCommand({
      ConfigurationSetName: 'full',
      TrackingOptions: { CustomRedirectDomain: 'track.example', HttpsPolicy: 'REQUIRE' },
      DeliveryOptions: { TlsPolicy: 'REQUIRE', MaxDeliverySeconds: 600 },
      ReputationOptions: { ReputationMetricsEnabled: true },
      SendingOptions: { SendingEnabled: false },
      SuppressionOptions: { SuppressedReasons: ['BOUNCE'] },
      Tags: [{ Key: 'env', Value: 'test' }],
    }),
  );
  const got = await c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'full' }));
  assert.deepEqual(got.TrackingOptions, { CustomRedirectDomain: 'track.example', HttpsPolicy: 'REQUIRE' });
  assert.deepEqual(got.DeliveryOptions, { TlsPolicy: 'REQUIRE', MaxDeliverySeconds: 600 });
  assert.equal(got.ReputationOptions?.ReputationMetricsEnabled, true);
  assert.deepEqual(got.SendingOptions, { SendingEnabled: false });
  assert.deepEqual(got.SuppressionOptions, { SuppressedReasons: ['BOUNCE'] });
  assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'test' }]);
  let record = await server.runtime.ses.control.configSets.get(scope, 'full');
  assert.equal(record?.sendingEnabled, false);
  assert.deepEqual(record?.suppressedReasons, ['BOUNCE']);
  assert.equal(record?.customRedirectDomain, 'track.example');
  assert.equal(record?.arn, 'arn:aws:ses:us-east-1:000000000000:configuration-set/full');

  await c.send(
    new v2.PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: 'full', SendingEnabled: true }),
  );
  await c.send(
    new v2.PutConfigurationSetSuppressionOptionsCommand({
      ConfigurationSetName: 'full',
      SuppressedReasons: ['BOUNCE', 'COMPLAINT'],
    }),
  );
  await c.send(
    new v2.PutConfigurationSetReputationOptionsCommand({
      ConfigurationSetName: 'full',
      ReputationMetricsEnabled: false,
    }),
  );
  await c.send(
    new v2.PutConfigurationSetTrackingOptionsCommand({
      ConfigurationSetName: 'full',
      CustomRedirectDomain: 'clicks.example',
    }),
  );
  await c.send(
    new v2.PutConfigurationSetDeliveryOptionsCommand({ ConfigurationSetName: 'full', TlsPolicy: 'OPTIONAL' }),
  );
  const after = await c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'full' }));
  assert.equal(after.SendingOptions?.SendingEnabled, true);
  assert.deepEqual(after.SuppressionOptions?.SuppressedReasons, ['BOUNCE', 'COMPLAINT']);
  assert.equal(after.ReputationOptions?.ReputationMetricsEnabled, false);
  assert.equal(after.TrackingOptions?.CustomRedirectDomain, 'clicks.example');
  assert.equal(after.DeliveryOptions?.TlsPolicy, 'OPTIONAL');
  record = await server.runtime.ses.control.configSets.get(scope, 'full');
  assert.equal(record?.sendingEnabled, true);

  const badDelivery = await fail(
    c.send(
      new v2.PutConfigurationSetDeliveryOptionsCommand({
        ConfigurationSetName: 'full',
        MaxDeliverySeconds: 10,
      }),
    ),
  );
  assert.deepEqual(badDelivery, {
    name: 'BadRequestException',
    message:
      "1 validation error detected: Value '10' at 'deliveryOptions.MaxDeliverySeconds' failed to satisfy constraint: Member must have value greater than or equal to 300",
    status: 400,
  });
  const missing = await fail(
    c.send(
      new v2.PutConfigurationSetSendingOptionsCommand({ ConfigurationSetName: 'none', SendingEnabled: true }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'NotFoundException',
    message: 'Configuration set <none> does not exist.',
    status: 404,
  });
});

test('duplicates, bad names and bad options are refused and write nothing', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateConfigurationSetCommand({ ConfigurationSetName: 'dup' }));
  const dup = await fail(c.send(new v2.CreateConfigurationSetCommand({ ConfigurationSetName: 'dup' })));
  assert.deepEqual(dup, {
    name: 'AlreadyExistsException',
    message: 'Configuration set <dup> already exists.',
    status: 400,
  });
  const badName = await fail(
    c.send(new v2.CreateConfigurationSetCommand({ ConfigurationSetName: 'has space' })),
  );
  assert.equal(badName.name, 'BadRequestException');
  const badReason = await fail(
    c.send(
      new v2.CreateConfigurationSetCommand({
        ConfigurationSetName: 'half',
        SuppressionOptions: { SuppressedReasons: ['SPAM' as 'BOUNCE'] },
      }),
    ),
  );
  assert.equal(badReason.name, 'BadRequestException');
  const badPool = await fail(
    c.send(
      new v2.CreateConfigurationSetCommand({
        ConfigurationSetName: 'half',
        DeliveryOptions: { SendingPoolName: 'pool1' },
      }),
    ),
  );
  assert.deepEqual(badPool, {
    name: 'NotFoundException',
    message: "SendingPool <pool1> doesn't exist",
    status: 404,
  });
  assert.equal(
    (await fail(c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'half' })))).status,
    404,
  );
  const old = server.ses();
  const v1dup = await fail(
    old.send(new v1.CreateConfigurationSetCommand({ ConfigurationSet: { Name: 'dup' } })),
  );
  assert.deepEqual(v1dup, {
    name: 'ConfigurationSetAlreadyExistsException',
    message: 'Configuration set <dup> already exists.',
    status: 400,
  });
  const v1bad = await fail(
    old.send(new v1.CreateConfigurationSetCommand({ ConfigurationSet: { Name: 'bad name' } })),
  );
  assert.equal(v1bad.name, 'InvalidConfigurationSetException');
});

test('event destinations through v2 and v1 on the same configuration set', async () => {
  const c = server.sesv2();
  const old = server.ses();
  await old.send(new v1.CreateConfigurationSetCommand({ ConfigurationSet: { Name: 'events' } }));
  await c.send(
    new v2.CreateConfigurationSetEventDestinationCommand({
      ConfigurationSetName: 'events',
      EventDestinationName: 'sns',
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['SEND', 'BOUNCE', 'DELIVERY_DELAY'],
        SnsDestination: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t' },
      },
    }),
  );
  const dup = await fail(
    c.send(
      new v2.CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'events',
        EventDestinationName: 'sns',
        EventDestination: { MatchingEventTypes: ['SEND'] },
      }),
    ),
  );
  assert.deepEqual(dup, {
    name: 'AlreadyExistsException',
    message: 'An event destination with name <sns> already exists for configuration set <events>.',
    status: 400,
  });
  await old.send(
    new v1.CreateConfigurationSetEventDestinationCommand({
      ConfigurationSetName: 'events',
      EventDestination: {
        Name: 'cw',
        Enabled: true,
        MatchingEventTypes: ['renderingFailure', 'open'],
        CloudWatchDestination: {
          DimensionConfigurations: [
            { DimensionName: 'd', DimensionValueSource: 'messageTag', DefaultDimensionValue: 'x' },
          ],
        },
      },
    }),
  );
  const list = await c.send(
    new v2.GetConfigurationSetEventDestinationsCommand({ ConfigurationSetName: 'events' }),
  );
  assert.deepEqual(
    list.EventDestinations?.map((d) => [d.Name, d.MatchingEventTypes]),
    [
      ['sns', ['SEND', 'BOUNCE', 'DELIVERY_DELAY']],
      ['cw', ['RENDERING_FAILURE', 'OPEN']],
    ],
  );
  const described = await old.send(
    new v1.DescribeConfigurationSetCommand({
      ConfigurationSetName: 'events',
      ConfigurationSetAttributeNames: ['eventDestinations', 'reputationOptions', 'deliveryOptions'],
    }),
  );
  assert.deepEqual(
    described.EventDestinations?.[0].MatchingEventTypes,
    ['send', 'bounce'],
    'DELIVERY_DELAY has no v1 name',
  );
  assert.equal(
    described.EventDestinations?.[0].SNSDestination?.TopicARN,
    'arn:aws:sns:us-east-1:000000000000:t',
  );
  assert.equal(described.ReputationOptions?.SendingEnabled, true);
  assert.equal(described.DeliveryOptions?.TlsPolicy, 'Optional');

  await c.send(
    new v2.UpdateConfigurationSetEventDestinationCommand({
      ConfigurationSetName: 'events',
      EventDestinationName: 'cw',
      EventDestination: { Enabled: false, MatchingEventTypes: ['CLICK'] },
    }),
  );
  const record = await server.runtime.ses.control.configSets.get(scope, 'events');
  assert.deepEqual(record?.eventDestinations, [
    { Name: 'sns', Enabled: true, MatchingEventTypes: ['SEND', 'BOUNCE', 'DELIVERY_DELAY'] },
    { Name: 'cw', Enabled: false, MatchingEventTypes: ['CLICK'] },
  ]);
  await old.send(
    new v1.DeleteConfigurationSetEventDestinationCommand({
      ConfigurationSetName: 'events',
      EventDestinationName: 'cw',
    }),
  );
  const v1gone = await fail(
    old.send(
      new v1.DeleteConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'events',
        EventDestinationName: 'cw',
      }),
    ),
  );
  assert.deepEqual(v1gone, {
    name: 'EventDestinationDoesNotExistException',
    message: 'An event destination with name <cw> does not exist for configuration set <events>.',
    status: 400,
  });
  const v2gone = await fail(
    c.send(
      new v2.DeleteConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'events',
        EventDestinationName: 'cw',
      }),
    ),
  );
  assert.equal(v2gone.name, 'NotFoundException');
  const noTypes = await fail(
    c.send(
      new v2.CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'events',
        EventDestinationName: 'x',
        EventDestination: { MatchingEventTypes: [] },
      }),
    ),
  );
  assert.equal(noTypes.name, 'BadRequestException');
  await old.send(
    new v1.UpdateConfigurationSetSendingEnabledCommand({ ConfigurationSetName: 'events', Enabled: false }),
  );
  assert.equal(
    (await c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'events' }))).SendingOptions
      ?.SendingEnabled,
    false,
  );
  const noSet = await fail(
    old.send(
      new v1.UpdateConfigurationSetSendingEnabledCommand({ ConfigurationSetName: 'none', Enabled: false }),
    ),
  );
  assert.deepEqual(noSet, {
    name: 'ConfigurationSetDoesNotExistException',
    message: 'Configuration set <none> does not exist.',
    status: 400,
  });
  // A value the model cannot type is awsQuery's ValidationError (CommonErrors.html), as is a
  // missing required member; v1 has no BadRequestException.
  const notBoolean = await fail(
    old.send(
      new v1.UpdateConfigurationSetSendingEnabledCommand({
        ConfigurationSetName: 'events',
        Enabled: 'maybe' as unknown as boolean,
      }),
    ),
  );
  assert.deepEqual(notBoolean, {
    name: 'ValidationError',
    message:
      "1 validation error detected: Value 'maybe' at 'enabled' failed to satisfy constraint: Member must be a boolean",
    status: 400,
  });
  const noTypesV1 = await fail(
    old.send(
      new v1.CreateConfigurationSetEventDestinationCommand({
        ConfigurationSetName: 'events',
        EventDestination: { Name: 'none', MatchingEventTypes: [] },
      }),
    ),
  );
  assert.deepEqual(noTypesV1, {
    name: 'ValidationError',
    message:
      "1 validation error detected: Value '[]' at 'eventDestination.matchingEventTypes' failed to satisfy constraint: Member must have length greater than or equal to 1",
    status: 400,
  });
});

test('ListConfigurationSets pages in both APIs; DeleteConfigurationSet in both', async () => {
  const s = await startTestServer();
  try {
    const c = s.sesv2();
    for (const n of ['s1', 's2', 's3'])
      await c.send(new v2.CreateConfigurationSetCommand({ ConfigurationSetName: n }));
    const p1 = await c.send(new v2.ListConfigurationSetsCommand({ PageSize: 2 }));
    assert.deepEqual(p1.ConfigurationSets, ['s1', 's2']);
    const p2 = await c.send(new v2.ListConfigurationSetsCommand({ PageSize: 2, NextToken: p1.NextToken }));
    assert.deepEqual(p2.ConfigurationSets, ['s3']);
    const old = s.ses();
    const v1p1 = await old.send(new v1.ListConfigurationSetsCommand({ MaxItems: 1 }));
    assert.deepEqual(v1p1.ConfigurationSets, [{ Name: 's1' }]);
    await old.send(new v1.DeleteConfigurationSetCommand({ ConfigurationSetName: 's1' }));
    await c.send(new v2.DeleteConfigurationSetCommand({ ConfigurationSetName: 's2' }));
    assert.deepEqual((await old.send(new v1.ListConfigurationSetsCommand({}))).ConfigurationSets, [
      { Name: 's3' },
    ]);
    const v2missing = await fail(
      c.send(new v2.DeleteConfigurationSetCommand({ ConfigurationSetName: 's1' })),
    );
    assert.equal(v2missing.status, 404);
    const v1missing = await fail(
      old.send(new v1.DescribeConfigurationSetCommand({ ConfigurationSetName: 's2' })),
    );
    assert.equal(v1missing.name, 'ConfigurationSetDoesNotExistException');
  } finally {
    await s.close();
  }
});
