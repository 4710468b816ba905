/**
 * IAM server certificates through @aws-sdk/client-iam: a Terraform-style lifecycle (upload, read,
 * rename, tag, list, delete, read after delete), X.509 PEM parsing and the key-pair check, refused
 * input that leaves nothing, and authorization on the certificate's ARN. Certificates are the
 * fixtures of test/fixtures/certificates/. Each case names the AWS page it follows.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteServerCertificateCommand,
  GetAccountSummaryCommand,
  GetServerCertificateCommand,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  PutUserPolicyCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UploadServerCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/certificates/${name}`, import.meta.url), 'utf8');
const SERVER = fixture('server.pem');
const SERVER_KEY = fixture('server.key');
const CA = fixture('ca.pem');
const OTHER_KEY = fixture('other.key');

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';

before(async () => {
  server = await startTestServer();
  iam = server.iam();
});
after(() => server.close());

async function failure(
  fn: () => Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

const names = async () =>
  ((await iam.send(new ListServerCertificatesCommand({}))).ServerCertificateMetadataList ?? []).map(
    (m) => m.ServerCertificateName,
  );

describe('server certificate lifecycle (API_UploadServerCertificate.html … API_DeleteServerCertificate.html)', () => {
  it('uploads, reads, renames, tags, lists, deletes, and is gone after', async () => {
    const up = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'mail-cert',
        Path: '/cloudfront/',
        CertificateBody: SERVER,
        PrivateKey: SERVER_KEY,
        CertificateChain: CA,
        Tags: [{ Key: 'env', Value: 'test' }],
      }),
    );
    const meta = up.ServerCertificateMetadata!;
    assert.equal(meta.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/cloudfront/mail-cert`);
    assert.match(meta.ServerCertificateId ?? '', /^ASCA[A-Z2-7]{17}$/);
    assert.equal(meta.Expiration?.toISOString(), '2126-11-11T11:57:59.000Z');
    assert.deepEqual(up.Tags, [{ Key: 'env', Value: 'test' }]);

    const got = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'MAIL-CERT' })))
      .ServerCertificate!;
    assert.equal(got.CertificateBody, SERVER);
    assert.equal(got.CertificateChain, CA);
    assert.equal(got.ServerCertificateMetadata?.ServerCertificateId, meta.ServerCertificateId);
    assert.deepEqual(got.Tags, [{ Key: 'env', Value: 'test' }]);

    const exists = await failure(() =>
      iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'mail-cert',
          CertificateBody: SERVER,
          PrivateKey: SERVER_KEY,
        }),
      ),
    );
    assert.deepEqual(exists, {
      name: 'EntityAlreadyExistsException',
      message: 'The Server Certificate with name mail-cert already exists.',
      status: 409,
    });

    await iam.send(
      new UpdateServerCertificateCommand({
        ServerCertificateName: 'mail-cert',
        NewServerCertificateName: 'mail-cert-2',
        NewPath: '/elb/',
      }),
    );
    const renamed = (
      await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'mail-cert-2' }))
    ).ServerCertificate!.ServerCertificateMetadata!;
    assert.equal(renamed.Arn, `arn:aws:iam::${ACCOUNT}:server-certificate/elb/mail-cert-2`);
    assert.equal(renamed.ServerCertificateId, meta.ServerCertificateId);

    await iam.send(
      new TagServerCertificateCommand({
        ServerCertificateName: 'mail-cert-2',
        Tags: [{ Key: 'team', Value: 'mail' }],
      }),
    );
    await iam.send(
      new UntagServerCertificateCommand({ ServerCertificateName: 'mail-cert-2', TagKeys: ['env'] }),
    );
    assert.deepEqual(
      (await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'mail-cert-2' }))).Tags,
      [{ Key: 'team', Value: 'mail' }],
    );

    assert.deepEqual(await names(), ['mail-cert-2']);
    assert.deepEqual(
      (await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' })))
        .ServerCertificateMetadataList,
      [],
    );
    assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.ServerCertificates, 1);

    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'mail-cert-2' }));
    const gone = {
      name: 'NoSuchEntityException',
      message: 'The Server Certificate with name mail-cert-2 cannot be found.',
      status: 404,
    };
    assert.deepEqual(
      await failure(() =>
        iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'mail-cert-2' })),
      ),
      gone,
    );
    assert.deepEqual(
      await failure(() =>
        iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'mail-cert-2' })),
      ),
      gone,
    );
  });

  it('pages the list with Marker/MaxItems/IsTruncated', async () => {
    for (const n of ['c-3', 'c-1', 'c-2'])
      await iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: n,
          CertificateBody: SERVER,
          PrivateKey: SERVER_KEY,
        }),
      );
    const first = await iam.send(new ListServerCertificatesCommand({ MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new ListServerCertificatesCommand({ MaxItems: 2, Marker: first.Marker }));
    assert.equal(rest.IsTruncated, false);
    assert.deepEqual(
      [...first.ServerCertificateMetadataList!, ...rest.ServerCertificateMetadataList!].map(
        (m) => m.ServerCertificateName,
      ),
      ['c-1', 'c-2', 'c-3'],
    );
    for (const n of ['c-1', 'c-2', 'c-3'])
      await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: n }));
  });
});

describe('refused uploads leave nothing behind', () => {
  it('a body that is no PEM certificate, a chain that is none, a key of another certificate', async () => {
    const malformed = {
      name: 'MalformedCertificateException',
      message: 'Unable to parse certificate. Please ensure the certificate is in PEM format.',
      status: 400,
    };
    assert.deepEqual(
      await failure(() =>
        iam.send(
          new UploadServerCertificateCommand({
            ServerCertificateName: 'bad',
            CertificateBody: 'not a cert',
            PrivateKey: SERVER_KEY,
          }),
        ),
      ),
      malformed,
    );
    assert.deepEqual(
      await failure(() =>
        iam.send(
          new UploadServerCertificateCommand({
            ServerCertificateName: 'bad',
            CertificateBody: SERVER.replace(/[A-Za-z]{20}/, 'x'),
            PrivateKey: SERVER_KEY,
          }),
        ),
      ),
      malformed,
    );
    assert.deepEqual(
      await failure(() =>
        iam.send(
          new UploadServerCertificateCommand({
            ServerCertificateName: 'bad',
            CertificateBody: SERVER,
            PrivateKey: SERVER_KEY,
            CertificateChain: 'garbage',
          }),
        ),
      ),
      malformed,
    );
    const mismatch = await failure(() =>
      iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'bad',
          CertificateBody: SERVER,
          PrivateKey: OTHER_KEY,
        }),
      ),
    );
    assert.equal(mismatch.name, 'KeyPairMismatchException');
    assert.equal(mismatch.status, 400);
    const badName = await failure(() =>
      iam.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: 'a b',
          CertificateBody: SERVER,
          PrivateKey: SERVER_KEY,
        }),
      ),
    );
    assert.equal(badName.name, 'ValidationError');
    assert.deepEqual(await names(), []);
  });
});

describe('authorization (list_awsidentityandaccessmanagementiam.html, resource type server-certificate)', () => {
  it('a user without permission is AccessDenied; a policy on the certificate ARN allows it', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'cert-admin' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'cert-admin' }));
    const admin = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const upload = (name: string) =>
      admin.send(
        new UploadServerCertificateCommand({
          ServerCertificateName: name,
          CertificateBody: SERVER,
          PrivateKey: SERVER_KEY,
        }),
      );
    const denied = await failure(() => upload('edge'));
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:UploadServerCertificate on resource: arn:aws:iam::${ACCOUNT}:server-certificate/edge`),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'cert-admin',
        PolicyName: 'certs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:UploadServerCertificate', 'iam:UpdateServerCertificate'],
              Resource: `arn:aws:iam::${ACCOUNT}:server-certificate/edge`,
            },
          ],
        }),
      }),
    );
    assert.equal((await upload('edge')).ServerCertificateMetadata?.ServerCertificateName, 'edge');
    assert.equal((await failure(() => upload('edge-2'))).name, 'AccessDenied');
    // Renaming needs the target's ARN too (API_UpdateServerCertificate.html).
    const rename = await failure(() =>
      admin.send(
        new UpdateServerCertificateCommand({
          ServerCertificateName: 'edge',
          NewServerCertificateName: 'edge-2',
        }),
      ),
    );
    assert.equal(rename.name, 'AccessDenied');
    assert.deepEqual(await names(), ['edge']);
    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'edge' }));
  });
});
