import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChannelDoc } from '../email-channel.js';
import { sendEmailInput } from './ses-input.js';

const channel: ChannelDoc = {
  FromAddress: 'news@example.com',
  Identity: 'arn:aws:ses:us-east-1:000000000000:identity/example.com',
  ConfigurationSet: 'tracking',
  Enabled: true,
  Version: 1,
};
const attribution = { appId: 'a' };

test('one recipient, the channel’s From, identity and configuration set', () => {
  assert.deepEqual(
    sendEmailInput({ to: 'r@example.net', subject: 'S', html: '<p>h</p>', attribution }, channel),
    {
      FromEmailAddress: 'news@example.com',
      FromEmailAddressIdentityArn: channel.Identity,
      Destination: { ToAddresses: ['r@example.net'] },
      ConfigurationSetName: 'tracking',
      Content: { Simple: { Subject: { Data: 'S' }, Body: { Html: { Data: '<p>h</p>' } } } },
    },
  );
});

test('the message’s own From, reply-to, feedback address, headers; raw content as Raw', () => {
  const input = sendEmailInput(
    {
      to: 'r@example.net',
      subject: '',
      text: 't',
      fromAddress: 'offers@example.com',
      replyTo: ['help@example.com'],
      feedbackAddress: 'bounces@example.com',
      headers: [{ Name: 'X-A', Value: '1' }],
      attribution,
    },
    channel,
  );
  assert.equal(input.FromEmailAddress, 'offers@example.com');
  assert.deepEqual(input.ReplyToAddresses, ['help@example.com']);
  assert.equal(input.FeedbackForwardingEmailAddress, 'bounces@example.com');
  assert.deepEqual(input.Content.Simple?.Headers, [{ Name: 'X-A', Value: '1' }]);
  const raw = Buffer.from('Subject: r\r\n\r\nbody');
  assert.deepEqual(sendEmailInput({ to: 'r@example.net', subject: '', raw, attribution }, channel).Content, {
    Raw: { Data: raw },
  });
});
