/**
 * What the OIDC and SAML provider operations share: their store (the IAM database), their ARNs'
 * partition, and the condition keys IAM lists for them (Service Authorization Reference,
 * list_awsidentityandaccessmanagementiam.html: the oidc-provider and saml-provider resource types
 * carry aws:ResourceTag/${TagKey}; Create and Tag take aws:RequestTag/${TagKey} and aws:TagKeys).
 */
import type { RequestContext } from '../../../wire/context.js';
import type { IamDeps } from '../deps.js';
import { IdentityProviderStore } from '../store-identity-providers.js';
import { accountOf } from './policy-parse.js';

const stores = new WeakMap<object, IdentityProviderStore>();

/** One IdentityProviderStore per IAM store (the repositories hold no state but the database). */
export function providerStore(deps: IamDeps): IdentityProviderStore {
  let s = stores.get(deps.store);
  if (!s) {
    s = new IdentityProviderStore(deps.store.db);
    stores.set(deps.store, s);
  }
  return s;
}

/** `arn:<partition>:iam::<account>:` for the caller's account. */
export async function iamArnPrefix(deps: IamDeps, ctx: RequestContext): Promise<string> {
  const account = accountOf(ctx);
  return `arn:${await deps.store.accounts.partitionOf(account)}:iam::${account}:`;
}
