/**
 * One SMTP transaction → one SES v1 SendRawEmail, through the pipeline's authorize step with the
 * SMTP user's principal: IAM (ses:SendRawEmail), identity verification, the sandbox, quotas and
 * suppression all apply exactly as to the API. The outcome is SES's SMTP reply.
 */
import type { Logger } from 'pino';
import type { CredentialResolver } from '../../../wire/credentials.js';
import { isAwsError } from '../../../wire/errors.js';
import type { ContextKeyValue, ServiceDefinition } from '../../../wire/operation.js';
import type { Pipeline } from '../../../wire/pipeline.js';
import type { SmtpUser } from './auth.js';
import { okReply, replyForError, REPLIES, type SmtpReply } from './replies.js';

export interface Envelope {
  /** MAIL FROM; '' for the null sender. */
  from: string;
  /** RCPT TO, in order. */
  to: string[];
}

/** Where the SMTP session comes from and whether it is encrypted, for the request's context keys. */
export interface Connection {
  /** The client's address as the socket reports it (an IPv4-mapped IPv6 address for IPv4 on a dual-stack listener). */
  remoteAddress: string;
  /** TLS: after STARTTLS, or on an implicit-TLS port. */
  secure: boolean;
}

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

/**
 * aws:SourceIp and aws:SecureTransport of an SMTP send, as the API's are derived from its HTTP
 * request (reference_policies_condition-keys.html): the client's address, and whether the session is
 * encrypted. SES's SMTP interface authorizes as the API does, so a policy on either key applies to both.
 */
export function connectionContextKeys(c: Connection): Record<string, ContextKeyValue> {
  const keys: Record<string, ContextKeyValue> = { 'aws:SecureTransport': one(c.secure ? 'true' : 'false') };
  const ip = c.remoteAddress.replace(/^::ffff:/i, '');
  if (ip) keys['aws:SourceIp'] = one(ip);
  return keys;
}

export interface SendDeps {
  pipeline: Pick<Pipeline, 'invoke'>;
  sesV1: ServiceDefinition;
  credentials: CredentialResolver;
  region: string;
  log: Logger;
}

export type SendOutcome = { ok: true; text: string; messageId: string } | { ok: false; reply: SmtpReply };

export async function sendRaw(
  deps: SendDeps,
  user: SmtpUser,
  connection: Connection,
  envelope: Envelope,
  raw: Buffer,
): Promise<SendOutcome> {
  // The key may have been deleted or deactivated since AUTH; its principal's tags may have changed.
  const current = await deps.credentials.resolve(user.accessKeyId);
  if (!current) return { ok: false, reply: REPLIES.credentialsInvalid };
  // The shape SendRawEmail's input has when it comes off the wire (awsQuery decoding): the blob
  // base64-encoded, lists as arrays; `invoke` types it by the model as it types the API's.
  const input: Record<string, unknown> = {
    Destinations: envelope.to,
    RawMessage: { Data: raw.toString('base64') },
  };
  if (envelope.from) input['Source'] = envelope.from;
  try {
    const output = (await deps.pipeline.invoke({
      service: deps.sesV1,
      operation: 'SendRawEmail',
      input,
      principal: current.principal,
      region: deps.region,
      contextKeys: connectionContextKeys(connection),
    })) as { MessageId?: unknown } | undefined;
    const messageId = typeof output?.MessageId === 'string' ? output.MessageId : '';
    return { ok: true, text: okReply(messageId), messageId };
  } catch (err) {
    // A bug, not an AWS answer: logged (never the message), answered as SES's local failure.
    if (!isAwsError(err)) deps.log.error({ err }, 'smtp: SendRawEmail failed');
    return { ok: false, reply: replyForError(err) };
  }
}
