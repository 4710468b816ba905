import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CATALOG_FILE, catalogText } from '../../../../scripts/console-action-catalog.js';
import { ACTION_CATALOG, searchActions, servicesOf } from './actions.js';

test('the bundled action list is what the server registers (regenerate with scripts/console-action-catalog.ts)', async () => {
  assert.equal(readFileSync(CATALOG_FILE, 'utf8'), await catalogText());
  for (const a of [
    'ses:SendEmail',
    'ses:SendRawEmail',
    'sts:AssumeRole',
    'iam:PutRolePolicy',
    'mobiletargeting:CreateCampaign',
  ])
    assert.ok(ACTION_CATALOG.includes(a), a);
});

test('search: every word of the query, without case; an action typed in full is offered first', () => {
  assert.deepEqual(searchActions('ses send raw'), ['ses:SendRawEmail']);
  assert.ok(searchActions('SENDEMAIL').includes('ses:SendEmail'));
  assert.deepEqual(searchActions('s3:GetObject').slice(0, 1), ['s3:GetObject']);
  assert.deepEqual(searchActions('ses:Send*').slice(0, 1), ['ses:Send*']);
  assert.equal(searchActions('ses:SendEmail').filter((a) => a === 'ses:SendEmail').length, 1);
  assert.equal(searchActions('', ACTION_CATALOG, 10).length, 10);
  assert.deepEqual(searchActions('nothing-like-this'), []);
  assert.deepEqual(servicesOf(['ses:A', 'iam:B', 'ses:C']), ['iam', 'ses']);
});
