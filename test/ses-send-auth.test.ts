/**
 * Authorization of sends as SES does it (list_amazonses.html, sending-authorization.html): the seed's
 * Pinpoint permissions policy, the action per operation and content, the resources (identity,
 * configuration set, template), the ses:* condition keys, cross-account sending through an
 * identity's sending authorization policy, and sendAs for internal callers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  SendEmailCommand as V1SendEmail,
  SendRawEmailCommand,
  SendTemplatedEmailCommand,
} from '@aws-sdk/client-ses';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { GetUserCommand } from '@aws-sdk/client-iam';
import { sendAs } from '../src/services/ses/sending/index.js';
import { ACCOUNT, startSesHarness, userWithPolicy, type SesHarness } from './support/ses-fakes.js';
import type { Credentials } from './support/server.js';

const OTHER = '111122223333';
const SEED = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'PinpointUsesSESForEmailSends',
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: [
        `arn:aws:ses:us-east-1:${ACCOUNT}:identity/*`,
        `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/*`,
      ],
    },
  ],
};

let h: SesHarness;
let seedUser: Credentials;
before(async () => {
  h = await startSesHarness();
  h.control.identity('example.com');
  h.control.configSet('cs');
  h.control.templates.set(`${ACCOUNT}/us-east-1/t`, { TemplateName: 't', Subject: 's', Text: 't' });
  seedUser = await userWithPolicy(h, 'seed', SEED);
});
after(() => h.close());

const v2Simple = (extra: object = {}) =>
  new SendEmailCommand({
    FromEmailAddress: 'sender@example.com',
    Destination: { ToAddresses: ['to@x.org'] },
    Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
    ...extra,
  });
const raw = Buffer.from('From: sender@example.com\r\nTo: to@x.org\r\nSubject: r\r\n\r\nb');
const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

async function denied(p: Promise<unknown>, name: string, action: string, resource: string) {
  await assert.rejects(p, (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(err.name, name);
    assert.equal(err.$metadata?.httpStatusCode, 403);
    assert.ok(err.message.includes(action), err.message);
    // SES's query API words it "… perform `ses:SendEmail' on resource `arn'"; v2 as IAM does.
    const where = name === 'AccessDenied' ? `on resource \`${resource}'` : `on resource: ${resource}`;
    assert.ok(err.message.includes(where), err.message);
    return true;
  });
}

describe('the seed policy (ses:SendEmail + ses:SendRawEmail on identity/* and configuration-set/*)', () => {
  it('allows a v2 SendEmail, with and without a configuration set', async () => {
    const out = await h.sesv2(seedUser).send(v2Simple());
    assert.match(out.MessageId!, /-000000$/);
    await h.sesv2(seedUser).send(v2Simple({ ConfigurationSetName: 'cs' }));
  });

  it('allows a v1 SendRawEmail and a v2 Raw SendEmail', async () => {
    await h.ses(seedUser).send(new SendRawEmailCommand({ RawMessage: { Data: raw } }));
    await h.sesv2(seedUser).send(new SendEmailCommand({ Content: { Raw: { Data: raw } } }));
  });

  it('denies SendTemplatedEmail with AccessDenied naming the action and the identity', async () => {
    const before = h.outbox.length;
    await denied(
      h.ses(seedUser).send(
        new SendTemplatedEmailCommand({
          Source: 'sender@example.com',
          Destination: { ToAddresses: ['to@x.org'] },
          Template: 't',
          TemplateData: '{}',
        }),
      ),
      'AccessDenied',
      'ses:SendTemplatedEmail',
      `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
    );
    assert.equal(h.outbox.length, before);
  });

  it('denies a v2 templated SendEmail on the template ARN, which the seed does not list', async () => {
    await denied(
      h.sesv2(seedUser).send(
        new SendEmailCommand({
          FromEmailAddress: 'sender@example.com',
          Destination: { ToAddresses: ['to@x.org'] },
          Content: { Template: { TemplateName: 't', TemplateData: '{}' } },
        }),
      ),
      'AccessDeniedException',
      'ses:SendEmail',
      `arn:aws:ses:us-east-1:${ACCOUNT}:template/t`,
    );
  });
});

describe('resources and condition keys', () => {
  it('authorizes the address’s own ARN when neither it nor its domain is an identity', async () => {
    const user = await userWithPolicy(h, 'only-example', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ses:SendEmail',
          Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
        },
      ],
    });
    await h.sesv2(user).send(v2Simple());
    await denied(
      h.sesv2(user).send(v2Simple({ FromEmailAddress: 'me@elsewhere.net' })),
      'AccessDeniedException',
      'ses:SendEmail',
      `arn:aws:ses:us-east-1:${ACCOUNT}:identity/me@elsewhere.net`,
    );
  });

  it('authorizes the configuration set ARN when one is used', async () => {
    const user = await userWithPolicy(h, 'identity-only', {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ses:SendEmail', Resource: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/*` },
      ],
    });
    await h.sesv2(user).send(v2Simple());
    await denied(
      h.sesv2(user).send(v2Simple({ ConfigurationSetName: 'cs' })),
      'AccessDeniedException',
      'ses:SendEmail',
      `arn:aws:ses:us-east-1:${ACCOUNT}:configuration-set/cs`,
    );
  });

  it('evaluates ses:FromAddress, ses:FromDisplayName, ses:Recipients (multivalued) and ses:ApiVersion', async () => {
    const user = await userWithPolicy(h, 'conditioned', {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ses:SendEmail',
          Resource: '*',
          Condition: {
            StringEquals: {
              'ses:FromAddress': 'sender@example.com',
              'ses:FromDisplayName': 'Shop',
              'ses:ApiVersion': '2',
            },
            'ForAllValues:StringLike': { 'ses:Recipients': ['*@x.org'] },
          },
        },
      ],
    });
    const from = 'Shop <sender@example.com>';
    await h.sesv2(user).send(v2Simple({ FromEmailAddress: from }));
    const arn = `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`;
    await denied(
      h
        .sesv2(user)
        .send(v2Simple({ FromEmailAddress: from, Destination: { ToAddresses: ['to@x.org', 'no@y.org'] } })),
      'AccessDeniedException',
      'ses:SendEmail',
      arn,
    );
    await denied(
      h.sesv2(user).send(v2Simple({ FromEmailAddress: 'Other <sender@example.com>' })),
      'AccessDeniedException',
      'ses:SendEmail',
      arn,
    );
    await denied(
      h.ses(user).send(
        new V1SendEmail({
          Source: from,
          Destination: { ToAddresses: ['to@x.org'] },
          Message: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } },
        }),
      ),
      'AccessDenied',
      'ses:SendEmail',
      arn,
    );
  });
});

describe('cross-account sending authorization', () => {
  it('sends from another account’s identity when its sending authorization policy allows', async () => {
    const ownerScope = { account: OTHER, region: 'us-east-1' };
    const identityArn = `arn:aws:ses:us-east-1:${OTHER}:identity/partner.com`;
    h.control.identity('partner.com', {
      scope: ownerScope,
      policies: {
        allow: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: ['ses:SendEmail', 'ses:SendRawEmail'],
              Resource: identityArn,
              Condition: { StringLike: { 'ses:FromAddress': '*@partner.com' } },
            },
          ],
        }),
      },
    });
    const user = await userWithPolicy(h, 'delegate', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ses:SendEmail', Resource: '*' }],
    });
    const send = (from: string) =>
      h.sesv2(user).send(v2Simple({ FromEmailAddress: from, FromEmailAddressIdentityArn: identityArn }));
    const out = await send('news@partner.com');
    assert.match(out.MessageId!, /-000000$/);
    await denied(send('ceo@example.com'), 'AccessDeniedException', 'ses:SendEmail', identityArn);
    // Without the identity policy's allow, the delegate's own policy is not enough across accounts.
    h.control.identity('partner.com', { scope: ownerScope, policies: {} });
    await denied(send('news@partner.com'), 'AccessDeniedException', 'ses:SendEmail', identityArn);
  });
});

describe('sendAs (internal callers)', () => {
  it('runs v2 SendEmail and v1 SendRawEmail through the pipeline with the caller’s principal', async () => {
    const principal = {
      account: ACCOUNT,
      arn: userArn('seed'),
      kind: 'User' as const,
      // The authorizer finds a user by its unique id (AIDA…), not by name.
      userId: (await h.iam().send(new GetUserCommand({ UserName: 'seed' }))).User!.UserId!,
      userName: 'seed',
      isRoot: false,
    };
    const v2 = await sendAs(h.server.pipeline, principal, {
      api: 'v2',
      service: h.v2,
      input: {
        FromEmailAddress: 'sender@example.com',
        Destination: { ToAddresses: ['to@x.org'] },
        Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
      },
    });
    assert.match(v2.MessageId, /-000000$/);
    const v1 = await sendAs(h.server.pipeline, principal, {
      api: 'v1-raw',
      service: h.v1,
      input: { RawMessage: { Data: raw } },
    });
    assert.match(v1.MessageId, /-000000$/);
    const nobody = { ...principal, arn: userArn('nobody'), userName: 'nobody', userId: 'AIDANOBODY' };
    await assert.rejects(
      sendAs(h.server.pipeline, nobody, {
        api: 'v1-raw',
        service: h.v1,
        input: { RawMessage: { Data: raw } },
      }),
      (err: Error & { code?: string }) =>
        err.code === 'AccessDenied' && err.message.includes('ses:SendRawEmail'),
    );
  });
});
