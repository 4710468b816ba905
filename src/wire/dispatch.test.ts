import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Dispatcher } from './dispatch.js';
import type { ServiceDefinition } from './operation.js';

const cred = (svc: string) => ({
  authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/${svc}/aws4_request, SignedHeaders=host, Signature=x`,
});
const mine: ServiceDefinition = { id: 'my-sts', signingName: 'sts', protocol: 'query', operations: [] };
const d = new Dispatcher([mine]);
const id = (path: string, headers: Record<string, string>, version?: string) =>
  d.dispatch({ path, headers, query: {}, queryVersion: () => version }).id;

it('picks by signing name; registered services win over stand-ins', () => {
  assert.equal(id('/', cred('sts')), 'my-sts');
  assert.equal(id('/', cred('iam')), 'iam');
  assert.equal(id('/v1/apps', cred('mobiletargeting')), 'pinpoint');
});

it('ses: /v2/ is SES v2, anything else SES v1', () => {
  assert.equal(id('/v2/email/identities', cred('ses')), 'sesv2');
  assert.equal(id('/', cred('ses')), 'ses');
});

it('unsigned: by path, then by Version, else STS', () => {
  assert.equal(id('/v2/email/identities', {}), 'sesv2');
  assert.equal(id('/v1/apps', {}), 'pinpoint');
  assert.equal(id('/', {}, '2010-05-08'), 'iam');
  assert.equal(id('/', {}, '2010-12-01'), 'ses');
  assert.equal(id('/', {}), 'my-sts');
});
