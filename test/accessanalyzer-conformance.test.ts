/**
 * Conformance through the clients CI wrappers use: boto3 and the AWS CLI drive a started Pinpost's
 * Access Analyzer policy checks (test/conformance/accessanalyzer.py). Each check of the script is
 * one assertion here, so a failure names the check.
 */
import { test } from 'node:test';
import { assertConformance } from './support/conformance.js';
import { startTestServer } from './support/server.js';

test(
  'boto3 and the AWS CLI: validate-policy and the custom policy checks',
  { timeout: 120_000 },
  async () => {
    const server = await startTestServer();
    try {
      await assertConformance('accessanalyzer.py', server.url, { atLeast: 7 });
    } finally {
      await server.close();
    }
  },
);
