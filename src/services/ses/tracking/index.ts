/**
 * SES open and click tracking (context `ses-tracking`): sending hands it a message's HTML and the
 * configuration set used; when an enabled event destination of that set matches OPEN and/or CLICK
 * (faqs-metrics.html: "create an event destination … configure it to publish open event
 * notifications"; click tracking is off for a set whose destinations do not capture clicks), the
 * HTML comes back with a pixel and/or tracking links. The links point at Pinpost's `/_pinpost/t/…`
 * routes, on the server's public URL or on the set's CustomRedirectDomain
 * (configure-custom-open-click-domains.html), which must then reach this server.
 *
 * One set of tracking links per message, not per recipient: SES sends one message to all its
 * destinations, so "each recipient will save the same click tracking link" (faqs-metrics.html,
 * click tracking Q1); per-recipient attribution needs one recipient per send, as on SES.
 */
import type { Database, Migration } from '../../../store/index.js';
import type { InternalRoute } from '../../../server/internal-routes.js';
import type { ConfigSetRecord, EventPort, SesEventType, SesScope } from '../ports.js';
import { applyTracking, type TrackingPlan } from './rewrite.js';
import { trackingRoutes, TRACKING_PREFIX } from './routes.js';
import { trackingKey, trackingMigrations } from './store.js';
import { TokenCodec } from './token.js';

export { applyTracking, type LinkTarget, type TrackingPlan } from './rewrite.js';

export const sesTrackingMigrations: readonly Migration[] = trackingMigrations;

export interface TrackedMessage {
  scope: SesScope;
  messageId: string;
  configSet?: ConfigSetRecord;
  /**
   * Track opens and clicks whatever the set says: Pinpoint's own sends, which it tracks per
   * recipient (pinpoint/latest/userguide/channels-email-open-click-tracking.html). Each of its
   * sends has one recipient, so one set of links per message is one per recipient.
   */
  always?: boolean;
}

/** What sending calls on a message's HTML part before building the MIME message. */
export interface HtmlTracking {
  /** The HTML as SES delivers it: tracked when the configuration set asks for it, else unchanged. */
  apply(html: string | undefined, message: TrackedMessage): string | undefined;
}

export interface SesTracking extends HtmlTracking {
  /** `/_pinpost/t/…`, recording Open and Click events through `events`. */
  routes(events: EventPort): InternalRoute[];
}

export interface SesTrackingOptions {
  /** Where recipients reach this server when the set has no CustomRedirectDomain. */
  publicUrl?: () => string;
  clock?: () => Date;
}

/** Which of OPEN and CLICK an enabled event destination of the set captures. */
export function trackedEvents(configSet: ConfigSetRecord | undefined): { open: boolean; click: boolean } {
  const on = (t: SesEventType) =>
    configSet?.eventDestinations.some((d) => d.Enabled && d.MatchingEventTypes.includes(t)) ?? false;
  return { open: on('OPEN'), click: on('CLICK') };
}

/** Reads (or, on first use, makes) the database's tracking key: resolves once it is known. */
export async function createSesTracking(
  db: Database,
  options: SesTrackingOptions = {},
): Promise<SesTracking> {
  const clock = options.clock ?? (() => new Date());
  const codec = new TokenCodec(await trackingKey(db, clock()));
  const publicUrl = () => (options.publicUrl?.() ?? 'http://127.0.0.1:4566').replace(/\/+$/, '');

  return {
    apply(html, message) {
      if (html === undefined) return html;
      const wanted = message.always ? { open: true, click: true } : trackedEvents(message.configSet);
      if (!wanted.open && !wanted.click) return html;
      const domain = message.configSet?.customRedirectDomain;
      // With a custom domain, the set's HttpsPolicy (API_PutConfigurationSetTrackingOptions, v2):
      // OPTIONAL or none, the open tracker over HTTP and each click tracker over its link's own
      // protocol; REQUIRE_OPEN_ONLY, the open tracker over HTTPS; REQUIRE, both over HTTPS.
      const policy = message.configSet?.httpsPolicy ?? 'OPTIONAL';
      const openScheme = policy === 'OPTIONAL' ? 'http' : 'https';
      const clickScheme = (linkScheme: string) => (policy === 'REQUIRE' ? 'https' : linkScheme);
      const base = (scheme: string) => (domain ? `${scheme}://${domain}` : publicUrl());
      const payload = { scope: message.scope, messageId: message.messageId };
      const plan: TrackingPlan = {};
      if (wanted.open)
        plan.openPixel = `${base(openScheme)}${TRACKING_PREFIX}/o/${codec.seal('open', payload)}`;
      if (wanted.click) {
        plan.clickUrl = (link) => {
          const scheme = link.url.slice(0, link.url.indexOf(':')).toLowerCase();
          const token = codec.seal('click', { ...payload, link: link.url, linkTags: link.tags });
          return `${base(clickScheme(scheme))}${TRACKING_PREFIX}/c/${token}`;
        };
      }
      return applyTracking(html, plan);
    },
    routes: (events) => trackingRoutes(codec, events, clock),
  };
}
