/**
 * IAM users' X.509 signing certificates: UploadSigningCertificate, UpdateSigningCertificate,
 * DeleteSigningCertificate, ListSigningCertificates (IAM API reference, API_<Op>.html). Each
 * authorizes on the user's ARN with its aws:ResourceTag keys (resource type user,
 * list_awsidentityandaccessmanagementiam.html); without UserName they act on the calling user.
 * The body must be one PEM certificate (node:crypto X509Certificate); a certificate belongs to at
 * most one user of the account ("DuplicateCertificate: … the same certificate is associated with
 * an IAM user in the account"); 2 per user ("Signing certificates per user: 2",
 * reference_iam-quotas.html, in IAM's quota wording).
 *
 * "Unable to parse certificate. Please ensure the certificate is in PEM format." is IAM's
 * MalformedCertificate text for server certificates (server-certificate-operations.ts), used here
 * alike; IAM's texts for DuplicateCertificate and an unknown certificate id were not found, so
 * Pinpost's say what was wrong.
 */
import { X509Certificate } from 'node:crypto';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import type { IamDeps } from '../deps.js';
import { duplicateCertificate, limitExceeded, malformedCertificate, noSuchEntity } from '../errors.js';
import { requireUser, userArnOf } from '../handlers/user-entities.js';
import type { IamStore } from '../store.js';
import {
  SigningCertificateRepo,
  type CertificateStatus,
  type StoredSigningCertificate,
} from '../store-signing-certificates.js';
import { userNameOrCaller } from './caller-user.js';
import { resourceTagKeys } from './policy-arns.js';
import { listOutput, pageRequest } from '../handlers/user-input.js';
import { accountOf } from './policy-parse.js';
import type { InputOf, OutputOf, SigningCertificate } from '../../../wire/model/types/iam.js';

export const SIGNING_CERTIFICATES_PER_USER = 2;

/**
 * statusType also lists Expired, which a caller cannot set; Pinpost refuses it in the model's words
 * with the two values a caller may choose (any other value is the model's own violation).
 */
const statusViolations = (i: { Status?: string }) =>
  i.Status === 'Expired'
    ? memberViolations(memberPath('Status'), i.Status, { enum: ['Active', 'Inactive'] })
    : [];
const PEM_CERTIFICATE = /^\s*-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*$/;

export const signingCertificatesOf = (store: IamStore) => new SigningCertificateRepo(store.db);
const noSuchCertificate = (id: string) => noSuchEntity(`The Certificate with id ${id} cannot be found.`);

function parsedFingerprint(body: string): string {
  if (!PEM_CERTIFICATE.test(body) || body.split('-----BEGIN CERTIFICATE-----').length !== 2)
    throw malformedCertificate(
      'Unable to parse certificate. Please ensure the certificate is in PEM format.',
    );
  try {
    return new X509Certificate(body).fingerprint256;
  } catch {
    throw malformedCertificate(
      'Unable to parse certificate. Please ensure the certificate is in PEM format.',
    );
  }
}

const certificateOutput = (userName: string, c: StoredSigningCertificate): SigningCertificate => ({
  UserName: userName,
  CertificateId: c.CertificateId,
  CertificateBody: c.CertificateBody,
  Status: c.Status,
  UploadDate: c.UploadDate,
});

export function signingCertificateOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const certs = signingCertificatesOf(store);
  const nameOf = (i: { UserName?: string }, ctx: RequestContext) => userNameOrCaller(i.UserName, ctx);
  const userKeys = async (ctx: RequestContext, name: string) =>
    resourceTagKeys((await store.users.get(accountOf(ctx), name))?.Tags);
  const common = {
    resources: async (i: { UserName?: string }, ctx: RequestContext) => [
      await userArnOf(deps, ctx, nameOf(i, ctx)),
    ],
    conditionKeys: (i: { UserName?: string }, ctx: RequestContext) => userKeys(ctx, nameOf(i, ctx)),
  };

  const upload = defineOperation<InputOf<'UploadSigningCertificate'>, OutputOf<'UploadSigningCertificate'>>({
    name: 'UploadSigningCertificate',
    action: 'iam:UploadSigningCertificate',
    ...common,
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const fingerprint = parsedFingerprint(i.CertificateBody);
      return store.transaction(async () => {
        const user = await requireUser(deps, account, nameOf(i, ctx));
        if (await certs.fingerprintTaken(account, fingerprint))
          throw duplicateCertificate(
            'The certificate is already the signing certificate of a user in the account.',
          );
        if ((await certs.count(user.UserId)) >= SIGNING_CERTIFICATES_PER_USER)
          throw limitExceeded(
            `Cannot exceed quota for SigningCertificatesPerUser: ${SIGNING_CERTIFICATES_PER_USER}`,
          );
        const c = await certs.create(account, user.UserId, {
          fingerprint,
          body: i.CertificateBody,
          now: store.clock(),
        });
        return { Certificate: certificateOutput(user.UserName, c) };
      });
    },
  });

  const update = defineOperation<InputOf<'UpdateSigningCertificate'>, OutputOf<'UpdateSigningCertificate'>>({
    name: 'UpdateSigningCertificate',
    action: 'iam:UpdateSigningCertificate',
    ...common,
    violations: statusViolations,
    async handler(i, ctx) {
      const status = i.Status as CertificateStatus;
      await store.transaction(async () => {
        const user = await requireUser(deps, accountOf(ctx), nameOf(i, ctx));
        if (!(await certs.get(user.UserId, i.CertificateId))) throw noSuchCertificate(i.CertificateId);
        await certs.setStatus(user.UserId, i.CertificateId, status);
      });
      return undefined;
    },
  });

  const remove = defineOperation<InputOf<'DeleteSigningCertificate'>, OutputOf<'DeleteSigningCertificate'>>({
    name: 'DeleteSigningCertificate',
    action: 'iam:DeleteSigningCertificate',
    ...common,
    async handler(i, ctx) {
      await store.transaction(async () => {
        const user = await requireUser(deps, accountOf(ctx), nameOf(i, ctx));
        if (!(await certs.delete(user.UserId, i.CertificateId))) throw noSuchCertificate(i.CertificateId);
      });
      return undefined;
    },
  });

  const list = defineOperation<InputOf<'ListSigningCertificates'>, OutputOf<'ListSigningCertificates'>>({
    name: 'ListSigningCertificates',
    action: 'iam:ListSigningCertificates',
    ...common,
    async handler(i, ctx) {
      const user = await requireUser(deps, accountOf(ctx), nameOf(i, ctx));
      return listOutput('Certificates', await certs.list(user.UserId, pageRequest(i)), (c) =>
        certificateOutput(user.UserName, c),
      );
    },
  });

  return [upload, update, remove, list];
}
