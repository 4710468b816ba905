/**
 * SES v1 identity notifications (APIReference/API_SetIdentityNotificationTopic.html,
 * API_GetIdentityNotificationAttributes.html, API_SetIdentityFeedbackForwardingEnabled.html,
 * API_SetIdentityHeadersInNotificationsEnabled.html): stored on the identity, answered by v1, the
 * forwarding flag shared with v2's GetEmailIdentity.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v1 from '@aws-sdk/client-ses';
import * as v2 from '@aws-sdk/client-sesv2';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
  await server.ses().send(new v1.VerifyDomainIdentityCommand({ Domain: 'notify.example' }));
});
after(async () => {
  await server.close();
});

const BOUNCES = 'arn:aws:sns:us-east-1:000000000000:bounces';
const COMPLAINTS = 'arn:aws:sns:us-east-1:000000000000:complaints';
const attributes = async () =>
  (
    await server
      .ses()
      .send(
        new v1.GetIdentityNotificationAttributesCommand({ Identities: ['notify.example', 'absent.example'] }),
      )
  ).NotificationAttributes;

test('topics, headers and forwarding: set, answered, forwarding off only with both topics, back on when one goes', async () => {
  const c = server.ses();
  assert.deepEqual(await attributes(), {
    'notify.example': {
      ForwardingEnabled: true,
      HeadersInBounceNotificationsEnabled: false,
      HeadersInComplaintNotificationsEnabled: false,
      HeadersInDeliveryNotificationsEnabled: false,
    },
  });
  const early = await fail(
    c.send(
      new v1.SetIdentityFeedbackForwardingEnabledCommand({
        Identity: 'notify.example',
        ForwardingEnabled: false,
      }),
    ),
  );
  assert.equal(early.name, 'InvalidParameterValue');

  await c.send(
    new v1.SetIdentityNotificationTopicCommand({
      Identity: 'notify.example',
      NotificationType: 'Bounce',
      SnsTopic: BOUNCES,
    }),
  );
  await c.send(
    new v1.SetIdentityNotificationTopicCommand({
      Identity: 'notify.example',
      NotificationType: 'Complaint',
      SnsTopic: COMPLAINTS,
    }),
  );
  await c.send(
    new v1.SetIdentityHeadersInNotificationsEnabledCommand({
      Identity: 'notify.example',
      NotificationType: 'Delivery',
      Enabled: true,
    }),
  );
  await c.send(
    new v1.SetIdentityFeedbackForwardingEnabledCommand({
      Identity: 'notify.example',
      ForwardingEnabled: false,
    }),
  );
  assert.deepEqual(await attributes(), {
    'notify.example': {
      BounceTopic: BOUNCES,
      ComplaintTopic: COMPLAINTS,
      ForwardingEnabled: false,
      HeadersInBounceNotificationsEnabled: false,
      HeadersInComplaintNotificationsEnabled: false,
      HeadersInDeliveryNotificationsEnabled: true,
    },
  });
  const v2view = await server
    .sesv2()
    .send(new v2.GetEmailIdentityCommand({ EmailIdentity: 'notify.example' }));
  assert.equal(v2view.FeedbackForwardingStatus, false);

  // Without SnsTopic the bounce topic goes, and with it forwarding comes back on.
  await c.send(
    new v1.SetIdentityNotificationTopicCommand({ Identity: 'notify.example', NotificationType: 'Bounce' }),
  );
  const after = (await attributes())?.['notify.example'];
  assert.equal(after?.BounceTopic, undefined);
  assert.equal(after?.ComplaintTopic, COMPLAINTS);
  assert.equal(after?.ForwardingEnabled, true);
});

test('an identity that is not there, a bad notification type, and a user without permission are refused', async () => {
  const c = server.ses();
  const missing = await fail(
    c.send(
      new v1.SetIdentityNotificationTopicCommand({
        Identity: 'absent.example',
        NotificationType: 'Bounce',
        SnsTopic: BOUNCES,
      }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'InvalidParameterValue',
    message: 'Identity <absent.example> does not exist.',
    status: 400,
  });
  const badType = await fail(
    c.send(
      new v1.SetIdentityHeadersInNotificationsEnabledCommand({
        Identity: 'notify.example',
        NotificationType: 'Open' as v1.NotificationType,
        Enabled: true,
      }),
    ),
  );
  assert.equal(badType.name, 'ValidationError');
  assert.match(badType.message, /notificationType.*\[Bounce, Complaint, Delivery\]/);

  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'no-notify' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-notify' }))).AccessKey;
  const denied = await fail(
    server.ses({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' }).send(
      new v1.SetIdentityNotificationTopicCommand({
        Identity: 'notify.example',
        NotificationType: 'Delivery',
        SnsTopic: BOUNCES,
      }),
    ),
  );
  assert.equal(denied.name, 'AccessDenied');
  assert.match(denied.message, /ses:SetIdentityNotificationTopic/);
  assert.equal((await attributes())?.['notify.example']?.DeliveryTopic, undefined);
});
