/**
 * The SES SMTP interface as the runtime starts it (`--smtp-port`): listening beside the HTTP
 * server, STARTTLS with the certificate made at start, AUTH with the root key's SMTP password.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, it } from 'node:test';
import { connect } from 'node:tls';
import nodemailer from 'nodemailer';
import { smtpPasswordFor } from '../src/services/ses/smtp/index.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;

before(async () => {
  server = await startTestServer({ smtpPort: 0 });
});
after(() => server.close());

const transport = (pass: string) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port: server.smtpPort,
    secure: false,
    requireTLS: true,
    auth: { user: 'test', pass },
    // The certificate is made at start and trusted by no one; the handshake is what is tested here.
    tls: { rejectUnauthorized: false },
  });

it('listens on the port startTestServer reports, apart from the HTTP port', () => {
  assert.equal(typeof server.smtpPort, 'number');
  assert.ok(server.smtpPort! > 0);
  assert.notEqual(server.smtpPort, server.server.port);
});

it('STARTTLS then AUTH with the SMTP password of test/test for the server region', async () => {
  assert.equal(await transport(smtpPasswordFor('test', 'us-east-1')).verify(), true);
});

it('the password of another region is refused with 535', async () => {
  await assert.rejects(transport(smtpPasswordFor('test', 'eu-west-1')).verify(), {
    responseCode: 535,
    response: '535 Authentication Credentials Invalid',
  });
});

it('the STARTTLS certificate is self-signed for localhost and 127.0.0.1', async () => {
  let ehlo = '';
  const cert = await new Promise<X509Certificate>((resolve, reject) => {
    // STARTTLS by hand: greeting, EHLO, STARTTLS, then the TLS handshake on the same socket.
    void import('node:net').then(({ createConnection }) => {
      const socket = createConnection(server.smtpPort!, '127.0.0.1');
      let buffer = '';
      let step = 0;
      socket.setEncoding('utf8');
      socket.on('error', reject);
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        if (step === 0 && /^220 /m.test(buffer)) {
          step = 1;
          buffer = '';
          socket.write('EHLO client.example\r\n');
        } else if (step === 1 && /^250 /m.test(buffer)) {
          ehlo = buffer;
          step = 2;
          buffer = '';
          socket.write('STARTTLS\r\n');
        } else if (step === 2 && /^220 /m.test(buffer)) {
          step = 3;
          socket.removeAllListeners('data');
          const secure = connect({ socket, rejectUnauthorized: false }, () => {
            resolve(new X509Certificate(secure.getPeerCertificate().raw));
            secure.end();
          });
          secure.on('error', reject);
        }
      });
    }, reject);
  });
  // What SES's endpoint advertises (jetmore/swaks#15): its name, STARTTLS, AUTH PLAIN LOGIN, 10 MB.
  const lines = ehlo
    .trim()
    .split('\r\n')
    .map((l) => l.slice(4));
  assert.equal(lines[0], 'email-smtp.amazonaws.com');
  for (const ext of ['STARTTLS', 'AUTH PLAIN LOGIN', 'SIZE 10485760', '8BITMIME'])
    assert.ok(lines.includes(ext), ext);
  assert.equal(cert.subject, 'CN=localhost');
  assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(cert.checkIssued(cert), true);
});
