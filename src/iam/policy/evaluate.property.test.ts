/**
 * "An explicit deny in any policy overrides any allow" (reference_policies_evaluation-logic_policy-eval-denyallow.html,
 * "Deny evaluation"), checked over random policy sets with fast-check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { callerFromArn } from './caller.js';
import type { CompiledPolicy } from './compile.js';
import { evaluate, PolicySet, type PolicySetInput } from './evaluate.js';
import { compilePolicyText } from './policy-cache.js';
import type { PolicyType } from './types.js';

const ACCOUNT = '111122223333';
const actions = ['ses:SendEmail', 'ses:SendRawEmail', 'iam:PutRolePolicy', 'sts:AssumeRole'];
const actionPatterns = [...actions, 'ses:*', '*', 'ses:Send*', 'iam:*Role*', 'SES:SENDEMAIL'];
const resources = [
  `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
  `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/cs`,
  `arn:aws:iam::${ACCOUNT}:role/R`,
];
const resourcePatterns = [
  ...resources,
  '*',
  `arn:aws:ses:*:${ACCOUNT}:identity/*`,
  `arn:aws:iam::${ACCOUNT}:role/*`,
];
const callers = [
  `arn:aws:iam::${ACCOUNT}:user/alice`,
  `arn:aws:sts::${ACCOUNT}:assumed-role/R/s`,
  `arn:aws:iam::${ACCOUNT}:root`,
];
const kinds = ['identity', 'boundary', 'session', 'scp', 'rcp', 'resource'] as const;
type Kind = (typeof kinds)[number];

interface Stmt {
  effect: 'Allow' | 'Deny';
  action: string;
  resource: string;
}

let n = 0;
function compile(kind: Kind, statements: Stmt[]): CompiledPolicy {
  const withPrincipal = kind === 'resource' || kind === 'rcp';
  const doc = {
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Effect: s.effect,
      Action: s.action,
      Resource: s.resource,
      ...(withPrincipal ? { Principal: '*' } : {}),
    })),
  };
  const r = compilePolicyText(`prop${++n}`, kind as PolicyType, JSON.stringify(doc));
  if (!r.ok) throw new Error(r.message);
  return r.policy;
}

const stmt = fc.record({
  effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Deny'),
  action: fc.constantFrom(...actionPatterns),
  resource: fc.constantFrom(...resourcePatterns),
});

test('an explicit deny anywhere always wins over any allows', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom(...kinds), fc.array(stmt, { minLength: 1, maxLength: 4 })),
      fc.constantFrom(...kinds),
      fc.constantFrom(...actions),
      fc.constantFrom(...resources),
      fc.constantFrom(...callers),
      fc.boolean(),
      (groups, denyKind, action, resource, callerArn, root) => {
        const deny: Stmt = { effect: 'Deny', action, resource };
        const all: Partial<Record<Kind, Stmt[]>> = { ...groups };
        all[denyKind] = [...(all[denyKind] ?? []), deny];
        const input: PolicySetInput = { resourceOwner: ACCOUNT, identityAllowsAll: root };
        for (const kind of kinds) {
          const list = all[kind];
          if (!list) continue;
          const p = compile(kind, list);
          if (kind === 'scp' || kind === 'rcp') input[kind] = [[p]];
          else if (kind === 'resource') input.resource = p;
          else input[kind] = [p];
        }
        const caller = callerFromArn(callerArn)!;
        const ev = evaluate(new PolicySet(input), { caller, action, resource, keys: new Map() });
        assert.equal(ev.decision, 'explicitDeny');
      },
    ),
    { numRuns: 2000 },
  );
});

test('without any Deny statement the decision is never explicitDeny, and removing every Allow never allows', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          action: fc.constantFrom(...actionPatterns),
          resource: fc.constantFrom(...resourcePatterns),
        }),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      fc.constantFrom(...actions),
      fc.constantFrom(...resources),
      (allows, action, resource) => {
        const caller = callerFromArn(callers[0])!;
        const withAllows = new PolicySet({
          identity: [
            compile(
              'identity',
              allows.map((a) => ({ effect: 'Allow', ...a })),
            ),
          ],
        });
        const ev = evaluate(withAllows, { caller, action, resource, keys: new Map() });
        assert.notEqual(ev.decision, 'explicitDeny');
        const none = evaluate(new PolicySet({ identity: [] }), { caller, action, resource, keys: new Map() });
        assert.equal(none.decision, 'implicitDeny');
      },
    ),
    { numRuns: 1000 },
  );
});
