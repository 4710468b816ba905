/**
 * IAM identity providers through @aws-sdk/client-iam against a whole server: OpenID Connect and
 * SAML providers created, read, updated, tagged, listed and deleted, with AWS's errors
 * (API_CreateOpenIDConnectProvider.html, API_CreateSAMLProvider.html and their neighbours), and
 * authorized on their ARNs with aws:ResourceTag.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  ListOpenIDConnectProvidersCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  PutUserPolicyCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  TagOpenIDConnectProviderCommand,
  TagSAMLProviderCommand,
  UntagOpenIDConnectProviderCommand,
  UntagSAMLProviderCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateSAMLProviderCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { fail } from './support/failure.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
const METADATA = readFileSync(new URL('./fixtures/saml/idp-metadata.xml', import.meta.url), 'utf8');
const THUMB = 'a'.repeat(40);

before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(() => server.close());

describe('OpenID Connect providers', () => {
  it('lives through create, read, client ids, thumbprints, tags, list and delete (API_CreateOpenIDConnectProvider.html)', async () => {
    const created = await iam.send(
      new CreateOpenIDConnectProviderCommand({
        Url: 'https://token.example.com/tenant',
        ClientIDList: ['sts.amazonaws.com'],
        Tags: [{ Key: 'team', Value: 'ci' }],
      }),
    );
    const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.example.com/tenant`;
    assert.equal(created.OpenIDConnectProviderArn, arn);
    assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'ci' }]);

    let got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(got.Url, 'token.example.com/tenant');
    assert.deepEqual(got.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(got.ThumbprintList ?? [], []);
    assert.ok(got.CreateDate instanceof Date);

    await iam.send(
      new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app' }),
    );
    await iam.send(
      new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'app' }),
    );
    await iam.send(
      new RemoveClientIDFromOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: arn,
        ClientID: 'sts.amazonaws.com',
      }),
    );
    await iam.send(
      new UpdateOpenIDConnectProviderThumbprintCommand({
        OpenIDConnectProviderArn: arn,
        ThumbprintList: [THUMB],
      }),
    );
    got = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(got.ClientIDList, ['app']);
    assert.deepEqual(got.ThumbprintList, [THUMB]);

    await iam.send(
      new TagOpenIDConnectProviderCommand({
        OpenIDConnectProviderArn: arn,
        Tags: [{ Key: 'env', Value: 'dev' }],
      }),
    );
    await iam.send(
      new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, TagKeys: ['TEAM'] }),
    );
    const tags = await iam.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn: arn }));
    assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }]);

    const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    assert.ok(listed.OpenIDConnectProviderList?.some((p) => p.Arn === arn));

    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    const gone = await fail(iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })));
    assert.deepEqual(gone, {
      name: 'NoSuchEntityException',
      message: `OpenIDConnect Provider not found for arn ${arn}`,
      status: 404,
    });
    // "This operation is idempotent" (API_DeleteOpenIDConnectProvider.html).
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    const tagGone = await fail(
      iam.send(
        new TagOpenIDConnectProviderCommand({
          OpenIDConnectProviderArn: arn,
          Tags: [{ Key: 'k', Value: 'v' }],
        }),
      ),
    );
    assert.equal(tagGone.name, 'NoSuchEntityException');
  });

  it('refuses a second provider for the same URL, bad URLs and too many thumbprints, writing nothing', async () => {
    await iam.send(
      new CreateOpenIDConnectProviderCommand({ Url: 'https://dup.example.com', ClientIDList: ['a'] }),
    );
    const dup = await fail(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://dup.example.com' })),
    );
    assert.deepEqual(dup, {
      name: 'EntityAlreadyExistsException',
      message: 'Provider with url https://dup.example.com already exists.',
      status: 409,
    });
    const http = await fail(
      iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://plain.example.com' })),
    );
    assert.equal(http.name, 'InvalidInputException');
    assert.equal(http.message, 'Invalid Open ID Connect Provider URL. The URL must begin with https://.');
    const bare = await fail(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'example.org' })));
    assert.equal(bare.name, 'ValidationError');
    assert.equal(bare.message, 'Invalid Open ID Connect Provider URL');
    const many = await fail(
      iam.send(
        new CreateOpenIDConnectProviderCommand({
          Url: 'https://many.example.com',
          ThumbprintList: ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(40)),
        }),
      ),
    );
    assert.deepEqual(
      [many.name, many.message],
      ['InvalidInputException', 'Thumbprint list must contain fewer than 5 entries.'],
    );
    const short = await fail(
      iam.send(
        new CreateOpenIDConnectProviderCommand({ Url: 'https://short.example.com', ThumbprintList: ['ab'] }),
      ),
    );
    assert.equal(short.name, 'ValidationError');
    const arns = (await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.map(
      (p) => p.Arn,
    );
    assert.ok(!arns.some((a) => /many|short|plain/.test(a!)), `nothing half-written: ${arns.join(', ')}`);
  });
});

describe('SAML providers', () => {
  it('lives through create, read, update, tags, list and delete (API_CreateSAMLProvider.html)', async () => {
    const created = await iam.send(
      new CreateSAMLProviderCommand({
        Name: 'Okta',
        SAMLMetadataDocument: METADATA,
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    );
    const arn = `arn:aws:iam::${ACCOUNT}:saml-provider/Okta`;
    assert.equal(created.SAMLProviderArn, arn);
    const got = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(got.SAMLMetadataDocument, METADATA);
    // The metadata's validUntil.
    assert.equal(got.ValidUntil?.toISOString(), '2036-01-01T00:00:00.000Z');
    assert.match(got.SAMLProviderUUID ?? '', /^SAML[A-Z0-9]{18}$/);
    assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'a' }]);

    const withoutValidity = METADATA.replace(' validUntil="2036-01-01T00:00:00Z"', '');
    const updated = await iam.send(
      new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: withoutValidity }),
    );
    assert.equal(updated.SAMLProviderArn, arn);
    const after = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(after.SAMLMetadataDocument, withoutValidity);
    assert.equal(after.ValidUntil!.getUTCFullYear(), new Date().getUTCFullYear() + 100);

    await iam.send(
      new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'Env', Value: 'prod' }] }),
    );
    await iam.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['TEAM'] }));
    assert.deepEqual((await iam.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags, [
      { Key: 'Env', Value: 'prod' },
    ]);
    const listed = await iam.send(new ListSAMLProvidersCommand({}));
    const entry = listed.SAMLProviderList?.find((p) => p.Arn === arn);
    assert.ok(entry?.CreateDate instanceof Date && entry.ValidUntil instanceof Date);

    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    for (const call of [
      () => iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })),
      () => iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })),
    ]) {
      assert.deepEqual(await fail(call()), {
        name: 'NoSuchEntityException',
        message: `Manifest not found for arn ${arn}`,
        status: 404,
      });
    }
  });

  it('refuses unreadable metadata, a taken name and a bad name, writing nothing', async () => {
    const junk = await fail(
      iam.send(
        new CreateSAMLProviderCommand({ Name: 'Junk', SAMLMetadataDocument: `<a>${'x'.repeat(1000)}</a>` }),
      ),
    );
    assert.deepEqual(
      [junk.name, junk.message, junk.status],
      ['InvalidInputException', 'Could not parse metadata', 400],
    );
    const noCert =
      METADATA.replace(
        /<ds:X509Certificate>[^<]+<\/ds:X509Certificate>/,
        '<ds:X509Certificate>bm90IGEgY2VydA==</ds:X509Certificate>',
      ) + `<!-- ${'x'.repeat(1000)} -->`;
    assert.equal(
      (await fail(iam.send(new CreateSAMLProviderCommand({ Name: 'BadCert', SAMLMetadataDocument: noCert }))))
        .name,
      'InvalidInputException',
    );
    const short = await fail(
      iam.send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<x/>' })),
    );
    assert.equal(short.name, 'ValidationError');
    const badName = await fail(
      iam.send(new CreateSAMLProviderCommand({ Name: 'a b', SAMLMetadataDocument: METADATA })),
    );
    assert.equal(badName.name, 'ValidationError');
    await iam.send(new CreateSAMLProviderCommand({ Name: 'Taken', SAMLMetadataDocument: METADATA }));
    const taken = await fail(
      iam.send(new CreateSAMLProviderCommand({ Name: 'TAKEN', SAMLMetadataDocument: METADATA })),
    );
    assert.equal(taken.name, 'EntityAlreadyExistsException');
    const names = (await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!.map(
      (p) => p.Arn!.split('/')[1],
    );
    assert.deepEqual(
      names.filter((n) => ['Junk', 'BadCert', 'Short', 'TAKEN'].includes(n)),
      [],
    );
    const noChange = await fail(
      iam.send(
        new UpdateSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Taken` }),
      ),
    );
    assert.equal(noChange.name, 'InvalidInputException');
  });
});

describe('authorization', () => {
  it('follows aws:ResourceTag on the provider ARN (list_awsidentityandaccessmanagementiam.html)', async () => {
    for (const name of ['Mine', 'Theirs'])
      await iam.send(
        new CreateSAMLProviderCommand({
          Name: name,
          SAMLMetadataDocument: METADATA,
          Tags: [{ Key: 'owner', Value: name }],
        }),
      );
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'alice',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:GetSAMLProvider',
              Resource: '*',
              Condition: { StringEquals: { 'aws:ResourceTag/owner': 'Mine' } },
            },
            { Effect: 'Allow', Action: 'iam:ListOpenIDConnectProviders', Resource: '*' },
          ],
        }),
      }),
    );
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    const alice = server.iam({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    await alice.send(
      new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Mine` }),
    );
    await alice.send(new ListOpenIDConnectProvidersCommand({}));
    const denied = await fail(
      alice.send(
        new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${ACCOUNT}:saml-provider/Theirs` }),
      ),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      /iam:GetSAMLProvider on resource: arn:aws:iam::000000000000:saml-provider\/Theirs/,
    );
    const noCreate = await fail(
      alice.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://x.example.com' })),
    );
    assert.equal(noCreate.name, 'AccessDenied');
  });
});
