/**
 * The model-typed input (decode-input.ts) every operation takes: awsQuery text and
 * restJson1 labels/query strings become the generated types' values; a wrong type is refused in the
 * service's words.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { decodeInput, typeErrorFor } from './decode-input.js';
import { loadModelSync } from './load.js';
import { queryReader, restJsonReader } from './reader.js';

const iam = loadModelSync('iam');
const sesv2 = loadModelSync('sesv2');
const pinpoint = loadModelSync('pinpoint');

it('awsQuery: integers, booleans, lists of structures and empty lists take the model types', () => {
  const list = decodeInput(
    iam,
    'ListRolesRequest',
    { MaxItems: '25', PathPrefix: '/a/', Unknown: 'x' },
    queryReader,
  );
  assert.deepEqual(list, { value: { PathPrefix: '/a/', MaxItems: 25 }, errors: [], violations: [] });

  const policy = decodeInput(
    iam,
    'UpdateAccountPasswordPolicyRequest',
    { MinimumPasswordLength: '12', RequireSymbols: 'TRUE', AllowUsersToChangePassword: 'false' },
    queryReader,
  );
  assert.deepEqual(policy.value, {
    MinimumPasswordLength: 12,
    RequireSymbols: true,
    AllowUsersToChangePassword: false,
  });

  const role = decodeInput(
    iam,
    'CreateRoleRequest',
    { RoleName: 'r', AssumeRolePolicyDocument: '{}', Tags: [{ Key: 'k', Value: 'v' }] },
    queryReader,
  );
  assert.deepEqual(role.value.Tags, [{ Key: 'k', Value: 'v' }]);
  assert.deepEqual(decodeInput(iam, 'CreateRoleRequest', { Tags: '' }, queryReader).value, { Tags: [] });
});

it('awsQuery: a value of the wrong type is a ValidationError naming it', () => {
  const { errors } = decodeInput(iam, 'ListRolesRequest', { MaxItems: 'ten' }, queryReader);
  assert.equal(errors.length, 1);
  const e = typeErrorFor('validationError', errors);
  assert.equal(e.code, 'ValidationError');
  assert.equal(e.status, 400);
  assert.equal(
    e.message,
    "1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: Member must be an integer",
  );
});

it('restJson1: query-string members become numbers, timestamps and lists (SES v2 ListSuppressedDestinations)', () => {
  const { value, errors } = decodeInput(
    sesv2,
    'ListSuppressedDestinationsRequest',
    { PageSize: '20', StartDate: '2026-01-02T03:04:05Z', EndDate: '1767322000', Reasons: 'BOUNCE' },
    restJsonReader,
  );
  assert.deepEqual(errors, []);
  assert.equal(value.PageSize, 20);
  assert.equal((value.StartDate as Date).toISOString(), '2026-01-02T03:04:05.000Z');
  assert.equal((value.EndDate as Date).getTime(), 1767322000 * 1000);
  assert.deepEqual(value.Reasons, ['BOUNCE']);
  const bad = decodeInput(
    sesv2,
    'ListSuppressedDestinationsRequest',
    { StartDate: 'yesterday' },
    restJsonReader,
  );
  assert.equal(
    typeErrorFor('sesv2', bad.errors).message,
    "1 validation error detected: Value 'yesterday' at 'startDate' failed to satisfy constraint: Member must be a timestamp",
  );
});

it('restJson1: URI labels under their member names; Pinpoint words a wrong type in the body', () => {
  const { value } = decodeInput(
    pinpoint,
    'GetCampaignRequest',
    { 'application-id': 'app', 'campaign-id': 'c' },
    restJsonReader,
  );
  assert.deepEqual(value, { ApplicationId: 'app', CampaignId: 'c' });
  const bad = decodeInput(
    pinpoint,
    'UpdateApplicationSettingsRequest',
    { 'application-id': 'app', WriteApplicationSettingsRequest: { Limits: { Daily: 'lots' } } },
    restJsonReader,
  );
  assert.equal(typeErrorFor('pinpoint', bad.errors).message, 'Limits.Daily must be an integer');
});

it('restJson1: a timestamp takes the format its shape declares (Pinpoint __timestampIso8601 is ISO 8601 text only)', () => {
  const journey = (StartTime: unknown) =>
    decodeInput(
      pinpoint,
      'CreateJourneyRequest',
      { 'application-id': 'a', WriteJourneyRequest: { Name: 'n', Schedule: { StartTime } } },
      restJsonReader,
    );
  const at = (r: ReturnType<typeof journey>) =>
    (r.value.WriteJourneyRequest as { Schedule: { StartTime?: Date } }).Schedule.StartTime;
  const ok = journey('2030-01-01T09:30:00.000Z');
  assert.deepEqual(ok.errors, []);
  assert.equal(at(ok)?.toISOString(), '2030-01-01T09:30:00.000Z');
  // Epoch seconds, a year alone, a date alone or prose are no ISO 8601 date and time.
  for (const bad of [1893456000, '2030', '2030-01-01', 'Jan 1 2030']) {
    const r = journey(bad);
    assert.equal(r.errors.length, 1, `${bad} accepted as ${at(r)?.toISOString()}`);
    assert.equal(r.errors[0]!.expected, 'timestamp');
  }
});
