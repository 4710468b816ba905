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
import { partitionIdOfRegion } from '../../../iam/policy/partitions.js';
import type { AuthorizeRequest, AuthorizeResult, Authorizer } from '../../../wire/operation.js';
import type { Principal } from '../../../wire/principal.js';
import { holdsPrincipalIds, PrincipalDirectory, showPrincipals } from '../principal-ids.js';
import type { IamStore } from '../store.js';
import { ByteBoundedCache } from './byte-cache.js';
import { policyGeneration } from './generation.js';
import { policiesOf, sessionRole, type PolicySource } from './principal-policies.js';

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
export type ResourcePolicyProvider = (
  action: string,
  resourceArn: string,
) => Promise<ResourcePolicy | undefined>;

/** The Caller the policy engine matches Principal elements against. */
export function callerOf(p: Principal): Caller {
  if (p.kind === 'Service') return { kind: 'Service', arn: p.arn };
  return {
    kind: p.kind,
    arn: p.arn,
    account: p.account,
    roleArn: p.roleArn,
    federatedProvider: p.federatedProvider,
  };
}

/** Compiled policies, and whether any text was refused (a set holding one is not cached). */
function compileAll(
  sources: readonly PolicySource[],
  partition: string,
): { policies: CompiledPolicy[]; refused: boolean } {
  const policies: CompiledPolicy[] = [];
  let refused = false;
  for (const s of sources) {
    const r = compilePolicyText(s.id, s.type, s.text, { partition });
    // A stored policy that no longer validates (stricter rules than when it was written) grants nothing.
    if (r.ok) policies.push(r.policy);
    else refused = true;
  }
  return { policies, refused };
}

/**
 * The partition the server validates and evaluates policies in: the request's region's (a request
 * signed for us-gov-west-1 is in aws-us-gov, cn-north-1 in aws-cn), which authentication has
 * checked is the caller's account's.
 */
function requestPartition(req: AuthorizeRequest): string {
  return partitionIdOfRegion(req.ctx.region ?? 'us-east-1');
}

/** UTF-16 bytes of the policy texts an entry was built from: what its compiled form grows with. */
const textBytes = (sources: readonly PolicySource[]): number =>
  sources.reduce((n, s) => n + 2 * s.text.length, 0);

const RESOURCE_ARN_ACCOUNT = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/;

/** The account owning a resource, from its ARN; undefined for `*` and account-less ARNs (S3). */
export function ownerOfArn(arn: string): string | undefined {
  return RESOURCE_ARN_ACCOUNT.exec(arn)?.[1];
}

/**
 * Cached principal-side policy sets and shown resource-policy texts live until any IAM write that
 * could change a decision (generation.ts), within a byte budget (policy texts are their keys).
 */
const MAX_CACHED_PRINCIPALS = 10_000;
const PRINCIPAL_CACHE_BYTES = 32 * 1024 * 1024;
const SHOWN_POLICY_CACHE_BYTES = 8 * 1024 * 1024;

/** The byte budgets of the authorizer's caches (tests give small ones). */
export interface AuthorizerCacheLimits {
  principalBytes: number;
  shownPolicyBytes: number;
}

const DEFAULT_LIMITS: AuthorizerCacheLimits = {
  principalBytes: PRINCIPAL_CACHE_BYTES,
  shownPolicyBytes: SHOWN_POLICY_CACHE_BYTES,
};

interface PrincipalEntry {
  set: PolicySet;
  caller: Caller;
}

export class IamAuthorizer implements Authorizer {
  private readonly providers: ResourcePolicyProvider[] = [];
  private readonly principals: ByteBoundedCache<PrincipalEntry>;
  /** Resource policies as stored (users and roles as unique ids) → as evaluated (as ARNs). */
  private readonly shown: ByteBoundedCache<string>;
  private readonly directory: PrincipalDirectory;
  private generation = -1;

  constructor(
    private readonly store: IamStore,
    limits: AuthorizerCacheLimits = DEFAULT_LIMITS,
  ) {
    this.directory = new PrincipalDirectory(store.db);
    this.principals = new ByteBoundedCache(limits.principalBytes, MAX_CACHED_PRINCIPALS);
    this.shown = new ByteBoundedCache(limits.shownPolicyBytes);
  }

  /** Services register how to find their resources' policies (IAM: trust policies). */
  addResourcePolicyProvider(provider: ResourcePolicyProvider): void {
    this.providers.push(provider);
  }

  /** The compiled policies of a principal, cached until an IAM write changes them. */
  async principalSet(principal: Principal, partition: string): Promise<PolicySet> {
    return (await this.principalEntry(principal, partition, await this.sync())).set;
  }

  /**
   * Empties the caches when the counter has moved, and returns what it read. The counter only
   * grows, so a read that finishes after a newer one's never takes the caches back in time.
   */
  private async sync(): Promise<number> {
    const generation = await policyGeneration(this.store.db);
    if (generation > this.generation) {
      this.principals.clear();
      this.shown.clear();
      this.generation = generation;
    }
    return generation;
  }

  /**
   * Whether what was read since the counter showed `generation` may be cached: not if a write
   * has moved it since (other requests run while this one awaits the store; the next sync would
   * drop the entry, but one cached after that sync would stay), nor inside a transaction (its
   * writes, and so the counter it sees, may still be rolled back).
   */
  private current(generation: number): boolean {
    return generation === this.generation && !this.store.db.inTransaction;
  }

  /**
   * A principal's policies and the Caller it is matched as. Keyed by its unique id too: two
   * sessions with one ARN (`assumed-role/R1/s`) may belong to a deleted R1 and to its successor.
   */
  private async principalEntry(
    principal: Principal,
    partition: string,
    generation: number,
  ): Promise<PrincipalEntry> {
    const key = [
      partition,
      principal.kind,
      principal.userId,
      principal.arn,
      // Two federated users of one name made by two IAM users are two principals.
      principal.federatedBy ?? '',
      ...(principal.sessionPolicies ?? []),
      ...(principal.sessionManagedPolicyArns ?? []),
    ].join('\u0000');
    const hit = this.principals.get(key);
    if (hit) return hit;
    const p = await policiesOf(this.store, principal);
    const identity = compileAll(p.identity, partition);
    const boundary = p.boundary ? compileAll(p.boundary, partition) : undefined;
    const session = p.session ? compileAll(p.session, partition) : undefined;
    const entry: PrincipalEntry = {
      set: new PolicySet({
        identity: identity.policies,
        boundary: boundary?.policies,
        session: session?.policies,
        identityAllowsAll: p.isRoot,
      }),
      caller: await this.callerFor(principal),
    };
    const refused = identity.refused || !!boundary?.refused || !!session?.refused;
    if (!refused && this.current(generation)) {
      const bytes = textBytes(p.identity) + textBytes(p.boundary ?? []) + textBytes(p.session ?? []);
      this.principals.set(key, entry, bytes);
    }
    return entry;
  }

  /**
   * A role session is its role, for Principal elements naming the role's ARN, only while that role
   * exists: a session of a deleted role is not the new role created under its name.
   */
  private async callerFor(principal: Principal): Promise<Caller> {
    const caller = callerOf(principal);
    if (principal.kind !== 'AssumedRole') return caller;
    const role = await sessionRole(this.store, principal);
    return { ...caller, roleArn: role?.Arn };
  }

  /**
   * The text as evaluated: unique ids of existing users and roles shown as their ARNs. Only texts
   * holding ids are worth caching; the others are shown as they are, at the cost of one regex test.
   */
  private async shownText(text: string): Promise<{ text: string; cacheable: boolean }> {
    if (!holdsPrincipalIds(text)) return { text, cacheable: false };
    const hit = this.shown.get(text);
    return hit !== undefined
      ? { text: hit, cacheable: false }
      : { text: await showPrincipals(this.directory, text), cacheable: true };
  }

  private async resourcePolicy(
    action: string,
    resource: string,
    partition: string,
    generation: number,
  ): Promise<{ policy?: CompiledPolicy; rp?: ResourcePolicy }> {
    for (const provider of this.providers) {
      const rp = await provider(action, resource);
      if (!rp) continue;
      // Stored with unique ids for the users and roles it names (principal-ids.ts).
      const shown = await this.shownText(rp.text);
      const compiled = compilePolicyText(rp.id, rp.type, shown.text, { partition });
      // A text the engine refuses is never cached here.
      if (compiled.ok && shown.cacheable && this.current(generation))
        this.shown.set(rp.text, shown.text, 2 * shown.text.length);
      return { policy: compiled.ok ? compiled.policy : undefined, rp };
    }
    return {};
  }

  /** Told of every request authorized (service last accessed, service-access-recorder.ts). Must not throw. */
  onAuthorize?: (req: AuthorizeRequest) => void;

  /** Decides one request; every resource must be allowed. */
  async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    const { principal, action } = req;
    this.onAuthorize?.(req);
    const partition = requestPartition(req);
    const generation = await this.sync();
    const { set: base, caller } = await this.principalEntry(principal, partition, generation);
    // The pipeline filled the global keys and the operation's own (lower-cased names).
    const keys = req.contextKeys;
    for (const resource of req.resources.length ? req.resources : ['*']) {
      const { policy, rp } = await this.resourcePolicy(action, resource, partition, generation);
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
