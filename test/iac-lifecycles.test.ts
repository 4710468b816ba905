/**
 * Terraform-style lifecycles through boto3 (issue 14) for the resources IaC creates in SES v2
 * (test/conformance/iac_sesv2.py), SES v1 (iac_ses.py) and Pinpoint (iac_pinpoint.py): create,
 * create again, read, update and read back, tag / list tags / untag, list one a page, delete, and
 * read after delete gives AWS's not-found code and HTTP status. Each check a script makes becomes
 * one assertion here, so a failure names the check.
 */
import { test } from 'node:test';
import { assertConformance } from './support/conformance.js';
import { startTestServer } from './support/server.js';

async function lifecycles(script: string, checks: number): Promise<void> {
  const server = await startTestServer();
  try {
    await assertConformance(script, server.url, checks);
  } finally {
    await server.close();
  }
}

test('boto3: SES v2 email identity, configuration set, contact list, template, dedicated IP pool, custom verification template, tenant and multi-region endpoint lifecycles', () =>
  lifecycles('iac_sesv2.py', 114));

test('boto3: SES v1 receipt rule set, rule, filter, active rule set, template, configuration set, identity policy and notification topic lifecycles', () =>
  lifecycles('iac_ses.py', 64));

test('boto3: Pinpoint app, settings, email and SMS channels, segment, campaign, journey, templates and event stream lifecycles', () =>
  lifecycles('iac_pinpoint.py', 93));
