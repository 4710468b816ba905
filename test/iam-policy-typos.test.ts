/**
 * Issue 9: the CLI now says where a policy typo is, but IAM's answer on the wire stays IAM's
 * (API_CreatePolicy.html, MalformedPolicyDocument): `"Efect"`, `"Alow"` and a trailing comma each
 * answer "Syntax errors in policy." and nothing more, and nothing is stored.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CreatePolicyCommand, ListPoliciesCommand, type IAMClient } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(() => server.close());

const PRETTY = `{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "ses:SendEmail", "Resource": "*" }
  ]
}`;

const typos: [string, string][] = [
  ['"Efect"', PRETTY.replace('"Effect"', '"Efect"')],
  ['"Alow"', PRETTY.replace('"Allow"', '"Alow"')],
  ['a trailing comma', PRETTY.replace('"Resource": "*"', '"Resource": "*",')],
];

for (const [name, document] of typos) {
  it(`CreatePolicy with ${name} answers IAM's message alone and stores nothing`, async () => {
    const err = await iam
      .send(new CreatePolicyCommand({ PolicyName: 'typo', PolicyDocument: document }))
      .catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'MalformedPolicyDocumentException');
    assert.equal(err.message, 'Syntax errors in policy.');
    assert.equal((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 400);
    const listed = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
    assert.deepEqual(listed.Policies ?? [], []);
  });
}
