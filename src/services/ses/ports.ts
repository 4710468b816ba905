/**
 * The seams between SES's parts, so that each is built and tested on its own:
 * - the control plane (identities, templates, configuration sets, account, suppression list)
 *   implements IdentityPort, TemplatePort, ConfigSetPort, AccountPort and SuppressionPort;
 * - the sending pipeline (v1/v2 Send*, the SMTP interface, the Pinpoint engine) reads them,
 *   records sends and events (SendLogPort, EventPort), and hands messages to the outbox;
 * - mail delivery (MIME, DKIM, transports, the durable outbox, the mailbox) implements
 *   OutboxPort and MimePort.
 * SES is regional: everything is scoped by account and region.
 */

export interface SesScope {
  account: string;
  region: string;
}

export type IdentityType = 'EMAIL_ADDRESS' | 'DOMAIN';
export type SuppressionReason = 'BOUNCE' | 'COMPLAINT';

/** What sending needs to know of a verified (or not) identity. */
export interface IdentityRecord {
  /** As created: `sender@example.com` or `example.com`. */
  identity: string;
  type: IdentityType;
  /** `arn:<partition>:ses:<region>:<account>:identity/<identity>`, in the region's partition. */
  arn: string;
  verified: boolean;
  /** Easy DKIM or BYODKIM signing, when enabled and its key known. */
  dkim?: { domain: string; selector: string; privateKeyPem: string };
  /** Custom MAIL FROM domain, when set up. */
  mailFromDomain?: string;
  /** The default configuration set of the identity (PutEmailIdentityConfigurationSetAttributes). */
  configurationSetName?: string;
  /** Sending authorization policies by name (JSON text), for cross-account sends. */
  policies: Record<string, string>;
}

export interface IdentityPort {
  /** Looks an identity up exactly (case-insensitively for domains and addresses). */
  find(scope: SesScope, identity: string): Promise<IdentityRecord | undefined>;
  /**
   * The identity that authorizes a From address: the address itself if it is an identity,
   * otherwise its domain (sending-authorization.html, "verified email address or domain").
   */
  identityForAddress(scope: SesScope, address: string): Promise<IdentityRecord | undefined>;
}

export interface TemplateRecord {
  TemplateName: string;
  Subject?: string;
  Html?: string;
  Text?: string;
}

export interface TemplatePort {
  get(scope: SesScope, name: string): Promise<TemplateRecord | undefined>;
}

export type SesEventType =
  | 'SEND'
  | 'REJECT'
  | 'BOUNCE'
  | 'COMPLAINT'
  | 'DELIVERY'
  | 'OPEN'
  | 'CLICK'
  | 'RENDERING_FAILURE'
  | 'DELIVERY_DELAY'
  | 'SUBSCRIPTION';

export interface EventDestinationRecord {
  Name: string;
  Enabled: boolean;
  MatchingEventTypes: SesEventType[];
}

export interface ConfigSetRecord {
  name: string;
  arn: string;
  /** SendingOptions.SendingEnabled (default true). */
  sendingEnabled: boolean;
  /** SuppressionOptions.SuppressedReasons; undefined: the account's list applies as configured there. */
  suppressedReasons?: SuppressionReason[];
  /** TrackingOptions.CustomRedirectDomain, if any. */
  customRedirectDomain?: string;
  /** TrackingOptions.HttpsPolicy (OPTIONAL when not set). */
  httpsPolicy?: 'REQUIRE' | 'REQUIRE_OPEN_ONLY' | 'OPTIONAL';
  eventDestinations: EventDestinationRecord[];
}

export interface ConfigSetPort {
  get(scope: SesScope, name: string): Promise<ConfigSetRecord | undefined>;
}

export interface AccountSendingRecord {
  /** GetAccount SendingEnabled / UpdateAccountSendingEnabled. */
  sendingEnabled: boolean;
  /** Out of the sandbox (PutAccountDetails / production access granted). */
  productionAccessEnabled: boolean;
  /** SendQuota.Max24HourSend and MaxSendRate. */
  max24HourSend: number;
  maxSendRate: number;
  /** SuppressionAttributes.SuppressedReasons of the account-level suppression list. */
  suppressedReasons: SuppressionReason[];
}

export interface AccountPort {
  get(scope: SesScope): Promise<AccountSendingRecord>;
}

export interface SuppressionPort {
  find(
    scope: SesScope,
    emailAddress: string,
  ): Promise<{ reason: SuppressionReason; lastUpdateTime: Date } | undefined>;
  /** Adds (or updates) an address, as the mailbox simulator's bounces and complaints do. */
  put(scope: SesScope, emailAddress: string, reason: SuppressionReason, now?: Date): Promise<void>;
}

/** A message ready for delivery: the envelope and the exact bytes to send. */
export interface OutgoingMessage {
  /** SES's MessageId (as returned to the caller). */
  messageId: string;
  scope: SesScope;
  /** Envelope sender (MAIL FROM). */
  envelopeFrom: string;
  /** Envelope recipients (RCPT TO), after suppression and simulator handling. */
  recipients: string[];
  /** The MIME message, DKIM-signed where the identity signs. */
  raw: Buffer;
  configurationSetName?: string;
}

export interface OutboxPort {
  /**
   * Records the message durably for delivery. Called inside the sending transaction, so a message
   * is queued exactly when its send is recorded (awaited there). Delivery happens later, with retries.
   */
  enqueue(message: OutgoingMessage): Promise<void>;
}

/** What a message is made of before MIME (v2 Simple content, v1 SendEmail, rendered templates). */
export interface MessageContent {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  text?: string;
  html?: string;
  headers: { name: string; value: string }[];
  attachments: {
    filename: string;
    content: Buffer;
    contentType?: string;
    cid?: string;
    disposition?: 'attachment' | 'inline';
  }[];
  messageId: string;
  date: Date;
  dkim?: IdentityRecord['dkim'];
}

export interface MimePort {
  /** Builds the MIME message (UTF-8 headers, attachments, SES-style Message-ID), DKIM-signed if asked. */
  build(content: MessageContent): Promise<Buffer>;
  /** DKIM-signs a raw message the caller built (SendRawEmail). */
  sign(raw: Buffer, dkim: NonNullable<IdentityRecord['dkim']>): Promise<Buffer>;
}

export interface SesEvent {
  messageId: string;
  scope: SesScope;
  eventType: SesEventType;
  timestamp: Date;
  configurationSetName?: string;
  /** The event's own record in the shape SES publishes it (event-publishing-retrieving-sns-contents.html). */
  detail: Record<string, unknown>;
}

export interface EventPort {
  /** Records the event (and runs SendingStore's listeners) in the caller's transaction or its own. */
  record(event: SesEvent): Promise<void>;
  ofMessage(scope: SesScope, messageId: string): Promise<SesEvent[]>;
}
