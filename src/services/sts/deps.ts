/** What STS's operations need from the running server. */
import type { IamDeps } from '../iam/deps.js';

export interface StsDeps extends IamDeps {
  region: string;
}
