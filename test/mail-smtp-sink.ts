/**
 * A real SMTP server (smtp-server) for the mail tests: it records each accepted message's envelope
 * and bytes, whether the session was upgraded with STARTTLS, and who authenticated. It can refuse
 * the first deliveries with a chosen reply code (451: try later, 550: refused for good).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  secure: boolean;
  user?: string;
}

export interface SmtpSink {
  port: number;
  received: Received[];
  /** DATA commands seen, refused ones included. */
  attempts: number;
  url(user?: string, pass?: string): string;
  close(): Promise<void>;
}

export async function startSmtpSink(
  options: { refuseFirst?: number; refuseWith?: number } = {},
): Promise<SmtpSink> {
  const received: Received[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    onAuth(auth, _session, cb) {
      if (auth.username === 'relay-user' && auth.password === 'relay-pass') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        attempts++;
        if (attempts <= (options.refuseFirst ?? 0)) {
          const err = Object.assign(new Error('Mailbox busy, try again later'), {
            responseCode: options.refuseWith ?? 451,
          });
          return cb(err);
        }
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    get attempts() {
      return attempts;
    },
    // smtp-server offers STARTTLS with its own self-signed certificate; the client must accept it.
    url: (user, pass) =>
      `smtp://${user ? `${user}:${pass}@` : ''}127.0.0.1:${port}?tls.rejectUnauthorized=false`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
