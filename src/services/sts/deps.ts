/** What STS's operations need from the running server. */
import type { ImportRoot } from '../../net/import-root.js';
import type { IamDeps } from '../iam/deps.js';

export interface StsDeps extends IamDeps {
  region: string;
  /** Where the operator registers OIDC providers' keys (web-identity-keys.ts). */
  importRoot?: ImportRoot;
}
