/**
 * boto3 drives Terraform-style lifecycles of instance profiles, the account alias, the password
 * policy, login profiles, server certificates and SSH keys (test/conformance/iam_entities.py); each check the script makes
 * becomes one assertion here, so a failure names the check.
 */
import { test } from 'node:test';
import { assertConformance } from './support/conformance.js';
import { startTestServer } from './support/server.js';

test('boto3: instance profile, account alias, password policy, login profile, server certificate and SSH key lifecycles', async () => {
  const server = await startTestServer();
  try {
    await assertConformance('iam_entities.py', server.url, 24);
  } finally {
    await server.close();
  }
});
