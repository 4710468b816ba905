/**
 * Server certificates: UploadServerCertificate, GetServerCertificate, UpdateServerCertificate,
 * DeleteServerCertificate, ListServerCertificates, TagServerCertificate, UntagServerCertificate,
 * ListServerCertificateTags (IAM API reference, API_<Op>.html). Each authorizes on
 * arn:<partition>:iam::<account>:server-certificate/<path><name> with the certificate's
 * aws:ResourceTag keys, and aws:RequestTag/aws:TagKeys where tags are passed
 * (list_awsidentityandaccessmanagementiam.html); UpdateServerCertificate on the old and the new ARN
 * ("the person making the request … must have permission on both the source object and the
 * target object", API_UpdateServerCertificate.html).
 *
 * The body and chain are parsed as X.509 PEM (node:crypto X509Certificate); the private key must
 * be the certificate's. Texts: "The Server Certificate with name X cannot be found." and "… already
 * exists." (aws-sdk users and fog quote them); "Unable to parse certificate. Please ensure the
 * certificate is in PEM format." (MalformedCertificate; openshift/openshift-ansible#11214 shows
 * IAM's XML answer); "Cannot exceed quota for ServerCertificatesPerAccount: 20" (the quota of
 * reference_iam-quotas.html in IAM's quota wording). KeyPairMismatch's text was not found: Pinpost
 * says what did not match.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { IamDeps } from '../deps.js';
import {
  entityAlreadyExists,
  keyPairMismatch,
  limitExceeded,
  malformedCertificate,
  noSuchEntity,
} from '../errors.js';
import type { IamStore } from '../store.js';
import { ServerCertificateRepo, type ServerCertificate } from '../store-server-certificates.js';
import { entityTagOperations } from './entity-tag-operations.js';
import { requestTagKeys, resourceTagKeys, type Keys } from './policy-arns.js';
import { listOutput, pageRequest } from '../handlers/user-input.js';
import { checkDuplicateTagKeys } from '../handlers/user-tags.js';
import { accountOf } from './policy-parse.js';
import type { InputOf, OutputOf, ServerCertificateMetadata } from '../../../wire/model/types/iam.js';

export const SERVER_CERTIFICATES_QUOTA = 20;

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const UNPARSEABLE = 'Unable to parse certificate. Please ensure the certificate is in PEM format.';

export const serverCertificatesOf = (store: IamStore) => new ServerCertificateRepo(store.db);
const noSuchCertificate = (name: string) =>
  noSuchEntity(`The Server Certificate with name ${name} cannot be found.`);
const certificateExists = (name: string) =>
  entityAlreadyExists(`The Server Certificate with name ${name} already exists.`);

/** One PEM certificate, or MalformedCertificate. */
function parseCertificate(pem: string): X509Certificate {
  const blocks = pem.match(PEM_CERTIFICATE);
  if (!blocks || blocks.length !== 1) throw malformedCertificate(UNPARSEABLE);
  try {
    return new X509Certificate(blocks[0]);
  } catch {
    throw malformedCertificate(UNPARSEABLE);
  }
}

/** Every certificate of a chain must parse. */
function checkChain(pem: string): void {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw malformedCertificate(UNPARSEABLE);
  for (const b of blocks) parseCertificate(b);
}

function checkKeyPair(cert: X509Certificate, privateKey: string): void {
  if (!keyMatches(cert, privateKey))
    throw keyPairMismatch('The private key is not the key of the certificate body.');
}

/** An unreadable key matches no certificate. */
function keyMatches(cert: X509Certificate, privateKey: string): boolean {
  try {
    return cert.checkPrivateKey(createPrivateKey(privateKey));
  } catch {
    return false;
  }
}

export function metadataOutput(c: ServerCertificate): ServerCertificateMetadata {
  return {
    Path: c.Path,
    ServerCertificateName: c.ServerCertificateName,
    ServerCertificateId: c.ServerCertificateId,
    Arn: c.Arn,
    UploadDate: c.UploadDate,
    Expiration: c.Expiration,
  };
}

export function serverCertificateOperations(deps: IamDeps): OperationSpec[] {
  const { store } = deps;
  const repo = serverCertificatesOf(store);
  const arnFor = async (ctx: RequestContext, path: string, name: string) =>
    `arn:${await store.accounts.partitionOf(accountOf(ctx))}:iam::${accountOf(ctx)}:server-certificate${path}${name}`;
  const certArn = async (ctx: RequestContext, name: string) =>
    (await repo.get(accountOf(ctx), name))?.Arn ?? (await arnFor(ctx, '/', name));
  const certKeys = async (ctx: RequestContext, name: string): Promise<Keys> =>
    resourceTagKeys((await repo.get(accountOf(ctx), name))?.Tags);
  const requireCertificate = async (account: string, name: string) => {
    const c = await repo.get(account, name);
    if (!c) throw noSuchCertificate(name);
    return c;
  };

  const upload = defineOperation<InputOf<'UploadServerCertificate'>, OutputOf<'UploadServerCertificate'>>({
    name: 'UploadServerCertificate',
    action: 'iam:UploadServerCertificate',
    resources: async (i, ctx) => [await arnFor(ctx, i.Path ?? '/', i.ServerCertificateName)],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      checkDuplicateTagKeys(i.Tags ?? []);
      const cert = parseCertificate(i.CertificateBody);
      checkKeyPair(cert, i.PrivateKey);
      if (i.CertificateChain !== undefined) checkChain(i.CertificateChain);
      return store.transaction(async () => {
        if (await repo.get(account, i.ServerCertificateName))
          throw certificateExists(i.ServerCertificateName);
        if ((await repo.count(account)) >= SERVER_CERTIFICATES_QUOTA)
          throw limitExceeded(
            `Cannot exceed quota for ServerCertificatesPerAccount: ${SERVER_CERTIFICATES_QUOTA}`,
          );
        const created = await repo.create(account, {
          Path: i.Path ?? '/',
          ServerCertificateName: i.ServerCertificateName,
          UploadDate: store.clock(),
          Expiration: new Date(cert.validTo),
          CertificateBody: i.CertificateBody,
          ...(i.CertificateChain !== undefined ? { CertificateChain: i.CertificateChain } : {}),
          ...(i.Tags ? { Tags: i.Tags } : {}),
        });
        return {
          ServerCertificateMetadata: metadataOutput(created),
          ...(created.Tags.length ? { Tags: created.Tags } : {}),
        };
      });
    },
  });

  const get = defineOperation<InputOf<'GetServerCertificate'>, OutputOf<'GetServerCertificate'>>({
    name: 'GetServerCertificate',
    action: 'iam:GetServerCertificate',
    resources: async (i, ctx) => [await certArn(ctx, i.ServerCertificateName)],
    conditionKeys: (i, ctx) => certKeys(ctx, i.ServerCertificateName),
    async handler(i, ctx) {
      const c = await requireCertificate(accountOf(ctx), i.ServerCertificateName);
      return {
        ServerCertificate: {
          ServerCertificateMetadata: metadataOutput(c),
          CertificateBody: c.CertificateBody,
          CertificateChain: c.CertificateChain,
          ...(c.Tags.length ? { Tags: c.Tags } : {}),
        },
      };
    },
  });

  const update = defineOperation<InputOf<'UpdateServerCertificate'>, OutputOf<'UpdateServerCertificate'>>({
    name: 'UpdateServerCertificate',
    action: 'iam:UpdateServerCertificate',
    async resources(i, ctx) {
      const current = await repo.get(accountOf(ctx), i.ServerCertificateName);
      const source = current?.Arn ?? (await arnFor(ctx, '/', i.ServerCertificateName));
      const target = await arnFor(
        ctx,
        i.NewPath ?? current?.Path ?? '/',
        i.NewServerCertificateName ?? current?.ServerCertificateName ?? i.ServerCertificateName,
      );
      return target === source ? [source] : [source, target];
    },
    conditionKeys: (i, ctx) => certKeys(ctx, i.ServerCertificateName),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await store.transaction(async () => {
        const c = await requireCertificate(account, i.ServerCertificateName);
        const name = i.NewServerCertificateName ?? c.ServerCertificateName;
        const other = await repo.get(account, name);
        if (other && other.ServerCertificateId !== c.ServerCertificateId) throw certificateExists(name);
        await repo.rename(account, c.ServerCertificateId, name, i.NewPath ?? c.Path);
      });
      return undefined;
    },
  });

  const remove = defineOperation<InputOf<'DeleteServerCertificate'>, OutputOf<'DeleteServerCertificate'>>({
    name: 'DeleteServerCertificate',
    action: 'iam:DeleteServerCertificate',
    resources: async (i, ctx) => [await certArn(ctx, i.ServerCertificateName)],
    conditionKeys: (i, ctx) => certKeys(ctx, i.ServerCertificateName),
    async handler(i, ctx) {
      await store.transaction(async () => {
        const c = await requireCertificate(accountOf(ctx), i.ServerCertificateName);
        await repo.delete(c.ServerCertificateId);
      });
      return undefined;
    },
  });

  const list = defineOperation<InputOf<'ListServerCertificates'>, OutputOf<'ListServerCertificates'>>({
    name: 'ListServerCertificates',
    action: 'iam:ListServerCertificates',
    // As ListRoles: the path's ARN, which is what IAM's AccessDenied names.
    resources: async (i, ctx) => [await arnFor(ctx, i.PathPrefix ?? '/', '')],
    async handler(i, ctx) {
      const opts = { ...pageRequest(i), ...(i.PathPrefix ? { pathPrefix: i.PathPrefix } : {}) };
      return listOutput(
        'ServerCertificateMetadataList',
        await repo.list(accountOf(ctx), opts),
        metadataOutput,
      );
    },
  });

  const tagging = entityTagOperations({
    entity: 'ServerCertificate',
    idMember: 'ServerCertificateName',
    resource: (ctx, name) => certArn(ctx, name),
    keys: (ctx, name) => certKeys(ctx, name),
    tags: async (account, name) => (await requireCertificate(account, name)).Tags,
    setTags: async (account, name, tags) =>
      repo.setTags((await requireCertificate(account, name)).ServerCertificateId, tags),
    transaction: (fn) => store.transaction(fn),
  });

  return [upload, get, update, remove, list, ...tagging];
}
