/**
 * Email templates through @aws-sdk/client-pinpoint: CreateEmailTemplate (201 "Created"),
 * GetEmailTemplate, UpdateEmailTemplate (202), DeleteEmailTemplate (202), ListTemplates,
 * ListTemplateVersions, UpdateTemplateActiveVersion (apireference/templates-template-name-email.html,
 * templates.html, templates-template-name-template-type-versions.html, …-active-version.html),
 * versioning as userguide/message-templates-versioning.html describes it, IAM on
 * `templates/<name>/EMAIL` (list_amazonpinpoint.html), and the EmailTemplateSource port.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEmailTemplateCommand,
  DeleteEmailTemplateCommand,
  GetEmailTemplateCommand,
  ListTemplatesCommand,
  ListTemplateVersionsCommand,
  UpdateEmailTemplateCommand,
  UpdateTemplateActiveVersionCommand,
  type EmailTemplateRequest,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { signedFetch } from './wire-fixtures.js';
import { fail } from './support/failure.js';

let server: TestServer;
let now = new Date('2026-11-29T10:00:00.000Z');
before(async () => {
  server = await startTestServer({}, { clock: () => now });
});
after(async () => {
  await server.close();
});

const ACCOUNT = '000000000000';
const arnOf = (name: string) => `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:templates/${name}/EMAIL`;
const pp = () => server.pinpoint();

const create = (TemplateName: string, EmailTemplateRequest: EmailTemplateRequest) =>
  pp().send(new CreateEmailTemplateCommand({ TemplateName, EmailTemplateRequest }));
const get = async (TemplateName: string, Version?: string) =>
  (await pp().send(new GetEmailTemplateCommand({ TemplateName, Version }))).EmailTemplateResponse!;
const update = (
  TemplateName: string,
  req: EmailTemplateRequest,
  opts: { CreateNewVersion?: boolean; Version?: string } = {},
) => pp().send(new UpdateEmailTemplateCommand({ TemplateName, EmailTemplateRequest: req, ...opts }));
const versionsOf = async (TemplateName: string) =>
  (
    await pp().send(new ListTemplateVersionsCommand({ TemplateName, TemplateType: 'EMAIL' }))
  ).TemplateVersionsResponse!.Item!.map((v) => v.Version);
const activate = (TemplateName: string, Version: string) =>
  pp().send(
    new UpdateTemplateActiveVersionCommand({
      TemplateName,
      TemplateType: 'EMAIL',
      TemplateActiveVersionRequest: { Version },
    }),
  );

describe('CreateEmailTemplate and GetEmailTemplate', () => {
  test('creation answers 201 with the ARN and "Created"; Get returns version 1 with every member', async () => {
    now = new Date('2026-11-29T10:00:00.000Z');
    const out = await create('welcome', {
      Subject: 'Hi {{User.UserAttributes.FirstName}}',
      HtmlPart: '<p>Hello {{User.UserAttributes.FirstName}}</p>',
      TextPart: 'Hello {{User.UserAttributes.FirstName}}',
      DefaultSubstitutions: '{"User.UserAttributes.FirstName":"friend"}',
      TemplateDescription: 'first',
      RecommenderId: 'rec-1',
      Headers: [{ Name: 'X-Campaign', Value: 'welcome' }],
      tags: { team: 'growth' },
    });
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.equal(out.CreateTemplateMessageBody?.Arn, arnOf('welcome'));
    assert.equal(out.CreateTemplateMessageBody?.Message, 'Created');
    assert.ok(out.CreateTemplateMessageBody?.RequestID);

    const t = await get('welcome');
    assert.deepEqual(t, {
      Arn: arnOf('welcome'),
      CreationDate: '2026-11-29T10:00:00.000Z',
      LastModifiedDate: '2026-11-29T10:00:00.000Z',
      DefaultSubstitutions: '{"User.UserAttributes.FirstName":"friend"}',
      Headers: [{ Name: 'X-Campaign', Value: 'welcome' }],
      HtmlPart: '<p>Hello {{User.UserAttributes.FirstName}}</p>',
      RecommenderId: 'rec-1',
      Subject: 'Hi {{User.UserAttributes.FirstName}}',
      TemplateDescription: 'first',
      TemplateName: 'welcome',
      TemplateType: 'EMAIL',
      TextPart: 'Hello {{User.UserAttributes.FirstName}}',
      Version: '1',
      tags: { team: 'growth' },
    });
  });

  test('a name that is taken is refused and the template is unchanged', async () => {
    await create('taken', { Subject: 'one' });
    const e = await fail(create('taken', { Subject: 'two' }));
    assert.deepEqual(
      [e.name, e.status, e.message],
      ['BadRequestException', 400, 'Template taken already exists'],
    );
    assert.equal((await get('taken')).Subject, 'one');
  });

  test('bad input gets BadRequestException and writes nothing', async () => {
    const cases: [string, EmailTemplateRequest, RegExp][] = [
      ['-leading-hyphen', { Subject: 's' }, /^A template name must start with an alphanumeric character/],
      ['x'.repeat(129), { Subject: 's' }, /maximum of 128 characters/],
      [
        'bad-defaults',
        { Subject: 's', DefaultSubstitutions: 'not json' },
        /DefaultSubstitutions must be a JSON object/,
      ],
      ['bad-syntax', { HtmlPart: '{{#if x}}never closed' }, /^The HtmlPart isn't a valid template/],
      ['bad-helper', { TextPart: '{{shout User.UserId}}' }, /helper that doesn't exist: shout/],
      [
        'many-headers',
        { Subject: 's', Headers: Array.from({ length: 16 }, (_, i) => ({ Name: `X-${i}`, Value: 'v' })) },
        /^You can have up to 15 Headers\.$/,
      ],
      ['too-large', { HtmlPart: 'x'.repeat(600_001) }, /at most 600000 characters/],
    ];
    for (const [name, req, message] of cases) {
      const e = await fail(create(name, req));
      assert.equal(e.name, 'BadRequestException', name);
      assert.equal(e.status, 400);
      assert.match(e.message, message);
    }
    const names = (await pp().send(new ListTemplatesCommand({}))).TemplatesResponse!.Item!.map(
      (t) => t.TemplateName,
    );
    for (const [name] of cases) assert.ok(!names.includes(name), `${name.slice(0, 20)} was written`);
    // The SDK sends `{}` for a missing payload; a request with no body at all lacks it.
    const noBody = await signedFetch(
      server.url,
      { method: 'POST', path: '/v1/templates/no-body/email' },
      { service: 'mobiletargeting' },
    );
    assert.equal(noBody.status, 400);
    assert.deepEqual(JSON.parse(noBody.text).Message, 'Missing EmailTemplateRequest');
    assert.equal((await fail(get('no-body'))).name, 'NotFoundException');
  });

  test('a template or version that does not exist is NotFoundException', async () => {
    const e = await fail(get('nobody'));
    assert.deepEqual([e.name, e.status], ['NotFoundException', 404]);
    assert.equal((await fail(get('welcome', '9'))).name, 'NotFoundException');
    assert.equal((await fail(get('welcome', 'abc'))).name, 'NotFoundException');
  });
});

describe('versions', () => {
  test('an update overwrites the latest version; create-new-version adds one that is not active yet', async () => {
    now = new Date('2026-11-29T10:00:00.000Z');
    await create('news', { Subject: 'v1', TextPart: 'one' });
    now = new Date('2026-11-29T10:05:00.000Z');
    const out = await update('news', { Subject: 'v1 edited', TextPart: 'one' });
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.equal(out.MessageBody?.Message, 'Accepted');
    assert.deepEqual(await versionsOf('news'), ['1']);
    const edited = await get('news');
    assert.deepEqual(
      [edited.Version, edited.Subject, edited.CreationDate, edited.LastModifiedDate],
      ['1', 'v1 edited', '2026-11-29T10:00:00.000Z', '2026-11-29T10:05:00.000Z'],
    );

    await update('news', { Subject: 'v2' }, { CreateNewVersion: true });
    assert.deepEqual(await versionsOf('news'), ['2', '1']);
    assert.equal((await get('news')).Subject, 'v1 edited', 'the active version stays 1');
    const v2 = await get('news', '2');
    assert.deepEqual([v2.Version, v2.Subject, v2.TextPart], ['2', 'v2', undefined]);
  });

  test('version on an update must name the latest version, and cannot go with create-new-version', async () => {
    await create('strict', { Subject: 'v1' });
    await update('strict', { Subject: 'v2' }, { CreateNewVersion: true });
    const stale = await fail(update('strict', { Subject: 'stale' }, { Version: '1' }));
    assert.equal(stale.name, 'BadRequestException');
    assert.match(stale.message, /isn't the latest version/);
    assert.equal(
      (await fail(update('strict', { Subject: 'x' }, { Version: '7' }))).name,
      'NotFoundException',
    );
    const both = await fail(update('strict', { Subject: 'x' }, { Version: '2', CreateNewVersion: true }));
    assert.equal(both.name, 'BadRequestException');
    await update('strict', { Subject: 'v2 edited' }, { Version: '2' });
    assert.equal((await get('strict', '1')).Subject, 'v1');
    assert.equal((await get('strict', '2')).Subject, 'v2 edited');
    assert.equal((await fail(update('missing', { Subject: 'x' }))).name, 'NotFoundException');
    const bad = await fail(update('strict', { HtmlPart: '{{#each}}' }));
    assert.equal(bad.name, 'BadRequestException');
    assert.equal((await get('strict', '2')).Subject, 'v2 edited', 'a bad update writes nothing');
  });

  test('UpdateTemplateActiveVersion: a version number or "latest"; GetEmailTemplate then returns it', async () => {
    await create('promo', { Subject: 'p1' });
    await update('promo', { Subject: 'p2' }, { CreateNewVersion: true });
    await update('promo', { Subject: 'p3' }, { CreateNewVersion: true });
    const out = await activate('promo', '2');
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.equal((await get('promo')).Version, '2');
    await activate('promo', 'latest');
    assert.deepEqual([(await get('promo')).Version, (await get('promo')).Subject], ['3', 'p3']);
    const listed = (await pp().send(new ListTemplatesCommand({ Prefix: 'promo' }))).TemplatesResponse!.Item!;
    assert.equal(listed[0].Version, '3', 'ListTemplates reports the active version');

    assert.equal((await fail(activate('promo', '8'))).name, 'NotFoundException');
    assert.equal((await fail(activate('nothing', '1'))).name, 'NotFoundException');
    const missing = await fail(
      pp().send(
        new UpdateTemplateActiveVersionCommand({
          TemplateName: 'promo',
          TemplateType: 'EMAIL',
          TemplateActiveVersionRequest: {},
        }),
      ),
    );
    assert.equal(missing.name, 'BadRequestException');
    assert.equal((await get('promo')).Version, '3');
  });

  test('ListTemplateVersions: most recent first, with its members, in pages', async () => {
    now = new Date('2026-11-29T11:00:00.000Z');
    await create('paged', { Subject: 'a', TemplateDescription: 'd1', DefaultSubstitutions: '{"x":"1"}' });
    await update('paged', { Subject: 'b', TemplateDescription: 'd2' }, { CreateNewVersion: true });
    await update('paged', { Subject: 'c', TemplateDescription: 'd3' }, { CreateNewVersion: true });
    const first = (
      await pp().send(
        new ListTemplateVersionsCommand({ TemplateName: 'paged', TemplateType: 'EMAIL', PageSize: '2' }),
      )
    ).TemplateVersionsResponse!;
    assert.deepEqual(
      first.Item!.map((v) => [v.Version, v.TemplateDescription]),
      [
        ['3', 'd3'],
        ['2', 'd2'],
      ],
    );
    assert.deepEqual(first.Item![0], {
      CreationDate: '2026-11-29T11:00:00.000Z',
      LastModifiedDate: '2026-11-29T11:00:00.000Z',
      TemplateDescription: 'd3',
      TemplateName: 'paged',
      TemplateType: 'EMAIL',
      Version: '3',
    });
    assert.ok(first.NextToken);
    const second = (
      await pp().send(
        new ListTemplateVersionsCommand({
          TemplateName: 'paged',
          TemplateType: 'EMAIL',
          PageSize: '2',
          NextToken: first.NextToken,
        }),
      )
    ).TemplateVersionsResponse!;
    assert.deepEqual(
      second.Item!.map((v) => [v.Version, v.DefaultSubstitutions]),
      [['1', '{"x":"1"}']],
    );
    assert.equal(second.NextToken, undefined);
    assert.equal(
      (
        await fail(
          pp().send(new ListTemplateVersionsCommand({ TemplateName: 'nope', TemplateType: 'EMAIL' })),
        )
      ).name,
      'NotFoundException',
    );
    assert.equal(
      (await fail(pp().send(new ListTemplateVersionsCommand({ TemplateName: 'paged', TemplateType: 'FAX' }))))
        .name,
      'BadRequestException',
    );
  });

  test('versions past 9 keep number order; "latest" is the highest', async () => {
    await create('many', { Subject: '1' });
    for (let n = 2; n <= 11; n++) await update('many', { Subject: String(n) }, { CreateNewVersion: true });
    assert.deepEqual(
      await versionsOf('many'),
      Array.from({ length: 11 }, (_, i) => String(11 - i)),
    );
    await activate('many', 'latest');
    assert.deepEqual([(await get('many')).Version, (await get('many')).Subject], ['11', '11']);
  });

  test('deleting a version: the active one hands over to the latest; numbers are never reused', async () => {
    await create('trim', { Subject: 't1' });
    await update('trim', { Subject: 't2' }, { CreateNewVersion: true });
    await update('trim', { Subject: 't3' }, { CreateNewVersion: true });
    await activate('trim', '3');
    const out = await pp().send(new DeleteEmailTemplateCommand({ TemplateName: 'trim', Version: '3' }));
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.deepEqual(await versionsOf('trim'), ['2', '1']);
    assert.equal((await get('trim')).Version, '2');
    await update('trim', { Subject: 't4' }, { CreateNewVersion: true });
    assert.deepEqual(await versionsOf('trim'), ['4', '2', '1']);
    await pp().send(new DeleteEmailTemplateCommand({ TemplateName: 'trim', Version: '1' }));
    assert.deepEqual(await versionsOf('trim'), ['4', '2']);
    assert.equal((await get('trim')).Version, '2', 'deleting another version leaves the active one');
    assert.equal(
      (await fail(pp().send(new DeleteEmailTemplateCommand({ TemplateName: 'trim', Version: '1' })))).name,
      'NotFoundException',
    );
  });

  test('DeleteEmailTemplate without a version deletes the template and all its versions', async () => {
    await create('gone', { Subject: 'g1' });
    await update('gone', { Subject: 'g2' }, { CreateNewVersion: true });
    await pp().send(new DeleteEmailTemplateCommand({ TemplateName: 'gone' }));
    assert.equal((await fail(get('gone'))).name, 'NotFoundException');
    assert.equal((await fail(get('gone', '2'))).name, 'NotFoundException');
    assert.equal(
      (await fail(pp().send(new DeleteEmailTemplateCommand({ TemplateName: 'gone' })))).name,
      'NotFoundException',
    );
    await create('gone', { Subject: 'again' });
    assert.deepEqual(await versionsOf('gone'), ['1'], 'a new template of the same name starts again at 1');
  });
});

describe('ListTemplates', () => {
  test('prefix, template-type and pages; items carry no ARN, tags or description', async () => {
    for (const n of ['list-a', 'list-b', 'list-c'])
      await create(n, { Subject: n, TemplateDescription: 'x', tags: { k: 'v' } });
    const page1 = (await pp().send(new ListTemplatesCommand({ Prefix: 'list-', PageSize: '2' })))
      .TemplatesResponse!;
    assert.deepEqual(
      page1.Item!.map((t) => t.TemplateName),
      ['list-a', 'list-b'],
    );
    const item = page1.Item![0];
    assert.deepEqual(Object.keys(item).sort(), [
      'CreationDate',
      'LastModifiedDate',
      'TemplateName',
      'TemplateType',
      'Version',
    ]);
    const page2 = (
      await pp().send(
        new ListTemplatesCommand({ Prefix: 'list-', PageSize: '2', NextToken: page1.NextToken }),
      )
    ).TemplatesResponse!;
    assert.deepEqual(
      page2.Item!.map((t) => t.TemplateName),
      ['list-c'],
    );
    assert.equal(page2.NextToken, undefined);
    const emails = (await pp().send(new ListTemplatesCommand({ Prefix: 'list-', TemplateType: 'EMAIL' })))
      .TemplatesResponse!;
    assert.equal(emails.Item!.length, 3);
    const sms = (await pp().send(new ListTemplatesCommand({ Prefix: 'list-', TemplateType: 'SMS' })))
      .TemplatesResponse!;
    assert.deepEqual(sms.Item, []);
    assert.equal(
      (await fail(pp().send(new ListTemplatesCommand({ TemplateType: 'FAX' })))).name,
      'BadRequestException',
    );
    assert.equal(
      (await fail(pp().send(new ListTemplatesCommand({ PageSize: '0' })))).name,
      'BadRequestException',
    );
  });
});

describe('IAM', () => {
  async function userWith(name: string, statements: object[]): Promise<PinpointClient> {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: name }));
    if (statements.length) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: name,
          PolicyName: 'p',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        }),
      );
    }
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    return server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
  }

  test('a user without mobiletargeting permissions is denied on the template ARN', async () => {
    const user = await userWith('notemplates', []);
    const e = await fail(user.send(new GetEmailTemplateCommand({ TemplateName: 'welcome' })));
    assert.equal(e.status, 403);
    assert.ok(
      e.message.startsWith(
        `User: arn:aws:iam::${ACCOUNT}:user/notemplates is not authorized to perform: mobiletargeting:GetEmailTemplate on resource: ${arnOf('welcome')}`,
      ),
      e.message,
    );
    const l = await fail(user.send(new ListTemplatesCommand({})));
    assert.match(
      l.message,
      new RegExp(
        `mobiletargeting:ListTemplates on resource: arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:templates( |$)`,
      ),
    );
    assert.equal(
      (
        await fail(
          user.send(
            new CreateEmailTemplateCommand({
              TemplateName: 'sneaky',
              EmailTemplateRequest: { Subject: 's' },
            }),
          ),
        )
      ).status,
      403,
    );
    assert.equal((await fail(get('sneaky'))).name, 'NotFoundException', 'a denied create writes nothing');
  });

  test('permissions per template ARN and by aws:ResourceTag; tagging on creation needs TagResource', async () => {
    await create('tagged-ok', { Subject: 's', tags: { team: 'growth' } });
    await create('tagged-other', { Subject: 's', tags: { team: 'ops' } });
    const user = await userWith('templatereader', [
      { Effect: 'Allow', Action: 'mobiletargeting:GetEmailTemplate', Resource: arnOf('welcome') },
      {
        Effect: 'Allow',
        Action: ['mobiletargeting:GetEmailTemplate', 'mobiletargeting:UpdateTemplateActiveVersion'],
        Resource: `arn:aws:mobiletargeting:us-east-1:${ACCOUNT}:templates/*`,
        Condition: { StringEquals: { 'aws:ResourceTag/team': 'growth' } },
      },
      { Effect: 'Allow', Action: 'mobiletargeting:CreateEmailTemplate', Resource: '*' },
    ]);
    assert.equal(
      (await user.send(new GetEmailTemplateCommand({ TemplateName: 'welcome' }))).EmailTemplateResponse
        ?.TemplateName,
      'welcome',
    );
    assert.equal(
      (await user.send(new GetEmailTemplateCommand({ TemplateName: 'tagged-ok' }))).EmailTemplateResponse
        ?.TemplateName,
      'tagged-ok',
    );
    assert.equal(
      (await fail(user.send(new GetEmailTemplateCommand({ TemplateName: 'tagged-other' })))).status,
      403,
    );
    await user.send(
      new UpdateTemplateActiveVersionCommand({
        TemplateName: 'tagged-ok',
        TemplateType: 'EMAIL',
        TemplateActiveVersionRequest: { Version: '1' },
      }),
    );
    await user.send(
      new CreateEmailTemplateCommand({ TemplateName: 'by-reader', EmailTemplateRequest: { Subject: 's' } }),
    );
    const tagged = await fail(
      user.send(
        new CreateEmailTemplateCommand({
          TemplateName: 'by-reader-tagged',
          EmailTemplateRequest: { Subject: 's', tags: { a: 'b' } },
        }),
      ),
    );
    assert.equal(tagged.status, 403);
    assert.match(tagged.message, /mobiletargeting:TagResource/);
    assert.equal((await fail(get('by-reader-tagged'))).name, 'NotFoundException');
  });
});

describe('EmailTemplateSource (ports.ts)', () => {
  const scope = { account: ACCOUNT, region: 'us-east-1' };

  test('email(): the active version unless one is named; undefined for what does not exist', async () => {
    await create('source', { Subject: 'S1 {{Address}}', TextPart: 'T1', DefaultSubstitutions: '{"a":"b"}' });
    await update('source', { Subject: 'S2', HtmlPart: '<b>H2</b>' }, { CreateNewVersion: true });
    const templates = server.runtime.pinpoint.context.ports.templates;
    assert.deepEqual(await templates.email(scope, 'source'), {
      Subject: 'S1 {{Address}}',
      TextPart: 'T1',
      DefaultSubstitutions: '{"a":"b"}',
    });
    assert.deepEqual(await templates.email(scope, 'source', '2'), { Subject: 'S2', HtmlPart: '<b>H2</b>' });
    assert.equal(await templates.email(scope, 'source', '3'), undefined);
    assert.deepEqual((await templates.email(scope, 'welcome'))?.Headers, [
      { Name: 'X-Campaign', Value: 'welcome' },
    ]);
    assert.equal(await templates.email(scope, 'nothing'), undefined);
    assert.equal(
      await templates.email({ account: '111111111111', region: 'us-east-1' }, 'source'),
      undefined,
    );
    assert.equal(await templates.email({ account: ACCOUNT, region: 'eu-west-1' }, 'source'), undefined);
  });

  test('compile(): renders per message; content that does not compile is BadRequestException', async () => {
    const templates = server.runtime.pinpoint.context.ports.templates;
    const render = templates.compile((await templates.email(scope, 'source'))!);
    assert.deepEqual(render({ address: 'a@example.com' }), {
      subject: 'S1 a@example.com',
      html: undefined,
      text: 'T1',
    });
    assert.throws(
      () => templates.compile({ Subject: '{{#if}}' }),
      (e: unknown) =>
        (e as { code?: string; status?: number }).status === 400 &&
        /isn't a valid template/.test((e as Error).message),
    );
  });
});
