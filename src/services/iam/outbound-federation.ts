/**
 * The issuer Pinpost runs for an account's outbound web identity federation
 * (id_roles_providers_outbound_getting_started.html): its URL is
 * `<public URL>/_pinpost/outbound-federation/<issuer id>`, which serves the OIDC discovery
 * documents an external service reads — `/.well-known/openid-configuration` and
 * `/.well-known/jwks.json` — and signs the tokens GetWebIdentityToken issues (RS256 or ES384).
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { Database } from '../../store/index.js';
import { jsonResponse, type InternalRoute } from '../../server/internal-routes.js';
import { OutboundFederationRepo, type OutboundFederation } from './store-outbound-federation.js';

export const OUTBOUND_FEDERATION_PATH = '/_pinpost/outbound-federation/';
export const SIGNING_ALGORITHMS = ['RS256', 'ES384'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const issuerUrl = (publicUrl: string, state: OutboundFederation): string =>
  `${publicUrl.replace(/\/+$/, '')}${OUTBOUND_FEDERATION_PATH}${state.issuerId}`;

function privateKey(state: OutboundFederation, alg: SigningAlgorithm): KeyObject {
  return createPrivateKey(alg === 'RS256' ? state.rsaKey : state.ecKey);
}

/** A key's id: the SHA-256 of its public key (SPKI DER), base64url. */
function keyId(key: KeyObject): string {
  return createHash('sha256')
    .update(createPublicKey(key).export({ type: 'spki', format: 'der' }))
    .digest('base64url');
}

/** The account's public keys as a JWKS (RFC 7517). */
export function publicJwks(state: OutboundFederation): { keys: Record<string, unknown>[] } {
  return {
    keys: SIGNING_ALGORITHMS.map((alg) => {
      const key = privateKey(state, alg);
      return { ...createPublicKey(key).export({ format: 'jwk' }), kid: keyId(key), use: 'sig', alg };
    }),
  };
}

/** A compact JWS of `claims` signed with the account's key for `alg`. */
export function signToken(
  state: OutboundFederation,
  alg: SigningAlgorithm,
  claims: Record<string, unknown>,
): string {
  const key = privateKey(state, alg);
  const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${part({ alg, typ: 'JWT', kid: keyId(key) })}.${part(claims)}`;
  const signature =
    alg === 'RS256'
      ? sign('sha256', Buffer.from(input), key)
      : sign('sha384', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * The discovery documents, public as an issuer's are. A disabled account's issuer still serves its
 * keys: tokens issued before it was disabled remain verifiable (API_DisableOutboundWebIdentityFederation.html:
 * "This operation does not affect tokens that were issued before the feature was disabled").
 */
export function outboundFederationRoute(db: Database, publicUrl: () => string): InternalRoute {
  const repo = new OutboundFederationRepo(db);
  return {
    prefix: OUTBOUND_FEDERATION_PATH.replace(/\/$/, ''),
    access: 'public',
    handler: async (request) => {
      const m =
        /^\/_pinpost\/outbound-federation\/([0-9a-f-]{36})\/\.well-known\/(openid-configuration|jwks\.json)$/.exec(
          request.path,
        );
      const state = m ? await repo.byIssuer(m[1]) : undefined;
      if (!m || !state || request.method !== 'GET')
        return jsonResponse(404, { message: `no route ${request.path}` });
      if (m[2] === 'jwks.json') return jsonResponse(200, publicJwks(state));
      const issuer = issuerUrl(publicUrl(), state);
      return jsonResponse(200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
      });
    },
  };
}
