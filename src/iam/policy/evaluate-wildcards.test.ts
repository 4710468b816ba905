/**
 * Issue 9, finding 2: a pattern built to make a backtracking matcher explode (`*a` repeated, then
 * `*c`, against a long run of `a`) is answered at once wherever the engine matches patterns:
 * Action and NotAction, Resource and NotResource (ARN segment rules, fixed and with a policy
 * variable), StringLike and ArnLike conditions (fixed and with a variable). Each test has a
 * generous timeout as its guard: with the former RegExp matcher each one ran for hours.
 * Principal and NotPrincipal take no partial wildcards (reference_policies_elements_principal.html:
 * "You cannot use a wildcard to match part of a principal name or ARN"), so they match by equality.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerFromArn } from './caller.js';
import { evaluate, PolicySet } from './evaluate.js';
import { compilePolicyText } from './policy-cache.js';
import type { PolicyType, RequestContextKeys } from './types.js';
import { compileGlob } from './wildcard.js';

const A = '111122223333';
const GUARD = { timeout: 30_000 };
const evil = (k: number) => '*a'.repeat(k) + '*c';
const run = (n: number) => 'a'.repeat(n);
const IDENTITY = `arn:aws:ses:us-east-1:${A}:identity/`;

function decide(statement: object, request: { action: string; resource: string; keys?: RequestContextKeys }) {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });
  const r = compilePolicyText(`evil${text.length}`, 'managed' as PolicyType, text);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  const set = new PolicySet({ identity: [r.policy] });
  return evaluate(set, {
    caller: callerFromArn(`arn:aws:iam::${A}:user/alice`)!,
    action: request.action,
    resource: request.resource,
    keys: request.keys ?? new Map(),
  }).decision;
}

const keys = (entries: Record<string, string>): RequestContextKeys =>
  new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), { values: [v], list: false }]));

test('compileGlob: `*a`×40 `*c` against 20,000 characters, in all three matching modes', GUARD, () => {
  for (const opts of [{}, { ignoreCase: true }, { arnSegments: true }]) {
    assert.equal(compileGlob(evil(40), opts)(run(20_000)), false);
    assert.equal(compileGlob(evil(40), opts)(run(20_000) + 'c'), true);
  }
});

test('the reported Resource: identity/ + `*a`×12 + `*c` against a 40-character resource name', GUARD, () => {
  const Resource = IDENTITY + evil(12);
  assert.equal(
    decide({ Action: 'ses:SendEmail', Resource }, { action: 'ses:SendEmail', resource: IDENTITY + run(40) }),
    'implicitDeny',
  );
  assert.equal(
    decide(
      { Action: 'ses:SendEmail', Resource },
      { action: 'ses:SendEmail', resource: IDENTITY + run(40) + 'c' },
    ),
    'allowed',
  );
});

test('Resource and NotResource with many wildcards against a long resource', GUARD, () => {
  const resource = IDENTITY + run(5_000);
  assert.equal(
    decide({ Action: 'ses:SendEmail', Resource: IDENTITY + evil(60) }, { action: 'ses:SendEmail', resource }),
    'implicitDeny',
  );
  assert.equal(
    decide(
      { Action: 'ses:SendEmail', NotResource: IDENTITY + evil(60) },
      { action: 'ses:SendEmail', resource },
    ),
    'allowed',
  );
  // A `*` ending a segment crosses colons; the others stay within the segment: both kinds at once.
  assert.equal(
    decide(
      { Action: 'ses:SendEmail', Resource: `arn:aws:ses:*:${A}:identity/` + evil(60) },
      { action: 'ses:SendEmail', resource },
    ),
    'implicitDeny',
  );
});

test('a Resource with a policy variable resolved to a long value', GUARD, () => {
  const resource = IDENTITY + run(5_000);
  const statement = { Action: 'ses:SendEmail', Resource: IDENTITY + '${aws:PrincipalTag/p}' + evil(60) };
  assert.equal(
    decide(statement, { action: 'ses:SendEmail', resource, keys: keys({ 'aws:PrincipalTag/p': 'a' }) }),
    'implicitDeny',
  );
});

test('Action and NotAction with many wildcards against a long action name', GUARD, () => {
  const action = 'ses:' + run(5_000);
  assert.equal(
    decide({ Action: 'ses:' + evil(60), Resource: '*' }, { action, resource: '*' }),
    'implicitDeny',
  );
  assert.equal(decide({ NotAction: 'ses:' + evil(60), Resource: '*' }, { action, resource: '*' }), 'allowed');
});

test('StringLike and ArnLike conditions with many wildcards, fixed and with a variable', GUARD, () => {
  const long = run(5_000);
  const base = { Action: 'ses:SendEmail', Resource: '*' };
  const request = (k: Record<string, string>) => ({
    action: 'ses:SendEmail',
    resource: IDENTITY + 'x',
    keys: keys(k),
  });
  assert.equal(
    decide(
      { ...base, Condition: { StringLike: { 'ses:FromAddress': evil(60) } } },
      request({ 'ses:FromAddress': long }),
    ),
    'implicitDeny',
  );
  assert.equal(
    decide(
      { ...base, Condition: { StringLike: { 'ses:FromAddress': '${aws:username}' + evil(60) } } },
      request({ 'ses:FromAddress': long, 'aws:username': 'a' }),
    ),
    'implicitDeny',
  );
  const arn = `arn:aws:mobiletargeting:us-east-1:${A}:apps/${long}`;
  assert.equal(
    decide(
      {
        ...base,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:*:${A}:apps/${evil(60)}` } },
      },
      request({ 'aws:SourceArn': arn }),
    ),
    'implicitDeny',
  );
  assert.equal(
    decide(
      {
        ...base,
        Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:mobiletargeting:${evil(60)}:${A}:apps/*` } },
      },
      request({ 'aws:SourceArn': `arn:aws:mobiletargeting:${long}:${A}:apps/x` }),
    ),
    'implicitDeny',
  );
  assert.equal(
    decide(
      { ...base, Condition: { ArnLike: { 'aws:SourceArn': '${aws:SourceArn}' + evil(60) } } },
      request({ 'aws:SourceArn': arn }),
    ),
    'implicitDeny',
  );
});
