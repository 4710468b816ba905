/**
 * Verifying the token of AssumeRoleWithWebIdentity (API_AssumeRoleWithWebIdentity.html) as STS
 * does: its issuer (`iss`) must be an IAM OIDC provider of the role's account, its signature must
 * verify with that provider's keys (web-identity-keys.ts), it must not have expired on Pinpost's
 * clock (`exp`; `nbf` not in the future), and one of its audiences (`aud`) must be among the
 * provider's client IDs. The texts are STS's where reports show them; Pinpost's own say what was
 * wrong where STS's were not found.
 */
import type { ImportRoot } from '../../net/import-root.js';
import { providerStore } from '../iam/operations/identity-provider-shared.js';
import type { IamDeps } from '../iam/deps.js';
import type { OidcProvider } from '../iam/store-identity-providers.js';
import { invalidIdentityToken, webIdentityTokenExpired } from './errors.js';
import { decodeJwt, signatureVerifies, signingKey } from './jwt.js';
import { readProviderKeys } from './web-identity-keys.js';

export interface WebIdentity {
  provider: OidcProvider;
  /** `iss`, as the response's Provider reports it. */
  issuer: string;
  subject: string;
  /** The client ID the token was for: `azp` when present, else the matching `aud`. */
  audience: string;
  /** The token's `aud` values. */
  audiences: string[];
  claims: Record<string, unknown>;
}

/**
 * "Couldn't retrieve verification key from your identity provider,  please reference
 * AssumeRoleWithWebIdentity documentation for requirements" (STS, for a key it cannot find;
 * aws/amazon-eks-pod-identity-webhook reports), including its double space.
 */
const NO_KEY =
  "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export async function verifyWebIdentityToken(
  deps: IamDeps & { importRoot?: ImportRoot },
  token: string,
  role: { account: string; partition: string },
  now: Date,
): Promise<WebIdentity> {
  const jwt = decodeJwt(token);
  if (!jwt)
    throw invalidIdentityToken(
      'The web identity token is not a JSON Web Token (three base64url parts: header, claims, signature).',
    );
  const iss = jwt.claims['iss'];
  const issuer = typeof iss === 'string' ? iss : '';
  const name = issuer.startsWith('https://') ? issuer.slice('https://'.length).replace(/\/+$/, '') : '';
  const arn = `arn:${role.partition}:iam::${role.account}:oidc-provider/${name}`;
  const provider = name ? await providerStore(deps).oidc.get(role.account, arn) : undefined;
  // "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com"
  // (aws-actions/configure-aws-credentials#280).
  if (!provider) throw invalidIdentityToken(`No OpenIDConnect provider found in your account for ${issuer}`);

  const choice = signingKey(jwt, (await readProviderKeys(deps.importRoot, provider.Url)) ?? {});
  if ('problem' in choice) {
    if (choice.problem === 'algorithm')
      throw invalidIdentityToken(
        `The web identity token is signed with \`${String(jwt.header['alg'])}\`; Pinpost verifies RS256 and ES256.`,
      );
    throw invalidIdentityToken(NO_KEY);
  }
  if (!signatureVerifies(jwt, choice.key))
    throw invalidIdentityToken(
      `The web identity token's signature does not verify with the keys registered for \`${issuer}\`.`,
    );

  const seconds = Math.floor(now.getTime() / 1000);
  const exp = jwt.claims['exp'];
  if (typeof exp !== 'number') throw invalidIdentityToken('The web identity token has no `exp` claim.');
  if (seconds >= exp) throw webIdentityTokenExpired(seconds, Math.floor(exp));
  const nbf = jwt.claims['nbf'];
  if (typeof nbf === 'number' && seconds < nbf)
    throw invalidIdentityToken(`The web identity token is not valid before ${Math.floor(nbf)} (\`nbf\`).`);

  const audiences = strings(jwt.claims['aud']);
  const azp = typeof jwt.claims['azp'] === 'string' ? (jwt.claims['azp'] as string) : undefined;
  const matched = [...(azp ? [azp] : []), ...audiences].find((a) => provider.ClientIDList.includes(a));
  // "Incorrect token audience" (awslabs/amazon-eks-irsa-cfn#18, aws/aws-sdk-net#3071).
  if (matched === undefined) throw invalidIdentityToken('Incorrect token audience');
  const sub = jwt.claims['sub'];
  if (typeof sub !== 'string' || sub === '')
    throw invalidIdentityToken('The web identity token has no `sub` claim.');
  return { provider, issuer, subject: sub, audience: azp ?? matched, audiences, claims: jwt.claims };
}
