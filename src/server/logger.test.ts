import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Writable } from 'node:stream';
import { createLogger } from './logger.js';

it('never writes Authorization headers, secret keys (the configured root secret too), session tokens or SMTP passwords', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger('info', sink);
  log.info({
    headers: {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKID/…, Signature=s3cr3t',
      'x-amz-security-token': 'tok3n',
    },
    creds: { secretAccessKey: 'wJalr', sessionToken: 'FwoG' },
    smtp: { smtpPassword: 'pw' },
    config: { rootAccessKeyId: 'AKIAROOT', rootSecretAccessKey: 'r00tS3cret' },
  });
  const out = lines.join('');
  for (const secret of ['s3cr3t', 'tok3n', 'wJalr', 'FwoG', '"pw"', 'r00tS3cret'])
    assert.ok(!out.includes(secret), `${secret} in ${out}`);
  assert.match(out, /\[redacted\]/);
});
