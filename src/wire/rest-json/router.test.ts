import assert from 'node:assert/strict';
import { it } from 'node:test';
import { defineOperation } from '../operation.js';
import { Router } from './router.js';

const op = (name: string, method: 'GET' | 'POST', path: string) =>
  defineOperation({
    name,
    action: `x:${name}`,
    http: { method, path },
    resources: () => ['*'],
    handler: () => ({}),
  });

const router = new Router([
  op('GetIdentity', 'GET', '/v2/email/identities/{EmailIdentity}'),
  op('ListIdentities', 'GET', '/v2/email/identities'),
  op('GetPolicies', 'GET', '/v2/email/identities/{EmailIdentity}/policies'),
  op('GetObject', 'GET', '/files/{Key+}/meta'),
  op('GetVersions', 'GET', '/v1/apps/{application-id}/campaigns/{campaign-id}/versions'),
  op('GetLatest', 'GET', '/v1/apps/{application-id}/campaigns/latest/versions'),
]);

it('matches labels and decodes them', () => {
  const m = router.match('GET', '/v2/email/identities/a%40b.com', {});
  assert.equal(m?.operation.name, 'GetIdentity');
  assert.deepEqual(m?.labels, { EmailIdentity: 'a@b.com' });
  assert.equal(router.match('GET', '/v2/email/identities', {})?.operation.name, 'ListIdentities');
  assert.equal(router.match('GET', '/v2/email/identities/x/policies', {})?.operation.name, 'GetPolicies');
});

it('greedy labels take several segments', () => {
  assert.deepEqual(router.match('GET', '/files/a/b/c/meta', {})?.labels, { Key: 'a/b/c' });
});

it('literal segments win over labels', () => {
  assert.equal(router.match('GET', '/v1/apps/1/campaigns/latest/versions', {})?.operation.name, 'GetLatest');
  assert.equal(router.match('GET', '/v1/apps/1/campaigns/c9/versions', {})?.operation.name, 'GetVersions');
});

it('method and extra segments must match', () => {
  assert.equal(router.match('POST', '/v2/email/identities/x', {}), undefined);
  assert.equal(router.match('GET', '/v2/email/identities/x/y/z', {}), undefined);
});
