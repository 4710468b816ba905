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
  const recorder = new ServiceAccessRecorder(new ReportRepo(store.db), () => store.clock());
  authorizer.onAuthorize = (req) =>
    recorder.record(req.principal, req.action, req.ctx.region ?? defaultRegion);
  return recorder;
}
