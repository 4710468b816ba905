/**
 * A JSON Web Token (RFC 7519) in JWS compact form (RFC 7515), verified with node:crypto against a
 * JSON Web Key Set (RFC 7517): RS256 (RSASSA-PKCS1-v1_5 with SHA-256) and ES256 (ECDSA P-256 with
 * SHA-256, the signature as R||S per RFC 7518 §3.4), the algorithms IAM accepts from OIDC
 * providers (id_roles_providers_create_oidc.html). The key is chosen by the header's `kid`, or is
 * the set's only key of the algorithm's type when the header names none.
 */
import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

export interface Jwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: Buffer;
  signature: Buffer;
}

const ALGORITHMS: Record<string, { kty: string; dsaEncoding?: 'ieee-p1363' }> = {
  RS256: { kty: 'RSA' },
  ES256: { kty: 'EC', dsaEncoding: 'ieee-p1363' },
};

function json(part: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The token's parts, or undefined when it is not a compact JWS with JSON header and claims. */
export function decodeJwt(token: string): Jwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return undefined;
  const header = json(parts[0]);
  const claims = json(parts[1]);
  if (!header || !claims) return undefined;
  return {
    header,
    claims,
    signingInput: Buffer.from(`${parts[0]}.${parts[1]}`),
    signature: Buffer.from(parts[2], 'base64url'),
  };
}

export type KeyChoice = { key: KeyObject } | { problem: 'algorithm' | 'no-key' };

/** The key of `jwks` that should have signed `jwt`. */
export function signingKey(jwt: Jwt, jwks: { keys?: unknown }): KeyChoice {
  const alg = jwt.header['alg'];
  const spec = typeof alg === 'string' ? ALGORITHMS[alg] : undefined;
  if (!spec) return { problem: 'algorithm' };
  const kid = jwt.header['kid'];
  const keys = (Array.isArray(jwks.keys) ? jwks.keys : []) as Record<string, unknown>[];
  const candidates = keys.filter(
    (k) =>
      k &&
      k['kty'] === spec.kty &&
      (k['use'] === undefined || k['use'] === 'sig') &&
      (k['alg'] === undefined || k['alg'] === alg) &&
      (kid === undefined || k['kid'] === kid),
  );
  if (candidates.length !== 1) return { problem: 'no-key' };
  try {
    return { key: createPublicKey({ key: candidates[0] as JsonWebKey, format: 'jwk' }) };
  } catch {
    return { problem: 'no-key' };
  }
}

/** Whether the signature verifies with `key` under the header's algorithm. */
export function signatureVerifies(jwt: Jwt, key: KeyObject): boolean {
  const spec = ALGORITHMS[jwt.header['alg'] as string];
  if (!spec) return false;
  try {
    return verify(
      'sha256',
      jwt.signingInput,
      spec.dsaEncoding ? { key, dsaEncoding: spec.dsaEncoding } : key,
      jwt.signature,
    );
  } catch {
    return false;
  }
}
