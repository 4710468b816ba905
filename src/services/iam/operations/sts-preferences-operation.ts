/**
 * SetSecurityTokenServicePreferences (API_SetSecurityTokenServicePreferences.html): the version of
 * the session tokens STS's global endpoint issues for the account, `v1Token` or `v2Token`, stored per
 * account and shown by GetAccountSummary as `GlobalEndpointTokenVersion` (1 or 2: "To view the
 * current session token version, see the GlobalEndpointTokenVersion entry in the response of the
 * GetAccountSummary operation"). An account that never set it shows 1 (v1Token, STS's default for
 * the global endpoint, id_credentials_temp_region-endpoints.html). Pinpost's tokens are valid in
 * every region either way; the preference is kept and shown, as AWS does. The Service Authorization
 * Reference lists no resource type for the action: `*`.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf } from '../../../wire/model/types/iam.js';
import type { IamDeps } from '../deps.js';
import { accountOf } from '../handlers/user-entities.js';
import type { IamStore } from '../store.js';
import { reportsOf } from './credential-report-operations.js';

/** GetAccountSummary's GlobalEndpointTokenVersion for the account: 1 or 2. */
export async function globalEndpointTokenVersion(store: IamStore, account: string): Promise<number> {
  return (await reportsOf(store).tokenVersion(account)) === 'v2Token' ? 2 : 1;
}

export function stsPreferencesOperation(deps: IamDeps): OperationSpec {
  return defineOperation<InputOf<'SetSecurityTokenServicePreferences'>, void>({
    name: 'SetSecurityTokenServicePreferences',
    action: 'iam:SetSecurityTokenServicePreferences',
    resources: () => ['*'],
    async handler(i, ctx) {
      await reportsOf(deps.store).setTokenVersion(accountOf(ctx), i.GlobalEndpointTokenVersion);
      return undefined;
    },
  });
}
