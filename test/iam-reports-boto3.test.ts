/**
 * boto3 drives Terraform-style lifecycles of service-specific credentials, the credential report,
 * the STS token preference, policies granting service access, service last accessed and the
 * Organizations access report (test/conformance/iam_reports.py); each check the script makes
 * becomes one assertion here, so a failure names the check.
 */
import { test } from 'node:test';
import { assertConformance } from './support/conformance.js';
import { startTestServer } from './support/server.js';

test('boto3: service-specific credentials, credential report, STS preference, service access reports', async () => {
  const server = await startTestServer();
  try {
    await assertConformance('iam_reports.py', server.url, 16);
  } finally {
    await server.close();
  }
});
