/**
 * SES v2 tenants and multi-region endpoints as stored, enforced configuration
 * (API_CreateTenant.html, API_CreateTenantResourceAssociation.html, API_CreateMultiRegionEndpoint.html
 * and siblings): lifecycles, paging, associations both ways, tags, authorization, and SendEmail
 * refusing an unknown tenant, a resource not associated with the tenant, and an unknown EndpointId.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';
import { signedHeaders } from './edge-fixtures.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

const ACCOUNT = '000000000000';
const arn = (type: string, name: string) => `arn:aws:ses:us-east-1:${ACCOUNT}:${type}/${name}`;

test('tenant lifecycle: create, get, duplicate, list with paging, tag, delete, NotFoundException', async () => {
  const c = server.sesv2();
  const made = await c.send(
    new v2.CreateTenantCommand({ TenantName: 'acme', Tags: [{ Key: 'plan', Value: 'gold' }] }),
  );
  assert.equal(made.TenantName, 'acme');
  assert.match(made.TenantId ?? '', /^tn-[0-9a-f]{30}$/);
  assert.equal(made.TenantArn, `arn:aws:ses:us-east-1:${ACCOUNT}:tenant/acme/${made.TenantId}`);
  assert.equal(made.SendingStatus, 'ENABLED');

  const got = await c.send(new v2.GetTenantCommand({ TenantName: 'acme' }));
  assert.equal(got.Tenant?.TenantId, made.TenantId);
  assert.deepEqual(got.Tenant?.Tags, [{ Key: 'plan', Value: 'gold' }]);
  assert.deepEqual(await fail(c.send(new v2.CreateTenantCommand({ TenantName: 'acme' }))), {
    name: 'AlreadyExistsException',
    message: `Tenant with name acme already exists in account ${ACCOUNT}`,
    status: 400,
  });
  const bad = await fail(c.send(new v2.CreateTenantCommand({ TenantName: 'no spaces' })));
  assert.deepEqual(bad, {
    name: 'BadRequestException',
    message: "Invalid tenant name <no spaces>: only alphanumeric ASCII characters, '_', and '-' are allowed.",
    status: 400,
  });

  await c.send(new v2.CreateTenantCommand({ TenantName: 'beta' }));
  await c.send(new v2.CreateTenantCommand({ TenantName: 'gamma' }));
  const first = await c.send(new v2.ListTenantsCommand({ PageSize: 2 }));
  assert.deepEqual(
    first.Tenants?.map((t) => t.TenantName),
    ['acme', 'beta'],
  );
  const rest = await c.send(new v2.ListTenantsCommand({ PageSize: 2, NextToken: first.NextToken }));
  assert.deepEqual(
    rest.Tenants?.map((t) => t.TenantName),
    ['gamma'],
    'the refused `no spaces` was not stored',
  );
  assert.equal(rest.NextToken, undefined);

  await c.send(
    new v2.TagResourceCommand({ ResourceArn: made.TenantArn, Tags: [{ Key: 'env', Value: 'prod' }] }),
  );
  assert.deepEqual((await c.send(new v2.ListTagsForResourceCommand({ ResourceArn: made.TenantArn }))).Tags, [
    { Key: 'plan', Value: 'gold' },
    { Key: 'env', Value: 'prod' },
  ]);

  await c.send(new v2.DeleteTenantCommand({ TenantName: 'gamma' }));
  const gone = {
    name: 'NotFoundException',
    message: 'The requested tenant <gamma> does not exist.',
    status: 404,
  };
  assert.deepEqual(await fail(c.send(new v2.GetTenantCommand({ TenantName: 'gamma' }))), gone);
  assert.deepEqual(await fail(c.send(new v2.DeleteTenantCommand({ TenantName: 'gamma' }))), gone);
});

test('associations: both lists, filter, duplicate, missing resource, delete, cascade with the tenant', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateTenantCommand({ TenantName: 'shop' }));
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'shop.example' }));
  await c.send(new v2.CreateConfigurationSetCommand({ ConfigurationSetName: 'shop-set' }));
  await c.send(
    new v2.CreateEmailTemplateCommand({
      TemplateName: 'shop-tpl',
      TemplateContent: { Subject: 'Hi', Text: 'x' },
    }),
  );
  for (const a of [
    arn('identity', 'shop.example'),
    arn('configuration-set', 'shop-set'),
    arn('template', 'shop-tpl'),
  ]) {
    await c.send(new v2.CreateTenantResourceAssociationCommand({ TenantName: 'shop', ResourceArn: a }));
  }
  assert.deepEqual(
    await fail(
      c.send(
        new v2.CreateTenantResourceAssociationCommand({
          TenantName: 'shop',
          ResourceArn: arn('template', 'shop-tpl'),
        }),
      ),
    ),
    {
      name: 'AlreadyExistsException',
      message: `Resources ${arn('template', 'shop-tpl')} has already been associated with tenant shop`,
      status: 400,
    },
  );
  const missing = await fail(
    c.send(
      new v2.CreateTenantResourceAssociationCommand({
        TenantName: 'shop',
        ResourceArn: arn('template', 'none'),
      }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'NotFoundException',
    message: 'Template none does not exist.',
    status: 404,
  });
  const unsupported = await fail(
    c.send(
      new v2.CreateTenantResourceAssociationCommand({
        TenantName: 'shop',
        ResourceArn: arn('contact-list', 'l'),
      }),
    ),
  );
  assert.deepEqual(unsupported, {
    name: 'BadRequestException',
    message: 'Unsupported resource type: contact-list',
    status: 400,
  });

  const all = await c.send(new v2.ListTenantResourcesCommand({ TenantName: 'shop', PageSize: 2 }));
  assert.equal(all.TenantResources?.length, 2);
  const more = await c.send(
    new v2.ListTenantResourcesCommand({ TenantName: 'shop', PageSize: 2, NextToken: all.NextToken }),
  );
  assert.equal(more.TenantResources?.length, 1);
  assert.equal(more.NextToken, undefined);
  const templates = await c.send(
    new v2.ListTenantResourcesCommand({
      TenantName: 'shop',
      Filter: { RESOURCE_TYPE: 'template' as v2.ResourceType },
    }),
  );
  assert.deepEqual(templates.TenantResources, [
    { ResourceType: 'template', ResourceArn: arn('template', 'shop-tpl') },
  ]);

  await c.send(new v2.CreateTenantCommand({ TenantName: 'shop2' }));
  await c.send(
    new v2.CreateTenantResourceAssociationCommand({
      TenantName: 'shop2',
      ResourceArn: arn('template', 'shop-tpl'),
    }),
  );
  const tenants = await c.send(
    new v2.ListResourceTenantsCommand({ ResourceArn: arn('template', 'shop-tpl') }),
  );
  assert.deepEqual(
    tenants.ResourceTenants?.map((t) => t.TenantName),
    ['shop', 'shop2'],
  );

  await c.send(
    new v2.DeleteTenantResourceAssociationCommand({
      TenantName: 'shop2',
      ResourceArn: arn('template', 'shop-tpl'),
    }),
  );
  const after1 = await c.send(
    new v2.ListResourceTenantsCommand({ ResourceArn: arn('template', 'shop-tpl') }),
  );
  assert.deepEqual(
    after1.ResourceTenants?.map((t) => t.TenantName),
    ['shop'],
  );
  // An association already gone is removed again without error (floci-io/floci probed AWS,
  // us-east-1 2026-08-28); the API reference's NotFoundException is the tenant's.
  const gone = { TenantName: 'shop2', ResourceArn: arn('template', 'shop-tpl') };
  await c.send(new v2.DeleteTenantResourceAssociationCommand(gone));
  assert.deepEqual(
    await fail(c.send(new v2.DeleteTenantResourceAssociationCommand({ ...gone, TenantName: 'nobody' }))),
    { name: 'NotFoundException', message: 'The requested tenant <nobody> does not exist.', status: 404 },
  );
  await c.send(new v2.DeleteTenantCommand({ TenantName: 'shop' }));
  const after2 = await c.send(
    new v2.ListResourceTenantsCommand({ ResourceArn: arn('template', 'shop-tpl') }),
  );
  assert.deepEqual(after2.ResourceTenants, [], "the tenant's associations went with it");
});

test('SendEmail with a TenantName or EndpointId is enforced', async () => {
  const c = server.sesv2();
  await c.send(new v2.CreateEmailIdentityCommand({ EmailIdentity: 'tenant-send.example' }));
  await c.send(new v2.CreateTenantCommand({ TenantName: 'sender' }));
  const send = (extra: Partial<v2.SendEmailCommandInput>) =>
    c.send(
      new v2.SendEmailCommand({
        FromEmailAddress: 'a@tenant-send.example',
        Destination: { ToAddresses: ['someone@example.com'] },
        Content: { Simple: { Subject: { Data: 'S' }, Body: { Text: { Data: 'T' } } } },
        ...extra,
      }),
    );
  assert.deepEqual(await fail(send({ TenantName: 'nobody' })), {
    name: 'NotFoundException',
    message: `Tenant nobody for AwsAccountId ${ACCOUNT} not found.`,
    status: 404,
  });
  const identity = arn('identity', 'tenant-send.example');
  assert.deepEqual(await fail(send({ TenantName: 'sender' })), {
    name: 'AccessDeniedException',
    message: `Tenant not associated with resources [${identity}].`,
    status: 403,
  });
  await c.send(
    new v2.CreateTenantResourceAssociationCommand({ TenantName: 'sender', ResourceArn: identity }),
  );
  assert.ok((await send({ TenantName: 'sender' })).MessageId);

  // The SDKs sign a send with an EndpointId with SigV4a for the global endpoint's host, so this one
  // is a SigV4-signed request of the same body (Pinpost answers on one host).
  const withEndpoint = async (endpointId: string | undefined) => {
    const url = `${server.url}/v2/email/outbound-emails`;
    const body = JSON.stringify({
      FromEmailAddress: 'a@tenant-send.example',
      Destination: { ToAddresses: ['someone@example.com'] },
      Content: { Simple: { Subject: { Data: 'S' }, Body: { Text: { Data: 'T' } } } },
      EndpointId: endpointId,
    });
    const headers = await signedHeaders(url, {
      method: 'POST',
      service: 'ses',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const res = await fetch(url, { method: 'POST', headers, body });
    return {
      status: res.status,
      type: res.headers.get('x-amzn-errortype'),
      body: (await res.json()) as Record<string, string>,
    };
  };
  const unknown = await withEndpoint('abcd1234.xyz');
  assert.equal(unknown.status, 404);
  assert.match(unknown.type ?? '', /^NotFoundException/);
  const ep = await c.send(
    new v2.CreateMultiRegionEndpointCommand({
      EndpointName: 'global',
      Details: { RoutesDetails: [{ Region: 'us-west-2' }] },
    }),
  );
  const known = await withEndpoint(ep.EndpointId);
  assert.equal(known.status, 200);
  assert.ok(known.body.MessageId);
});

test('multi-region endpoint lifecycle: create, get, duplicate, list, delete, NotFoundException', async () => {
  const c = server.sesv2();
  const made = await c.send(
    new v2.CreateMultiRegionEndpointCommand({
      EndpointName: 'eu-pair',
      Details: { RoutesDetails: [{ Region: 'eu-west-1' }] },
    }),
  );
  assert.equal(made.Status, 'READY');
  const got = await c.send(new v2.GetMultiRegionEndpointCommand({ EndpointName: 'eu-pair' }));
  assert.equal(got.EndpointId, made.EndpointId);
  assert.deepEqual(got.Routes, [{ Region: 'us-east-1' }, { Region: 'eu-west-1' }]);
  const dup = await fail(
    c.send(
      new v2.CreateMultiRegionEndpointCommand({
        EndpointName: 'eu-pair',
        Details: { RoutesDetails: [{ Region: 'eu-west-1' }] },
      }),
    ),
  );
  assert.equal(dup.name, 'AlreadyExistsException');
  const two = await fail(
    c.send(
      new v2.CreateMultiRegionEndpointCommand({
        EndpointName: 'too-many',
        Details: { RoutesDetails: [{ Region: 'eu-west-1' }, { Region: 'eu-west-2' }] },
      }),
    ),
  );
  assert.equal(two.name, 'BadRequestException');
  const first = await c.send(new v2.ListMultiRegionEndpointsCommand({ PageSize: 1 }));
  assert.equal(first.MultiRegionEndpoints?.length, 1);
  const rest = await c.send(
    new v2.ListMultiRegionEndpointsCommand({ PageSize: 1, NextToken: first.NextToken }),
  );
  const names = [...(first.MultiRegionEndpoints ?? []), ...(rest.MultiRegionEndpoints ?? [])].map(
    (e) => e.EndpointName,
  );
  assert.deepEqual(names, ['eu-pair', 'global'], '`too-many` was not stored');
  assert.deepEqual(first.MultiRegionEndpoints?.[0].Regions, ['us-east-1', 'eu-west-1']);

  assert.equal(
    (await c.send(new v2.DeleteMultiRegionEndpointCommand({ EndpointName: 'eu-pair' }))).Status,
    'DELETING',
  );
  const gone = await fail(c.send(new v2.GetMultiRegionEndpointCommand({ EndpointName: 'eu-pair' })));
  assert.equal(gone.name, 'NotFoundException');
  assert.equal(gone.status, 404);
});

test('authorization: a user allowed GetTenant only is denied CreateTenant on the tenant ARN', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'tenant-user' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'tenant-user',
      PolicyName: 'get-only',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'ses:GetTenant', Resource: `arn:aws:ses:*:${ACCOUNT}:tenant/*` },
        ],
      }),
    }),
  );
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tenant-user' }))).AccessKey;
  const user = server.sesv2({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  await server.sesv2().send(new v2.CreateTenantCommand({ TenantName: 'visible' }));
  assert.equal(
    (await user.send(new v2.GetTenantCommand({ TenantName: 'visible' }))).Tenant?.TenantName,
    'visible',
  );
  const denied = await fail(user.send(new v2.CreateTenantCommand({ TenantName: 'hidden' })));
  assert.equal(denied.name, 'AccessDeniedException');
  assert.match(denied.message, /ses:CreateTenant.*tenant\/hidden/);
  const none = await fail(server.sesv2().send(new v2.GetTenantCommand({ TenantName: 'hidden' })));
  assert.equal(none.status, 404);
});
