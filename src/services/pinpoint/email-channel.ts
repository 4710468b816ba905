/**
 * The email channel: GetEmailChannel, UpdateEmailChannel, DeleteEmailChannel
 * (apireference/apps-application-id-channels-email.html). UpdateEmailChannel checks what AWS
 * checks: the SES identity exists and is verified, and the caller may pass each role it names.
 */
import type { RequestContext } from '../../wire/context.js';
import { defineOperation, type Authorizer, type OperationSpec } from '../../wire/operation.js';
import type { SesControl } from '../ses/control/index.js';
import { requireApp, underApplication, type AppDeps } from './apps.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from './errors.js';
import { scopeOf } from './input.js';
import type { Scope } from './store.js';
import type { InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

export interface EmailChannelDeps extends AppDeps {
  ses: Pick<SesControl, 'identities' | 'account'>;
  authorizer: Authorizer;
}

/** The stored email channel (kind `channel`, key `EMAIL`). */
export interface ChannelDoc {
  FromAddress: string;
  Identity: string;
  RoleArn?: string;
  OrchestrationSendingRoleArn?: string;
  ConfigurationSet?: string;
  Enabled: boolean;
  Version: number;
}

/** The service principal that assumes the channel's roles (the seed's trust policy names it). */
export const PINPOINT_SERVICE = 'pinpoint.amazonaws.com';

/**
 * The iam:PassedToService value of the roles Pinpoint receives: list_pinpoint.html ("API operations
 * defined by Amazon Pinpoint") gives `mobiletargeting.amazonaws.com` for UpdateEmailChannel,
 * CreateImportJob, PutEventStream and the others that pass a role — the service's signing name, not
 * the principal that later assumes the role.
 */
export const PASSED_TO_SERVICE = 'mobiletargeting.amazonaws.com';

const SES_IDENTITY_ARN = /^arn:[^:]+:ses:([^:]+):(\d{12}):identity\/(.+)$/;

export function emailChannelOperations(deps: EmailChannelDeps): OperationSpec[] {
  async function output(scope: Scope, appId: string) {
    const stored = await deps.store.get<ChannelDoc>(scope, appId, 'channel', 'EMAIL');
    if (!stored) throw notFound(RESOURCE_NOT_FOUND);
    const d = stored.doc;
    return {
      EmailChannelResponse: {
        ApplicationId: appId,
        ConfigurationSet: d.ConfigurationSet,
        CreationDate: stored.created.toISOString(),
        Enabled: d.Enabled,
        FromAddress: d.FromAddress,
        HasCredential: false,
        Id: 'email',
        Identity: d.Identity,
        IsArchived: false,
        LastModifiedDate: stored.updated.toISOString(),
        // The channel sends at the SES account's rate (developerguide/quotas.html, email: "the
        // maximum sending rate of your Amazon SES account").
        MessagesPerSecond: (await deps.ses.account.get(scope)).maxSendRate,
        Platform: 'EMAIL',
        RoleArn: d.RoleArn,
        OrchestrationSendingRoleArn: d.OrchestrationSendingRoleArn,
        Version: d.Version,
      },
    };
  }

  /**
   * iam:PassRole on each role the request passes. AWS authorizes PassRole on the role's ARN, not on
   * the app (list_awsidentityandaccessmanagementiam.html: PassRole on `role*`, condition key
   * iam:PassedToService), so it cannot be an OperationSpec.additionalActions entry (those share the
   * operation's resources). The framework's `ctx.authorizeAlso` evaluates it after
   * mobiletargeting:UpdateEmailChannel was allowed, with the request's keys and under the same
   * `--iam` mode, as AWS does when the service receives the role.
   */
  async function checkPassRole(ctx: RequestContext, roles: (string | undefined)[]): Promise<void> {
    for (const role of roles) {
      if (role)
        await ctx.authorizeAlso!('iam:PassRole', [role], {
          'iam:PassedToService': { values: [PASSED_TO_SERVICE], list: false },
        });
    }
  }

  /** The identity must be an SES identity ARN, exist and be verified. */
  async function checkIdentity(identity: string): Promise<void> {
    const m = SES_IDENTITY_ARN.exec(identity);
    if (!m) throw badRequest(`Invalid identity ARN: ${identity}`);
    const record = await deps.ses.identities.find({ region: m[1], account: m[2] }, m[3]);
    // Wording not yet checked against AWS (the API reference documents no text for it).
    if (!record) throw badRequest(`Identity ${identity} does not exist`);
    if (!record.verified) throw badRequest(`Identity ${identity} is not verified`);
  }

  const get = defineOperation<InputOf<'GetEmailChannel'>, OutputOf<'GetEmailChannel'>>({
    name: 'GetEmailChannel',
    action: 'mobiletargeting:GetEmailChannel',
    // The channel resource type is `apps/<id>/channels/<ChannelType>` (list_pinpoint.html); written
    // as in the operation's path, `email`.
    ...underApplication(deps, () => 'channels/email'),
    async handler({ ApplicationId: appId }, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      return output(scope, appId);
    },
  });

  const update = defineOperation<InputOf<'UpdateEmailChannel'>, OutputOf<'UpdateEmailChannel'>>({
    name: 'UpdateEmailChannel',
    action: 'mobiletargeting:UpdateEmailChannel',
    // The channel resource type is `apps/<id>/channels/<ChannelType>` (list_pinpoint.html); written
    // as in the operation's path, `email`.
    ...underApplication(deps, () => 'channels/email'),
    async handler({ ApplicationId: appId, EmailChannelRequest: i }, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      // FromAddress and Identity are required members of EmailChannelRequest.
      if (!i.FromAddress) throw badRequest('Missing FromAddress');
      if (!i.Identity) throw badRequest('Missing Identity');
      await checkPassRole(ctx, [i.OrchestrationSendingRoleArn, i.RoleArn]);
      await checkIdentity(i.Identity);
      return deps.store.transaction(async () => {
        // Holding the app makes concurrent updates apply one after the other, so each Version is
        // one more than the last (the channel may not exist yet, so it cannot be locked itself).
        // An app deleted since the check above is not found.
        await deps.store.holdApp(scope, appId);
        await requireApp(deps, scope, appId);
        const before = (await deps.store.get<ChannelDoc>(scope, appId, 'channel', 'EMAIL'))?.doc;
        const doc: ChannelDoc = {
          FromAddress: i.FromAddress,
          Identity: i.Identity,
          RoleArn: i.RoleArn,
          OrchestrationSendingRoleArn: i.OrchestrationSendingRoleArn,
          ConfigurationSet: i.ConfigurationSet,
          Enabled: i.Enabled ?? true,
          Version: (before?.Version ?? 0) + 1,
        };
        await deps.store.put(scope, appId, 'channel', 'EMAIL', doc);
        return output(scope, appId);
      });
    },
  });

  const remove = defineOperation<InputOf<'DeleteEmailChannel'>, OutputOf<'DeleteEmailChannel'>>({
    name: 'DeleteEmailChannel',
    action: 'mobiletargeting:DeleteEmailChannel',
    // The channel resource type is `apps/<id>/channels/<ChannelType>` (list_pinpoint.html); written
    // as in the operation's path, `email`.
    ...underApplication(deps, () => 'channels/email'),
    handler({ ApplicationId: appId }, ctx) {
      const scope = scopeOf(ctx);
      return deps.store.transaction(async () => {
        await requireApp(deps, scope, appId);
        const out = await output(scope, appId);
        await deps.store.delete(scope, appId, 'channel', 'EMAIL');
        return out;
      });
    },
  });

  return [get, update, remove];
}
