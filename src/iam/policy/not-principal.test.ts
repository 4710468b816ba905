/**
 * NotPrincipal with Allow and with Deny for every principal form (reference_policies_elements_notprincipal.html):
 * a statement leaves out a caller only when every identity AWS evaluates it as is listed — "AWS
 * might validate the account first and then the user … the account first, then the role, and then
 * the assumed-role user" — so a user needs its ARN and its account's, a role session its role's ARN
 * and its account's (the role's ARN stands for its sessions, as in Principal), an account root its
 * account, a service its service principal name. Anything less leaves the statement applying to it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerFromArn } from './caller.js';
import { evaluate, PolicySet } from './evaluate.js';
import { compilePolicyText } from './policy-cache.js';
import type { Decision } from './types.js';

const A = '111122223333';
const B = '444455556666';
const root = (account: string) => `arn:aws:iam::${account}:root`;
const user = `arn:aws:iam::${A}:user/bob`;
const role = `arn:aws:iam::${A}:role/auditor`;
const session = `arn:aws:sts::${A}:assumed-role/auditor/audit-app`;
const federated = `arn:aws:sts::${A}:federated-user/carol`;
const service = 'pinpoint.amazonaws.com';
const topic = `arn:aws:sns:us-east-1:${B}:alerts`;

let n = 0;
function resourcePolicy(effect: 'Allow' | 'Deny', notPrincipal: object): ReturnType<typeof compile> {
  return compile({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, NotPrincipal: notPrincipal, Action: 'sns:Publish', Resource: topic }],
  });
}
function compile(doc: object) {
  const r = compilePolicyText(`np${++n}`, 'resource', JSON.stringify(doc));
  if (!r.ok) throw new Error(r.message);
  return r.policy;
}
const allowAll = () =>
  compilePolicyText(
    'allow-all',
    'identity',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  );

/** The decision for `caller` on the topic, owned by `owner`, whose policy is `policy`. */
function decide(
  caller: string,
  policy: ReturnType<typeof compile>,
  owner: string,
  identity = true,
): Decision {
  const c = callerFromArn(caller)!;
  const id = allowAll();
  if (!id.ok) throw new Error(id.message);
  const set = new PolicySet({
    identity: identity ? [id.policy] : [],
    resource: policy,
    resourceOwner: owner,
    identityAllowsAll: c.kind === 'Account',
  });
  return evaluate(set, { caller: c, action: 'sns:Publish', resource: topic, keys: new Map() }).decision;
}

// "NotPrincipal with Deny": every identity of the caller listed → the Deny does not apply.
const denyCases: { name: string; caller: string; listed: object; decision: Decision }[] = [
  { name: 'user with its account', caller: user, listed: { AWS: [user, root(A)] }, decision: 'allowed' },
  { name: 'user without its account', caller: user, listed: { AWS: [user] }, decision: 'explicitDeny' },
  { name: 'user, only its account', caller: user, listed: { AWS: [A] }, decision: 'explicitDeny' },
  {
    name: 'session with its role and account (the page’s example)',
    caller: session,
    listed: { AWS: [session, role, root(A)] },
    decision: 'allowed',
  },
  {
    name: 'session by its role and account',
    caller: session,
    listed: { AWS: [role, A] },
    decision: 'allowed',
  },
  {
    name: 'session and account without the role',
    caller: session,
    listed: { AWS: [session, root(A)] },
    decision: 'explicitDeny',
  },
  {
    name: 'session and role without the account',
    caller: session,
    listed: { AWS: [session, role] },
    decision: 'explicitDeny',
  },
  {
    name: 'role (as the simulator’s caller) with its account',
    caller: role,
    listed: { AWS: [role, root(A)] },
    decision: 'allowed',
  },
  { name: 'role without its account', caller: role, listed: { AWS: [role] }, decision: 'explicitDeny' },
  {
    name: 'federated user with its account',
    caller: federated,
    listed: { AWS: [federated, A] },
    decision: 'allowed',
  },
  {
    name: 'federated user without its account',
    caller: federated,
    listed: { AWS: [federated] },
    decision: 'explicitDeny',
  },
  { name: 'account root by account id', caller: root(A), listed: { AWS: A }, decision: 'allowed' },
  { name: 'account root by root ARN', caller: root(A), listed: { AWS: root(A) }, decision: 'allowed' },
  { name: 'another account root', caller: root(A), listed: { AWS: root(B) }, decision: 'explicitDeny' },
  { name: 'service listed', caller: service, listed: { Service: service }, decision: 'allowed' },
  {
    name: 'service not listed',
    caller: service,
    listed: { Service: 'ses.amazonaws.com' },
    decision: 'explicitDeny',
  },
  { name: '"*" leaves everyone out', caller: user, listed: { AWS: '*' }, decision: 'allowed' },
];

for (const c of denyCases) {
  test(`reference_policies_elements_notprincipal.html, Deny: ${c.name} → ${c.decision}`, () => {
    // Cross-account (the topic is B's): both sides must allow, and the topic's policy also allows.
    const policy = compile({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'sns:Publish', Resource: topic },
        { Effect: 'Deny', NotPrincipal: c.listed, Action: 'sns:Publish', Resource: topic },
      ],
    });
    assert.equal(decide(c.caller, policy, B), c.decision);
  });
}

// "NotPrincipal with Allow": the statement grants to every principal it does not leave out.
const allowCases: { name: string; caller: string; listed: object; decision: Decision }[] = [
  {
    name: 'user not listed is granted',
    caller: user,
    listed: { AWS: [session, role, A] },
    decision: 'allowed',
  },
  {
    name: 'user listed with its account is left out',
    caller: user,
    listed: { AWS: [user, A] },
    decision: 'implicitDeny',
  },
  {
    name: 'user listed without its account is still granted',
    caller: user,
    listed: { AWS: [user] },
    decision: 'allowed',
  },
  {
    name: 'session left out by role and account',
    caller: session,
    listed: { AWS: [role, A] },
    decision: 'implicitDeny',
  },
  {
    name: 'session listed without its role is still granted',
    caller: session,
    listed: { AWS: [session, A] },
    decision: 'allowed',
  },
  {
    name: 'federated user left out',
    caller: federated,
    listed: { AWS: [federated, A] },
    decision: 'implicitDeny',
  },
  { name: 'service not listed is granted', caller: service, listed: { AWS: A }, decision: 'allowed' },
  {
    name: 'service listed is left out',
    caller: service,
    listed: { Service: service },
    decision: 'implicitDeny',
  },
];

for (const c of allowCases) {
  test(`reference_policies_elements_notprincipal.html, Allow: ${c.name} → ${c.decision}`, () => {
    // Within B's own account for B's principals is not the point here: the callers are A's, the
    // topic is B's, so the grant must come from the topic's policy and the identity side allows.
    const policy = resourcePolicy('Allow', c.listed);
    assert.equal(decide(c.caller, policy, B), c.decision);
  });
}

test('reference_policies_elements_notprincipal.html: Allow with NotPrincipal within one account grants by itself', () => {
  const policy = resourcePolicy('Allow', { AWS: [role, A] });
  assert.equal(decide(user, policy, A, false), 'allowed');
  assert.equal(decide(session, policy, A, false), 'implicitDeny');
});
