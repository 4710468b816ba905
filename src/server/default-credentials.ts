/**
 * The root keys Pinpost knows before any IAM user exists: by default access key `test`, secret
 * `test`, root of account 000000000000 (the convention local AWS emulators share). The IAM store's
 * resolver is chained after this one (src/server/services.ts).
 */
import type { CredentialResolver, ResolvedCredentials } from '../wire/credentials.js';
import { rootPrincipal } from '../wire/principal.js';
import { DEFAULT_ACCOUNT } from './config.js';

export interface RootKey {
  accessKeyId: string;
  secretAccessKey: string;
  account: string;
}

export const DEFAULT_ROOT_KEY: RootKey = {
  accessKeyId: 'test',
  secretAccessKey: 'test',
  account: DEFAULT_ACCOUNT,
};

export class DefaultCredentials implements CredentialResolver {
  private readonly keys = new Map<string, ResolvedCredentials>();

  constructor(keys: readonly RootKey[] = [DEFAULT_ROOT_KEY]) {
    for (const k of keys) {
      this.keys.set(k.accessKeyId, {
        accessKeyId: k.accessKeyId,
        secretAccessKey: k.secretAccessKey,
        principal: rootPrincipal(k.account),
      });
    }
  }

  resolve(accessKeyId: string): ResolvedCredentials | undefined {
    return this.keys.get(accessKeyId);
  }
}
