/**
 * IAM Access Analyzer's policy checks over the wire through @aws-sdk/client-accessanalyzer
 * (restJson1, signing name `access-analyzer`): ValidatePolicy (API_ValidatePolicy.html,
 * API_ValidatePolicyFinding.html), CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess
 * (API_Check*.html), each authorized as its `access-analyzer:` action
 * (service-authorization list_awsiamaccessanalyzer.html).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  AccessAnalyzerClient,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  ValidatePolicyCommand,
} from '@aws-sdk/client-accessanalyzer';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { seedTrustPolicy } from './fixtures/seed-policies.js';
import { ROOT, startTestServer, type Credentials, type TestServer } from './support/server.js';

let server: TestServer;
const analyzer = (credentials: Credentials = ROOT) =>
  new AccessAnalyzerClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 });

before(async () => {
  server = await startTestServer();
});
after(() => server.close());

async function failure(
  fn: () => Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

describe('ValidatePolicy', () => {
  it('answers the awscli example with its EMPTY_SID_VALUE finding, path and span as AWS does', async () => {
    const out = await analyzer().send(
      new ValidatePolicyCommand({
        policyDocument: readFileSync('test/fixtures/aa-validate-policy-example.txt', 'utf8'),
        policyType: 'RESOURCE_POLICY',
      }),
    );
    const sid = out.findings?.find((f) => f.issueCode === 'EMPTY_SID_VALUE');
    assert.deepEqual(sid?.locations, [
      {
        path: [{ value: 'Statement' }, { index: 0 }, { value: 'Sid' }],
        span: { start: { line: 5, column: 19, offset: 79 }, end: { line: 5, column: 21, offset: 81 } },
      },
    ]);
    assert.equal(sid?.findingType, 'SUGGESTION');
    assert.equal(sid?.findingDetails, 'Add a value to the empty string in the Sid element.');
  });

  it("flags the seed's trust policy without aws:SourceAccount (confused-deputy.html) as a role trust policy", async () => {
    const open = JSON.parse(seedTrustPolicy('000000000000')) as { Statement: { Condition?: unknown }[] };
    delete open.Statement[0].Condition;
    const out = await analyzer().send(
      new ValidatePolicyCommand({
        policyDocument: JSON.stringify(open),
        policyType: 'RESOURCE_POLICY',
        validatePolicyResourceType: 'AWS::IAM::AssumeRolePolicyDocument',
      }),
    );
    assert.deepEqual(
      out.findings?.map((f) => [f.findingType, f.issueCode]),
      [['SECURITY_WARNING', 'RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL']],
    );
  });

  it('reports a JSON syntax error as one ERROR and pages findings with maxResults and nextToken', async () => {
    const broken = await analyzer().send(
      new ValidatePolicyCommand({
        policyDocument: '{"Version": "2012-10-17",',
        policyType: 'IDENTITY_POLICY',
      }),
    );
    assert.deepEqual(
      broken.findings?.map((f) => f.issueCode),
      ['JSON_SYNTAX_ERROR'],
    );
    const twoSids = JSON.stringify({
      Statement: [
        { Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: '', Effect: 'Allow', Action: 's3:PutObject', Resource: '*' },
      ],
    });
    const first = await analyzer().send(
      new ValidatePolicyCommand({ policyDocument: twoSids, policyType: 'IDENTITY_POLICY', maxResults: 2 }),
    );
    assert.equal(first.findings?.length, 2);
    assert.ok(first.nextToken);
    const rest = await analyzer().send(
      new ValidatePolicyCommand({
        policyDocument: twoSids,
        policyType: 'IDENTITY_POLICY',
        nextToken: first.nextToken,
      }),
    );
    assert.equal(rest.nextToken, undefined);
    assert.deepEqual([...(first.findings ?? []), ...(rest.findings ?? [])].map((f) => f.issueCode).sort(), [
      'EMPTY_SID_VALUE',
      'EMPTY_SID_VALUE',
      'MISSING_VERSION',
    ]);
  });

  it('answers ValidationException (400) for a policy type the model does not list', async () => {
    const r = await failure(() =>
      analyzer().send(
        new ValidatePolicyCommand({ policyDocument: '{}', policyType: 'TRUST_POLICY' as never }),
      ),
    );
    assert.equal(r.name, 'ValidationException');
    assert.equal(r.status, 400);
    assert.match(
      r.message,
      /Value 'TRUST_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set/,
    );
  });
});

describe('custom policy checks', () => {
  it('CheckNoNewAccess: an added action is new access in statement 0 (awscli check-no-new-access.rst)', async () => {
    const policy = (actions: string[]) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: actions, Resource: 'arn:aws:s3:::b/*' }],
      });
    const out = await analyzer().send(
      new CheckNoNewAccessCommand({
        newPolicyDocument: policy(['s3:GetObject', 's3:GetObjectAcl']),
        existingPolicyDocument: policy(['s3:GetObject']),
        policyType: 'IDENTITY_POLICY',
      }),
    );
    assert.equal(out.result, 'FAIL');
    assert.equal(out.message, 'The modified permissions grant new access compared to your existing policy.');
    assert.deepEqual(out.reasons, [
      { description: 'New access in the statement with index: 0.', statementIndex: 0 },
    ]);
  });

  it('CheckAccessNotGranted: the SDK example of a permissive bucket policy fails with its sid', async () => {
    const out = await analyzer().send(
      new CheckAccessNotGrantedCommand({
        access: [{ resources: ['arn:aws:s3:::my-bucket/*'] }],
        policyDocument:
          '{"Version":"2012-10-17","Id":"123","Statement":[{"Sid":"AllowJohnDoe","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/JohnDoe"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::my-bucket/*"}]}',
        policyType: 'RESOURCE_POLICY',
      }),
    );
    assert.equal(out.result, 'FAIL');
    assert.deepEqual(out.reasons?.[0].statementId, 'AllowJohnDoe');
  });

  it('CheckNoPublicAccess: a role trust policy for everyone fails; an SES identity policy is no resource type it takes', async () => {
    const out = await analyzer().send(
      new CheckNoPublicAccessCommand({
        policyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
        }),
        resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
      }),
    );
    assert.equal(out.result, 'FAIL');
    const r = await failure(() =>
      analyzer().send(
        new CheckNoPublicAccessCommand({
          policyDocument: '{}',
          resourceType: 'AWS::SES::EmailIdentity' as never,
        }),
      ),
    );
    assert.deepEqual([r.name, r.status], ['ValidationException', 400]);
  });

  it('an unreadable policy document is InvalidParameterException (400)', async () => {
    const r = await failure(() =>
      analyzer().send(
        new CheckNoPublicAccessCommand({ policyDocument: '{"Statement":', resourceType: 'AWS::SQS::Queue' }),
      ),
    );
    assert.deepEqual([r.name, r.status], ['InvalidParameterException', 400]);
  });
});

describe('the model step (Access Analyzer model, ValidationException)', () => {
  it('names every member that breaks the model, before the caller is authorized', async () => {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }))).AccessKey!;
    const nobody = analyzer({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    // CheckNoNewAccessRequest: existingPolicyDocument is required, policyType an AccessCheckPolicyType.
    const r = await failure(() =>
      nobody.send(
        new CheckNoNewAccessCommand({
          newPolicyDocument: '{}',
          policyType: 'SERVICE_CONTROL_POLICY' as never,
        } as never),
      ),
    );
    assert.deepEqual(r, {
      name: 'ValidationException',
      status: 400,
      message:
        "2 validation errors detected: Value null at 'existingPolicyDocument' failed to satisfy constraint: Member must not be null; Value 'SERVICE_CONTROL_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY]",
    });
  });

  it('the error carries the members its model requires: reason fieldValidationFailed and a fieldList entry per member', async () => {
    const e = await analyzer()
      .send(new ValidatePolicyCommand({ policyDocument: '{}', policyType: 'TRUST_POLICY' as never }))
      .then(
        () => assert.fail('ValidatePolicy with an unknown policyType succeeded'),
        (err: unknown) => err as { name: string; reason?: string; fieldList?: unknown },
      );
    assert.equal(e.name, 'ValidationException');
    assert.equal(e.reason, 'fieldValidationFailed');
    assert.deepEqual(e.fieldList, [
      {
        name: 'policyType',
        message:
          'Member must satisfy enum value set: [IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, RESOURCE_CONTROL_POLICY]',
      },
    ]);
  });

  it('CheckAccessNotGranted: the access list holds at most one entry (CheckAccessNotGrantedRequestAccessList)', async () => {
    const r = await failure(() =>
      analyzer().send(
        new CheckAccessNotGrantedCommand({
          access: [{ actions: ['s3:GetObject'] }, { actions: ['s3:PutObject'] }],
          policyDocument: '{"Version":"2012-10-17","Statement":[]}',
          policyType: 'IDENTITY_POLICY',
        }),
      ),
    );
    assert.equal(r.name, 'ValidationException');
    assert.match(
      r.message,
      /at 'access' failed to satisfy constraint: Member must have length less than or equal to 1/,
    );
  });
});

describe('authorization as access-analyzer:* actions', () => {
  it('a user without permission gets AccessDeniedException; its policy allowing the action lets it in', async () => {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'ci' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!;
    const ci = analyzer({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const validate = () =>
      ci.send(
        new ValidatePolicyCommand({
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
          policyType: 'IDENTITY_POLICY',
        }),
      );
    assert.deepEqual(await failure(validate), {
      name: 'AccessDeniedException',
      status: 403,
      message:
        'User: arn:aws:iam::000000000000:user/ci is not authorized to perform: access-analyzer:ValidatePolicy because no identity-based policy allows the access-analyzer:ValidatePolicy action',
    });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ci',
        PolicyName: 'checks',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'access-analyzer:ValidatePolicy', Resource: '*' }],
        }),
      }),
    );
    assert.deepEqual((await validate()).findings, []);
  });
});
