/**
 * OpenID Connect providers: CreateOpenIDConnectProvider, GetOpenIDConnectProvider,
 * ListOpenIDConnectProviders, DeleteOpenIDConnectProvider, AddClientIDToOpenIDConnectProvider,
 * RemoveClientIDFromOpenIDConnectProvider, UpdateOpenIDConnectProviderThumbprint and the tag
 * operations (IAM API reference, API_<Op>.html). The provider is named by its URL without the
 * scheme: arn:aws:iam::<acct>:oidc-provider/<host/path>, and GetOpenIDConnectProvider's Url is that
 * same text. Thumbprints are optional (AWS no longer needs them: id_roles_providers_create_oidc.html,
 * "AWS secures communication with OIDC identity providers using our library of trusted root
 * certificate authorities"). Pinpost never connects to a provider: its signing keys come from the
 * operator (src/services/sts/web-identity-keys.ts).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { validationError } from '../../../wire/errors.js';
import type { RequestContext } from '../../../wire/context.js';
import type { IamDeps } from '../deps.js';
import type { OutputOf } from '../../../wire/model/types/iam.js';
import { entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import type { Tag } from '../model.js';
import type { OidcProvider } from '../store-identity-providers.js';
import { entityTagOperations } from './entity-tag-operations.js';
import { iamArnPrefix, providerStore } from './identity-provider-shared.js';
import { requestTagKeys, resourceTagKeys } from './policy-arns.js';
import {
  accountOf,
  checked,
  list,
  refuseDuplicateTagKeys,
  str,
  tagsOf,
  type Check,
  type Raw,
} from './policy-parse.js';
import { SHAPES } from './policy-shapes.js';

/** reference_iam-quotas.html: OIDC providers per account 100, client IDs per provider 100, 5 thumbprints. */
const PROVIDERS_PER_ACCOUNT = 100;
const CLIENT_IDS_PER_PROVIDER = 100;
const MAX_THUMBPRINTS = 5;

const URL_SHAPE = { required: true, min: 1, max: 255 };
const CLIENT_ID = { required: true, min: 1, max: 255 };
const THUMBPRINT = { required: true, min: 40, max: 40 };

const ARN_MEMBER = 'OpenIDConnectProviderArn';

/** "OpenIDConnect Provider not found for arn <arn>" (NoSuchEntity, as IAM words it). */
export const oidcProviderNotFound = (arn: string) =>
  noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);

/**
 * The provider's name (its URL without `https://`), or IAM's refusal: a URL without scheme or host
 * is a ValidationError, another scheme, credentials, a query or a fragment InvalidInput.
 */
export function providerName(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw validationError('Invalid Open ID Connect Provider URL');
  }
  if (parsed.host === '') throw validationError('Invalid Open ID Connect Provider URL');
  if (parsed.protocol !== 'https:')
    throw invalidInput('Invalid Open ID Connect Provider URL. The URL must begin with https://.');
  if (parsed.username || parsed.password || parsed.search || parsed.hash)
    throw invalidInput('Invalid Open ID Connect Provider URL.');
  return url.slice('https://'.length).replace(/\/+$/, '');
}

function stringList(raw: Raw, name: string, shape: typeof CLIENT_ID, checks: Check[]): string[] | undefined {
  const items = list(raw, name);
  if (items === undefined) return undefined;
  return items.map((v, i) => {
    const s = typeof v === 'string' ? v : '';
    checks.push([`${name}.${i + 1}.member`, s, shape]);
    return s;
  });
}

/** Each once, in the order given. */
const unique = (xs: readonly string[]) => [...new Set(xs)];

function checkThumbprints(thumbprints: readonly string[]): string[] {
  const out = [...new Map(thumbprints.map((t) => [t.toLowerCase(), t])).values()];
  if (out.length > MAX_THUMBPRINTS) throw invalidInput('Thumbprint list must contain fewer than 5 entries.');
  return out;
}

function checkClientIds(ids: readonly string[]): string[] {
  const out = unique(ids);
  if (out.length > CLIENT_IDS_PER_PROVIDER)
    throw limitExceeded(
      `Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_PER_PROVIDER}`,
    );
  return out;
}

export function oidcProviderOutput(p: OidcProvider): OutputOf<'GetOpenIDConnectProvider'> {
  const out: OutputOf<'GetOpenIDConnectProvider'> = {
    Url: p.Url,
    ClientIDList: p.ClientIDList,
    ThumbprintList: p.ThumbprintList,
    CreateDate: p.CreateDate,
  };
  if (p.Tags.length) out.Tags = p.Tags;
  return out;
}

export function oidcProviderOperations(deps: IamDeps): OperationSpec[] {
  const providers = providerStore(deps).oidc;
  const arnOf = (raw: Raw) => str(raw, ARN_MEMBER) as string;
  const arnCheck = (raw: Raw): Check => [ARN_MEMBER, str(raw, ARN_MEMBER), SHAPES.arn];
  const require = async (ctx: RequestContext, arn: string) => {
    const p = await providers.get(accountOf(ctx), arn);
    if (!p) throw oidcProviderNotFound(arn);
    return p;
  };
  const keys = async (ctx: RequestContext, arn: string) =>
    resourceTagKeys((await providers.get(accountOf(ctx), arn))?.Tags);

  const create = defineOperation<
    { Url: string; ClientIDList: string[]; ThumbprintList: string[]; Tags?: Tag[] },
    OutputOf<'CreateOpenIDConnectProvider'>
  >({
    name: 'CreateOpenIDConnectProvider',
    action: 'iam:CreateOpenIDConnectProvider',
    parse(raw) {
      const checks: Check[] = [['Url', str(raw, 'Url'), URL_SHAPE]];
      const clientIds = stringList(raw, 'ClientIDList', CLIENT_ID, checks) ?? [];
      const thumbprints = stringList(raw, 'ThumbprintList', THUMBPRINT, checks) ?? [];
      const tags = tagsOf(raw);
      const input = checked([...checks, ...tags.checks], {
        Url: str(raw, 'Url') as string,
        ClientIDList: clientIds,
        ThumbprintList: thumbprints,
        Tags: tags.tags,
      });
      refuseDuplicateTagKeys(input.Tags);
      providerName(input.Url);
      return {
        ...input,
        ClientIDList: checkClientIds(input.ClientIDList),
        ThumbprintList: checkThumbprints(input.ThumbprintList),
      };
    },
    resources: async (i, ctx) => [`${await iamArnPrefix(deps, ctx)}oidc-provider/${providerName(i.Url)}`],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      const arn = `${await iamArnPrefix(deps, ctx)}oidc-provider/${providerName(i.Url)}`;
      return deps.store.transaction(async () => {
        // API_CreateOpenIDConnectProvider.html, EntityAlreadyExists.
        if (await providers.get(account, arn))
          throw entityAlreadyExists(`Provider with url ${i.Url} already exists.`);
        if ((await providers.count(account)) >= PROVIDERS_PER_ACCOUNT)
          throw limitExceeded(
            `Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${PROVIDERS_PER_ACCOUNT}`,
          );
        await providers.create(account, {
          Arn: arn,
          Url: providerName(i.Url),
          ClientIDList: i.ClientIDList,
          ThumbprintList: i.ThumbprintList,
          CreateDate: deps.store.clock(),
          Tags: i.Tags ?? [],
        });
        const out: OutputOf<'CreateOpenIDConnectProvider'> = { OpenIDConnectProviderArn: arn };
        if (i.Tags?.length) out.Tags = i.Tags;
        return out;
      });
    },
  });

  const get = defineOperation<{ arn: string }, OutputOf<'GetOpenIDConnectProvider'>>({
    name: 'GetOpenIDConnectProvider',
    action: 'iam:GetOpenIDConnectProvider',
    parse: (raw) => checked([arnCheck(raw)], { arn: arnOf(raw) }),
    resources: (i) => [i.arn],
    conditionKeys: (i, ctx) => keys(ctx, i.arn),
    handler: async (i, ctx) => oidcProviderOutput(await require(ctx, i.arn)),
  });

  const listProviders = defineOperation<Record<string, never>, OutputOf<'ListOpenIDConnectProviders'>>({
    name: 'ListOpenIDConnectProviders',
    action: 'iam:ListOpenIDConnectProviders',
    resources: () => ['*'],
    handler: async (_i, ctx) => ({
      OpenIDConnectProviderList: (await providers.list(accountOf(ctx))).map((p) => ({ Arn: p.Arn })),
    }),
  });

  const remove = defineOperation<{ arn: string }, OutputOf<'DeleteOpenIDConnectProvider'>>({
    name: 'DeleteOpenIDConnectProvider',
    action: 'iam:DeleteOpenIDConnectProvider',
    parse: (raw) => checked([arnCheck(raw)], { arn: arnOf(raw) }),
    resources: (i) => [i.arn],
    conditionKeys: (i, ctx) => keys(ctx, i.arn),
    // "This operation is idempotent; it does not fail or return an error if you call the operation
    // for a provider that does not exist." (API_DeleteOpenIDConnectProvider.html)
    async handler(i, ctx) {
      await providers.delete(accountOf(ctx), i.arn);
      return undefined;
    },
  });

  const clientIdOperation = (
    name: 'AddClientIDToOpenIDConnectProvider' | 'RemoveClientIDFromOpenIDConnectProvider',
    edit: (ids: string[], id: string) => string[],
  ) =>
    defineOperation<{ arn: string; ClientID: string }, OutputOf<typeof name>>({
      name,
      action: `iam:${name}`,
      parse: (raw) =>
        checked([arnCheck(raw), ['ClientID', str(raw, 'ClientID'), CLIENT_ID]], {
          arn: arnOf(raw),
          ClientID: str(raw, 'ClientID') as string,
        }),
      resources: (i) => [i.arn],
      conditionKeys: (i, ctx) => keys(ctx, i.arn),
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const p = await require(ctx, i.arn);
          await providers.update(accountOf(ctx), i.arn, { ClientIDList: edit(p.ClientIDList, i.ClientID) });
        });
        return undefined;
      },
    });

  // Adding a client ID the provider has is a no-op; removing one it lacks too
  // (API_RemoveClientIDFromOpenIDConnectProvider.html: "This operation is idempotent").
  const addClientId = clientIdOperation('AddClientIDToOpenIDConnectProvider', (ids, id) =>
    checkClientIds([...ids, id]),
  );
  const removeClientId = clientIdOperation('RemoveClientIDFromOpenIDConnectProvider', (ids, id) =>
    ids.filter((x) => x !== id),
  );

  const updateThumbprint = defineOperation<
    { arn: string; ThumbprintList: string[] },
    OutputOf<'UpdateOpenIDConnectProviderThumbprint'>
  >({
    name: 'UpdateOpenIDConnectProviderThumbprint',
    action: 'iam:UpdateOpenIDConnectProviderThumbprint',
    parse(raw) {
      const checks: Check[] = [arnCheck(raw)];
      const thumbprints = stringList(raw, 'ThumbprintList', THUMBPRINT, checks);
      checks.push(['ThumbprintList', thumbprints, { required: true }]);
      const input = checked(checks, { arn: arnOf(raw), ThumbprintList: thumbprints ?? [] });
      return { ...input, ThumbprintList: checkThumbprints(input.ThumbprintList) };
    },
    resources: (i) => [i.arn],
    conditionKeys: (i, ctx) => keys(ctx, i.arn),
    async handler(i, ctx) {
      await deps.store.transaction(async () => {
        await require(ctx, i.arn);
        await providers.update(accountOf(ctx), i.arn, { ThumbprintList: i.ThumbprintList });
      });
      return undefined;
    },
  });

  const tagOperations = entityTagOperations({
    entity: 'OpenIDConnectProvider',
    idMember: ARN_MEMBER,
    idShape: SHAPES.arn,
    resource: (_ctx, arn) => arn,
    keys: (ctx, arn) => keys(ctx, arn),
    tags: async (account, arn) => {
      const p = await providers.get(account, arn);
      if (!p) throw oidcProviderNotFound(arn);
      return p.Tags;
    },
    setTags: (account, arn, tags) => providers.update(account, arn, { Tags: tags }),
    transaction: (fn) => deps.store.transaction(fn),
  });

  return [
    create,
    get,
    listProviders,
    remove,
    addClientId,
    removeClientId,
    updateThumbprint,
    ...tagOperations,
  ];
}
