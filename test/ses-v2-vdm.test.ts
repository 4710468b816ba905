/**
 * SES v2 VDM and deliverability settings as stored configuration: PutAccountVdmAttributes (shown by
 * GetAccount), PutConfigurationSetVdmOptions and PutConfigurationSetArchivingOptions (shown by
 * GetConfigurationSet), GetDeliverabilityDashboardOptions/PutDeliverabilityDashboardOption
 * (API_PutAccountVdmAttributes.html and siblings), with refusals that change nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

test('PutAccountVdmAttributes is stored and GetAccount shows it; a bad value changes nothing', async () => {
  const c = server.sesv2();
  const vdm = {
    VdmEnabled: 'ENABLED' as const,
    DashboardAttributes: { EngagementMetrics: 'ENABLED' as const },
    GuardianAttributes: { OptimizedSharedDelivery: 'DISABLED' as const },
  };
  await c.send(new v2.PutAccountVdmAttributesCommand({ VdmAttributes: vdm }));
  assert.deepEqual((await c.send(new v2.GetAccountCommand({}))).VdmAttributes, vdm);
  const bad = await fail(
    c.send(
      new v2.PutAccountVdmAttributesCommand({ VdmAttributes: { VdmEnabled: 'MAYBE' as v2.FeatureStatus } }),
    ),
  );
  assert.equal(bad.name, 'BadRequestException');
  assert.deepEqual((await c.send(new v2.GetAccountCommand({}))).VdmAttributes, vdm);
});

test('configuration set VDM and archiving options are stored; a missing set is NotFoundException', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateConfigurationSetCommand({ ConfigurationSetName: 'vdm-set' }));
  await c.send(
    new v2.PutConfigurationSetVdmOptionsCommand({
      ConfigurationSetName: 'vdm-set',
      VdmOptions: { DashboardOptions: { EngagementMetrics: 'DISABLED' } },
    }),
  );
  const archive = 'arn:aws:ses:us-east-1:000000000000:mailmanager-archive/a-abcdefghijklmnopqrstuvwx12';
  await c.send(
    new v2.PutConfigurationSetArchivingOptionsCommand({
      ConfigurationSetName: 'vdm-set',
      ArchiveArn: archive,
    }),
  );
  const got = await c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'vdm-set' }));
  assert.deepEqual(got.VdmOptions, { DashboardOptions: { EngagementMetrics: 'DISABLED' } });
  assert.deepEqual(got.ArchivingOptions, { ArchiveArn: archive });

  const badArn = await fail(
    c.send(
      new v2.PutConfigurationSetArchivingOptionsCommand({
        ConfigurationSetName: 'vdm-set',
        ArchiveArn: 'arn:nope',
      }),
    ),
  );
  assert.equal(badArn.name, 'BadRequestException');
  await c.send(new v2.PutConfigurationSetArchivingOptionsCommand({ ConfigurationSetName: 'vdm-set' }));
  const stopped = await c.send(new v2.GetConfigurationSetCommand({ ConfigurationSetName: 'vdm-set' }));
  assert.equal(stopped.ArchivingOptions, undefined, 'no ArchiveArn stops archiving');

  assert.deepEqual(
    await fail(
      c.send(new v2.PutConfigurationSetVdmOptionsCommand({ ConfigurationSetName: 'nope', VdmOptions: {} })),
    ),
    { name: 'NotFoundException', message: 'Configuration set <nope> does not exist.', status: 404 },
  );
});

test('the deliverability dashboard: off by default, enabled with verified domains, then disabled', async () => {
  const c = server.sesv2();
  const off = await c.send(new v2.GetDeliverabilityDashboardOptionsCommand({}));
  assert.equal(off.DashboardEnabled, false);
  assert.equal(off.AccountStatus, 'DISABLED');

  const unknown = await fail(
    c.send(
      new v2.PutDeliverabilityDashboardOptionCommand({
        DashboardEnabled: true,
        SubscribedDomains: [{ Domain: 'unknown.example' }],
      }),
    ),
  );
  assert.deepEqual(unknown, {
    name: 'NotFoundException',
    message: 'Identity unknown.example does not exist.',
    status: 404,
  });
  assert.equal((await c.send(new v2.GetDeliverabilityDashboardOptionsCommand({}))).DashboardEnabled, false);

  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'dash.example' }));
  await c.send(
    new v2.PutDeliverabilityDashboardOptionCommand({
      DashboardEnabled: true,
      SubscribedDomains: [{ Domain: 'dash.example' }],
    }),
  );
  const on = await c.send(new v2.GetDeliverabilityDashboardOptionsCommand({}));
  assert.equal(on.DashboardEnabled, true);
  assert.equal(on.AccountStatus, 'ACTIVE');
  assert.deepEqual(
    on.ActiveSubscribedDomains?.map((d) => d.Domain),
    ['dash.example'],
  );
  assert.ok(on.ActiveSubscribedDomains?.[0].SubscriptionStartDate instanceof Date);

  await c.send(new v2.PutDeliverabilityDashboardOptionCommand({ DashboardEnabled: false }));
  const again = await c.send(new v2.GetDeliverabilityDashboardOptionsCommand({}));
  assert.equal(again.AccountStatus, 'DISABLED');
  assert.deepEqual(again.ActiveSubscribedDomains, []);
});

test('a user without permission is denied PutAccountVdmAttributes', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'no-vdm' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-vdm' }))).AccessKey;
  const user = server.sesv2({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  const denied = await fail(
    user.send(new v2.PutAccountVdmAttributesCommand({ VdmAttributes: { VdmEnabled: 'DISABLED' } })),
  );
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /ses:PutAccountVdmAttributes/);
  assert.equal(
    (await server.sesv2().send(new v2.GetAccountCommand({}))).VdmAttributes?.VdmEnabled,
    'ENABLED',
  );
});
