/**
 * The orchestrator (ports.ts Orchestrator): opens a sending session for an app. It reads the email
 * channel; when the channel names an OrchestrationSendingRoleArn, `pinpoint.amazonaws.com` assumes
 * it through STS with aws:SourceAccount = the app's account and aws:SourceArn = the app's or the
 * campaign's ARN (developerguide/permissions-ses.html, the seed's trust policy;
 * IAM/latest/UserGuide/confused-deputy.html, service-role.ts), and every send then goes through SES
 * as that session.
 *
 * Without a role, Pinpoint sends with the account's own SES, as AWS did before the channel had an
 * orchestration role: Pinpost sends as the app account's root principal, which its own account's
 * policies always allow, so SES still checks the identity, the configuration set and the quotas.
 */
import { rootPrincipal, type Principal } from '../../../wire/principal.js';
import type { AppDoc } from '../apps.js';
import type { ChannelDoc } from '../email-channel.js';
import { APP_NOT_FOUND } from '../errors.js';
import type { Orchestrator, PinpointContext, Scope, SessionFailure } from '../ports.js';
import { assumeAsPinpoint } from '../service-role.js';
import { emailSession, type MessagingSession } from './email-session.js';
import type { DeliveryLedger } from './ledger.js';
import { failedOutcome, refusedOutcome } from './outcomes.js';
import { RoleSession } from './role-session.js';
import { partitionIdOfRegion } from '../../../iam/policy/partitions.js';

export type OpenResult = { ok: true; session: MessagingSession } | SessionFailure;

export interface MessagingOrchestrator extends Orchestrator {
  open(scope: Scope, appId: string, sourceArn: string): Promise<OpenResult>;
}

const failure = (outcome: SessionFailure['outcome']): SessionFailure => ({ ok: false, outcome });

/**
 * The session name Pinpoint's AssumeRole uses. AWS does not document it; Pinpost names the app, so
 * the session's ARN (…:assumed-role/<role>/pinpoint-<app id>, in SES's AccessDenied texts) says
 * which app sent. 41 characters, within RoleSessionName's 64.
 */
export const sessionNameFor = (appId: string) => `pinpoint-${appId}`;

export function createOrchestrator(c: PinpointContext, ledger: DeliveryLedger): MessagingOrchestrator {
  /**
   * When Pinpoint assumes the orchestration role (Pinpost's rule; AWS documents none): each time a
   * sending run opens a session — a campaign run (its start, and each later step that releases
   * held endpoints), one SendMessages or SendUsersMessages call — and again within the run when the
   * session nears its end (role-session.ts). No session outlives its run, so an edit of the role's
   * trust policy (update-assume-role-policy), of its permissions, or of the channel takes effect on
   * the next run: a role Pinpoint may no longer assume fails that run with STS's text, sending
   * nothing.
   */
  async function principalFor(
    scope: Scope,
    appId: string,
    channel: ChannelDoc,
    sourceArn: string,
  ): Promise<() => Promise<Principal>> {
    const roleArn = channel.OrchestrationSendingRoleArn;
    if (!roleArn) {
      const root = rootPrincipal(scope.account, partitionIdOfRegion(scope.region));
      return () => Promise.resolve(root);
    }
    const session = new RoleSession(
      () => assumeAsPinpoint(c, { scope, roleArn, sessionName: sessionNameFor(appId), sourceArn }),
      c.clock,
    );
    await session.open();
    return () => session.principal();
  }

  return {
    async open(scope, appId, sourceArn) {
      if (!(await c.store.get<AppDoc>(scope, appId, 'app'))) {
        return failure({
          deliveryStatus: 'PERMANENT_FAILURE',
          statusCode: 404,
          statusMessage: APP_NOT_FOUND,
        });
      }
      const channel = (await c.store.get<ChannelDoc>(scope, appId, 'channel', 'EMAIL'))?.doc;
      // Pinpost's wording for both: AWS documents no per-message text for a missing or disabled channel.
      if (!channel) {
        return failure(
          refusedOutcome('PERMANENT_FAILURE', `The email channel of application ${appId} is not set up`),
        );
      }
      if (!channel.Enabled) {
        return failure(
          refusedOutcome('PERMANENT_FAILURE', `The email channel of application ${appId} is disabled`),
        );
      }
      let principal: () => Promise<Principal>;
      try {
        principal = await principalFor(scope, appId, channel, sourceArn);
      } catch (err) {
        // STS's refusal as AWS words it ("User: pinpoint.amazonaws.com is not authorized to perform:
        // sts:AssumeRole on resource: …"): a wrong trust policy or a missing role.
        return failure(failedOutcome(err));
      }
      return { ok: true, session: emailSession({ c, ledger, scope, channel, principal }) };
    },
  };
}
