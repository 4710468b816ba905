/**
 * The Authorizer the wire layer calls before every handler: the principal's policies from the IAM
 * store, any resource-based policy of the resource (a role's trust policy for sts:AssumeRole), the
 * request's context keys, and the policy engine's decision with AWS's AccessDenied text.
 */
import type { CompiledPolicy } from '../../../iam/policy/compile.js';
import { evaluate, PolicySet } from '../../../iam/policy/evaluate.js';
import { accessDeniedMessage } from '../../../iam/policy/explain.js';
import { compilePolicyText } from '../../../iam/policy/policy-cache.js';
import type { Caller } from '../../../iam/policy/types.js';
import type { AuthorizeRequest, AuthorizeResult, Authorizer } from '../../../wire/operation.js';
import type { Principal } from '../../../wire/principal.js';
import type { IamStore } from '../store.js';
import { policyGeneration } from './generation.js';
import { policiesOf, type PolicySource } from './principal-policies.js';

/** A resource-based policy that applies to a resource, as a service knows it. */
export interface ResourcePolicy {
  id: string;
  type: 'resource' | 'trust';
  text: string;
  /** The account that owns the resource. */
  owner: string;
  /** It must allow by itself (role trust policies): an identity allow is not enough. */
  required: boolean;
}

/** Finds the resource-based policy of a resource for an action, if the resource has one. */
export type ResourcePolicyProvider = (action: string, resourceArn: string) => ResourcePolicy | undefined;

/** The Caller the policy engine matches Principal elements against. */
export function callerOf(p: Principal): Caller {
  if (p.kind === 'Service') return { kind: 'Service', arn: p.arn };
  return { kind: p.kind, arn: p.arn, account: p.account, roleArn: p.roleArn };
}

function compileAll(sources: readonly PolicySource[]): CompiledPolicy[] {
  const out: CompiledPolicy[] = [];
  for (const s of sources) {
    const r = compilePolicyText(s.id, s.type, s.text);
    // A stored policy that no longer validates (stricter rules than when it was written) grants nothing.
    if (r.ok) out.push(r.policy);
  }
  return out;
}

const RESOURCE_ARN_ACCOUNT = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/;

/** The account owning a resource, from its ARN; undefined for `*` and account-less ARNs (S3). */
export function ownerOfArn(arn: string): string | undefined {
  return RESOURCE_ARN_ACCOUNT.exec(arn)?.[1];
}

/** Cached principal-side policy sets live until any policy-relevant IAM write. */
const MAX_CACHED_PRINCIPALS = 10_000;

export class IamAuthorizer implements Authorizer {
  private readonly providers: ResourcePolicyProvider[] = [];
  private readonly sets = new Map<string, PolicySet>();
  private generation = -1;

  constructor(private readonly store: IamStore) {}

  /** Services register how to find their resources' policies (IAM: trust policies). */
  addResourcePolicyProvider(provider: ResourcePolicyProvider): void {
    this.providers.push(provider);
  }

  /** The compiled policies of a principal, cached until an IAM write changes them. */
  principalSet(principal: Principal): PolicySet {
    const generation = policyGeneration(this.store.db);
    if (generation !== this.generation) {
      this.sets.clear();
      this.generation = generation;
    }
    const key = [
      principal.arn,
      ...(principal.sessionPolicies ?? []),
      ...(principal.sessionManagedPolicyArns ?? []),
    ].join('\u0000');
    let set = this.sets.get(key);
    if (!set) {
      const p = policiesOf(this.store, principal);
      set = new PolicySet({
        identity: compileAll(p.identity),
        boundary: p.boundary ? compileAll(p.boundary) : undefined,
        session: p.session ? compileAll(p.session) : undefined,
        identityAllowsAll: p.isRoot,
      });
      if (this.sets.size >= MAX_CACHED_PRINCIPALS) this.sets.clear();
      this.sets.set(key, set);
    }
    return set;
  }

  private resourcePolicy(action: string, resource: string): { policy?: CompiledPolicy; rp?: ResourcePolicy } {
    for (const provider of this.providers) {
      const rp = provider(action, resource);
      if (!rp) continue;
      const compiled = compilePolicyText(rp.id, rp.type, rp.text);
      return { policy: compiled.ok ? compiled.policy : undefined, rp };
    }
    return {};
  }

  /** Decides one request; every resource must be allowed. */
  authorize(req: AuthorizeRequest): AuthorizeResult {
    const { principal, action } = req;
    const base = this.principalSet(principal);
    // The pipeline filled the global keys and the operation's own (lower-cased names).
    const keys = req.contextKeys;
    const caller = callerOf(principal);
    for (const resource of req.resources.length ? req.resources : ['*']) {
      const { policy, rp } = this.resourcePolicy(action, resource);
      const owner = rp?.owner ?? ownerOfArn(resource) ?? principal.account;
      const set = base.withResource(policy, owner, rp?.required ?? false);
      const evaluation = evaluate(set, { caller, action, resource, keys });
      if (evaluation.decision !== 'allowed') {
        const sameAccount = owner === principal.account;
        return {
          allowed: false,
          resource,
          message: accessDeniedMessage({
            principalArn: principal.arn,
            action,
            resource,
            evaluation,
            withReason: sameAccount && !rp?.required,
          }),
        };
      }
    }
    return { allowed: true };
  }
}
