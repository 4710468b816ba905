/**
 * Through @aws-sdk/client-iam: ListPoliciesGrantingServiceAccess (API_ListPoliciesGrantingServiceAccess.html:
 * a user's own and its groups' managed and inline policies, a group's own, a role's own; Action
 * wildcards and NotAction), the service last accessed reports (API_GenerateServiceLastAccessedDetails.html,
 * API_GetServiceLastAccessedDetails.html, API_GetServiceLastAccessedDetailsWithEntities.html) built
 * from the attempts Pinpost recorded when it authorized users and role sessions (denied ones too),
 * for a user, a group, a role and a managed policy, at service and action level, paged;
 * SetSecurityTokenServicePreferences shown by GetAccountSummary; and the Organizations access
 * report of an account outside any organization.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GenerateOrganizationsAccessReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccountSummaryCommand,
  GetOrganizationsAccessReportCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  GetUserCommand,
  ListPoliciesGrantingServiceAccessCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetSecurityTokenServicePreferencesCommand,
  type IAMClient,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { ListIdentitiesCommand } from '@aws-sdk/client-ses';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });
let now = new Date('2026-03-01T12:00:00Z');
let server: TestServer;
let iam: IAMClient;
let dev: Credentials;
let readPolicyArn: string;

before(async () => {
  server = await startTestServer({}, { clock: () => now });
  iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'dev' }));
  await iam.send(new CreateUserCommand({ UserName: 'idle' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'dev' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'idle' }));
  readPolicyArn = (
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'IamRead',
        PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }),
      }),
    )
  ).Policy!.Arn!;
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: readPolicyArn }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'dev',
      PolicyName: 'send',
      PolicyDocument: doc(
        { Effect: 'Allow', Action: 'ses:Send*', Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/x` },
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn('role', 'app') },
      ),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'app',
      AssumeRolePolicyDocument: doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'app',
      PolicyName: 'all-but-iam',
      PolicyDocument: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: readPolicyArn }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
  dev = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
});
after(async () => {
  await server.close();
});

async function failure(fn: () => Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const granting = async (Arn: string, ServiceNamespaces: string[]) =>
  Object.fromEntries(
    (
      await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn, ServiceNamespaces }))
    ).PoliciesGrantingServiceAccess!.map((e) => [e.ServiceNamespace, e.Policies]),
  );

describe('ListPoliciesGrantingServiceAccess', () => {
  it("lists a user's own and its groups' policies that allow each service", async () => {
    const got = await granting(arn('user', 'dev'), ['iam', 'ses', 'sts', 's3']);
    assert.deepEqual(got, {
      iam: [{ PolicyName: 'IamRead', PolicyType: 'MANAGED', PolicyArn: readPolicyArn }],
      ses: [{ PolicyName: 'send', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'dev' }],
      sts: [{ PolicyName: 'send', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'dev' }],
      s3: [],
    });
  });

  it("lists a group's own policies only, and reads NotAction for a role", async () => {
    assert.deepEqual(await granting(arn('group', 'devs'), ['iam', 'ses']), {
      iam: [{ PolicyName: 'IamRead', PolicyType: 'MANAGED', PolicyArn: readPolicyArn }],
      ses: [],
    });
    assert.deepEqual(await granting(arn('role', 'app'), ['iam', 's3']), {
      iam: [{ PolicyName: 'IamRead', PolicyType: 'MANAGED', PolicyArn: readPolicyArn }],
      s3: [{ PolicyName: 'all-but-iam', PolicyType: 'INLINE', EntityType: 'ROLE', EntityName: 'app' }],
    });
  });

  it('refuses an unknown entity and an ARN of no user, group or role', async () => {
    assert.deepEqual(
      await failure(() =>
        iam.send(
          new ListPoliciesGrantingServiceAccessCommand({
            Arn: arn('user', 'ghost'),
            ServiceNamespaces: ['iam'],
          }),
        ),
      ),
      { name: 'NoSuchEntityException', status: 404 },
    );
    assert.equal(
      (
        await failure(() =>
          iam.send(
            new ListPoliciesGrantingServiceAccessCommand({ Arn: readPolicyArn, ServiceNamespaces: ['iam'] }),
          ),
        )
      ).name,
      'InvalidInputException',
    );
  });
});

describe('service last accessed', () => {
  let attempt: Date;
  before(async () => {
    const asDev = server.iam(dev);
    await asDev.send(new GetUserCommand({}));
    // A denied attempt is an attempt too.
    assert.equal(
      (await failure(() => server.ses(dev).send(new ListIdentitiesCommand({})))).name,
      'AccessDenied',
    );
    attempt = now;
    now = new Date(now.getTime() + 60_000);
    const session = (
      await server
        .sts(dev)
        .send(new AssumeRoleCommand({ RoleArn: arn('role', 'app'), RoleSessionName: 'ss' }))
    ).Credentials!;
    await server
      .iam({
        accessKeyId: session.AccessKeyId!,
        secretAccessKey: session.SecretAccessKey!,
        sessionToken: session.SessionToken!,
      })
      .send(new ListUsersCommand({}));
  });

  const generate = async (Arn: string, Granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL') =>
    (await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn, Granularity }))).JobId!;

  it("reports a user's allowed services with its last attempts, action by action", async () => {
    const JobId = await generate(arn('user', 'dev'), 'ACTION_LEVEL');
    assert.match(JobId, /^[0-9a-f-]{36}$/);
    const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.equal(r.JobStatus, 'COMPLETED');
    assert.equal(r.JobType, 'ACTION_LEVEL');
    assert.equal(r.JobCreationDate?.getTime(), now.getTime());
    assert.equal(r.IsTruncated, false);
    const byNs: Record<string, ServiceLastAccessed> = Object.fromEntries(
      r.ServicesLastAccessed!.map((s) => [s.ServiceNamespace, s]),
    );
    assert.deepEqual(Object.keys(byNs), ['iam', 'ses', 'sts']);
    assert.equal(byNs['iam']?.ServiceName, 'AWS Identity and Access Management');
    assert.equal(byNs['iam']?.LastAuthenticated?.getTime(), attempt.getTime());
    assert.equal(byNs['iam']?.LastAuthenticatedEntity, arn('user', 'dev'));
    assert.equal(byNs['iam']?.LastAuthenticatedRegion, 'us-east-1');
    assert.equal(byNs['iam']?.TotalAuthenticatedEntities, 1);
    assert.deepEqual(
      byNs['iam']?.TrackedActionsLastAccessed?.map((a) => [a.ActionName, a.LastAccessedEntity]),
      [['GetUser', arn('user', 'dev')]],
    );
    assert.equal(byNs['ses']?.LastAuthenticated?.getTime(), attempt.getTime());
    // ses:ListIdentities was attempted, but no policy of dev allows it: no tracked action.
    assert.deepEqual(byNs['ses']?.TrackedActionsLastAccessed, []);
    assert.equal(byNs['sts']?.LastAuthenticated?.getTime(), now.getTime());
  });

  it("reports a role's attempts under the role, and a group's members as its entities", async () => {
    const role = await iam.send(
      new GetServiceLastAccessedDetailsCommand({ JobId: await generate(arn('role', 'app')) }),
    );
    assert.equal(role.JobType, 'SERVICE_LEVEL');
    const iamService = role.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'iam')!;
    assert.equal(iamService.LastAuthenticatedEntity, arn('role', 'app'));
    assert.equal(iamService.TrackedActionsLastAccessed, undefined);
    // NotAction iam:* allows every other service Pinpost knows; IamRead allows iam.
    assert.deepEqual(
      role.ServicesLastAccessed!.map((s) => s.ServiceNamespace),
      ['access-analyzer', 'iam', 'mobiletargeting', 'ses', 'sts'],
    );

    const JobId = await generate(arn('group', 'devs'));
    const group = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.deepEqual(
      group.ServicesLastAccessed!.map((s) => [s.ServiceNamespace, s.TotalAuthenticatedEntities]),
      [['iam', 1]],
    );
    const entities = await iam.send(
      new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'iam' }),
    );
    assert.deepEqual(
      entities.EntityDetailsList!.map((e) => [
        e.EntityInfo?.Name,
        e.EntityInfo?.Type,
        e.LastAuthenticated?.getTime(),
      ]),
      [
        ['dev', 'USER', attempt.getTime()],
        ['idle', 'USER', undefined],
      ],
    );
    assert.equal(entities.EntityDetailsList![0]!.EntityInfo?.Arn, arn('user', 'dev'));
    const page1 = await iam.send(
      new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'iam', MaxItems: 1 }),
    );
    assert.equal(page1.IsTruncated, true);
    const page2 = await iam.send(
      new GetServiceLastAccessedDetailsWithEntitiesCommand({
        JobId,
        ServiceNamespace: 'iam',
        MaxItems: 1,
        Marker: page1.Marker,
      }),
    );
    assert.deepEqual(
      [...page1.EntityDetailsList!, ...page2.EntityDetailsList!].map((e) => e.EntityInfo?.Name),
      ['dev', 'idle'],
    );
    assert.equal(page2.IsTruncated, false);
  });

  it("reports a managed policy's users and roles, and pages its services", async () => {
    const JobId = await generate(readPolicyArn);
    const entities = await iam.send(
      new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'iam' }),
    );
    assert.deepEqual(
      entities.EntityDetailsList!.map((e) => [e.EntityInfo?.Name, e.EntityInfo?.Type]),
      [
        ['app', 'ROLE'],
        ['dev', 'USER'],
        ['idle', 'USER'],
      ],
    );
    const roleJob = await generate(arn('role', 'app'));
    const first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: roleJob, MaxItems: 2 }));
    assert.equal(first.ServicesLastAccessed?.length, 2);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(
      new GetServiceLastAccessedDetailsCommand({ JobId: roleJob, MaxItems: 10, Marker: first.Marker }),
    );
    assert.equal(rest.ServicesLastAccessed?.length, 3);
    assert.equal(rest.IsTruncated, false);
  });

  it('answers NoSuchEntity for an unknown job or entity, and authorizes on the entity', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    assert.deepEqual(
      await failure(() => iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: unknown }))),
      {
        name: 'NoSuchEntityException',
        status: 404,
      },
    );
    assert.equal((await failure(() => generate(arn('user', 'ghost')))).name, 'NoSuchEntityException');
    const denied = await failure(() =>
      server.iam(dev).send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn('user', 'idle') })),
    );
    assert.equal(denied.name, 'AccessDenied');
  });
});

describe('SetSecurityTokenServicePreferences', () => {
  const version = async () =>
    (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.['GlobalEndpointTokenVersion'];
  it("is shown by GetAccountSummary's GlobalEndpointTokenVersion", async () => {
    assert.equal(await version(), 1);
    await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
    assert.equal(await version(), 2);
    await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v1Token' }));
    assert.equal(await version(), 1);
    assert.equal(
      (
        await failure(() =>
          server
            .iam(dev)
            .send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' })),
        )
      ).name,
      'AccessDenied',
    );
    assert.equal(await version(), 1);
  });
});

describe('Organizations access report', () => {
  it('answers as for an account in no organization', async () => {
    const err = await failure(() =>
      iam.send(
        new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0example' }),
      ),
    );
    assert.deepEqual(err, { name: 'OrganizationNotFoundException', status: 400 });
    const get = await failure(() =>
      iam.send(new GetOrganizationsAccessReportCommand({ JobId: '00000000-0000-4000-8000-000000000000' })),
    );
    assert.deepEqual(get, { name: 'NoSuchEntityException', status: 404 });
  });
});
