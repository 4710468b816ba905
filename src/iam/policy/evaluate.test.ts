/**
 * The evaluation rules, one table row each, citing the IAM User Guide page they follow
 * (docs.aws.amazon.com/IAM/latest/UserGuide/<page>).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callerFromArn } from './caller.js';
import type { CompiledPolicy } from './compile.js';
import { evaluate, PolicySet, type DecidingPolicy, type PolicySetInput } from './evaluate.js';
import { accessDeniedMessage } from './explain.js';
import { compilePolicyText } from './policy-cache.js';
import type { Caller, Decision, PolicyType, RequestContextKeys } from './types.js';
import { seedPermissionsPolicy, seedTrustPolicy } from '../../../test/fixtures/seed-policies.js';

const A = '111122223333';
const B = '444455556666';

const SEED_PERMISSIONS = seedPermissionsPolicy;
const SEED_TRUST = seedTrustPolicy;

let counter = 0;
function policy(type: PolicyType, doc: object | string): CompiledPolicy {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  const r = compilePolicyText(`p${++counter}`, type, text);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.policy;
}

const allow = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action, Resource, ...extra }],
});
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action, Resource, ...extra }],
});

function keys(entries: Record<string, string | string[]> = {}): RequestContextKeys {
  const m: RequestContextKeys = new Map();
  for (const [k, v] of Object.entries(entries)) {
    m.set(k.toLowerCase(), { values: Array.isArray(v) ? v : [v], list: Array.isArray(v) });
  }
  return m;
}

function caller(arn: string): Caller {
  const c = callerFromArn(arn);
  if (!c) throw new Error(`not a principal: ${arn}`);
  return c;
}

const userA = `arn:aws:iam::${A}:user/alice`;
const userB = `arn:aws:iam::${B}:user/bob`;
const sessionA = `arn:aws:sts::${A}:assumed-role/Sender/s1`;
const identityA = `arn:aws:ses:us-east-1:${A}:identity/example.com`;
const roleA = `arn:aws:iam::${A}:role/PinpointSES`;

interface Case {
  name: string;
  set: PolicySetInput;
  caller: string;
  action: string;
  resource?: string;
  keys?: Record<string, string | string[]>;
  decision: Decision;
  decidedBy?: DecidingPolicy;
}

const seedIdentity = () => [policy('identity', SEED_PERMISSIONS(A))];

const cases: Case[] = [
  // The seed's permissions policy (Pinpoint developerguide/permissions-ses.html).
  {
    name: 'seed permissions: SendEmail on an identity of the own account is allowed',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  {
    name: 'seed permissions: SendRawEmail on a configuration set of the own account is allowed',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendRawEmail',
    resource: `arn:aws:ses:us-east-1:${A}:configuration-set/marketing`,
    decision: 'allowed',
  },
  {
    name: 'seed permissions: action names are case-insensitive (reference_policies_elements_action.html)',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'SES:sendemail',
    resource: identityA,
    decision: 'allowed',
  },
  {
    name: 'seed permissions: an identity of another account is not covered',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: `arn:aws:ses:us-east-1:${B}:identity/example.com`,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'seed permissions: another partition is not covered',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: `arn:aws-us-gov:ses:us-east-1:${A}:identity/example.com`,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'seed permissions: another region is not covered',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: `arn:aws:ses:eu-west-1:${A}:identity/example.com`,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'seed permissions: a template is not covered',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: `arn:aws:ses:us-east-1:${A}:template/Welcome`,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'seed permissions: resource ARNs are case-sensitive (reference_policies_elements_resource.html)',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: `arn:aws:ses:us-east-1:${A}:Identity/example.com`,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'seed permissions: SendTemplatedEmail is not granted',
    set: { identity: seedIdentity() },
    caller: sessionA,
    action: 'ses:SendTemplatedEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  // The seed's trust policy, evaluated for sts:AssumeRole on the role (confused-deputy.html).
  {
    name: 'seed trust: pinpoint.amazonaws.com with the matching aws:SourceAccount may assume the role',
    set: { resource: policy('trust', SEED_TRUST(A)), resourceOwner: A, resourcePolicyRequired: true },
    caller: 'pinpoint.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: roleA,
    keys: { 'aws:SourceAccount': A, 'aws:SourceArn': `arn:aws:mobiletargeting:us-east-1:${A}:apps/abc` },
    decision: 'allowed',
  },
  {
    name: 'seed trust: condition key names are case-insensitive (reference_policies_elements_condition.html)',
    set: { resource: policy('trust', SEED_TRUST(A)), resourceOwner: A, resourcePolicyRequired: true },
    caller: 'pinpoint.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: roleA,
    keys: { 'AWS:SOURCEACCOUNT': A },
    decision: 'allowed',
  },
  {
    name: 'seed trust: another aws:SourceAccount is refused',
    set: { resource: policy('trust', SEED_TRUST(A)), resourceOwner: A, resourcePolicyRequired: true },
    caller: 'pinpoint.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: roleA,
    keys: { 'aws:SourceAccount': B },
    decision: 'implicitDeny',
    decidedBy: 'resource',
  },
  {
    name: 'seed trust: no aws:SourceAccount in the request is refused',
    set: { resource: policy('trust', SEED_TRUST(A)), resourceOwner: A, resourcePolicyRequired: true },
    caller: 'pinpoint.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: roleA,
    decision: 'implicitDeny',
    decidedBy: 'resource',
  },
  {
    name: 'seed trust: another service principal is refused',
    set: { resource: policy('trust', SEED_TRUST(A)), resourceOwner: A, resourcePolicyRequired: true },
    caller: 'ses.amazonaws.com',
    action: 'sts:AssumeRole',
    resource: roleA,
    keys: { 'aws:SourceAccount': A },
    decision: 'implicitDeny',
    decidedBy: 'resource',
  },
  {
    name: 'seed trust: a user of the account whose identity policy allows sts:AssumeRole is still refused (trust must allow)',
    set: {
      identity: [policy('identity', allow('sts:AssumeRole'))],
      resource: policy('trust', SEED_TRUST(A)),
      resourceOwner: A,
      resourcePolicyRequired: true,
    },
    caller: userA,
    action: 'sts:AssumeRole',
    resource: roleA,
    keys: { 'aws:SourceAccount': A },
    decision: 'implicitDeny',
    decidedBy: 'resource',
  },
  // Trust policies naming the account or the user (reference_policies_evaluation-logic_policy-eval-denyallow.html).
  {
    name: 'trust naming the account root delegates to the identity policy: allowed with an identity allow',
    set: {
      identity: [policy('identity', allow('sts:AssumeRole', roleA))],
      resource: policy('trust', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' },
        ],
      }),
      resourceOwner: A,
      resourcePolicyRequired: true,
    },
    caller: userA,
    action: 'sts:AssumeRole',
    resource: roleA,
    decision: 'allowed',
  },
  {
    name: 'trust naming the account root delegates to the identity policy: refused without one',
    set: {
      identity: [],
      resource: policy('trust', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }],
      }),
      resourceOwner: A,
      resourcePolicyRequired: true,
    },
    caller: userA,
    action: 'sts:AssumeRole',
    resource: roleA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'trust naming the user directly suffices within the account, with no identity policy',
    set: {
      identity: [],
      resource: policy('trust', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: userA }, Action: 'sts:AssumeRole' }],
      }),
      resourceOwner: A,
      resourcePolicyRequired: true,
    },
    caller: userA,
    action: 'sts:AssumeRole',
    resource: roleA,
    decision: 'allowed',
  },
  // Cross-account requests need both sides (reference_policies_evaluation-logic-cross-account.html).
  {
    name: 'cross-account: trust names the other account and its user has an identity allow: allowed',
    set: {
      identity: [policy('identity', allow('sts:AssumeRole', roleA))],
      resource: policy('trust', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: B }, Action: 'sts:AssumeRole' }],
      }),
      resourceOwner: A,
      resourcePolicyRequired: true,
    },
    caller: userB,
    action: 'sts:AssumeRole',
    resource: roleA,
    decision: 'allowed',
  },
  {
    name: 'cross-account: the trust names the user directly but the user has no identity allow: refused',
    set: {
      identity: [],
      resource: policy('trust', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: userB }, Action: 'sts:AssumeRole' }],
      }),
      resourceOwner: A,
      resourcePolicyRequired: true,
    },
    caller: userB,
    action: 'sts:AssumeRole',
    resource: roleA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'cross-account: an identity allow without any resource-based policy is refused',
    set: { identity: [policy('identity', allow('ses:SendEmail'))], resourceOwner: A },
    caller: userB,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'resource',
  },
  // Explicit deny wins (reference_policies_evaluation-logic_policy-eval-denyallow.html, "Deny evaluation").
  {
    name: 'an explicit deny in an identity-based policy overrides an allow',
    set: { identity: [policy('identity', allow('ses:*')), policy('identity', deny('ses:SendEmail'))] },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'explicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'an explicit deny in a resource-based policy overrides an identity allow',
    set: {
      identity: [policy('identity', allow('ses:*'))],
      resource: policy('resource', deny('ses:SendEmail', '*', { Principal: '*' })),
      resourceOwner: A,
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'explicitDeny',
    decidedBy: 'resource',
  },
  {
    name: 'an explicit deny in an SCP overrides even the root user',
    set: { identityAllowsAll: true, scp: [[policy('scp', allow('*')), policy('scp', deny('ses:*'))]] },
    caller: `arn:aws:iam::${A}:root`,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'explicitDeny',
    decidedBy: 'scp',
  },
  {
    name: 'the root user may do anything in its account',
    set: { identityAllowsAll: true },
    caller: `arn:aws:iam::${A}:root`,
    action: 'iam:CreateRole',
    resource: roleA,
    decision: 'allowed',
  },
  {
    name: 'an explicit deny in a permissions boundary',
    set: { identity: [policy('identity', allow('*'))], boundary: [policy('boundary', deny('iam:*'))] },
    caller: userA,
    action: 'iam:PutRolePolicy',
    resource: roleA,
    decision: 'explicitDeny',
    decidedBy: 'boundary',
  },
  {
    name: 'an explicit deny in a session policy',
    set: {
      identity: [policy('identity', allow('*'))],
      session: [policy('session', allow('*')), policy('session', deny('ses:SendEmail'))],
    },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'explicitDeny',
    decidedBy: 'session',
  },
  // SCP levels (access_policies_scps.html / …policy-eval-denyallow.html "AWS Organizations SCPs").
  {
    name: 'every SCP level must allow: an OU that allows only SES refuses IAM',
    set: {
      identity: [policy('identity', allow('*'))],
      scp: [[policy('scp', allow('*'))], [policy('scp', allow('ses:*'))]],
    },
    caller: userA,
    action: 'iam:CreateRole',
    resource: roleA,
    decision: 'implicitDeny',
    decidedBy: 'scp',
  },
  {
    name: 'every SCP level allowing lets the identity policy decide',
    set: {
      identity: [policy('identity', allow('ses:SendEmail'))],
      scp: [[policy('scp', allow('*'))], [policy('scp', allow('ses:*'))]],
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  {
    name: 'an RCP level without an allow refuses (…policy-eval-denyallow.html "AWS Organizations RCPs")',
    set: {
      identity: [policy('identity', allow('*'))],
      rcp: [[policy('rcp', allow('s3:*', '*', { Principal: '*' }))]],
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'rcp',
  },
  // Permissions boundaries (access_policies_boundaries.html).
  {
    name: 'a boundary that does not allow the action refuses what the identity policy allows',
    set: { identity: [policy('identity', allow('*'))], boundary: [policy('boundary', allow('ses:*'))] },
    caller: userA,
    action: 'iam:PutRolePolicy',
    resource: roleA,
    decision: 'implicitDeny',
    decidedBy: 'boundary',
  },
  {
    name: 'a boundary does not grant: the identity policy must also allow',
    set: {
      identity: [policy('identity', allow('ses:SendRawEmail'))],
      boundary: [policy('boundary', allow('*'))],
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'a same-account resource policy naming the user ARN is not limited by the boundary',
    set: {
      identity: [],
      boundary: [policy('boundary', allow('sts:GetCallerIdentity'))],
      resource: policy('resource', allow('ses:SendEmail', identityA, { Principal: { AWS: userA } })),
      resourceOwner: A,
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  {
    name: 'a same-account resource policy naming the role ARN is limited by the boundary',
    set: {
      identity: [],
      boundary: [policy('boundary', allow('sts:GetCallerIdentity'))],
      resource: policy(
        'resource',
        allow('ses:SendEmail', identityA, { Principal: { AWS: `arn:aws:iam::${A}:role/Sender` } }),
      ),
      resourceOwner: A,
    },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'boundary',
  },
  {
    name: 'a same-account resource policy naming the role ARN grants a session without identity policy',
    set: {
      identity: [],
      resource: policy(
        'resource',
        allow('ses:SendEmail', identityA, { Principal: { AWS: `arn:aws:iam::${A}:role/Sender` } }),
      ),
      resourceOwner: A,
    },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  {
    name: 'a same-account resource policy naming the session ARN is not limited by boundary or session policy',
    set: {
      identity: [],
      boundary: [policy('boundary', allow('sts:GetCallerIdentity'))],
      session: [policy('session', allow('sts:GetCallerIdentity'))],
      resource: policy('resource', allow('ses:SendEmail', identityA, { Principal: { AWS: sessionA } })),
      resourceOwner: A,
    },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  // Session policies (access_policies.html#policies_session).
  {
    name: 'a session policy limits what the role allows',
    set: {
      identity: [policy('identity', allow('ses:*'))],
      session: [policy('session', allow('ses:SendRawEmail'))],
    },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'session',
  },
  {
    name: 'a session policy does not grant beyond the role',
    set: {
      identity: [policy('identity', allow('ses:SendRawEmail'))],
      session: [policy('session', allow('*'))],
    },
    caller: sessionA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  // NotAction, NotResource (reference_policies_elements_notaction.html, …_notresource.html).
  {
    name: 'Allow with NotAction covers every other action',
    set: {
      identity: [
        policy('identity', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
        }),
      ],
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  {
    name: 'Allow with NotAction does not cover the listed actions',
    set: {
      identity: [
        policy('identity', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }],
        }),
      ],
    },
    caller: userA,
    action: 'iam:CreateRole',
    resource: roleA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'Deny with NotResource denies every other resource',
    set: {
      identity: [
        policy('identity', allow('ses:SendEmail')),
        policy('identity', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'ses:*', NotResource: identityA }],
        }),
      ],
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: `arn:aws:ses:us-east-1:${A}:identity/other.com`,
    decision: 'explicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'Deny with NotResource leaves the listed resource alone',
    set: {
      identity: [
        policy('identity', allow('ses:SendEmail')),
        policy('identity', {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Deny', Action: 'ses:*', NotResource: identityA }],
        }),
      ],
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  // NotPrincipal (reference_policies_elements_notprincipal.html).
  {
    name: 'Deny with NotPrincipal listing the user and its account spares that user',
    set: {
      identity: [policy('identity', allow('ses:*'))],
      resource: policy(
        'resource',
        deny('ses:*', '*', { NotPrincipal: { AWS: [userA, `arn:aws:iam::${A}:root`] } }),
      ),
      resourceOwner: A,
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'allowed',
  },
  {
    name: 'Deny with NotPrincipal listing only the user ARN still denies it (its account is not listed)',
    set: {
      identity: [policy('identity', allow('ses:*'))],
      resource: policy('resource', deny('ses:*', '*', { NotPrincipal: { AWS: [userA] } })),
      resourceOwner: A,
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'explicitDeny',
    decidedBy: 'resource',
  },
  {
    name: 'Deny with NotPrincipal always applies to a principal with a permissions boundary (access_policies_boundaries.html)',
    set: {
      identity: [policy('identity', allow('ses:*'))],
      boundary: [policy('boundary', allow('*'))],
      resource: policy(
        'resource',
        deny('ses:*', '*', { NotPrincipal: { AWS: [userA, `arn:aws:iam::${A}:root`] } }),
      ),
      resourceOwner: A,
    },
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'explicitDeny',
    decidedBy: 'resource',
  },
  // Policy variables (reference_policies_variables.html).
  {
    name: 'a policy variable in Resource resolves to the caller',
    set: { identity: [policy('identity', allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`))] },
    caller: userA,
    action: 'iam:GetUser',
    resource: userA,
    keys: { 'aws:username': 'alice' },
    decision: 'allowed',
  },
  {
    name: 'a policy variable in Resource does not match another user',
    set: { identity: [policy('identity', allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`))] },
    caller: userA,
    action: 'iam:GetUser',
    resource: `arn:aws:iam::${A}:user/mallory`,
    keys: { 'aws:username': 'alice' },
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'an absent variable without a default matches nothing',
    set: { identity: [policy('identity', allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`))] },
    caller: sessionA,
    action: 'iam:GetUser',
    resource: userA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'an absent variable takes its default',
    set: {
      identity: [
        policy('identity', allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username, 'alice'}`)),
      ],
    },
    caller: sessionA,
    action: 'iam:GetUser',
    resource: userA,
    decision: 'allowed',
  },
  {
    name: 'variables are plain text in version 2008-10-17',
    set: {
      identity: [
        policy('identity', {
          Version: '2008-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${A}:user/\${aws:username}` },
          ],
        }),
      ],
    },
    caller: userA,
    action: 'iam:GetUser',
    resource: userA,
    keys: { 'aws:username': 'alice' },
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
  {
    name: 'a service principal needs a resource-based policy',
    set: { identity: [policy('identity', allow('*'))] },
    caller: 'pinpoint.amazonaws.com',
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'resource',
  },
  {
    name: 'no policies at all: implicit deny by the identity-based policy',
    set: {},
    caller: userA,
    action: 'ses:SendEmail',
    resource: identityA,
    decision: 'implicitDeny',
    decidedBy: 'identity',
  },
];

for (const c of cases) {
  test(c.name, () => {
    const set = new PolicySet(c.set);
    const ev = evaluate(set, {
      caller: caller(c.caller),
      action: c.action,
      resource: c.resource ?? '*',
      keys: keys(c.keys),
    });
    assert.equal(ev.decision, c.decision);
    assert.equal(ev.decidedBy, c.decidedBy);
    // The explained run must reach the same verdict as the fast one.
    const explained = evaluate(
      set,
      { caller: caller(c.caller), action: c.action, resource: c.resource ?? '*', keys: keys(c.keys) },
      true,
    );
    assert.equal(explained.decision, c.decision);
    assert.equal(explained.decidedBy, c.decidedBy);
  });
}

test('explain lists the matched statements and the missing context keys', () => {
  const set = new PolicySet({
    resource: policy('trust', SEED_TRUST(A)),
    resourceOwner: A,
    resourcePolicyRequired: true,
  });
  const ev = evaluate(
    set,
    { caller: caller('pinpoint.amazonaws.com'), action: 'sts:AssumeRole', resource: roleA, keys: keys() },
    true,
  );
  assert.equal(ev.decision, 'implicitDeny');
  assert.deepEqual(ev.missing, ['aws:SourceAccount']);
  assert.deepEqual(ev.matched, []);
  const ok = evaluate(
    set,
    {
      caller: caller('pinpoint.amazonaws.com'),
      action: 'sts:AssumeRole',
      resource: roleA,
      keys: keys({ 'aws:SourceAccount': A }),
    },
    true,
  );
  assert.equal(ok.matched?.length, 1);
  assert.equal(ok.matched?.[0].sid, 'AllowPinpoint');
});

// troubleshoot_access-denied.html: the texts AWS returns for each kind of denial.
test('AccessDenied texts name the policy type that denied', () => {
  const set = new PolicySet({ identity: seedIdentity() });
  const req = {
    caller: caller(sessionA),
    action: 'ses:SendTemplatedEmail',
    resource: identityA,
    keys: keys(),
  };
  assert.equal(
    accessDeniedMessage({
      principalArn: sessionA,
      action: req.action,
      resource: req.resource,
      evaluation: evaluate(set, req),
    }),
    `User: ${sessionA} is not authorized to perform: ses:SendTemplatedEmail on resource: ${identityA} because no identity-based policy allows the ses:SendTemplatedEmail action`,
  );
  const denied = new PolicySet({
    identity: [policy('identity', allow('*'))],
    scp: [[policy('scp', deny('ses:*'))]],
  });
  const ev = evaluate(denied, { ...req, action: 'ses:SendEmail' });
  assert.equal(
    accessDeniedMessage({
      principalArn: sessionA,
      action: 'ses:SendEmail',
      resource: identityA,
      evaluation: ev,
    }),
    `User: ${sessionA} is not authorized to perform: ses:SendEmail on resource: ${identityA} with an explicit deny in a service control policy`,
  );
  assert.equal(
    accessDeniedMessage({
      principalArn: userA,
      action: 'iam:ListRoles',
      resource: '*',
      evaluation: { decision: 'implicitDeny', decidedBy: 'boundary' },
    }),
    `User: ${userA} is not authorized to perform: iam:ListRoles because no permissions boundary allows the iam:ListRoles action`,
  );
  assert.equal(
    accessDeniedMessage({
      principalArn: userB,
      action: 'sts:AssumeRole',
      resource: roleA,
      evaluation: { decision: 'implicitDeny', decidedBy: 'resource' },
      withReason: false,
    }),
    `User: ${userB} is not authorized to perform: sts:AssumeRole on resource: ${roleA}`,
  );
});
