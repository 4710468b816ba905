/**
 * What AssumeRole asks the authorizer, beyond sts:AssumeRole on the role: the condition keys the
 * request carries for the trust policy (list_awssecuritytokenservice.html, "Condition keys";
 * reference_policies_iam-condition-keys.html) and the further actions its parameters need.
 */
import type { ContextKeyValue } from '../../wire/operation.js';
import type { InputOf } from '../../wire/model/types/sts.js';

type AssumeRoleInput = InputOf<'AssumeRole'>;

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });
const many = (v: string[]): ContextKeyValue => ({ values: v, list: true });

export function assumeRoleConditionKeys(input: AssumeRoleInput): Record<string, ContextKeyValue> {
  const keys: Record<string, ContextKeyValue> = {
    'sts:RoleSessionName': one(input.RoleSessionName),
  };
  if (input.ExternalId !== undefined) keys['sts:ExternalId'] = one(input.ExternalId);
  if (input.SourceIdentity !== undefined) keys['sts:SourceIdentity'] = one(input.SourceIdentity);
  const tags = input.Tags ?? [];
  if (tags.length > 0) {
    for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = one(t.Value);
    // aws:TagKeys is multivalued (reference_policies_condition-single-vs-multi-valued-context-keys.html).
    keys['aws:TagKeys'] = many(tags.map((t) => t.Key));
  }
  const transitive = input.TransitiveTagKeys ?? [];
  if (transitive.length > 0) keys['sts:TransitiveTagKeys'] = many(transitive);
  return keys;
}

/**
 * Passing session tags needs sts:TagSession (id_session-tags.html, "Permissions required to add
 * session tags"); setting a source identity needs sts:SetSourceIdentity
 * (id_credentials_temp_control-access_monitor.html, "Permissions required to set source identity").
 * Both are decided like sts:AssumeRole: on the role, against its trust policy.
 */
export function assumeRoleAdditionalActions(input: AssumeRoleInput): string[] {
  const actions: string[] = [];
  if (input.Tags?.length) actions.push('sts:TagSession');
  if (input.SourceIdentity !== undefined) actions.push('sts:SetSourceIdentity');
  return actions;
}
