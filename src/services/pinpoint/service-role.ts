/**
 * How Pinpoint takes on a role a user handed it: `pinpoint.amazonaws.com` calls STS AssumeRole on
 * it, with aws:SourceAccount = the app's account and aws:SourceArn = the app's (or campaign's) ARN
 * (developerguide/permissions-ses.html, the seed's trust policy; IAM confused-deputy.html). The
 * orchestration sending role is assumed so for sends, an import job's RoleArn so before the job
 * reads anything (developerguide/permissions-import-segment.html: the role "allows Amazon
 * Pinpoint to assume the role"). The same operation, authorize step and trust policy decide it as
 * for an SDK caller, so a missing role or a trust policy that leaves Pinpoint out fails with STS's
 * own AccessDenied text.
 */
import { assumeRoleAsService, type ServiceSession } from '../sts/service-assume.js';
import { PINPOINT_SERVICE } from './email-channel.js';
import type { PinpointContext, Scope } from './ports.js';

export interface PinpointRoleRequest {
  scope: Scope;
  roleArn: string;
  /** The session name; AWS documents none for Pinpoint, Pinpost's name says what it is for. */
  sessionName: string;
  /** aws:SourceArn: the app's or the campaign's ARN. */
  sourceArn: string;
}

/** Resolves to the session, or rejects with the AwsError STS gives. */
export function assumeAsPinpoint(c: PinpointContext, req: PinpointRoleRequest): Promise<ServiceSession> {
  return assumeRoleAsService(
    { pipeline: c.pipeline(), sts: c.services.sts(), credentials: c.credentials },
    {
      servicePrincipal: PINPOINT_SERVICE,
      roleArn: req.roleArn,
      roleSessionName: req.sessionName,
      sourceAccount: req.scope.account,
      sourceArn: req.sourceArn,
      region: req.scope.region,
    },
  );
}
