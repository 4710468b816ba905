/** What IAM's operations need from the running server. */
import type { StsStore } from '../sts/store.js';
import type { IamAuthorizer } from './authz/authorizer.js';
import type { ServiceAccessRecorder } from './service-access-recorder.js';
import type { IamStore } from './store.js';

export interface IamDeps {
  store: IamStore;
  /** STS sessions (GetAccessKeyLastUsed, GetAccountSummary never need them; STS does). */
  sts: StsStore;
  /** The authorizer, for SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy to reuse. */
  authorizer: IamAuthorizer;
  /** The server's public URL (outbound web identity federation's issuer lives under it). */
  publicUrl?: () => string;
  /** Service last accessed: what the authorizer saw, flushed before a report is generated. */
  accessRecorder?: ServiceAccessRecorder;
}
