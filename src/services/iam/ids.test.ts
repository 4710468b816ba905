import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACCESS_KEY_ID_PATTERN,
  assumedRoleArn,
  federatedUserArn,
  iamArn,
  newAccessKeyId,
  newAccountId,
  newGroupId,
  newPolicyId,
  newRoleId,
  newSecretAccessKey,
  newSessionAccessKeyId,
  newSessionToken,
  newUserId,
  rootArn,
} from './ids.js';

// Prefixes: IAM User Guide, reference_identifiers.html, "Understanding unique ID prefixes".
const cases: [string, () => string, RegExp][] = [
  ['user AIDA', newUserId, /^AIDA[A-Z2-7]{17}$/],
  ['role AROA', newRoleId, /^AROA[A-Z2-7]{17}$/],
  ['group AGPA', newGroupId, /^AGPA[A-Z2-7]{17}$/],
  ['policy ANPA', newPolicyId, /^ANPA[A-Z2-7]{17}$/],
  ['access key AKIA', newAccessKeyId, /^AKIA[A-Z2-7]{16}$/],
  ['session key ASIA', newSessionAccessKeyId, /^ASIA[A-Z2-7]{16}$/],
  ['secret key', newSecretAccessKey, /^[A-Za-z0-9+/]{40}$/],
  ['account id', newAccountId, /^\d{12}$/],
];

for (const [what, make, pattern] of cases) {
  test(`${what} ids have AWS's shape and do not repeat`, () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const id = make();
      assert.match(id, pattern);
      seen.add(id);
    }
    // 12-digit accounts could in theory collide; 200 draws from 10^12 do not in practice.
    assert.equal(seen.size, 200);
  });
}

test('access key ids of both kinds match the shared pattern', () => {
  assert.match(newAccessKeyId(), ACCESS_KEY_ID_PATTERN);
  assert.match(newSessionAccessKeyId(), ACCESS_KEY_ID_PATTERN);
  assert.doesNotMatch('AKIA', ACCESS_KEY_ID_PATTERN);
});

test('session tokens are long opaque base64 strings', () => {
  const t = newSessionToken();
  assert.ok(t.length > 300, `length ${t.length}`);
  assert.match(t, /^[A-Za-z0-9+/=]+$/);
  assert.notEqual(t, newSessionToken());
});

test('ARNs place the path between type and name (reference_identifiers.html#identifiers-arns)', () => {
  assert.equal(
    iamArn('aws', '123456789012', 'role', '/app/', 'Sender'),
    'arn:aws:iam::123456789012:role/app/Sender',
  );
  assert.equal(iamArn('aws', '123456789012', 'user', '/', 'bob'), 'arn:aws:iam::123456789012:user/bob');
  assert.equal(rootArn('aws', '123456789012'), 'arn:aws:iam::123456789012:root');
  assert.equal(
    assumedRoleArn('aws', '123456789012', 'Sender', 'campaign-1'),
    'arn:aws:sts::123456789012:assumed-role/Sender/campaign-1',
  );
  assert.equal(rootArn('aws-us-gov', '123456789012'), 'arn:aws-us-gov:iam::123456789012:root');
  assert.equal(
    federatedUserArn('aws-cn', '123456789012', 'bob'),
    'arn:aws-cn:sts::123456789012:federated-user/bob',
  );
});
