import assert from 'node:assert/strict';
import { it } from 'node:test';
import { areaOf } from './areas.js';

it('finds the area of a console path; the simulator is its own area under /iam', () => {
  assert.equal(areaOf('/'), 'home');
  assert.equal(areaOf('/mailbox/0100-abc'), 'mailbox');
  assert.equal(areaOf('/pinpoint/apps/x/settings/email'), 'pinpoint');
  assert.equal(areaOf('/ses/identities'), 'ses');
  assert.equal(areaOf('/iam/users'), 'iam');
  assert.equal(areaOf('/iam/simulator'), 'simulator');
  assert.equal(areaOf('/iam/simulatorx'), 'iam');
  assert.equal(areaOf('/mailboxes'), 'home');
});
