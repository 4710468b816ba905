/**
 * SES templates through both APIs on one server (v1 and v2 share templates, as on AWS:
 * dg/send-personalized-email-api.html): CreateEmailTemplate/CreateTemplate, Get, Update, Delete,
 * List with pagination, TestRenderEmailTemplate/TestRenderTemplate with Handlebars, and the errors
 * each model names — a missing template is a 404 NotFoundException in v2, never a 500.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as v2 from '@aws-sdk/client-sesv2';
import * as v1 from '@aws-sdk/client-ses';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.close();
});

test('a template made with v2 is read, updated and deleted with v1, and the other way round', async () => {
  const c = server.sesv2();
  const old = server.ses();
  await c.send(
    new v2.CreateEmailTemplateCommand({
      TemplateName: 'welcome',
      TemplateContent: { Subject: 'Hello {{name}}', Text: 'Hi {{name}}', Html: '<p>Hi {{name}}</p>' },
      Tags: [{ Key: 'k', Value: 'v' }],
    }),
  );
  const viaV1 = await old.send(new v1.GetTemplateCommand({ TemplateName: 'welcome' }));
  assert.deepEqual(viaV1.Template, {
    TemplateName: 'welcome',
    SubjectPart: 'Hello {{name}}',
    TextPart: 'Hi {{name}}',
    HtmlPart: '<p>Hi {{name}}</p>',
  });
  await old.send(
    new v1.UpdateTemplateCommand({
      Template: { TemplateName: 'welcome', SubjectPart: 'Bye {{name}}', TextPart: 'Bye' },
    }),
  );
  const viaV2 = await c.send(new v2.GetEmailTemplateCommand({ TemplateName: 'welcome' }));
  assert.deepEqual(viaV2.TemplateContent, { Subject: 'Bye {{name}}', Text: 'Bye' });
  assert.deepEqual(viaV2.Tags, [{ Key: 'k', Value: 'v' }], 'an update keeps the tags');
  const sending = await server.runtime.ses.control.templates.get(
    { account: '000000000000', region: 'us-east-1' },
    'welcome',
  );
  assert.equal(sending?.Subject, 'Bye {{name}}');

  await old.send(
    new v1.CreateTemplateCommand({
      Template: { TemplateName: 'from-v1', SubjectPart: 'S', HtmlPart: '<b>x</b>' },
    }),
  );
  const dup = await fail(
    c.send(new v2.CreateEmailTemplateCommand({ TemplateName: 'from-v1', TemplateContent: { Subject: 'S' } })),
  );
  assert.deepEqual(dup, {
    name: 'AlreadyExistsException',
    message: 'Template from-v1 already exists.',
    status: 400,
  });
  const dupV1 = await fail(
    old.send(new v1.CreateTemplateCommand({ Template: { TemplateName: 'welcome', SubjectPart: 'S' } })),
  );
  assert.deepEqual(dupV1, {
    name: 'AlreadyExistsException',
    message: 'Template welcome already exists.',
    status: 400,
  });
  await c.send(new v2.DeleteEmailTemplateCommand({ TemplateName: 'from-v1' }));
  // "TemplateDoesNotExist: Template … does not exist" as AWS answers (serverless-ses-template#5).
  const gone = await fail(old.send(new v1.GetTemplateCommand({ TemplateName: 'from-v1' })));
  assert.deepEqual(gone, {
    name: 'TemplateDoesNotExistException',
    message: 'Template from-v1 does not exist.',
    status: 400,
  });
  await old.send(new v1.DeleteTemplateCommand({ TemplateName: 'from-v1' }));
});

test('missing templates: v2 NotFoundException 404 on Get, Update, Delete and TestRender; v1 TemplateDoesNotExist', async () => {
  const c = server.sesv2();
  const expected = { name: 'NotFoundException', message: 'Template ghost does not exist.', status: 404 };
  assert.deepEqual(await fail(c.send(new v2.GetEmailTemplateCommand({ TemplateName: 'ghost' }))), expected);
  assert.deepEqual(
    await fail(
      c.send(new v2.UpdateEmailTemplateCommand({ TemplateName: 'ghost', TemplateContent: { Subject: 's' } })),
    ),
    expected,
  );
  assert.deepEqual(
    await fail(c.send(new v2.DeleteEmailTemplateCommand({ TemplateName: 'ghost' }))),
    expected,
  );
  assert.deepEqual(
    await fail(c.send(new v2.TestRenderEmailTemplateCommand({ TemplateName: 'ghost', TemplateData: '{}' }))),
    expected,
  );
  const old = server.ses();
  const v1Missing = await fail(
    old.send(new v1.TestRenderTemplateCommand({ TemplateName: 'ghost', TemplateData: '{}' })),
  );
  assert.equal(v1Missing.name, 'TemplateDoesNotExistException');
  const v1Update = await fail(
    old.send(new v1.UpdateTemplateCommand({ Template: { TemplateName: 'ghost', SubjectPart: 's' } })),
  );
  assert.equal(v1Update.name, 'TemplateDoesNotExistException');
  // An empty name names no template: refused as the model's constraints are, before anything is read.
  const unnamed = await fail(old.send(new v1.GetTemplateCommand({ TemplateName: '' })));
  assert.equal(unnamed.name, 'ValidationError');
  assert.match(unnamed.message, /Value '' at 'templateName' .*length greater than or equal to 1/);
  const unnamedNew = await fail(old.send(new v1.CreateTemplateCommand({ Template: { TemplateName: '' } })));
  assert.equal(unnamedNew.name, 'ValidationError');
  assert.match(unnamedNew.message, /Value '' at 'template.templateName' /);
});

test('TestRender renders Handlebars with TemplateData; a missing attribute and bad data are refused', async () => {
  const c = server.sesv2();
  await c.send(
    new v2.CreateEmailTemplateCommand({
      TemplateName: 'render',
      TemplateContent: {
        Subject: 'Order {{order.id}} for {{name}}',
        Text: '{{#if vip}}VIP {{/if}}{{name}}: {{#each items}}[{{this}}]{{/each}}',
        Html: '<p>{{name}}</p>',
      },
    }),
  );
  const out = await c.send(
    new v2.TestRenderEmailTemplateCommand({
      TemplateName: 'render',
      TemplateData: JSON.stringify({ name: 'Ann & Bo', order: { id: 7 }, items: ['a', 'b'] }),
    }),
  );
  const mime = out.RenderedTemplate ?? '';
  assert.match(mime, /^Date: .+\r\nSubject: Order 7 for Ann & Bo\r\nMIME-Version: 1\.0\r\n/);
  assert.match(
    mime,
    /Content-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\nAnn & Bo: \[a\]\[b\]/,
  );
  assert.match(
    mime,
    /Content-Type: text\/html; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n<p>Ann &amp; Bo<\/p>/,
  );

  const missing = await fail(
    c.send(
      new v2.TestRenderEmailTemplateCommand({ TemplateName: 'render', TemplateData: '{"order":{"id":1}}' }),
    ),
  );
  assert.deepEqual(missing, {
    name: 'BadRequestException',
    message: "Attribute 'name' is not present in the rendering data.",
    status: 400,
  });
  const old = server.ses();
  const v1Missing = await fail(
    old.send(new v1.TestRenderTemplateCommand({ TemplateName: 'render', TemplateData: '{}' })),
  );
  assert.deepEqual(v1Missing, {
    name: 'MissingRenderingAttributeException',
    message: "Attribute 'order' is not present in the rendering data.",
    status: 400,
  });
  const badData = await fail(
    old.send(new v1.TestRenderTemplateCommand({ TemplateName: 'render', TemplateData: 'not json' })),
  );
  assert.equal(badData.name, 'InvalidRenderingParameterException');
  const v1Out = await old.send(
    new v1.TestRenderTemplateCommand({
      TemplateName: 'render',
      TemplateData: '{"name":"Z","order":{"id":2}}',
    }),
  );
  assert.match(v1Out.RenderedTemplate ?? '', /Subject: Order 2 for Z/);
});

test('invalid templates are refused and nothing is stored', async () => {
  const c = server.sesv2();
  const old = server.ses();
  const syntax = await fail(
    old.send(
      new v1.CreateTemplateCommand({
        Template: { TemplateName: 'broken', SubjectPart: 'Hi {{name', TextPart: 't' },
      }),
    ),
  );
  assert.equal(syntax.name, 'InvalidTemplateException');
  // "The subject must be specified." (InvalidParameterValue, quoted in awsdocs/aws-cloudformation-user-guide#464).
  const noSubject = await fail(
    old.send(new v1.CreateTemplateCommand({ Template: { TemplateName: 'broken', TextPart: 't' } })),
  );
  assert.deepEqual(noSubject, {
    name: 'InvalidParameterValue',
    message: 'The subject must be specified.',
    status: 400,
  });
  const v2syntax = await fail(
    c.send(
      new v2.CreateEmailTemplateCommand({ TemplateName: 'broken', TemplateContent: { Subject: '{{#if}}' } }),
    ),
  );
  assert.equal(v2syntax.name, 'BadRequestException');
  assert.equal((await fail(c.send(new v2.GetEmailTemplateCommand({ TemplateName: 'broken' })))).status, 404);
  await c.send(
    new v2.CreateEmailTemplateCommand({ TemplateName: 'keep', TemplateContent: { Subject: 'ok' } }),
  );
  const badUpdate = await fail(
    c.send(new v2.UpdateEmailTemplateCommand({ TemplateName: 'keep', TemplateContent: { Subject: '{{' } })),
  );
  assert.equal(badUpdate.name, 'BadRequestException');
  assert.equal(
    (await c.send(new v2.GetEmailTemplateCommand({ TemplateName: 'keep' }))).TemplateContent?.Subject,
    'ok',
  );
});

test('a template over 500 KB (subject, text and HTML together) is refused on create and update (dg/send-personalized-email-api.html)', async () => {
  const c = server.sesv2();
  const old = server.ses();
  const text = 'x'.repeat(300 * 1024);
  // 'é' is two UTF-8 bytes: with the 1-byte subject and the text, `exact` makes 500 KB, `html` one byte more.
  const exact = 'é'.repeat(102_399) + 'a';
  const html = 'é'.repeat(102_400);
  const tooLarge =
    'The template is larger than 512000 bytes (500 KB), the maximum size of a template including its subject, text and HTML parts.';
  assert.deepEqual(
    await fail(
      old.send(
        new v1.CreateTemplateCommand({
          Template: { TemplateName: 'big', SubjectPart: 's', TextPart: text, HtmlPart: html },
        }),
      ),
    ),
    { name: 'InvalidParameterValue', message: tooLarge, status: 400 },
  );
  assert.deepEqual(
    await fail(
      c.send(
        new v2.CreateEmailTemplateCommand({
          TemplateName: 'big',
          TemplateContent: { Subject: 's', Text: text, Html: html },
        }),
      ),
    ),
    { name: 'BadRequestException', message: tooLarge, status: 400 },
  );
  assert.equal((await fail(c.send(new v2.GetEmailTemplateCommand({ TemplateName: 'big' })))).status, 404);
  // Exactly 500 KB is a template.
  await c.send(
    new v2.CreateEmailTemplateCommand({
      TemplateName: 'big',
      TemplateContent: { Subject: 's', Text: text, Html: exact },
    }),
  );
  assert.deepEqual(
    await fail(
      c.send(
        new v2.UpdateEmailTemplateCommand({
          TemplateName: 'big',
          TemplateContent: { Subject: 's', Text: text, Html: html },
        }),
      ),
    ),
    { name: 'BadRequestException', message: tooLarge, status: 400 },
  );
  assert.equal(
    (await c.send(new v2.GetEmailTemplateCommand({ TemplateName: 'big' }))).TemplateContent?.Html?.length,
    exact.length,
  );
});

test('ListEmailTemplates and ListTemplates page through the same templates', async () => {
  const s = await startTestServer();
  try {
    const c = s.sesv2();
    for (let n = 0; n < 12; n++) {
      await c.send(
        new v2.CreateEmailTemplateCommand({
          TemplateName: `t${String(n).padStart(2, '0')}`,
          TemplateContent: { Subject: 's' },
        }),
      );
    }
    const first = await c.send(new v2.ListEmailTemplatesCommand({}));
    assert.equal(first.TemplatesMetadata?.length, 10, 'v2 default page size');
    const rest = await c.send(new v2.ListEmailTemplatesCommand({ NextToken: first.NextToken }));
    assert.deepEqual(
      rest.TemplatesMetadata?.map((t) => t.TemplateName),
      ['t10', 't11'],
    );
    assert.ok(rest.TemplatesMetadata?.[0].CreatedTimestamp instanceof Date);
    const over = await fail(c.send(new v2.ListEmailTemplatesCommand({ PageSize: 101 })));
    assert.equal(over.name, 'BadRequestException');
    const old = s.ses();
    const p1 = await old.send(new v1.ListTemplatesCommand({ MaxItems: 5 }));
    assert.deepEqual(
      p1.TemplatesMetadata?.map((t) => t.Name),
      ['t00', 't01', 't02', 't03', 't04'],
    );
    const p2 = await old.send(new v1.ListTemplatesCommand({ MaxItems: 500, NextToken: p1.NextToken }));
    assert.equal(p2.TemplatesMetadata?.length, 7);
    assert.equal(p2.NextToken, undefined);
  } finally {
    await s.close();
  }
});
