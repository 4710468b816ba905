/**
 * Bounded template rendering through the SDKs (src/services/render-limits.ts). The two reported
 * templates — seven nested `{{#each @root.a}}` in an SES template (n^7 iterations) and Pinpoint's
 * `{{rjust "x" 500000000}}` — answer with each service's rendering failure instead of stalling the
 * server: SES v1 TestRenderTemplate InvalidRenderingParameter and v2 TestRenderEmailTemplate
 * BadRequestException (their models' rendering errors); SendTemplatedEmail and SendBulkTemplatedEmail
 * accept the call and record a "Rendering Failure" event, as SES reports rendering failures
 * (API_SendTemplatedEmail.html: "If the template contains errors, Amazon SES … sends a Rendering
 * Failure event"); Pinpoint's SendMessages fails the message for that recipient. The timeouts only
 * guard against a hang: what is asserted is the outcome.
 */
import {
  CreateTemplateCommand,
  SendBulkTemplatedEmailCommand,
  SendTemplatedEmailCommand,
  TestRenderTemplateCommand,
} from '@aws-sdk/client-ses';
import { CreateEmailIdentityCommand, TestRenderEmailTemplateCommand } from '@aws-sdk/client-sesv2';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateAppCommand,
  CreateEmailTemplateCommand,
  SendMessagesCommand,
  UpdateEmailChannelCommand,
} from '@aws-sdk/client-pinpoint';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedPermissionsPolicy, seedTrustPolicy } from './fixtures/seed-policies.js';
import { startTestServer, type TestServer } from './support/server.js';

const ACCOUNT = '000000000000';
const SCOPE = { account: ACCOUNT, region: 'us-east-1' };
const GUARD = { timeout: 60_000 };
/** The reported SES template: seven nested each over the same list. */
const NESTED = '{{#each @root.a}}'.repeat(7) + '{{this}}' + '{{/each}}'.repeat(7);
const DATA = JSON.stringify({ a: Array.from({ length: 10 }, (_, i) => i) });
const TOO_MUCH_WORK = /^Rendering stopped: the template takes more than 250000 steps/;

let server: TestServer;

before(async () => {
  server = await startTestServer();
  await server.sesv2().send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  const ses = server.ses();
  await ses.send(
    new CreateTemplateCommand({ Template: { TemplateName: 'nested', SubjectPart: 'S', TextPart: NESTED } }),
  );
  await ses.send(
    new CreateTemplateCommand({
      Template: {
        TemplateName: 'ordinary',
        SubjectPart: 'Order {{id}}',
        TextPart: '{{#each items}}{{name}} x{{qty}}\n{{/each}}',
        HtmlPart: '<ul>{{#each items}}<li>{{name}}</li>{{/each}}</ul>',
      },
    }),
  );
});
after(() => server.close());

const eventsOf = async (messageId: string) =>
  (await server.runtime.ses.sending.events.ofMessage(SCOPE, messageId)).map((e) => ({
    type: e.eventType,
    failure: (e.detail['failure'] as { errorMessage?: string; templateName?: string } | undefined) ?? {},
  }));

describe('SES', () => {
  it('v1 TestRenderTemplate answers InvalidRenderingParameter for the nested template', GUARD, async () => {
    await assert.rejects(
      server.ses().send(new TestRenderTemplateCommand({ TemplateName: 'nested', TemplateData: DATA })),
      (err: Error & { $metadata: { httpStatusCode?: number } }) => {
        // The SDK names the wire's InvalidRenderingParameter code after the model's shape.
        assert.equal(err.name, 'InvalidRenderingParameterException');
        assert.equal(err.$metadata.httpStatusCode, 400);
        assert.match(err.message, TOO_MUCH_WORK);
        return true;
      },
    );
  });

  it('v2 TestRenderEmailTemplate answers BadRequestException for the nested template', GUARD, async () => {
    await assert.rejects(
      server.sesv2().send(new TestRenderEmailTemplateCommand({ TemplateName: 'nested', TemplateData: DATA })),
      (err: Error & { $metadata: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'BadRequestException');
        assert.equal(err.$metadata.httpStatusCode, 400);
        assert.match(err.message, TOO_MUCH_WORK);
        return true;
      },
    );
  });

  it(
    'SendTemplatedEmail and SendBulkTemplatedEmail accept the call and record a Rendering Failure',
    GUARD,
    async () => {
      const one = await server.ses().send(
        new SendTemplatedEmailCommand({
          Source: 'news@example.com',
          Destination: { ToAddresses: ['reader@example.org'] },
          Template: 'nested',
          TemplateData: DATA,
        }),
      );
      const bulk = await server.ses().send(
        new SendBulkTemplatedEmailCommand({
          Source: 'news@example.com',
          Template: 'nested',
          DefaultTemplateData: DATA,
          Destinations: [{ Destination: { ToAddresses: ['a@example.org'] } }],
        }),
      );
      assert.equal(bulk.Status?.[0].Status, 'Success');
      for (const id of [one.MessageId!, bulk.Status![0].MessageId!]) {
        const events = await eventsOf(id);
        assert.deepEqual(
          events.map((e) => [e.type, e.failure.templateName]),
          [['RENDERING_FAILURE', 'nested']],
        );
        assert.match(events[0].failure.errorMessage ?? '', TOO_MUCH_WORK);
      }
      await server.runtime.mail.drain();
      const res = await fetch(`${server.url}/_aws/ses?id=${encodeURIComponent(one.MessageId!)}`);
      const { messages } = (await res.json()) as { messages: unknown[] };
      assert.deepEqual(messages, [], 'nothing was delivered');
    },
  );

  it('ordinary templates render as before', GUARD, async () => {
    const data = JSON.stringify({
      id: 7,
      items: [
        { name: 'Tea & cake', qty: 2 },
        { name: 'Pie', qty: 1 },
      ],
    });
    const out = await server
      .ses()
      .send(new TestRenderTemplateCommand({ TemplateName: 'ordinary', TemplateData: data }));
    assert.match(out.RenderedTemplate!, /^Subject: Order 7$/m);
    assert.match(out.RenderedTemplate!, /^Tea & cake x2\nPie x1\n$/m);
    assert.match(out.RenderedTemplate!, /<ul><li>Tea &amp; cake<\/li><li>Pie<\/li><\/ul>/);
  });
});

describe('Pinpoint', () => {
  let appId: string;

  before(async () => {
    const iam = server.iam();
    await iam.send(
      new CreateRoleCommand({ RoleName: 'Seed', AssumeRolePolicyDocument: seedTrustPolicy(ACCOUNT) }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'Seed',
        PolicyName: 'send',
        PolicyDocument: seedPermissionsPolicy(ACCOUNT),
      }),
    );
    const pinpoint = server.pinpoint();
    appId = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'limits' } })))
      .ApplicationResponse!.Id!;
    await pinpoint.send(
      new UpdateEmailChannelCommand({
        ApplicationId: appId,
        EmailChannelRequest: {
          FromAddress: 'news@example.com',
          Identity: `arn:aws:ses:us-east-1:${ACCOUNT}:identity/example.com`,
          OrchestrationSendingRoleArn: `arn:aws:iam::${ACCOUNT}:role/Seed`,
        },
      }),
    );
  });

  const sendTemplate = async (name: string, html: string, substitutions?: Record<string, string[]>) => {
    const pinpoint = server.pinpoint();
    await pinpoint.send(
      new CreateEmailTemplateCommand({
        TemplateName: name,
        EmailTemplateRequest: { Subject: 'Hello', HtmlPart: html },
      }),
    );
    const out = await pinpoint.send(
      new SendMessagesCommand({
        ApplicationId: appId,
        MessageRequest: {
          Addresses: { 'reader@example.net': { ChannelType: 'EMAIL', Substitutions: substitutions } },
          MessageConfiguration: { EmailMessage: {} },
          TemplateConfiguration: { EmailTemplate: { Name: name } },
        },
      }),
    );
    return out.MessageResponse!.Result!['reader@example.net'];
  };

  it('{{rjust "x" 500000000}} fails the message before any padding is made', GUARD, async () => {
    const r = await sendTemplate('padded', '<p>{{rjust "x" 500000000}}</p>');
    assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.equal(r.StatusCode, 400);
    assert.match(
      r.StatusMessage ?? '',
      /^The HtmlPart could not be rendered for reader@example\.net: Rendering stopped: the rendered message would be longer than 10485760 characters/,
    );
  });

  it('nested blocks past the work bound fail the message', GUARD, async () => {
    const a = Array.from({ length: 10 }, (_, i) => String(i));
    const r = await sendTemplate('nested', NESTED, { a });
    assert.equal(r.DeliveryStatus, 'PERMANENT_FAILURE');
    assert.match(r.StatusMessage ?? '', /Rendering stopped: the template takes more than 250000 steps/);
  });

  it('ordinary padding still renders', GUARD, async () => {
    const r = await sendTemplate('fine', '<p>[{{rjust "x" 5 pad="."}}]</p>');
    assert.equal(r.DeliveryStatus, 'SUCCESSFUL');
  });
});
