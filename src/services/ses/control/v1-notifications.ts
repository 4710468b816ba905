/**
 * SES v1 identity notifications: SetIdentityNotificationTopic, GetIdentityNotificationAttributes,
 * SetIdentityFeedbackForwardingEnabled, SetIdentityHeadersInNotificationsEnabled
 * (APIReference/API_*.html). Stored on the identity document: forwarding is the flag v2's
 * GetEmailIdentity answers as FeedbackForwardingStatus and PutEmailIdentityFeedbackAttributes sets;
 * topics and the headers flags are v1's own. Pinpost has no SNS, so no notification is published
 * to a topic: they are stored and answered as set. No resource type in list_amazonses.html ("*").
 */
import { v1Map } from './v1-output.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { ControlDeps } from './deps.js';
import { invalidParameterValue } from './errors.js';
import { getIdentity, saveIdentity } from './identities.js';
import { scopeOf } from './input.js';
import type { IdentityDoc, IdentityNotificationsDoc } from './model.js';
import { atMost100Identities, missingIdentity } from './v1-identities.js';
import type { IdentityNotificationAttributes, InputOf, OutputOf } from '../../../wire/model/types/ses.js';

const any = () => ['*'];
const notificationsOf = (doc: IdentityDoc): IdentityNotificationsDoc =>
  doc.notifications ?? { topics: {}, headers: {} };

/**
 * IdentityNotificationAttributes (ses/2010-12-01): topics when set, the flags always. The model
 * marks the three topics required, but SES leaves out a topic that is not set (the v1
 * notifications test pins it), hence the cast.
 */
function attributes(doc: IdentityDoc): IdentityNotificationAttributes {
  const n = notificationsOf(doc);
  return {
    BounceTopic: n.topics.Bounce,
    ComplaintTopic: n.topics.Complaint,
    DeliveryTopic: n.topics.Delivery,
    ForwardingEnabled: doc.feedbackForwarding,
    HeadersInBounceNotificationsEnabled: n.headers.Bounce ?? false,
    HeadersInComplaintNotificationsEnabled: n.headers.Complaint ?? false,
    HeadersInDeliveryNotificationsEnabled: n.headers.Delivery ?? false,
  } as IdentityNotificationAttributes;
}

export function v1NotificationOperations(deps: ControlDeps): OperationSpec[] {
  /** Reads, changes and writes an identity in one transaction; InvalidParameterValue when absent. */
  const change = (ctx: RequestContext, identity: string, fn: (doc: IdentityDoc) => IdentityDoc) =>
    deps.store.transaction(async () => {
      const scope = scopeOf(ctx);
      const doc = (await getIdentity(deps, scope, identity))?.doc;
      if (!doc) throw missingIdentity(identity);
      await saveIdentity(deps, scope, fn(structuredClone(doc)));
    });
  return [
    defineOperation<InputOf<'SetIdentityNotificationTopic'>, OutputOf<'SetIdentityNotificationTopic'>>({
      name: 'SetIdentityNotificationTopic',
      action: 'ses:SetIdentityNotificationTopic',
      resources: any,
      async handler(i, ctx) {
        await change(ctx, i.Identity, (doc) => {
          const n = notificationsOf(doc);
          const topics = { ...n.topics };
          // "If the parameter is omitted from the request or a null value is passed, SnsTopic is
          // cleared" (the model's SnsTopic); an empty value is taken as null.
          if (!i.SnsTopic) delete topics[i.NotificationType];
          else topics[i.NotificationType] = i.SnsTopic;
          // Forwarding off needs both topics; removing one turns forwarding back on
          // (dg/monitor-sending-activity-using-notifications-email.html).
          const forwarding = doc.feedbackForwarding || !topics.Bounce || !topics.Complaint;
          return { ...doc, feedbackForwarding: forwarding, notifications: { ...n, topics } };
        });
        return {};
      },
    }),
    defineOperation<
      InputOf<'GetIdentityNotificationAttributes'>,
      OutputOf<'GetIdentityNotificationAttributes'>
    >({
      name: 'GetIdentityNotificationAttributes',
      action: 'ses:GetIdentityNotificationAttributes',
      // API_GetIdentityNotificationAttributes.html: "up to 100 identities at a time".
      violations: atMost100Identities,
      resources: any,
      async handler(i, ctx) {
        const out: Record<string, IdentityNotificationAttributes> = {};
        for (const name of i.Identities) {
          const doc = (await getIdentity(deps, scopeOf(ctx), name))?.doc;
          if (doc) out[name] = attributes(doc);
        }
        return { NotificationAttributes: v1Map(out) };
      },
    }),
    defineOperation<
      InputOf<'SetIdentityFeedbackForwardingEnabled'>,
      OutputOf<'SetIdentityFeedbackForwardingEnabled'>
    >({
      name: 'SetIdentityFeedbackForwardingEnabled',
      action: 'ses:SetIdentityFeedbackForwardingEnabled',
      resources: any,
      async handler(i, ctx) {
        await change(ctx, i.Identity, (doc) => {
          const topics = notificationsOf(doc).topics;
          // "Feedback forwarding can only be disabled when Amazon SNS topics are specified for both
          // bounces and complaints" (API_SetIdentityFeedbackForwardingEnabled.html); the text is Pinpost's.
          if (!i.ForwardingEnabled && (!topics.Bounce || !topics.Complaint))
            throw invalidParameterValue(
              `Feedback forwarding of \`${i.Identity}\` can only be disabled when SNS topics are set for both Bounce and Complaint notifications.`,
            );
          return { ...doc, feedbackForwarding: i.ForwardingEnabled };
        });
        return {};
      },
    }),
    defineOperation<
      InputOf<'SetIdentityHeadersInNotificationsEnabled'>,
      OutputOf<'SetIdentityHeadersInNotificationsEnabled'>
    >({
      name: 'SetIdentityHeadersInNotificationsEnabled',
      action: 'ses:SetIdentityHeadersInNotificationsEnabled',
      resources: any,
      async handler(i, ctx) {
        await change(ctx, i.Identity, (doc) => {
          const n = notificationsOf(doc);
          return {
            ...doc,
            notifications: { ...n, headers: { ...n.headers, [i.NotificationType]: i.Enabled } },
          };
        });
        return {};
      },
    }),
  ];
}
