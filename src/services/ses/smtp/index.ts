/**
 * The SES SMTP interface (like email-smtp.<region>.amazonaws.com): AUTH with SES SMTP credentials
 * derived from IAM access keys, every message authorized as ses:SendRawEmail and sent through the
 * same pipeline as the API.
 *
 * TLS: STARTTLS is offered with a self-signed certificate made at start (certificate.ts), or the
 * `tls` option's. AWS takes AUTH only after STARTTLS; Pinpost also takes it in clear text from
 * loopback addresses (nothing on the wire to overhear), so local tools and tests need no TLS
 * set-up. Anyone else gets SES's "530 Must issue a STARTTLS command first".
 */
import type { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { CredentialResolver } from '../../../wire/credentials.js';
import type { ServiceDefinition } from '../../../wire/operation.js';
import type { Pipeline } from '../../../wire/pipeline.js';
import { authenticate, type SmtpUser } from './auth.js';
import { selfSignedCertificate, type TlsMaterial } from './certificate.js';
import { MAX_MESSAGE_BYTES, REPLIES, type SmtpReply } from './replies.js';
import { sendRaw } from './send.js';

export { smtpPasswordFor } from './password.js';
export type { TlsMaterial } from './certificate.js';

export interface SmtpInterfaceOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  region: string;
  pipeline: Pick<Pipeline, 'invoke'>;
  /** SES v1, whose SendRawEmail each message goes through. */
  sesV1: ServiceDefinition;
  credentials: CredentialResolver;
  log: Logger;
  /** STARTTLS key and certificate (PEM); by default a self-signed pair made at start. */
  tls?: TlsMaterial;
}

export interface SmtpInterface {
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
}

/** The name SES's endpoint greets with ("220 email-smtp.amazonaws.com ESMTP SimpleEmailService-…"). */
const SERVER_NAME = 'email-smtp.amazonaws.com';

const smtpError = (reply: SmtpReply): Error & { responseCode: number } =>
  Object.assign(new Error(reply.text), { responseCode: reply.code });

export function createSmtpInterface(options: SmtpInterfaceOptions): SmtpInterface {
  const { credentials, region, log } = options;
  let server: SMTPServer | undefined;

  function onAuth(
    auth: Parameters<typeof authenticate>[0],
    session: SMTPServerSession,
    done: (err: Error | null, response?: { user: SmtpUser }) => void,
  ): void {
    authenticate(auth, session, credentials, region).then(
      (result) => {
        if ('reply' in result) {
          // Not the user name: a client may have put the password there.
          log.info(
            { remote: session.remoteAddress, reply: result.reply.code },
            'smtp: authentication refused',
          );
          done(smtpError(result.reply));
        } else done(null, { user: result.user });
      },
      (err: unknown) => {
        log.error({ err }, 'smtp: authentication failed');
        done(smtpError(REPLIES.temporaryFailure));
      },
    );
  }

  function onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    done: (err?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    // Past the limit the rest is read and dropped, so an oversized message costs no memory.
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (stream.sizeExceeded) return done(smtpError(REPLIES.messageTooLong));
      const { mailFrom, rcptTo } = session.envelope;
      const envelope = { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((r) => r.address) };
      const user = session.user as SmtpUser;
      const connection = { remoteAddress: session.remoteAddress, secure: session.secure };
      sendRaw({ ...options }, user, connection, envelope, Buffer.concat(chunks)).then(
        (outcome) => {
          if (!outcome.ok) return done(smtpError(outcome.reply));
          log.debug({ messageId: outcome.messageId, recipients: envelope.to.length }, 'smtp: message sent');
          done(null, outcome.text);
        },
        (err: unknown) => {
          log.error({ err }, 'smtp: message failed');
          done(smtpError(REPLIES.temporaryFailure));
        },
      );
    });
  }

  return {
    async start() {
      const tls = options.tls ?? selfSignedCertificate(['localhost', options.host]);
      // Loaded here, not at import: the HTTP server is healthy before the SMTP stack has loaded.
      const { SMTPServer } = await import('smtp-server');
      const smtp = new SMTPServer({
        ...tls,
        name: SERVER_NAME,
        banner: 'SimpleEmailService (Pinpost)',
        // EHLO's first line is the bare name, as SES's ("250-email-smtp.amazonaws.com").
        heloResponse: '%s',
        size: MAX_MESSAGE_BYTES,
        authMethods: ['PLAIN', 'LOGIN'],
        // AUTH in clear text is decided per connection (auth.ts: loopback only), not here.
        allowInsecureAuth: true,
        authRequiredMessage: REPLIES.authenticationRequired.text,
        disableReverseLookup: true,
        // smtp-server's own log would print envelopes; ours never logs passwords or bodies.
        logger: false,
        closeTimeout: 1000,
        onAuth,
        onData,
      });
      // A failed listen is start()'s to report (one line at start-up), not a connection error.
      smtp.on('error', (err) => smtp.server.listening && log.warn({ err }, 'smtp: connection error'));
      await new Promise<void>((resolve, reject) => {
        smtp.server.once('error', reject);
        smtp.listen(options.port, options.host, () => {
          smtp.server.off('error', reject);
          resolve();
        });
      });
      server = smtp;
      const port = (smtp.server.address() as AddressInfo).port;
      log.info({ host: options.host, port }, 'SES SMTP interface listening');
      return { port };
    },
    async stop() {
      const smtp = server;
      server = undefined;
      if (smtp) await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
