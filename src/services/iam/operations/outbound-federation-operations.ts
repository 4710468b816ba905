/**
 * EnableOutboundWebIdentityFederation, DisableOutboundWebIdentityFederation and
 * GetOutboundWebIdentityFederationInfo (IAM API reference, API_<Op>.html): an account's switch for
 * GetWebIdentityToken and the issuer URL external services trust (../outbound-federation.ts).
 */
import { AwsError } from '../../../wire/errors.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { issuerUrl } from '../outbound-federation.js';
import { OutboundFederationRepo } from '../store-outbound-federation.js';
import { accountOf } from './policy-parse.js';

/** FeatureEnabled, 409: the IAM model's text for FeatureEnabledException. */
const featureEnabled = () =>
  new AwsError({
    code: 'FeatureEnabled',
    status: 409,
    message:
      'The request failed because outbound identity federation is already enabled for your Amazon Web Services account. You cannot enable the feature multiple times. To fetch the current configuration (including the unique issuer URL), use the GetOutboundWebIdentityFederationInfo operation.',
  });

/** FeatureDisabled, 404: the IAM model's text for FeatureDisabledException. */
const featureDisabled = () =>
  new AwsError({
    code: 'FeatureDisabled',
    status: 404,
    message:
      'The request failed because outbound identity federation is already disabled for your Amazon Web Services account. You cannot disable the feature multiple times',
  });

const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:4566';

export function outboundFederationOperations(deps: IamDeps): OperationSpec[] {
  const repo = new OutboundFederationRepo(deps.store.db);
  const url = () => deps.publicUrl?.() ?? DEFAULT_PUBLIC_URL;

  const enable = defineOperation<
    InputOf<'EnableOutboundWebIdentityFederation'>,
    OutputOf<'EnableOutboundWebIdentityFederation'>
  >({
    name: 'EnableOutboundWebIdentityFederation',
    action: 'iam:EnableOutboundWebIdentityFederation',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const account = accountOf(ctx);
      const state = await deps.store.transaction(async () => {
        if ((await repo.get(account))?.enabled) throw featureEnabled();
        return repo.enable(account);
      });
      return { IssuerIdentifier: issuerUrl(url(), state) };
    },
  });

  const disable = defineOperation<
    InputOf<'DisableOutboundWebIdentityFederation'>,
    OutputOf<'DisableOutboundWebIdentityFederation'>
  >({
    name: 'DisableOutboundWebIdentityFederation',
    action: 'iam:DisableOutboundWebIdentityFederation',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const account = accountOf(ctx);
      await deps.store.transaction(async () => {
        if (!(await repo.get(account))?.enabled) throw featureDisabled();
        await repo.disable(account);
      });
      return undefined;
    },
  });

  const info = defineOperation<
    InputOf<'GetOutboundWebIdentityFederationInfo'>,
    OutputOf<'GetOutboundWebIdentityFederationInfo'>
  >({
    name: 'GetOutboundWebIdentityFederationInfo',
    action: 'iam:GetOutboundWebIdentityFederationInfo',
    resources: () => ['*'],
    async handler(_i, ctx) {
      const state = await repo.get(accountOf(ctx));
      // Never enabled: there is no issuer to describe.
      if (!state) throw featureDisabled();
      return { IssuerIdentifier: issuerUrl(url(), state), JwtVendingEnabled: state.enabled };
    },
  });

  return [enable, disable, info];
}
