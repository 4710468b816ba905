import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageIdHeader, newSesMessageId } from './message-id.js';

// Real SES ids: 01000189e5a16565-2f30b7f0-ba8f-4e85-afec-da06b267abd3-000000 (us-east-1, sent
// 2023-08-11T17:25:07Z) and 01020191db309dcb-…-000000@eu-west-1.amazonses.com (2024-09-10T09:08:02Z).
const SHAPE = /^[0-9a-f]{16}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-000000$/;

test('a new MessageId has SES shape: region prefix, send time in epoch ms, UUID v4, -000000', () => {
  const at = new Date('2023-08-11T17:25:07.045Z');
  const id = newSesMessageId('us-east-1', at);
  assert.match(id, SHAPE);
  assert.equal(id.slice(0, 16), '01000189e5a16565');
  assert.equal(
    newSesMessageId('eu-west-1', new Date('2024-09-10T09:08:02.123Z')).slice(0, 16),
    '01020191db309dcb',
  );
  assert.notEqual(newSesMessageId('us-east-1', at), id);
});

test('the Message-ID header names email.amazonses.com for us-east-1 and <region>.amazonses.com for eu-west-1', () => {
  assert.equal(
    messageIdHeader('01000189e5a16565-2f30b7f0-ba8f-4e85-afec-da06b267abd3-000000'),
    '<01000189e5a16565-2f30b7f0-ba8f-4e85-afec-da06b267abd3-000000@email.amazonses.com>',
  );
  assert.equal(
    messageIdHeader('01020191db309dcb-22192dd3-993f-45e4-9bf2-1997ba46acb5-000000'),
    '<01020191db309dcb-22192dd3-993f-45e4-9bf2-1997ba46acb5-000000@eu-west-1.amazonses.com>',
  );
  assert.equal(messageIdHeader('<x@example.com>'), '<x@example.com>');
});
