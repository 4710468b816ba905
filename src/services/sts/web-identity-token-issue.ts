/**
 * GetWebIdentityToken (API_GetWebIdentityToken.html): a JWT naming the caller, signed with the
 * account's outbound-federation key (RS256 or ES384) and verifiable at its issuer's JWKS
 * (../iam/outbound-federation.ts). `sub` is the caller's ARN — a role session's role ARN —,
 * `aud` the requested audiences, `exp` 60–3,600 seconds ahead (300 by default) on Pinpost's
 * clock; never past the caller's own session (SessionDurationEscalationException). Authorized as
 * sts:GetWebIdentityToken with sts:IdentityTokenAudience and sts:DurationSeconds
 * (id_roles_providers_outbound_getting_started.html).
 */
import { randomUUID } from 'node:crypto';
import { AwsError, validationError } from '../../wire/errors.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import {
  issuerUrl,
  SIGNING_ALGORITHMS,
  signToken,
  type SigningAlgorithm,
} from '../iam/outbound-federation.js';
import { OutboundFederationRepo } from '../iam/store-outbound-federation.js';
import type { StsDeps } from './deps.js';
import type { GetWebIdentityTokenResponse, InputOf } from '../../wire/model/types/sts.js';

const DEFAULT_SECONDS = 300;

const isSigningAlgorithm = (a: string): a is SigningAlgorithm =>
  (SIGNING_ALGORITHMS as readonly string[]).includes(a);
const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:4566';

/** The STS model's texts for its two refusals. */
const disabled = () =>
  new AwsError({
    code: 'OutboundWebIdentityFederationDisabledException',
    status: 403,
    message:
      'The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the Amazon Web Services Management Console or API.',
  });
const escalation = () =>
  new AwsError({
    code: 'SessionDurationEscalationException',
    status: 403,
    message:
      'The requested token duration would extend the session beyond its original expiration time. You cannot use this operation to extend the lifetime of a session beyond what was granted when the session was originally created.',
  });

export function getWebIdentityTokenOperation(deps: StsDeps): OperationSpec {
  const repo = new OutboundFederationRepo(deps.store.db);
  return defineOperation<InputOf<'GetWebIdentityToken'>, GetWebIdentityTokenResponse>({
    name: 'GetWebIdentityToken',
    action: 'sts:GetWebIdentityToken',
    // Tags become custom claims on AWS, in a form not documented: refused rather than guessed.
    check: (i) => {
      if (i.Tags !== undefined)
        throw validationError('Pinpost does not put `Tags` into web identity tokens.');
    },
    resources: () => ['*'],
    conditionKeys: (i) => ({
      'sts:IdentityTokenAudience': { values: i.Audience, list: true },
      'sts:DurationSeconds': { values: [String(i.DurationSeconds ?? DEFAULT_SECONDS)], list: false },
    }),
    async handler(i, ctx) {
      // The algorithm's own check comes once authorized, as AWS's domain checks do.
      const algorithm = i.SigningAlgorithm;
      if (!isSigningAlgorithm(algorithm))
        throw validationError(`\`SigningAlgorithm\` ${algorithm} is not RS256 or ES384.`);
      const seconds = i.DurationSeconds ?? DEFAULT_SECONDS;
      const p = ctx.principal!;
      const state = await repo.get(p.account);
      if (!state?.enabled) throw disabled();
      const now = deps.sts.clock();
      const expiration = new Date(now.getTime() + seconds * 1000);
      const session = ctx.credentials?.expiration;
      if (session && expiration > session) throw escalation();
      const iat = Math.floor(now.getTime() / 1000);
      const token = signToken(state, algorithm, {
        iss: issuerUrl(deps.publicUrl?.() ?? DEFAULT_PUBLIC_URL, state),
        sub: p.kind === 'AssumedRole' && p.roleArn ? p.roleArn : p.arn,
        aud: i.Audience.length === 1 ? i.Audience[0] : i.Audience,
        iat,
        exp: iat + seconds,
        jti: randomUUID(),
      });
      return { WebIdentityToken: token, Expiration: expiration };
    },
  });
}
