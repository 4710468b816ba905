/** A send, whatever API it came from, in the one shape the sending engine checks and carries out. */
import type { SesScope, TemplateRecord } from '../ports.js';
import type { ParsedAddress } from './addresses.js';
import type { Api } from './errors.js';
import type { Sender } from './senders.js';

export interface Attachment {
  filename: string;
  content: Buffer;
  contentType?: string;
  cid?: string;
  disposition?: 'attachment' | 'inline';
}

export type SendContent =
  | {
      kind: 'simple';
      subject: string;
      text?: string;
      html?: string;
      headers: { name: string; value: string }[];
      attachments: Attachment[];
    }
  | { kind: 'raw'; data: Buffer }
  | {
      kind: 'template';
      template: TemplateRecord;
      data: Record<string, unknown>;
      headers: { name: string; value: string }[];
      attachments: Attachment[];
    };

export interface SendRequest {
  api: Api;
  /** The API operation (`ses:operation` tag of events). */
  operation: string;
  /** The account and region sending (the caller's). */
  scope: SesScope;
  from: ParsedAddress;
  /** The identity authorized for the Source (the From's own, or the one SourceArn names). */
  identityArn: string;
  /**
   * The Source, the raw From header when it is given besides, and the Return-Path, each with the
   * identity authorized for it (senders.ts). The first is the Source.
   */
  senders: Sender[];
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  /** Return-Path / FeedbackForwardingEmailAddress. */
  feedbackAddress?: string;
  configurationSetName?: string;
  tags: { Name: string; Value: string }[];
  content: SendContent;
  /** The IAM identity sending (`ses:caller-identity` tag). */
  callerIdentity: string;
  sourceIp?: string;
  /** An internal caller's bookkeeping, awaited inside the send's transaction (RequestContext.onCommit). */
  onCommit?: (output: { MessageId: string }) => Promise<void> | void;
  /** An internal caller's request to track opens and clicks whatever the configuration set says. */
  trackOpensAndClicks?: boolean;
}

export const recipientsOf = (r: Pick<SendRequest, 'to' | 'cc' | 'bcc'>): string[] => [
  ...r.to,
  ...r.cc,
  ...r.bcc,
];
