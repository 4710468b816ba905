import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awsPrincipalValues, rewriteAwsPrincipals } from './principal-values.js';

const CAROL = 'arn:aws:iam::000000000000:user/carol';
const upper = (v: string) => (v === CAROL ? 'AIDACAROL0000000000000' : undefined);

test('only AWS values of Principal and NotPrincipal change; every other byte stays as written', () => {
  const text = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow",   "Principal": {"AWS": ["111122223333", "${CAROL}"], "Service": "${CAROL}"},
      "Action": "sts:AssumeRole",
      "Condition": {"ArnEquals": {"aws:PrincipalArn": "${CAROL}"}} },
    { "Effect": "Deny", "NotPrincipal": {"AWS": "${CAROL}"}, "Action": "sts:AssumeRole", "Resource": "${CAROL}" }
  ]
}`;
  const out = rewriteAwsPrincipals(text, upper);
  assert.equal(
    out,
    text
      .replace(`"111122223333", "${CAROL}"`, '"111122223333", "AIDACAROL0000000000000"')
      .replace(`{"AWS": "${CAROL}"}`, '{"AWS": "AIDACAROL0000000000000"}'),
  );
  assert.deepEqual(awsPrincipalValues(out), [
    '111122223333',
    'AIDACAROL0000000000000',
    'AIDACAROL0000000000000',
  ]);
});

test('a single statement object and an escaped value are read as the engine reads them', () => {
  const text = `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:user\\/carol"}, "Action": "sts:AssumeRole"}}`;
  assert.deepEqual(awsPrincipalValues(text), [CAROL]);
  assert.equal(
    rewriteAwsPrincipals(text, upper),
    `{"Statement": {"Effect": "Allow", "Principal": {"AWS": "AIDACAROL0000000000000"}, "Action": "sts:AssumeRole"}}`,
  );
});

test('text that is not strict JSON, or names nobody to change, comes back as it was', () => {
  for (const text of ['{', '{"Statement": [], }', `{"Statement": [{"Principal": "*"}]}`]) {
    assert.equal(rewriteAwsPrincipals(text, upper), text);
  }
});
