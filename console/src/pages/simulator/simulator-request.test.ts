import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contextValues,
  emptyForm,
  FormError,
  linesOf,
  policyIds,
  resourceOwnerArn,
  simulationRequest,
  type SimulatorForm,
} from './simulator-request.js';

const PERMISSIONS =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ses:SendEmail","ses:SendRawEmail"],"Resource":"*"}]}';
const form = (over: Partial<SimulatorForm>): SimulatorForm => ({ ...emptyForm(), ...over });

test('API_SimulatePrincipalPolicy.html: a chosen role is PolicySourceArn; nothing the form left empty is sent', () => {
  const r = simulationRequest(
    form({
      principalArn: 'arn:aws:iam::000000000000:role/PinpointSES',
      actions: ['ses:SendEmail', ' ses:SendEmail ', ''],
      resources: 'arn:aws:ses:us-east-1:000000000000:identity/example.com\n\n',
    }),
  );
  assert.deepEqual(r, {
    operation: 'SimulatePrincipalPolicy',
    input: {
      PolicySourceArn: 'arn:aws:iam::000000000000:role/PinpointSES',
      ActionNames: ['ses:SendEmail'],
      ResourceArns: ['arn:aws:ses:us-east-1:000000000000:identity/example.com'],
    },
  });
});

test('API_SimulateCustomPolicy.html: pasted policies, boundary, resource policy, owner, caller and context keys', () => {
  const r = simulationRequest(
    form({
      mode: 'custom',
      policies: [PERMISSIONS, '   '],
      boundaries: [PERMISSIONS],
      resourcePolicy: ' {"Version":"2012-10-17","Statement":[]} ',
      resourceOwner: '111122223333',
      callerArn: 'arn:aws:iam::111122223333:user/ada',
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources:
        'arn:aws:ses:us-east-1:111122223333:identity/a.com\narn:aws:ses:us-east-1:111122223333:identity/b.com',
      context: [
        { key: 'aws:SourceAccount', type: 'string', values: ' 111122223333 ' },
        { key: 'aws:TagKeys', type: 'stringList', values: 'a, b\nc' },
        { key: '  ', type: 'string', values: 'dropped' },
        { key: 'aws:MultiFactorAuthPresent', type: 'boolean', values: 'true' },
      ],
      resourceHandlingOption: 'EC2-VPC-InstanceStore',
    }),
  );
  assert.deepEqual(r, {
    operation: 'SimulateCustomPolicy',
    input: {
      PolicyInputList: [PERMISSIONS],
      PermissionsBoundaryPolicyInputList: [PERMISSIONS],
      ActionNames: ['ses:SendEmail', 'ses:SendRawEmail'],
      ResourceArns: [
        'arn:aws:ses:us-east-1:111122223333:identity/a.com',
        'arn:aws:ses:us-east-1:111122223333:identity/b.com',
      ],
      ResourcePolicy: ' {"Version":"2012-10-17","Statement":[]} ',
      ResourceOwner: 'arn:aws:iam::111122223333:root',
      CallerArn: 'arn:aws:iam::111122223333:user/ada',
      ContextEntries: [
        { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: ['111122223333'], ContextKeyType: 'string' },
        { ContextKeyName: 'aws:TagKeys', ContextKeyValues: ['a', 'b', 'c'], ContextKeyType: 'stringList' },
        {
          ContextKeyName: 'aws:MultiFactorAuthPresent',
          ContextKeyValues: ['true'],
          ContextKeyType: 'boolean',
        },
      ],
      ResourceHandlingOption: 'EC2-VPC-InstanceStore',
    },
  });
});

test("a principal simulation sends pasted policies as PolicyInputList beside the entity's own", () => {
  const r = simulationRequest(
    form({
      principalArn: 'arn:aws:iam::000000000000:user/ada',
      policies: [PERMISSIONS],
      actions: ['ses:SendEmail'],
    }),
  );
  assert.equal(r.operation, 'SimulatePrincipalPolicy');
  assert.deepEqual(r.input.PolicyInputList, [PERMISSIONS]);
});

test('a service principal as caller (the trust policy check of the seed) is sent as CallerArn', () => {
  const r = simulationRequest(
    form({
      principalArn: 'arn:aws:iam::000000000000:role/PinpointSES',
      callerArn: 'pinpoint.amazonaws.com',
      actions: ['sts:AssumeRole'],
      resources: 'arn:aws:iam::000000000000:role/PinpointSES',
      context: [{ key: 'aws:SourceAccount', type: 'string', values: '111111111111' }],
    }),
  );
  assert.equal(r.input.CallerArn, 'pinpoint.amazonaws.com');
  assert.deepEqual(r.input.ContextEntries, [
    { ContextKeyName: 'aws:SourceAccount', ContextKeyValues: ['111111111111'], ContextKeyType: 'string' },
  ]);
});

test('forms IAM would refuse are stopped at the field to fix', () => {
  const err = (f: SimulatorForm) => {
    try {
      simulationRequest(f);
    } catch (e) {
      assert.ok(e instanceof FormError);
      return e.field;
    }
    assert.fail('no FormError');
  };
  assert.equal(err(form({ principalArn: 'arn:aws:iam::000000000000:user/a' })), 'actions');
  assert.equal(err(form({ actions: ['s3:GetObject'] })), 'principalArn');
  assert.equal(err(form({ mode: 'custom', actions: ['s3:GetObject'] })), 'policies');
  assert.equal(
    err(form({ mode: 'custom', policies: [PERMISSIONS], resourcePolicy: '{}', actions: ['s3:GetObject'] })),
    'callerArn',
  );
});

test("helpers: lines, context values by type, resource owner in the caller's partition", () => {
  assert.deepEqual(linesOf(' a \r\n\nb\na'), ['a', 'b']);
  assert.deepEqual(contextValues({ key: 'k', type: 'string', values: 'a, b' }), ['a, b']);
  assert.deepEqual(contextValues({ key: 'k', type: 'ipList', values: '10.0.0.1,\n10.0.0.2' }), [
    '10.0.0.1',
    '10.0.0.2',
  ]);
  assert.deepEqual(contextValues({ key: 'k', type: 'numeric', values: '  ' }), []);
  assert.equal(resourceOwnerArn('123456789012', 'aws-cn'), 'arn:aws-cn:iam::123456789012:root');
  assert.equal(resourceOwnerArn('arn:aws:iam::123456789012:root', 'aws'), 'arn:aws:iam::123456789012:root');
  assert.equal(resourceOwnerArn(' ', 'aws'), undefined);
  const r = simulationRequest(
    form({
      principalArn: 'arn:aws-us-gov:iam::123456789012:role/r',
      resourceOwner: '123456789012',
      actions: ['s3:GetObject'],
    }),
  );
  assert.equal(r.input.ResourceOwner, 'arn:aws-us-gov:iam::123456789012:root');
});

test('pasted policies are sent as typed (positions count their lines); blank ones are skipped in the numbering', () => {
  const texts = ['', '\n' + PERMISSIONS, '  ', PERMISSIONS];
  const r = simulationRequest(form({ mode: 'custom', policies: texts, actions: ['ses:SendEmail'] }));
  assert.deepEqual(r.input.PolicyInputList, ['\n' + PERMISSIONS, PERMISSIONS]);
  assert.deepEqual(policyIds('PolicyInputList', texts), [
    undefined,
    'PolicyInputList.1',
    undefined,
    'PolicyInputList.2',
  ]);
});
