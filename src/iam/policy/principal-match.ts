/**
 * Principal and NotPrincipal matching (reference_policies_elements_principal.html,
 * reference_policies_elements_notprincipal.html).
 *
 * A match says *how* the caller was named, because within one account that decides whether a
 * resource-based policy grants by itself or only delegates to the caller's identity policies
 * (reference_policies_evaluation-logic_policy-eval-denyallow.html, "Resource-based policies").
 */
import type { Caller, PrincipalBlock } from './types.js';

/**
 * - `account`: the account (`123456789012` or `arn:…:iam::123456789012:root`): the grant is
 *   delegated to the account, whose identity-based policies must also allow;
 * - `role`: the role's ARN named for one of its sessions: limited by boundary and session policies;
 * - `direct`: the caller itself (user ARN, session ARN, service, federated provider, or `*`).
 */
export type PrincipalMatch = 'account' | 'role' | 'direct';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[a-z-]+:iam::(\d{12}):root$/;

export interface CompiledPrincipal {
  /** How the caller is named by this element, or undefined when it is not. */
  match(caller: Caller): PrincipalMatch | undefined;
}

interface PrincipalSets {
  everyone: boolean;
  accounts: Set<string>;
  arns: Set<string>;
  services: Set<string>;
  federated: Set<string>;
}

function collect(block: PrincipalBlock): PrincipalSets {
  const sets: PrincipalSets = {
    everyone: block === '*',
    accounts: new Set(),
    arns: new Set(),
    services: new Set(),
    federated: new Set(),
  };
  if (block === '*') return sets;
  for (const [type, values] of Object.entries(block)) {
    for (const value of values) {
      if (type === 'AWS') {
        if (value === '*') sets.everyone = true;
        else if (ACCOUNT_ID.test(value)) sets.accounts.add(value);
        else {
          const root = ROOT_ARN.exec(value);
          if (root) sets.accounts.add(root[1]);
          else sets.arns.add(value);
        }
      } else if (type === 'Service') {
        // Service principal names are DNS names: compare them case-insensitively.
        sets.services.add(value.toLowerCase());
      } else if (type === 'Federated') {
        sets.federated.add(value);
      }
      // CanonicalUser names S3 canonical ids, which no Pinpost caller has: it never matches.
    }
  }
  return sets;
}

function matchSets(s: PrincipalSets, caller: Caller): PrincipalMatch | undefined {
  if (s.everyone) return 'direct';
  switch (caller.kind) {
    case 'Service':
      return s.services.has(caller.arn.toLowerCase()) ? 'direct' : undefined;
    case 'Anonymous':
      return undefined;
    default:
      break;
  }
  // A role named as the simulator's caller (its ARN is the role's) acts as a session of the role:
  // a policy naming it grants as one naming the role, bounded by boundary and session policies.
  if (caller.arn !== caller.roleArn && s.arns.has(caller.arn)) return 'direct';
  if (caller.roleArn && s.arns.has(caller.roleArn)) return 'role';
  if (caller.federatedProvider && s.federated.has(caller.federatedProvider)) return 'direct';
  if (caller.account && s.accounts.has(caller.account)) return 'account';
  return undefined;
}

export function compilePrincipal(block: PrincipalBlock): CompiledPrincipal {
  const sets = collect(block);
  return { match: (caller) => matchSets(sets, caller) };
}

/**
 * NotPrincipal excludes a caller only when every identity it is evaluated as is listed
 * (reference_policies_elements_notprincipal.html: "AWS might validate the account first, then the
 * role, and then the assumed-role user"): its account, and its own ARN for an IAM user or a
 * federated user; for a role session, its role's ARN — which stands for every session of the role,
 * as in Principal — since a session ARN without its role leaves the role, and so the session,
 * denied ("If the NotPrincipal element was missing the ARN of the role, the effect of the policy
 * might be to explicitly deny access to the role"). Listing only a user's ARN still applies the
 * statement to that user. `hasBoundary`: a Deny with NotPrincipal always applies to a principal
 * that has a permissions boundary, whatever NotPrincipal lists (access_policies_boundaries.html).
 */
export function compileNotPrincipal(block: PrincipalBlock): {
  applies(caller: Caller, effect: 'Allow' | 'Deny', hasBoundary: boolean): boolean;
} {
  const sets = collect(block);
  return {
    applies(caller, effect, hasBoundary) {
      if (effect === 'Deny' && hasBoundary) return true;
      if (sets.everyone) return false;
      switch (caller.kind) {
        case 'Service':
          return !sets.services.has(caller.arn.toLowerCase());
        case 'Anonymous':
          return true;
        case 'Account':
          return !(caller.account !== undefined && sets.accounts.has(caller.account));
        default: {
          const accountListed = caller.account !== undefined && sets.accounts.has(caller.account);
          // A role session (or a role named as the simulator's caller) is its role at this level.
          const selfListed =
            caller.roleArn !== undefined ? sets.arns.has(caller.roleArn) : sets.arns.has(caller.arn);
          return !(accountListed && selfListed);
        }
      }
    },
  };
}
