/**
 * GetAccessKeyInfo (API_GetAccessKeyInfo.html): the account an access key id belongs to, long-term
 * (AKIA…) or temporary (ASIA…). It needs sts:GetAccessKeyInfo on `*`.
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import type { StsDeps } from './deps.js';
import type { InputOf, GetAccessKeyInfoResponse } from '../../wire/model/types/sts.js';

export function getAccessKeyInfoOperation(deps: StsDeps): OperationSpec {
  return defineOperation<InputOf<'GetAccessKeyInfo'>, GetAccessKeyInfoResponse>({
    name: 'GetAccessKeyInfo',
    action: 'sts:GetAccessKeyInfo',
    resources: () => ['*'],
    handler: async (input, ctx) => {
      const id = input.AccessKeyId;
      const account =
        (await deps.store.accessKeys.find(id))?.accountId ??
        (await deps.sts.sessions.find(id))?.session.accountId;
      // AWS decodes the account from the key id itself and answers for any well-formed key; our key
      // ids carry no account, so a key we never issued is answered with the caller's account, as
      // moto does (moto/sts/models.py get_access_key_info).
      return { Account: account ?? ctx.account! };
    },
  });
}
