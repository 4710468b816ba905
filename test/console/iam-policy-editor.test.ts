/**
 * The policy editor as one types: IAM's MalformedPolicyDocument text and Access Analyzer's
 * findings (ValidatePolicy over the wire, locations mapped to lines) marked at the line of the
 * fault, in a role's trust policy.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROOT } from '../support/server.js';
import { createSeedRole, ROLE_NAME } from './iam-fixtures.js';
import { screenshot, signIn, startConsole, type ConsoleHarness } from './support.js';

/** The editor's marker list items: line and text. */
async function markers(c: ConsoleHarness): Promise<{ line: number; text: string }[]> {
  return c.page
    .locator('.code-markers li')
    .evaluateAll((items) =>
      items.map((li) => ({ line: Number(li.getAttribute('data-line')), text: li.textContent ?? '' })),
    );
}

describe('console policy editor', { timeout: 120_000 }, () => {
  let c: ConsoleHarness;
  before(async () => {
    c = await startConsole();
    await createSeedRole(c.server.iam());
    await signIn(c.page, ROOT);
    await c.page.goto(`${c.url}iam/roles/${ROLE_NAME}`);
    await c.page.getByLabel('Trust policy').waitFor();
  });
  after(() => c?.close());

  it('a misspelt element: "Syntax errors in policy." and INVALID_POLICY_ELEMENT at its line', async () => {
    const trust = c.page.getByLabel('Trust policy');
    const text = await trust.inputValue();
    const line = text.split('\n').findIndex((l) => l.includes('"Effect"')) + 1;
    assert.ok(line > 1);
    await trust.fill(text.replace('"Effect"', '"Efect"'));
    await c.page.getByText(/IAM would refuse this policy \(MalformedPolicyDocument\)/).waitFor();
    const found = await markers(c);
    assert.ok(
      found.some(
        (m) =>
          m.line === line && m.text === `Line ${line}: MalformedPolicyDocument: Syntax errors in policy.`,
      ),
      JSON.stringify(found),
    );
    assert.ok(
      found.some(
        (m) =>
          m.line === line &&
          m.text === `Line ${line}: ERROR INVALID_POLICY_ELEMENT: The policy element Efect is not valid.`,
      ),
      JSON.stringify(found),
    );
    // The gutter marks the same line as an error.
    assert.equal(
      await c.page.locator(`.code-gutter [data-line="${line}"]`).getAttribute('class'),
      'marker marker-error',
    );
    await screenshot(c.page, 'iam-policy-editor-malformed');
  });

  it('a lint finding: a service principal without aws:SourceAccount, marked at its statement', async () => {
    const trust = c.page.getByLabel('Trust policy');
    const open = JSON.stringify(
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'pinpoint.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      null,
      2,
    );
    await trust.fill(open);
    await c.page.getByText('IAM accepts this policy; Access Analyzer: 1 finding.').waitFor();
    const [m] = await markers(c);
    assert.match(
      m.text,
      /SECURITY_WARNING RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL: Granting access to a service principal without specifying a source is overly permissive/,
    );
    const lines = open.split('\n');
    // Access Analyzer's span is inside the statement (lines 4 to 11 of this text).
    const first = lines.findIndex((l) => l.trim() === '{') + 1;
    assert.ok(m.line > first && m.line < lines.length - 1, `line ${m.line}`);
    await screenshot(c.page, 'iam-policy-editor-lint');
  });

  it('a JSON syntax error (a missing comma) is marked at the line the parser stopped on', async () => {
    const trust = c.page.getByLabel('Trust policy');
    const text = [
      '{',
      '  "Version": "2012-10-17",',
      '  "Statement": [',
      '    {',
      '      "Effect": "Allow"',
      '      "Principal": { "Service": "pinpoint.amazonaws.com" },',
      '      "Action": "sts:AssumeRole"',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    await trust.fill(text);
    await c.page.getByText(/IAM would refuse this policy/).waitFor();
    const found = await markers(c);
    assert.ok(
      found.some((m) => m.line === 6 && /JSON_SYNTAX_ERROR/.test(m.text)),
      JSON.stringify(found),
    );
    assert.ok(
      found.some((m) => m.line === 6 && /MalformedPolicyDocument/.test(m.text)),
      JSON.stringify(found),
    );
  });
});
