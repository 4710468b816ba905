/**
 * Identity providers, GetFederationToken, DecodeAuthorizationMessage and the organization-only IAM
 * operations through boto3 (test/conformance/federation.py) against a started Pinpost. Each check
 * of the script is one assertion here, so a failure names the check.
 */
import { test } from 'node:test';
import { assertConformance } from './support/conformance.js';
import { startTestServer } from './support/server.js';

test(
  'boto3: identity providers, federation tokens and the standalone-account answers',
  { timeout: 120_000 },
  async () => {
    const server = await startTestServer();
    try {
      await assertConformance('federation.py', server.url, 9);
    } finally {
      await server.close();
    }
  },
);
