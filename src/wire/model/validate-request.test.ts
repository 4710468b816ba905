/**
 * The model step's words, against the texts the hand-written checks were matched to (test/iam-*,
 * test/sts-*, test/ses-*, test/pinpoint-*), and its order: the model's member order, depth first.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadModelSync } from './load.js';
import { modelError, readByModel, refusalOf } from './validate-request.js';

const iam = loadModelSync('iam');
const sts = loadModelSync('sts');
const sesv2 = loadModelSync('sesv2');
const pinpoint = loadModelSync('pinpoint');

it('awsQuery: one ValidationError naming every violation in the model order', () => {
  const e = modelError(iam, 'validationError', 'CreateRole', {
    RoleName: 'x'.repeat(65),
    Tags: [{ Key: 'bad#key', Value: 'v' }],
  });
  assert.equal(e?.code, 'ValidationError');
  assert.equal(e?.status, 400);
  assert.equal(
    e?.message,
    `3 validation errors detected: Value '${'x'.repeat(65)}' at 'roleName' failed to satisfy constraint: ` +
      'Member must have length less than or equal to 64; Value null at ' +
      "'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null; Value 'bad#key' " +
      "at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression " +
      'pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
  );
});

it('awsQuery: a valid request passes; an empty list (`Tags=`) is a list of none', () => {
  const ok = modelError(iam, 'validationError', 'CreateRole', {
    RoleName: 'r',
    AssumeRolePolicyDocument: '{}',
    Tags: '',
  });
  assert.equal(ok, undefined);
});

it('awsQuery: ranges on integers sent as text; a non-integer is left to the operation', () => {
  const e = modelError(sts, 'validationError', 'AssumeRole', {
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    RoleSessionName: 's',
    DurationSeconds: '60',
  });
  assert.equal(
    e?.message,
    "2 validation errors detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must " +
      "have length greater than or equal to 2; Value '60' at 'durationSeconds' failed to satisfy constraint: " +
      'Member must have value greater than or equal to 900',
  );
  const text = modelError(sts, 'validationError', 'AssumeRole', {
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    RoleSessionName: 'ss',
    DurationSeconds: 'soon',
  });
  assert.equal(text, undefined);
});

it('awsQuery: enums and list items (`filter.1.member`)', () => {
  const e = modelError(iam, 'validationError', 'GetAccountAuthorizationDetails', { Filter: ['Users'] });
  assert.equal(
    e?.message,
    "1 validation error detected: Value 'Users' at 'filter.1.member' failed to satisfy constraint: Member must " +
      'satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]',
  );
});

it('SES v2: BadRequestException, nested members as sent (`deliveryOptions.MaxDeliverySeconds`)', () => {
  const e = modelError(sesv2, 'sesv2', 'CreateConfigurationSet', {
    ConfigurationSetName: 'c',
    DeliveryOptions: { MaxDeliverySeconds: 10 },
  });
  assert.equal(e?.code, 'BadRequestException');
  assert.equal(
    e?.message,
    "1 validation error detected: Value '10' at 'deliveryOptions.MaxDeliverySeconds' failed to satisfy " +
      'constraint: Member must have value greater than or equal to 300',
  );
});

it('SES v2: a URI label is read under its label name', () => {
  assert.equal(modelError(sesv2, 'sesv2', 'GetEmailIdentity', { EmailIdentity: 'a@example.com' }), undefined);
  assert.match(modelError(sesv2, 'sesv2', 'GetEmailIdentity', {})?.message ?? '', /at 'emailIdentity'/);
});

it('Pinpoint: the first missing member within the body, "Name is required"', () => {
  const e = modelError(pinpoint, 'pinpoint', 'CreateApp', {});
  assert.equal(e?.code, 'BadRequestException');
  assert.equal(e?.message, 'Name is required');
  assert.equal(
    modelError(pinpoint, 'pinpoint', 'CreateApp', { CreateApplicationRequest: { Name: 'a' } }),
    undefined,
  );
});

it('an operation the model does not have passes', () => {
  assert.equal(modelError(iam, 'validationError', 'NoSuchOperation', { RoleName: '' }), undefined);
});

it('one walk: the typed input, its violations and its values of the wrong type together (readByModel)', async () => {
  const r = await readByModel('sts', 'AssumeRole', {
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    RoleSessionName: 's',
    DurationSeconds: '60',
    Tags: [{ Key: 'k', Value: 'v' }],
  });
  assert.equal(r.phase, 'beforeAuthorization');
  assert.deepEqual(r.input, {
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    RoleSessionName: 's',
    DurationSeconds: 60,
    Tags: [{ Key: 'k', Value: 'v' }],
  });
  assert.deepEqual(
    r.violations.map((v) => v.rule.kind),
    ['minLength', 'minValue'],
  );
  // The model's violations come before a value of the wrong type, and an operation's after its own.
  const typed = await readByModel('sts', 'AssumeRole', {
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    RoleSessionName: 's',
    DurationSeconds: 'soon',
  });
  assert.deepEqual(
    typed.typeErrors.map((e) => e.expected),
    ['integer'],
  );
  const extra = {
    path: [{ kind: 'member' as const, name: 'SerialNumber' }],
    rule: { kind: 'required' as const },
    value: undefined,
  };
  assert.equal(
    refusalOf(typed, [extra])?.message,
    "2 validation errors detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have " +
      "length greater than or equal to 2; Value null at 'serialNumber' failed to satisfy constraint: Member must not be null",
  );
  assert.match(
    refusalOf({ ...typed, violations: [] })?.message ?? '',
    /at 'durationSeconds' .*Member must be an integer$/,
  );
});

it('Pinpoint: only the body is judged, a missing body as an empty one, named from within it', async () => {
  const r = await readByModel('pinpoint', 'CreateApp', {});
  assert.equal(r.phase, 'afterAuthorization');
  assert.equal(refusalOf(r)?.message, 'Name is required');
});
