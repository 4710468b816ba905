/**
 * Where the signing keys of an OpenID Connect provider come from. AWS fetches a provider's JWKS
 * from its `jwks_uri`; Pinpost makes no outbound call for it. The operator puts the provider's key
 * set in the import-root folder (`--import-root`, the folder that stands in for S3), at
 * `<import-root>/oidc-provider/<host/path>/jwks.json` — the provider ARN's resource, under a
 * bucket named `oidc-provider`. It is read through the import root's guard (src/net/import-root.ts:
 * nothing outside the root, regular files only, a byte budget) on every AssumeRoleWithWebIdentity,
 * so a rotated key set applies at once and every process sharing the folder sees the same keys.
 */
import { ByteBudget } from '../../net/budget.js';
import type { ImportRoot } from '../../net/import-root.js';
import { parseS3Url } from '../../net/s3-location.js';

/** A JWKS is a few kilobytes; a megabyte is far more than any provider publishes. */
const MAX_JWKS_BYTES = 1024 * 1024;
export const JWKS_BUCKET = 'oidc-provider';
export const JWKS_FILE = 'jwks.json';

/** `s3://oidc-provider/<host/path>/jwks.json`: where the keys of the provider named so are read. */
export const jwksLocation = (providerName: string) => `s3://${JWKS_BUCKET}/${providerName}/${JWKS_FILE}`;

/** The provider's key set, or undefined when the operator registered none (or it is not JSON). */
export async function readProviderKeys(
  root: ImportRoot | undefined,
  providerName: string,
): Promise<{ keys?: unknown } | undefined> {
  const loc = parseS3Url(jwksLocation(providerName));
  if (!root || !loc) return undefined;
  const key = loc.segments.join('/');
  try {
    const objects = await root.objects(loc, { accept: () => true, maxObjects: 1 });
    // One file named by the key: a folder of that name holds no key set.
    if (objects.length !== 1 || objects[0].name !== key) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of objects[0].read(new ByteBudget(MAX_JWKS_BYTES))) chunks.push(chunk);
    const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as { keys?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
