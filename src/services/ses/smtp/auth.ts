/**
 * AUTH PLAIN and LOGIN with SES SMTP credentials: the user name is an IAM access key id, the
 * password the SMTP password derived from its secret for this server's region
 * (smtp-credentials.html). The password is re-derived from the resolver's secret and compared in
 * constant time; it is never stored or logged.
 */
import type { SMTPServerAuthentication, SMTPServerSession } from 'smtp-server';
import type { CredentialResolver } from '../../../wire/credentials.js';
import type { Principal } from '../../../wire/principal.js';
import { isSmtpPassword } from './password.js';
import { REPLIES, type SmtpReply } from './replies.js';

/** What a session keeps of its SMTP user: no secret, no password. */
export interface SmtpUser {
  accessKeyId: string;
  principal: Principal;
}

export type AuthResult = { user: SmtpUser } | { reply: SmtpReply };

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (a dual-stack listener reports `::ffff:127.0.0.1`). */
export function isLoopback(address: string): boolean {
  const v4 = address.replace(/^::ffff:/i, '');
  return v4.startsWith('127.') || address === '::1';
}

export async function authenticate(
  auth: Pick<SMTPServerAuthentication, 'username' | 'password'>,
  session: Pick<SMTPServerSession, 'secure' | 'remoteAddress'>,
  credentials: CredentialResolver,
  region: string,
): Promise<AuthResult> {
  // SES takes AUTH only over TLS. Pinpost also takes it in clear text from the same machine,
  // where nothing can be overheard, so local tools need no certificate set-up.
  if (!session.secure && !isLoopback(session.remoteAddress)) return { reply: REPLIES.startTlsFirst };
  const accessKeyId = auth.username ?? '';
  const found = accessKeyId ? await credentials.resolve(accessKeyId) : undefined;
  // "The Amazon SES SMTP interface doesn't support SMTP credentials that have been generated from
  // temporary security credentials" (smtp-credentials.html): session keys are refused.
  if (!found || found.sessionToken !== undefined) {
    return { reply: REPLIES.credentialsInvalid };
  }
  if (!isSmtpPassword(auth.password ?? '', found.secretAccessKey, region)) {
    return { reply: REPLIES.credentialsInvalid };
  }
  return { user: { accessKeyId: found.accessKeyId, principal: found.principal } };
}
