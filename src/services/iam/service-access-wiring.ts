import type { IamAuthorizer } from './authz/authorizer.js';
import { ServiceAccessRecorder } from './service-access-recorder.js';
import { ReportRepo } from './store-reports.js';
import type { IamStore } from './store.js';

/** Has the authorizer report every request it authorizes to a recorder (service last accessed). */
export function recordServiceAccess(
  authorizer: IamAuthorizer,
  store: IamStore,
  defaultRegion: string,
): ServiceAccessRecorder {
  const recorder = new ServiceAccessRecorder(new ReportRepo(store.db), () => store.clock(), store.accessKeys);
  authorizer.onAuthorize = (req) => {
    // A long-term key's use; session credentials (with a token) are not IAM access keys.
    const creds = req.ctx.credentials;
    const key = creds && !creds.sessionToken ? creds.accessKeyId : undefined;
    recorder.record(req.principal, req.action, req.ctx.region ?? defaultRegion, key);
  };
  return recorder;
}
