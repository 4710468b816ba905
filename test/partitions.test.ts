/**
 * The partition follows the request's region (issue 13): a server whose region is us-gov-west-1
 * (cn-north-1) holds a GovCloud (China) account, whose ARNs say `aws-us-gov` (`aws-cn`), whose
 * policies are validated there ("Partition … is not valid for resource …" only for another
 * partition), and whose keys are unknown in another partition's regions — "Each AWS account is
 * scoped to one partition" (AWS on re:Post), "Accounts and credentials for other Amazon Regions
 * will not work for services operating in the China (Beijing) and China (Ningxia) Regions"
 * (docs.amazonaws.cn, general-info.html). Through the SDK clients, signed for the server's region.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessAnalyzerClient, ValidatePolicyCommand } from '@aws-sdk/client-accessanalyzer';
import {
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateAppCommand, CreateCampaignCommand } from '@aws-sdk/client-pinpoint';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import {
  ACCOUNT,
  activitiesWhen,
  campaignApp,
  completed,
  mailTo,
  reader,
  verifiedIdentity,
  welcomeTemplate,
} from './pinpoint-campaigns-setup.js';
import { ROOT, startTestServer, type Credentials, type TestServer } from './support/server.js';

const GOV = 'us-gov-west-1';
const GOV_POLICY = seedPermissionsPolicy(ACCOUNT, 'aws-us-gov', GOV);
const AWS_POLICY = seedPermissionsPolicy(ACCOUNT);
const GOV_IDENTITY = `arn:aws-us-gov:ses:${GOV}:${ACCOUNT}:identity/example.com`;

/** IAM's MalformedPolicyDocument text for a resource in another partition (validate-messages.ts). */
const notValidIn = (partition: string, region: string) =>
  `Partition "${partition}" is not valid for resource "arn:${partition}:ses:${region}:${ACCOUNT}:identity/*".`;

const errorOf = async (p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> => {
  try {
    await p;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  assert.fail('the request succeeded');
};

let gov: TestServer;
let std: TestServer;
before(async () => {
  gov = await startTestServer({ region: GOV });
  std = await startTestServer();
});
after(async () => {
  await gov.close();
  await std.close();
});

const signedFor = (server: TestServer, region: string, creds: Credentials = ROOT) => ({
  iam: new IAMClient({ endpoint: server.url, region, credentials: creds, maxAttempts: 1 }),
  sts: new STSClient({ endpoint: server.url, region, credentials: creds, maxAttempts: 1 }),
});

describe('a GovCloud account (server region us-gov-west-1)', () => {
  it('GetCallerIdentity names the root user in aws-us-gov', async () => {
    const out = await gov.sts().send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, `arn:aws-us-gov:iam::${ACCOUNT}:root`);
    assert.equal(out.Account, ACCOUNT);
  });

  it('its keys are unknown to a request signed for us-east-1 (InvalidClientTokenId), and the aws account’s to us-gov-west-1', async () => {
    for (const [server, region] of [
      [gov, 'us-east-1'],
      [std, GOV],
    ] as const) {
      const e = await errorOf(signedFor(server, region).sts.send(new GetCallerIdentityCommand({})));
      assert.deepEqual(e, {
        name: 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
        status: 403,
      });
    }
  });

  it('CreateUser and CreateRole answer aws-us-gov ARNs; a user’s AccessDenied names them', async () => {
    const user = await gov.iam().send(new CreateUserCommand({ UserName: 'gov-user' }));
    assert.equal(user.User!.Arn, `arn:aws-us-gov:iam::${ACCOUNT}:user/gov-user`);
    const role = await gov
      .iam()
      .send(
        new CreateRoleCommand({ RoleName: 'GovPlain', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
      );
    assert.equal(role.Role!.Arn, `arn:aws-us-gov:iam::${ACCOUNT}:role/GovPlain`);
    const key = await gov.iam().send(new CreateAccessKeyCommand({ UserName: 'gov-user' }));
    const creds = {
      accessKeyId: key.AccessKey!.AccessKeyId!,
      secretAccessKey: key.AccessKey!.SecretAccessKey!,
    };
    const me = await gov.sts(creds).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws-us-gov:iam::${ACCOUNT}:user/gov-user`);
    await verifiedIdentity(gov);
    const denied = await errorOf(
      gov.sesv2(creds).send(
        new SendEmailCommand({
          FromEmailAddress: 'news@example.com',
          Destination: { ToAddresses: ['reader@example.org'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } },
        }),
      ),
    );
    assert.equal(denied.status, 403);
    assert.match(denied.message, new RegExp(`arn:aws-us-gov:iam::${ACCOUNT}:user/gov-user`));
    assert.match(denied.message, new RegExp(`arn:aws-us-gov:ses:${GOV}:${ACCOUNT}:identity/example\\.com`));
  });

  it('PutRolePolicy takes the seed’s GovCloud policy, and refuses it in us-east-1 with IAM’s text', async () => {
    const create = (server: TestServer) =>
      server
        .iam()
        .send(
          new CreateRoleCommand({ RoleName: 'SeedRole', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
        );
    const put = (server: TestServer, PolicyDocument: string) =>
      server
        .iam()
        .send(new PutRolePolicyCommand({ RoleName: 'SeedRole', PolicyName: 'ses', PolicyDocument }));
    await create(gov);
    await create(std);
    await put(gov, GOV_POLICY);
    assert.deepEqual(await errorOf(put(std, GOV_POLICY)), {
      name: 'MalformedPolicyDocumentException',
      message: notValidIn('aws-us-gov', GOV),
      status: 400,
    });
    assert.deepEqual(await errorOf(put(gov, AWS_POLICY)), {
      name: 'MalformedPolicyDocumentException',
      message: notValidIn('aws', 'us-east-1'),
      status: 400,
    });
  });

  it('AssumeRole answers aws-us-gov ARNs, and the session’s GetCallerIdentity says the same', async () => {
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    const roleArn = `arn:aws-us-gov:iam::${ACCOUNT}:role/GovAdmin`;
    await gov.iam().send(new CreateRoleCommand({ RoleName: 'GovAdmin', AssumeRolePolicyDocument: trust }));
    await gov.iam().send(new CreateUserCommand({ UserName: 'assumer' }));
    await gov.iam().send(
      new PutUserPolicyCommand({
        UserName: 'assumer',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }],
        }),
      }),
    );
    const key = (await gov.iam().send(new CreateAccessKeyCommand({ UserName: 'assumer' }))).AccessKey!;
    const assumer = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const out = await gov
      .sts(assumer)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1' }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws-us-gov:sts::${ACCOUNT}:assumed-role/GovAdmin/s1`);
    const c = out.Credentials!;
    const session = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    const me = await gov.sts(session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws-us-gov:sts::${ACCOUNT}:assumed-role/GovAdmin/s1`);
  });

  it('AWS managed policies are the partition’s: GetPolicy of arn:aws-us-gov:iam::aws:policy/… only', async () => {
    const arn = (p: string) => `arn:${p}:iam::aws:policy/AmazonSESFullAccess`;
    const out = await gov.iam().send(new GetPolicyCommand({ PolicyArn: arn('aws-us-gov') }));
    assert.equal(out.Policy!.Arn, arn('aws-us-gov'));
    const e = await errorOf(gov.iam().send(new GetPolicyCommand({ PolicyArn: arn('aws') })));
    assert.equal(e.name, 'NoSuchEntityException');
  });

  it('the simulators decide in aws-us-gov: the seed GovCloud policy allows ses:SendEmail on a GovCloud identity', async () => {
    const principal = await gov.iam().send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: `arn:aws-us-gov:iam::${ACCOUNT}:role/SeedRole`,
        ActionNames: ['ses:SendEmail'],
        ResourceArns: [GOV_IDENTITY],
      }),
    );
    assert.equal(principal.EvaluationResults![0].EvalDecision, 'allowed');
    const custom = await gov.iam().send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [GOV_POLICY],
        ActionNames: ['ses:SendEmail'],
        ResourceArns: [GOV_IDENTITY],
      }),
    );
    assert.equal(custom.EvaluationResults![0].EvalDecision, 'allowed');
    // The same custom policy is another partition's in us-east-1.
    const refused = await errorOf(
      std.iam().send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [GOV_POLICY],
          ActionNames: ['ses:SendEmail'],
          ResourceArns: [GOV_IDENTITY],
        }),
      ),
    );
    assert.equal(refused.name, 'InvalidInputException');
    assert.match(refused.message, /Partition "aws-us-gov" is not valid for resource/);
  });

  it('Access Analyzer ValidatePolicy checks in the request’s partition', async () => {
    const analyzer = (server: TestServer, region: string) =>
      new AccessAnalyzerClient({ endpoint: server.url, region, credentials: ROOT, maxAttempts: 1 });
    const codes = async (server: TestServer, region: string, policyDocument: string) =>
      (
        await analyzer(server, region).send(
          new ValidatePolicyCommand({ policyDocument, policyType: 'IDENTITY_POLICY' }),
        )
      ).findings!.map((f) => f.issueCode);
    assert.ok(!(await codes(gov, GOV, GOV_POLICY)).includes('INVALID_PARTITION'));
    assert.ok((await codes(gov, GOV, AWS_POLICY)).includes('INVALID_PARTITION'));
    assert.ok((await codes(std, 'us-east-1', GOV_POLICY)).includes('INVALID_PARTITION'));
  });

  it('a campaign sends through the seed role with aws-us-gov ARNs; app and campaign ARNs are aws-us-gov', async () => {
    await welcomeTemplate(gov);
    await gov.iam().send(
      new CreateRoleCommand({
        RoleName: 'PinpointGov',
        AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT),
      }),
    );
    await gov
      .iam()
      .send(
        new PutRolePolicyCommand({ RoleName: 'PinpointGov', PolicyName: 'ses', PolicyDocument: GOV_POLICY }),
      );
    const roleArn = `arn:aws-us-gov:iam::${ACCOUNT}:role/PinpointGov`;
    const endpoints = [0, 1].map((i) => reader('gov', i));
    const { appId, segmentId } = await campaignApp(gov, roleArn, endpoints, GOV_IDENTITY);
    const out = await gov.pinpoint().send(
      new CreateCampaignCommand({
        ApplicationId: appId,
        WriteCampaignRequest: {
          Name: 'welcome',
          SegmentId: segmentId,
          Schedule: { StartTime: 'IMMEDIATE', Frequency: 'ONCE' },
          TemplateConfiguration: { EmailTemplate: { Name: 'welcome' } },
        },
      }),
    );
    const campaign = out.CampaignResponse!;
    assert.equal(
      campaign.Arn,
      `arn:aws-us-gov:mobiletargeting:${GOV}:${ACCOUNT}:apps/${appId}/campaigns/${campaign.Id}`,
    );
    const [activity] = await activitiesWhen(gov, appId, campaign.Id!, completed());
    assert.equal(activity.Result, 'SUCCESS');
    assert.equal(activity.SuccessfulEndpointCount, 2);
    for (const i of [0, 1]) assert.equal((await mailTo(gov, `gov${i}@example.org`)).length, 1);
    const app = await gov
      .pinpoint()
      .send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'other' } }));
    assert.match(
      app.ApplicationResponse!.Arn!,
      new RegExp(`^arn:aws-us-gov:mobiletargeting:${GOV}:${ACCOUNT}:apps/`),
    );
  });
});

describe('a China account (server region cn-north-1)', () => {
  let cn: TestServer;
  before(async () => {
    cn = await startTestServer({ region: 'cn-north-1' });
  });
  after(() => cn.close());

  it('names itself in aws-cn', async () => {
    const out = await cn.sts().send(new GetCallerIdentityCommand({}));
    assert.equal(out.Arn, `arn:aws-cn:iam::${ACCOUNT}:root`);
  });

  // Service principals keep `amazonaws.com` in aws-cn: IAM there refuses
  // "SERVICE":"monitoring.rds.amazonaws.com.cn" (terraform-aws-modules/terraform-aws-rds-aurora#437).
  it('trusts pinpoint.amazonaws.com, refuses pinpoint.amazonaws.com.cn, and takes aws-cn resources', async () => {
    const role = await cn
      .iam()
      .send(
        new CreateRoleCommand({ RoleName: 'PinpointCn', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
      );
    assert.equal(role.Role!.Arn, `arn:aws-cn:iam::${ACCOUNT}:role/PinpointCn`);
    const dotCn = seedTrustPolicy(ACCOUNT).replace('pinpoint.amazonaws.com', 'pinpoint.amazonaws.com.cn');
    const e = await errorOf(
      cn.iam().send(new CreateRoleCommand({ RoleName: 'DotCn', AssumeRolePolicyDocument: dotCn })),
    );
    assert.deepEqual(e, {
      name: 'MalformedPolicyDocumentException',
      message: 'Invalid principal in policy: "SERVICE":"pinpoint.amazonaws.com.cn"',
      status: 400,
    });
    await cn.iam().send(
      new PutRolePolicyCommand({
        RoleName: 'PinpointCn',
        PolicyName: 'ses',
        PolicyDocument: seedPermissionsPolicy(ACCOUNT, 'aws-cn', 'cn-north-1'),
      }),
    );
    const refused = await errorOf(
      cn
        .iam()
        .send(
          new PutRolePolicyCommand({ RoleName: 'PinpointCn', PolicyName: 'x', PolicyDocument: AWS_POLICY }),
        ),
    );
    assert.equal(refused.message, notValidIn('aws', 'us-east-1'));
  });
});
