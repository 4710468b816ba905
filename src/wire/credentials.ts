/**
 * Where SigV4 gets secrets from. The wire layer knows no store: the server chains resolvers (the
 * default `test`/`test` root key, then the IAM store's users' keys and STS sessions).
 */
import type { Principal } from './principal.js';

export interface ResolvedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary (ASIA…) credentials: requests must carry exactly this token. */
  sessionToken?: string;
  /** When temporary credentials stop working (ExpiredToken after it). */
  expiration?: Date;
  principal: Principal;
}

export interface CredentialResolver {
  /**
   * The credentials of an access key id, or undefined when the key is unknown. Must not throw.
   * Read from the store, hence a promise (the fixed default key answers at once).
   */
  resolve(accessKeyId: string): Promise<ResolvedCredentials | undefined> | ResolvedCredentials | undefined;
}

/** Asks each resolver in turn; the first that knows the key answers. */
export function chainResolvers(...resolvers: CredentialResolver[]): CredentialResolver {
  return {
    async resolve(accessKeyId) {
      for (const r of resolvers) {
        const found = await r.resolve(accessKeyId);
        if (found) return found;
      }
      return undefined;
    },
  };
}
