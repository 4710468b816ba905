/**
 * The SES SMTP interface's replies, as the SES developer guide lists them ("SMTP response codes
 * returned by Amazon SES", https://docs.aws.amazon.com/ses/latest/dg/troubleshoot-smtp.html), and
 * the mapping from SendRawEmail's AWS errors to them.
 */
import { isAwsError } from '../../../wire/errors.js';

export interface SmtpReply {
  code: number;
  text: string;
}

/** The SMTP interface refuses messages over 10 MB: "552 Message is too long." */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export const REPLIES = {
  /** "Authentication Credentials Invalid | 535 Authentication Credentials Invalid". */
  credentialsInvalid: { code: 535, text: 'Authentication Credentials Invalid' },
  /** "Incorrect credentials | 530 Authentication required" (MAIL/RCPT/DATA before AUTH). */
  authenticationRequired: { code: 530, text: 'Authentication required' },
  /**
   * AUTH on a cleartext connection. Not in the guide's table; SES's own text as clients report it
   * (jetmore/swaks#15, a transcript against email-smtp.us-west-2.amazonaws.com).
   */
  startTlsFirst: { code: 530, text: 'Must issue a STARTTLS command first' },
  /** "Message is too long | 552 Message is too long." (over 10 MB). */
  messageTooLong: { code: 552, text: 'Message is too long.' },
  /** "Local processing error | 451 Temporary service failure". */
  temporaryFailure: { code: 451, text: 'Temporary service failure' },
} as const satisfies Record<string, SmtpReply>;

/** "Successful delivery | 250 Ok MessageID". */
export const okReply = (messageId: string): string => `Ok ${messageId}`;

// The policy engine's denial in IAM's wording (SES v1 words it as SES already, and gets the prefix
// only), "User: <arn> is not authorized to perform: <action>
// on resource: <arn> because …".
const IAM_DENIAL = /^User: (\S+) is not authorized to perform: (\S+)(?: on resource: (\S+))?/;

/**
 * AccessDenied as the SMTP interface words it: "554 Access denied: User `arn:aws:iam::…:user/x' is
 * not authorized to perform `ses:SendRawEmail' on resource `arn:aws:ses:…:identity/…'" (the
 * guide's "User not authorized to call the Amazon SES SMTP endpoint" row; quoting as clients
 * receive it, e.g. ministryofjustice/analytical-platform#6944).
 */
export function accessDeniedReply(message: string): SmtpReply {
  const m = IAM_DENIAL.exec(message);
  if (!m) return { code: 554, text: `Access denied: ${message}` };
  const [, user, action, resource] = m;
  const on = resource ? ` on resource \`${resource}'` : '';
  return { code: 554, text: `Access denied: User \`${user}' is not authorized to perform \`${action}'${on}` };
}

/**
 * The reply for an error SendRawEmail threw. SES v1 codes as its model names them; anything not
 * an AWS error (a bug) is the guide's local processing error, never the error's text.
 */
export function replyForError(err: unknown): SmtpReply {
  if (!isAwsError(err)) return REPLIES.temporaryFailure;
  const message = err.awsMessage ?? err.code;
  switch (err.code) {
    case 'AccessDenied':
      return accessDeniedReply(message);
    // "554 Message rejected: Email address is not verified. The following identities failed the
    // check in region REGION: identity0, …" — the API's MessageRejected text after the prefix.
    case 'MessageRejected':
      return { code: 554, text: `Message rejected: ${message}` };
    // "454 Throttling failure: Maximum sending rate exceeded." (with the API text's period, as
    // clients receive it: hackclub/hackathons-backend#543) / "… Daily message quota exceeded.".
    case 'Throttling':
    case 'ThrottlingException':
      return { code: 454, text: `Throttling failure: ${message}` };
  }
  // Other client errors (a bad address, a malformed message): SES answers "554 Transaction
  // failed: <reason>" ("554 Transaction failed: Duplicate header 'Content-Type'.",
  // xreef/EMailSender#49); server-side failures are temporary.
  if (err.status >= 500) return REPLIES.temporaryFailure;
  return { code: 554, text: `Transaction failed: ${message}` };
}
