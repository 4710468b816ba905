import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { isSmtpPassword, smtpPasswordFor } from './password.js';

// The guide's Python example (smtp-credentials.html#smtp-credentials-convert), reduced to its
// derivation: sign("AWS4"+secret, DATE), then region, SERVICE, TERMINAL, MESSAGE; VERSION 0x04.
const PYTHON_REFERENCE = `
import base64, hashlib, hmac, sys
DATE = "11111111"
SERVICE = "ses"
MESSAGE = "SendRawEmail"
TERMINAL = "aws4_request"
VERSION = 0x04
def sign(key, msg):
    return hmac.new(key, msg.encode('utf-8'), hashlib.sha256).digest()
def calculate_key(secret_access_key, region):
    signature = sign(("AWS4" + secret_access_key).encode('utf-8'), DATE)
    signature = sign(signature, region)
    signature = sign(signature, SERVICE)
    signature = sign(signature, TERMINAL)
    signature = sign(signature, MESSAGE)
    return base64.b64encode(bytes([VERSION]) + signature).decode('utf-8')
print(calculate_key(sys.argv[1], sys.argv[2]))
`;

const reference = (secret: string, region: string): string =>
  execFileSync('python3', ['-c', PYTHON_REFERENCE, secret, region], { encoding: 'utf8' }).trim();

// The guide's example key, and keys as Pinpost and IAM make them (40 chars, '/' and '+').
const CASES: [string, string][] = [
  ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'us-east-1'],
  ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'us-west-2'],
  ['test', 'us-east-1'],
  ['Zx9+aB/cd3EfGh1Ij2Kl3Mn4Op5Qr6St7Uv8Wx9Y', 'eu-west-1'],
  ['Zx9+aB/cd3EfGh1Ij2Kl3Mn4Op5Qr6St7Uv8Wx9Y', 'us-gov-west-1'],
];

for (const [secret, region] of CASES) {
  test(`smtpPasswordFor matches the guide's Python code (${region}, ${secret.slice(0, 6)}…)`, () => {
    assert.equal(smtpPasswordFor(secret, region), reference(secret, region));
  });
}

test('an SMTP password is 33 bytes: the version byte 0x04 and an HMAC-SHA256', () => {
  const bytes = Buffer.from(smtpPasswordFor('test', 'us-east-1'), 'base64');
  assert.equal(bytes.length, 33);
  assert.equal(bytes[0], 0x04);
});

test('a password is valid only for its secret and its region', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  const password = smtpPasswordFor(secret, 'us-east-1');
  assert.equal(isSmtpPassword(password, secret, 'us-east-1'), true);
  assert.equal(isSmtpPassword(password, secret, 'us-west-2'), false);
  assert.equal(isSmtpPassword(password, 'test', 'us-east-1'), false);
  // The raw secret is not the SMTP password (smtp-credentials.html: "different from your AWS
  // secret access key"), nor is a prefix or the empty string.
  assert.equal(isSmtpPassword(secret, secret, 'us-east-1'), false);
  assert.equal(isSmtpPassword(password.slice(0, -1), secret, 'us-east-1'), false);
  assert.equal(isSmtpPassword('', secret, 'us-east-1'), false);
});
