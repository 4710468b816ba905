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
import { bool, check, scopeOf, str, strings, type Raw } from './input.js';
import type { IdentityDoc, IdentityNotificationsDoc, NotificationType } from './model.js';
import { missingIdentity } from './v1-identities.js';
import type { IdentityNotificationAttributes, OutputOf } from '../../../wire/model/types/ses.js';

const any = () => ['*'];
const TYPES = ['Bounce', 'Complaint', 'Delivery'] as const;

const identityOf = (raw: Raw) => {
  const v = str(raw, 'Identity');
  check('v1', [['Identity', v, { required: true }]]);
  return v as string;
};
const typeOf = (raw: Raw) => {
  const v = str(raw, 'NotificationType');
  check('v1', [['NotificationType', v, { required: true, enum: TYPES }]]);
  return v as NotificationType;
};
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
    defineOperation<
      { identity: string; type: NotificationType; topic?: string },
      OutputOf<'SetIdentityNotificationTopic'>
    >({
      name: 'SetIdentityNotificationTopic',
      action: 'ses:SetIdentityNotificationTopic',
      parse: (raw) => ({
        identity: identityOf(raw),
        type: typeOf(raw),
        topic: str(raw, 'SnsTopic') || undefined,
      }),
      resources: any,
      async handler(i, ctx) {
        await change(ctx, i.identity, (doc) => {
          const n = notificationsOf(doc);
          const topics = { ...n.topics };
          if (i.topic === undefined) delete topics[i.type];
          else topics[i.type] = i.topic;
          // Forwarding off needs both topics; removing one turns forwarding back on
          // (dg/monitor-sending-activity-using-notifications-email.html).
          const forwarding = doc.feedbackForwarding || !topics.Bounce || !topics.Complaint;
          return { ...doc, feedbackForwarding: forwarding, notifications: { ...n, topics } };
        });
        return {};
      },
    }),
    defineOperation<{ identities: string[] }, OutputOf<'GetIdentityNotificationAttributes'>>({
      name: 'GetIdentityNotificationAttributes',
      action: 'ses:GetIdentityNotificationAttributes',
      parse(raw) {
        const identities = strings(raw, 'Identities');
        // API_GetIdentityNotificationAttributes.html: "up to 100 identities at a time".
        check('v1', [['Identities', identities, { required: true, max: 100 }]]);
        return { identities: identities as string[] };
      },
      resources: any,
      async handler(i, ctx) {
        const out: Record<string, IdentityNotificationAttributes> = {};
        for (const name of i.identities) {
          const doc = (await getIdentity(deps, scopeOf(ctx), name))?.doc;
          if (doc) out[name] = attributes(doc);
        }
        return { NotificationAttributes: v1Map(out) };
      },
    }),
    defineOperation<{ identity: string; enabled: boolean }, OutputOf<'SetIdentityFeedbackForwardingEnabled'>>(
      {
        name: 'SetIdentityFeedbackForwardingEnabled',
        action: 'ses:SetIdentityFeedbackForwardingEnabled',
        parse(raw) {
          const enabled = bool(raw, 'ForwardingEnabled');
          check('v1', [['ForwardingEnabled', enabled, { required: true }]]);
          return { identity: identityOf(raw), enabled: enabled as boolean };
        },
        resources: any,
        async handler(i, ctx) {
          await change(ctx, i.identity, (doc) => {
            const topics = notificationsOf(doc).topics;
            // "Feedback forwarding can only be disabled when Amazon SNS topics are specified for both
            // bounces and complaints" (API_SetIdentityFeedbackForwardingEnabled.html); the text is Pinpost's.
            if (!i.enabled && (!topics.Bounce || !topics.Complaint))
              throw invalidParameterValue(
                `Feedback forwarding of \`${i.identity}\` can only be disabled when SNS topics are set for both Bounce and Complaint notifications.`,
              );
            return { ...doc, feedbackForwarding: i.enabled };
          });
          return {};
        },
      },
    ),
    defineOperation<
      { identity: string; type: NotificationType; enabled: boolean },
      OutputOf<'SetIdentityHeadersInNotificationsEnabled'>
    >({
      name: 'SetIdentityHeadersInNotificationsEnabled',
      action: 'ses:SetIdentityHeadersInNotificationsEnabled',
      parse(raw) {
        const enabled = bool(raw, 'Enabled');
        check('v1', [['Enabled', enabled, { required: true }]]);
        return { identity: identityOf(raw), type: typeOf(raw), enabled: enabled as boolean };
      },
      resources: any,
      async handler(i, ctx) {
        await change(ctx, i.identity, (doc) => {
          const n = notificationsOf(doc);
          return { ...doc, notifications: { ...n, headers: { ...n.headers, [i.type]: i.enabled } } };
        });
        return {};
      },
    }),
  ];
}
