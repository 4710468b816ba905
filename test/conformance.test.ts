/**
 * Conformance through the clients users already have: boto3 and the AWS CLI drive a started
 * Pinpost through the seed's scenario (test/conformance/*.py). Each check the script makes
 * becomes one assertion here, so a failure names the check.
 */
import { test } from 'node:test';
import { assertConformance } from './support/conformance.js';
import { startTestServer } from './support/server.js';

test('boto3 and the AWS CLI through the seed scenario (IAM and STS)', async () => {
  const server = await startTestServer();
  try {
    await assertConformance('iam_sts.py', server.url, { atLeast: 15 });
  } finally {
    await server.close();
  }
});

test('boto3 and the AWS CLI against SES v1 and v2: identities, sends, templates, suppression, the mailbox', async () => {
  const server = await startTestServer();
  try {
    await assertConformance('ses.py', server.url, { atLeast: 16 });
  } finally {
    await server.close();
  }
});

test('boto3 and the AWS CLI through the seed scenario (Pinpoint campaign through SES under the role)', async () => {
  const server = await startTestServer();
  try {
    await assertConformance('pinpoint.py', server.url, { atLeast: 9 });
  } finally {
    await server.close();
  }
});

test('boto3 and the AWS CLI through a journey on the manual clock (EMAIL, Wait, a split on opens, metrics, states)', async () => {
  const server = await startTestServer({ clock: 'manual' });
  try {
    await assertConformance('journeys.py', server.url, { atLeast: 30 });
  } finally {
    await server.close();
  }
});
