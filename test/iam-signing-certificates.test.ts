/**
 * IAM users' signing certificates through @aws-sdk/client-iam: upload (X.509 PEM), status,
 * listing with paging, delete and gone after; one user per certificate in the account, two
 * certificates per user; refused bodies leave nothing; DeleteUser refused while one exists;
 * authorization on the user's ARN and the caller's own without UserName. Certificates are the
 * fixtures of test/fixtures/certificates/.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteSigningCertificateCommand,
  DeleteUserCommand,
  ListSigningCertificatesCommand,
  PutUserPolicyCommand,
  UpdateSigningCertificateCommand,
  UploadSigningCertificateCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/certificates/${name}`, import.meta.url), 'utf8');
const SERVER = fixture('server.pem');
const CA = fixture('ca.pem');
const OTHER = fixture('other.pem');

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

const listed = async (UserName: string) =>
  (await iam.send(new ListSigningCertificatesCommand({ UserName }))).Certificates ?? [];

describe('signing certificate lifecycle (API_UploadSigningCertificate.html … API_DeleteSigningCertificate.html)', () => {
  it('uploads, deactivates, lists, refuses duplicates and a third, blocks DeleteUser, deletes', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'signer' }));
    const up = (
      await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: SERVER }))
    ).Certificate!;
    assert.equal(up.UserName, 'signer');
    assert.match(up.CertificateId ?? '', /^[A-Z2-7]{32}$/);
    assert.equal(up.CertificateBody, SERVER);
    assert.equal(up.Status, 'Active');

    await iam.send(new CreateUserCommand({ UserName: 'someone-else' }));
    const dup = await failure(() =>
      iam.send(new UploadSigningCertificateCommand({ UserName: 'someone-else', CertificateBody: SERVER })),
    );
    assert.equal(dup.name, 'DuplicateCertificateException');
    assert.equal(dup.status, 409);

    await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: CA }));
    assert.deepEqual(
      await failure(() =>
        iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: OTHER })),
      ),
      {
        name: 'LimitExceededException',
        message: 'Cannot exceed quota for SigningCertificatesPerUser: 2',
        status: 409,
      },
    );

    await iam.send(
      new UpdateSigningCertificateCommand({
        UserName: 'signer',
        CertificateId: up.CertificateId,
        Status: 'Inactive',
      }),
    );
    const certs = await listed('signer');
    assert.equal(certs.length, 2);
    assert.equal(certs.find((c) => c.CertificateId === up.CertificateId)?.Status, 'Inactive');
    const page = await iam.send(new ListSigningCertificatesCommand({ UserName: 'signer', MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    const next = await iam.send(
      new ListSigningCertificatesCommand({ UserName: 'signer', MaxItems: 1, Marker: page.Marker }),
    );
    assert.equal(next.IsTruncated, false);
    assert.notEqual(page.Certificates?.[0].CertificateId, next.Certificates?.[0].CertificateId);

    assert.equal(
      (await failure(() => iam.send(new DeleteUserCommand({ UserName: 'signer' })))).name,
      'DeleteConflictException',
    );

    for (const c of certs)
      await iam.send(
        new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: c.CertificateId }),
      );
    assert.deepEqual(await listed('signer'), []);
    const gone = await failure(() =>
      iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: up.CertificateId })),
    );
    assert.equal(gone.name, 'NoSuchEntityException');
    assert.equal(gone.status, 404);
    await iam.send(new DeleteUserCommand({ UserName: 'signer' }));
    // Freed, the certificate may go to another user.
    await iam.send(
      new UploadSigningCertificateCommand({ UserName: 'someone-else', CertificateBody: SERVER }),
    );
  });

  it('refuses a body that is no PEM certificate, and keeps nothing', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'careful' }));
    for (const body of ['not a certificate', SERVER.replace(/[A-Za-z]{20}/, 'x'), `${SERVER}${CA}`]) {
      assert.deepEqual(
        await failure(() =>
          iam.send(new UploadSigningCertificateCommand({ UserName: 'careful', CertificateBody: body })),
        ),
        {
          name: 'MalformedCertificateException',
          message: 'Unable to parse certificate. Please ensure the certificate is in PEM format.',
          status: 400,
        },
      );
    }
    assert.deepEqual(await listed('careful'), []);
  });

  // statusType lists Expired, which a caller cannot set: Pinpost refuses it as a constraint, in
  // the model's words and in one ValidationError after the model's own violations
  // (CommonErrors.html, ValidationError: "N validation errors detected: …"), before authorization,
  // so a caller without permission learns it too.
  it('refuses Status Expired with the model violations of the request, in one ValidationError', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'unpermitted' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'unpermitted' }));
    const unpermitted = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const update = (CertificateId: string) =>
      failure(() =>
        unpermitted.send(
          new UpdateSigningCertificateCommand({ UserName: 'careful', CertificateId, Status: 'Expired' }),
        ),
      );
    assert.deepEqual(await update('short'), {
      name: 'ValidationError',
      message:
        "2 validation errors detected: Value 'short' at 'certificateId' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 24; ' +
        "Value 'Expired' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
      status: 400,
    });
    assert.equal((await update('A'.repeat(24))).message.startsWith('1 validation error detected: '), true);
  });
});

describe('authorization (list_awsidentityandaccessmanagementiam.html, resource type user)', () => {
  it("needs the action on the user's ARN; without UserName the caller uploads and lists its own", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'svc' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'svc' }));
    const svc = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });
    const denied = await failure(() =>
      svc.send(new UploadSigningCertificateCommand({ CertificateBody: OTHER })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:UploadSigningCertificate on resource: arn:aws:iam::${ACCOUNT}:user/svc`),
    );
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'svc',
        PolicyName: 'own-certs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:UploadSigningCertificate', 'iam:ListSigningCertificates'],
              Resource: `arn:aws:iam::${ACCOUNT}:user/svc`,
            },
          ],
        }),
      }),
    );
    const up = await svc.send(new UploadSigningCertificateCommand({ CertificateBody: OTHER }));
    assert.equal(up.Certificate?.UserName, 'svc');
    assert.deepEqual(
      (await svc.send(new ListSigningCertificatesCommand({}))).Certificates?.map((c) => c.CertificateId),
      [up.Certificate?.CertificateId],
    );
    assert.equal(
      (await failure(() => svc.send(new ListSigningCertificatesCommand({ UserName: 'someone-else' })))).name,
      'AccessDenied',
    );
  });
});
