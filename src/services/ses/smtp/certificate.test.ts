import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { connect, createServer } from 'node:tls';
import { test } from 'node:test';
import { selfSignedCertificate } from './certificate.js';

test('the certificate is self-signed by its key, for its hosts, valid now for a year', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const { key, cert } = selfSignedCertificate(['localhost', '127.0.0.1', '::1'], now);
  const x509 = new X509Certificate(cert);
  assert.equal(x509.verify(createPublicKey(key)), true);
  assert.equal(x509.subject, 'CN=localhost');
  assert.equal(x509.issuer, 'CN=localhost');
  assert.equal(x509.checkHost('localhost'), 'localhost');
  assert.equal(x509.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(x509.checkIP('::1'), '::1');
  assert.equal(x509.checkHost('example.com'), undefined);
  assert.equal(new Date(x509.validFrom).toISOString(), '2026-02-28T12:00:00.000Z');
  assert.equal(new Date(x509.validTo).toISOString(), '2027-03-01T12:00:00.000Z');
});

test('each call makes a new key', () => {
  const a = selfSignedCertificate(['localhost']);
  const b = selfSignedCertificate(['localhost']);
  assert.notEqual(a.key, b.key);
  assert.notEqual(new X509Certificate(a.cert).serialNumber, new X509Certificate(b.cert).serialNumber);
});

test('a TLS client that trusts the certificate completes a verified handshake', async () => {
  const material = selfSignedCertificate(['localhost', '127.0.0.1']);
  const server = createServer(material, (socket) => socket.end('hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const received = await new Promise<{ authorized: boolean; text: string }>((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', servername: 'localhost', ca: material.cert });
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('end', () => resolve({ authorized: socket.authorized, text }));
      socket.on('error', reject);
    });
    assert.deepEqual(received, { authorized: true, text: 'hello' });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
