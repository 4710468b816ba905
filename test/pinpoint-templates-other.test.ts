/**
 * SMS, voice, push and in-app templates through @aws-sdk/client-pinpoint
 * (apireference/templates-template-name-sms.html, -voice, -push, -inapp): Create (201 "Created"),
 * Get (the active version, or the one named), Update (202; create-new-version), Delete (202; one
 * version or all), ListTemplates with TemplateType, ListTemplateVersions and
 * UpdateTemplateActiveVersion for each type, tags on `templates/<name>/<TYPE>`, a name unique per
 * type only, refusals that store nothing, and AccessDenied for a user without permission.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateEmailTemplateCommand,
  CreateInAppTemplateCommand,
  CreatePushTemplateCommand,
  CreateSmsTemplateCommand,
  CreateVoiceTemplateCommand,
  DeleteInAppTemplateCommand,
  DeletePushTemplateCommand,
  DeleteSmsTemplateCommand,
  DeleteVoiceTemplateCommand,
  GetEmailTemplateCommand,
  GetInAppTemplateCommand,
  GetPushTemplateCommand,
  GetSmsTemplateCommand,
  GetVoiceTemplateCommand,
  ListTagsForResourceCommand,
  ListTemplatesCommand,
  ListTemplateVersionsCommand,
  TagResourceCommand,
  UpdateInAppTemplateCommand,
  UpdatePushTemplateCommand,
  UpdateSmsTemplateCommand,
  UpdateTemplateActiveVersionCommand,
  UpdateVoiceTemplateCommand,
  type PinpointClient,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

const ARN = (name: string, type: string) =>
  `arn:aws:mobiletargeting:us-east-1:000000000000:templates/${name}/${type}`;
const NOT_FOUND = { name: 'NotFoundException', message: 'Resource not found', status: 404 };

let server: TestServer;
let pp: PinpointClient;
before(async () => {
  server = await startTestServer();
  pp = server.pinpoint();
});
after(async () => {
  await server.close();
});

describe('SMS templates', () => {
  test('Create, Get, Update in place and as a new version, activate, list versions, delete a version, delete all', async () => {
    const created = await pp.send(
      new CreateSmsTemplateCommand({
        TemplateName: 'sms-life',
        SMSTemplateRequest: {
          Body: 'Hello {{User.UserAttributes.Name}}',
          DefaultSubstitutions: '{"User.UserAttributes.Name":"you"}',
          TemplateDescription: 'greeting',
          tags: { team: 'a' },
        },
      }),
    );
    assert.equal(created.$metadata.httpStatusCode, 201);
    assert.equal(created.CreateTemplateMessageBody!.Arn, ARN('sms-life', 'SMS'));
    assert.equal(created.CreateTemplateMessageBody!.Message, 'Created');

    const got = (await pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-life' }))).SMSTemplateResponse!;
    assert.equal(got.TemplateType, 'SMS');
    assert.equal(got.TemplateName, 'sms-life');
    assert.equal(got.Arn, ARN('sms-life', 'SMS'));
    assert.equal(got.Body, 'Hello {{User.UserAttributes.Name}}');
    assert.equal(got.TemplateDescription, 'greeting');
    assert.equal(got.Version, '1');
    assert.deepEqual(got.tags, { team: 'a' });

    const inPlace = await pp.send(
      new UpdateSmsTemplateCommand({ TemplateName: 'sms-life', SMSTemplateRequest: { Body: 'v1 edited' } }),
    );
    assert.equal(inPlace.$metadata.httpStatusCode, 202);
    await pp.send(
      new UpdateSmsTemplateCommand({
        TemplateName: 'sms-life',
        CreateNewVersion: true,
        SMSTemplateRequest: { Body: 'v2' },
      }),
    );
    // The active version stays 1 until it is moved.
    assert.equal(
      (await pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-life' }))).SMSTemplateResponse!.Body,
      'v1 edited',
    );
    assert.equal(
      (await pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-life', Version: '2' })))
        .SMSTemplateResponse!.Body,
      'v2',
    );
    const versions = (
      await pp.send(new ListTemplateVersionsCommand({ TemplateName: 'sms-life', TemplateType: 'SMS' }))
    ).TemplateVersionsResponse!.Item!;
    assert.deepEqual(
      versions.map((v) => [v.Version, v.TemplateType]),
      [
        ['2', 'SMS'],
        ['1', 'SMS'],
      ],
    );
    await pp.send(
      new UpdateTemplateActiveVersionCommand({
        TemplateName: 'sms-life',
        TemplateType: 'SMS',
        TemplateActiveVersionRequest: { Version: 'latest' },
      }),
    );
    assert.equal(
      (await pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-life' }))).SMSTemplateResponse!.Version,
      '2',
    );

    await pp.send(new DeleteSmsTemplateCommand({ TemplateName: 'sms-life', Version: '2' }));
    assert.deepEqual(
      await fail(pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-life', Version: '2' }))),
      NOT_FOUND,
    );
    assert.equal(
      (await pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-life' }))).SMSTemplateResponse!.Version,
      '1',
    );

    const removed = await pp.send(new DeleteSmsTemplateCommand({ TemplateName: 'sms-life' }));
    assert.equal(removed.$metadata.httpStatusCode, 202);
    assert.deepEqual(await fail(pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-life' }))), NOT_FOUND);
    assert.deepEqual(
      await fail(pp.send(new ListTemplateVersionsCommand({ TemplateName: 'sms-life', TemplateType: 'SMS' }))),
      NOT_FOUND,
    );
  });

  test('a name is unique per type: an email and an SMS template of one name live apart; a second SMS one is refused', async () => {
    await pp.send(
      new CreateEmailTemplateCommand({
        TemplateName: 'shared',
        EmailTemplateRequest: { Subject: 's', TextPart: 'mail' },
      }),
    );
    await pp.send(
      new CreateSmsTemplateCommand({ TemplateName: 'shared', SMSTemplateRequest: { Body: 'text' } }),
    );
    assert.equal(
      (await pp.send(new GetEmailTemplateCommand({ TemplateName: 'shared' }))).EmailTemplateResponse!
        .TextPart,
      'mail',
    );
    assert.equal(
      (await pp.send(new GetSmsTemplateCommand({ TemplateName: 'shared' }))).SMSTemplateResponse!.Body,
      'text',
    );
    const again = await fail(
      pp.send(new CreateSmsTemplateCommand({ TemplateName: 'shared', SMSTemplateRequest: { Body: 'x' } })),
    );
    assert.equal(again.name, 'BadRequestException');
    await pp.send(new DeleteSmsTemplateCommand({ TemplateName: 'shared' }));
    assert.equal(
      (await pp.send(new GetEmailTemplateCommand({ TemplateName: 'shared' }))).EmailTemplateResponse!.Subject,
      's',
    );
  });

  test('a body that is not a template, or DefaultSubstitutions that are not JSON, is BadRequestException and stores nothing', async () => {
    const e = await fail(
      pp.send(
        new CreateSmsTemplateCommand({ TemplateName: 'sms-bad', SMSTemplateRequest: { Body: 'Hi {{#if}}' } }),
      ),
    );
    assert.equal(e.name, 'BadRequestException');
    const d = await fail(
      pp.send(
        new CreateSmsTemplateCommand({
          TemplateName: 'sms-bad',
          SMSTemplateRequest: { Body: 'Hi', DefaultSubstitutions: 'not json' },
        }),
      ),
    );
    assert.equal(d.status, 400);
    assert.deepEqual(await fail(pp.send(new GetSmsTemplateCommand({ TemplateName: 'sms-bad' }))), NOT_FOUND);
  });
});

describe('voice, push and in-app templates', () => {
  test('voice: Body, LanguageCode, VoiceId kept; update; delete', async () => {
    await pp.send(
      new CreateVoiceTemplateCommand({
        TemplateName: 'call',
        VoiceTemplateRequest: { Body: 'Your code is {{code}}', LanguageCode: 'en-US', VoiceId: 'Joanna' },
      }),
    );
    const v = (await pp.send(new GetVoiceTemplateCommand({ TemplateName: 'call' }))).VoiceTemplateResponse!;
    assert.equal(v.TemplateType, 'VOICE');
    assert.equal(v.LanguageCode, 'en-US');
    assert.equal(v.VoiceId, 'Joanna');
    assert.equal(v.Arn, ARN('call', 'VOICE'));
    await pp.send(
      new UpdateVoiceTemplateCommand({
        TemplateName: 'call',
        VoiceTemplateRequest: { Body: 'b', VoiceId: 'Matthew' },
      }),
    );
    const u = (await pp.send(new GetVoiceTemplateCommand({ TemplateName: 'call' }))).VoiceTemplateResponse!;
    assert.equal(u.VoiceId, 'Matthew');
    assert.equal(u.LanguageCode, undefined);
    await pp.send(new DeleteVoiceTemplateCommand({ TemplateName: 'call' }));
    assert.deepEqual(await fail(pp.send(new GetVoiceTemplateCommand({ TemplateName: 'call' }))), NOT_FOUND);
  });

  test('push: each platform part kept; an unknown Action is refused and stores nothing', async () => {
    await pp.send(
      new CreatePushTemplateCommand({
        TemplateName: 'push-it',
        PushNotificationTemplateRequest: {
          Default: { Title: 'Hi', Body: 'There', Action: 'OPEN_APP' },
          APNS: { Title: 'iOS', Sound: 'default', MediaUrl: 'https://example.com/a.png' },
          GCM: {
            Title: 'Android',
            ImageUrl: 'https://example.com/b.png',
            Action: 'URL',
            Url: 'https://example.com',
          },
          TemplateDescription: 'push',
        },
      }),
    );
    const p = (await pp.send(new GetPushTemplateCommand({ TemplateName: 'push-it' })))
      .PushNotificationTemplateResponse!;
    assert.equal(p.TemplateType, 'PUSH');
    assert.deepEqual(p.Default, { Title: 'Hi', Body: 'There', Action: 'OPEN_APP' });
    assert.equal(p.APNS!.MediaUrl, 'https://example.com/a.png');
    assert.equal(p.GCM!.Action, 'URL');
    assert.equal(p.ADM, undefined);
    await pp.send(
      new UpdatePushTemplateCommand({
        TemplateName: 'push-it',
        CreateNewVersion: true,
        PushNotificationTemplateRequest: { Default: { Body: 'v2' } },
      }),
    );
    assert.equal(
      (await pp.send(new GetPushTemplateCommand({ TemplateName: 'push-it', Version: '2' })))
        .PushNotificationTemplateResponse!.Default!.Body,
      'v2',
    );
    const bad = await fail(
      pp.send(
        new CreatePushTemplateCommand({
          TemplateName: 'push-bad',
          PushNotificationTemplateRequest: { Default: { Body: 'x', Action: 'FLY' as 'URL' } },
        }),
      ),
    );
    assert.equal(bad.name, 'BadRequestException');
    assert.deepEqual(
      await fail(pp.send(new GetPushTemplateCommand({ TemplateName: 'push-bad' }))),
      NOT_FOUND,
    );
    await pp.send(new DeletePushTemplateCommand({ TemplateName: 'push-it' }));
    assert.deepEqual(await fail(pp.send(new GetPushTemplateCommand({ TemplateName: 'push-it' }))), NOT_FOUND);
  });

  test('in-app: Content, Layout and CustomConfig kept; Create answers TemplateCreateMessageBody; a bad Layout is refused', async () => {
    const created = await pp.send(
      new CreateInAppTemplateCommand({
        TemplateName: 'banner',
        InAppTemplateRequest: {
          Layout: 'TOP_BANNER',
          Content: [
            {
              BackgroundColor: '#FFFFFF',
              BodyConfig: { Alignment: 'CENTER', Body: 'Welcome', TextColor: '#000000' },
              PrimaryBtn: { DefaultConfig: { ButtonAction: 'CLOSE', Text: 'OK' } },
            },
          ],
          CustomConfig: { k: 'v' },
        },
      }),
    );
    assert.equal(created.TemplateCreateMessageBody!.Arn, ARN('banner', 'INAPP'));
    const t = (await pp.send(new GetInAppTemplateCommand({ TemplateName: 'banner' }))).InAppTemplateResponse!;
    assert.equal(t.TemplateType, 'INAPP');
    assert.equal(t.Layout, 'TOP_BANNER');
    assert.equal(t.Content![0].BodyConfig!.Body, 'Welcome');
    assert.equal(t.Content![0].PrimaryBtn!.DefaultConfig!.ButtonAction, 'CLOSE');
    assert.deepEqual(t.CustomConfig, { k: 'v' });
    await pp.send(
      new UpdateInAppTemplateCommand({
        TemplateName: 'banner',
        InAppTemplateRequest: { Layout: 'OVERLAYS' },
      }),
    );
    assert.equal(
      (await pp.send(new GetInAppTemplateCommand({ TemplateName: 'banner' }))).InAppTemplateResponse!.Layout,
      'OVERLAYS',
    );
    const bad = await fail(
      pp.send(
        new CreateInAppTemplateCommand({
          TemplateName: 'banner-bad',
          InAppTemplateRequest: { Layout: 'SIDEWAYS' as 'TOP_BANNER' },
        }),
      ),
    );
    assert.equal(bad.name, 'BadRequestException');
    assert.deepEqual(
      await fail(pp.send(new GetInAppTemplateCommand({ TemplateName: 'banner-bad' }))),
      NOT_FOUND,
    );
    await pp.send(new DeleteInAppTemplateCommand({ TemplateName: 'banner' }));
    assert.deepEqual(await fail(pp.send(new GetInAppTemplateCommand({ TemplateName: 'banner' }))), NOT_FOUND);
  });
});

describe('listing, tags and authorization', () => {
  test('ListTemplates lists every type, filters by TemplateType, pages across types of one name', async () => {
    await pp.send(
      new CreateEmailTemplateCommand({
        TemplateName: 'lst-a',
        EmailTemplateRequest: { Subject: 's', TextPart: 't' },
      }),
    );
    await pp.send(new CreateSmsTemplateCommand({ TemplateName: 'lst-a', SMSTemplateRequest: { Body: 'b' } }));
    await pp.send(
      new CreateVoiceTemplateCommand({ TemplateName: 'lst-b', VoiceTemplateRequest: { Body: 'b' } }),
    );
    const all = (await pp.send(new ListTemplatesCommand({ Prefix: 'lst-' }))).TemplatesResponse!.Item!;
    assert.deepEqual(
      all.map((t) => [t.TemplateName, t.TemplateType]),
      [
        ['lst-a', 'EMAIL'],
        ['lst-a', 'SMS'],
        ['lst-b', 'VOICE'],
      ],
    );
    const sms = (await pp.send(new ListTemplatesCommand({ Prefix: 'lst-', TemplateType: 'SMS' })))
      .TemplatesResponse!.Item!;
    assert.deepEqual(
      sms.map((t) => t.TemplateName),
      ['lst-a'],
    );
    const first = (await pp.send(new ListTemplatesCommand({ Prefix: 'lst-', PageSize: '1' })))
      .TemplatesResponse!;
    const second = (
      await pp.send(new ListTemplatesCommand({ Prefix: 'lst-', PageSize: '1', NextToken: first.NextToken }))
    ).TemplatesResponse!;
    assert.equal(first.Item![0].TemplateType, 'EMAIL');
    assert.deepEqual([second.Item![0].TemplateName, second.Item![0].TemplateType], ['lst-a', 'SMS']);
  });

  test('TagResource and ListTagsForResource on an SMS template ARN', async () => {
    await pp.send(
      new CreateSmsTemplateCommand({ TemplateName: 'tagged', SMSTemplateRequest: { Body: 'b' } }),
    );
    await pp.send(
      new TagResourceCommand({ ResourceArn: ARN('tagged', 'SMS'), TagsModel: { tags: { env: 'test' } } }),
    );
    const tags = (await pp.send(new ListTagsForResourceCommand({ ResourceArn: ARN('tagged', 'SMS') })))
      .TagsModel!.tags;
    assert.deepEqual(tags, { env: 'test' });
    assert.deepEqual(
      (await pp.send(new GetSmsTemplateCommand({ TemplateName: 'tagged' }))).SMSTemplateResponse!.tags,
      {
        env: 'test',
      },
    );
  });

  test('a user without permission is denied on templates/<name>/SMS; allowed there, allowed', async () => {
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'templater' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'templater' }))).AccessKey!;
    const user = server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const create = () =>
      user.send(new CreateSmsTemplateCommand({ TemplateName: 'authz', SMSTemplateRequest: { Body: 'b' } }));
    const denied = await fail(create());
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /mobiletargeting:CreateSmsTemplate on resource: .*templates\/authz\/SMS/);
    assert.deepEqual(await fail(pp.send(new GetSmsTemplateCommand({ TemplateName: 'authz' }))), NOT_FOUND);
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'templater',
        PolicyName: 'sms',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'mobiletargeting:CreateSmsTemplate', Resource: ARN('authz', 'SMS') },
          ],
        }),
      }),
    );
    assert.equal((await create()).$metadata.httpStatusCode, 201);
    assert.equal((await fail(user.send(new GetSmsTemplateCommand({ TemplateName: 'authz' })))).status, 403);
  });
});
