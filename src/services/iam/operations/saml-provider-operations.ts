/**
 * SAML providers: CreateSAMLProvider, GetSAMLProvider, UpdateSAMLProvider, DeleteSAMLProvider,
 * ListSAMLProviders and the tag operations (IAM API reference, API_<Op>.html). The metadata
 * document must be an IdP's SAML 2.0 metadata with at least one signing certificate
 * (saml-metadata.ts); its validUntil becomes the provider's ValidUntil, and a document without one
 * is valid for a hundred years from creation, as IAM answers. Pinpost does not decrypt SAML
 * assertions, so it keeps no private keys: AssertionEncryptionMode, AddPrivateKey and
 * RemovePrivateKey are refused rather than stored for nothing.
 */
import { randomInt } from 'node:crypto';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { RequestContext } from '../../../wire/context.js';
import type { IamDeps } from '../deps.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import { parseSamlMetadata } from '../saml-metadata.js';
import type { SamlProvider } from '../store-identity-providers.js';
import { entityTagOperations } from './entity-tag-operations.js';
import { iamArnPrefix, providerStore } from './identity-provider-shared.js';
import { requestTagKeys, resourceTagKeys } from './policy-arns.js';
import { accountOf, refuseDuplicateTagKeys } from './policy-parse.js';

/** reference_iam-quotas.html: SAML providers per account, 100. */
const PROVIDERS_PER_ACCOUNT = 100;
const ARN_MEMBER = 'SAMLProviderArn';
const HUNDRED_YEARS = 100;

/** "Manifest not found for arn <arn>" (NoSuchEntity, as IAM words it for a SAML provider). */
export const samlProviderNotFound = (arn: string) => noSuchEntity(`Manifest not found for arn ${arn}`);

const SAML_ARN = /^arn:[a-z-]+:iam::(\d{12}):saml-provider\/([\w._-]+)$/;

/** The provider's name in an ARN of the caller's account, else undefined (not found). */
export function samlProviderName(account: string, arn: string): string | undefined {
  const m = SAML_ARN.exec(arn);
  return m && m[1] === account ? m[2] : undefined;
}

/** SAMLProviderUUID: `SAML` and 18 upper-case letters and digits, as IAM issues it (22 characters). */
function newUuid(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = 'SAML';
  for (let i = 0; i < 18; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

function readMetadata(document: string, now: Date): { validUntil: Date } {
  const m = parseSamlMetadata(document);
  if (!m) throw invalidInput('Could not parse metadata');
  const hundredYears = new Date(now);
  hundredYears.setUTCFullYear(hundredYears.getUTCFullYear() + HUNDRED_YEARS);
  return { validUntil: m.validUntil ?? hundredYears };
}

/** Private keys are for decrypting assertions, which Pinpost does not do. */
function refuseEncryption(i: {
  AssertionEncryptionMode?: string;
  AddPrivateKey?: string;
  RemovePrivateKey?: string;
}): void {
  for (const member of ['AssertionEncryptionMode', 'AddPrivateKey', 'RemovePrivateKey'] as const) {
    if (i[member] !== undefined)
      throw invalidInput(
        `Pinpost does not decrypt SAML assertions, so it keeps no private keys: \`${member}\` is not supported.`,
      );
  }
}

export function samlProviderOutput(p: SamlProvider): OutputOf<'GetSAMLProvider'> {
  const out: OutputOf<'GetSAMLProvider'> = {
    SAMLProviderUUID: p.SAMLProviderUUID,
    SAMLMetadataDocument: p.SAMLMetadataDocument,
    CreateDate: p.CreateDate,
    ValidUntil: p.ValidUntil,
  };
  if (p.Tags.length) out.Tags = p.Tags;
  return out;
}

export function samlProviderOperations(deps: IamDeps): OperationSpec[] {
  const providers = providerStore(deps).saml;
  const find = async (account: string, arn: string) => {
    const name = samlProviderName(account, arn);
    return name === undefined ? undefined : providers.get(account, name);
  };
  const require = async (account: string, arn: string) => {
    const p = await find(account, arn);
    if (!p) throw samlProviderNotFound(arn);
    return p;
  };
  const keys = async (ctx: RequestContext, arn: string) =>
    resourceTagKeys((await find(accountOf(ctx), arn))?.Tags);

  const create = defineOperation<InputOf<'CreateSAMLProvider'>, OutputOf<'CreateSAMLProvider'>>({
    name: 'CreateSAMLProvider',
    action: 'iam:CreateSAMLProvider',
    resources: async (i, ctx) => [`${await iamArnPrefix(deps, ctx)}saml-provider/${i.Name}`],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      refuseDuplicateTagKeys(i.Tags);
      refuseEncryption(i);
      const now = deps.store.clock();
      const { validUntil } = readMetadata(i.SAMLMetadataDocument, now);
      const arn = `${await iamArnPrefix(deps, ctx)}saml-provider/${i.Name}`;
      return deps.store.transaction(async () => {
        // EntityAlreadyExists (API_CreateSAMLProvider.html); IAM's text for it was not found.
        if (await providers.get(account, i.Name))
          throw entityAlreadyExists(`A SAML provider named \`${i.Name}\` already exists.`);
        if ((await providers.count(account)) >= PROVIDERS_PER_ACCOUNT)
          throw limitExceeded(`Cannot exceed quota for SAMLProvidersPerAccount: ${PROVIDERS_PER_ACCOUNT}`);
        await providers.create(account, i.Name, {
          Arn: arn,
          SAMLProviderUUID: newUuid(),
          SAMLMetadataDocument: i.SAMLMetadataDocument,
          ValidUntil: validUntil,
          CreateDate: now,
          privateKeys: [],
          Tags: i.Tags ?? [],
        });
        const out: OutputOf<'CreateSAMLProvider'> = { SAMLProviderArn: arn };
        if (i.Tags?.length) out.Tags = i.Tags;
        return out;
      });
    },
  });

  const get = defineOperation<InputOf<'GetSAMLProvider'>, OutputOf<'GetSAMLProvider'>>({
    name: 'GetSAMLProvider',
    action: 'iam:GetSAMLProvider',
    resources: (i) => [i.SAMLProviderArn],
    conditionKeys: (i, ctx) => keys(ctx, i.SAMLProviderArn),
    handler: async (i, ctx) => samlProviderOutput(await require(accountOf(ctx), i.SAMLProviderArn)),
  });

  const update = defineOperation<InputOf<'UpdateSAMLProvider'>, OutputOf<'UpdateSAMLProvider'>>({
    name: 'UpdateSAMLProvider',
    action: 'iam:UpdateSAMLProvider',
    resources: (i) => [i.SAMLProviderArn],
    conditionKeys: (i, ctx) => keys(ctx, i.SAMLProviderArn),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      refuseEncryption(i);
      await deps.store.transaction(async () => {
        const p = await require(account, i.SAMLProviderArn);
        // With nothing to change IAM answers InvalidInput "No updates are defined" (as reported by
        // an emulator that checked against IAM; the full text was not found).
        if (i.SAMLMetadataDocument === undefined) throw invalidInput('No updates are defined');
        const { validUntil } = readMetadata(i.SAMLMetadataDocument, deps.store.clock());
        await providers.save(account, samlProviderName(account, i.SAMLProviderArn)!, {
          ...p,
          SAMLMetadataDocument: i.SAMLMetadataDocument,
          ValidUntil: validUntil,
        });
      });
      return { SAMLProviderArn: i.SAMLProviderArn };
    },
  });

  const remove = defineOperation<InputOf<'DeleteSAMLProvider'>, OutputOf<'DeleteSAMLProvider'>>({
    name: 'DeleteSAMLProvider',
    action: 'iam:DeleteSAMLProvider',
    resources: (i) => [i.SAMLProviderArn],
    conditionKeys: (i, ctx) => keys(ctx, i.SAMLProviderArn),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      await deps.store.transaction(async () => {
        await require(account, i.SAMLProviderArn);
        await providers.delete(account, samlProviderName(account, i.SAMLProviderArn)!);
      });
      return undefined;
    },
  });

  const listProviders = defineOperation<InputOf<'ListSAMLProviders'>, OutputOf<'ListSAMLProviders'>>({
    name: 'ListSAMLProviders',
    action: 'iam:ListSAMLProviders',
    resources: () => ['*'],
    handler: async (_i, ctx) => ({
      SAMLProviderList: (await providers.list(accountOf(ctx))).map((p) => ({
        Arn: p.Arn,
        ValidUntil: p.ValidUntil,
        CreateDate: p.CreateDate,
      })),
    }),
  });

  const tagOperations = entityTagOperations({
    entity: 'SAMLProvider',
    idMember: ARN_MEMBER,
    resource: (_ctx, arn) => arn,
    keys: (ctx, arn) => keys(ctx, arn),
    tags: async (account, arn) => (await require(account, arn)).Tags,
    setTags: async (account, arn, tags) => {
      const p = await require(account, arn);
      await providers.save(account, samlProviderName(account, arn)!, { ...p, Tags: tags });
    },
    transaction: (fn) => deps.store.transaction(fn),
  });

  return [create, get, update, remove, listProviders, ...tagOperations];
}
