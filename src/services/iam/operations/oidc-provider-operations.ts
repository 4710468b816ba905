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
import type { InputOf, OutputOf } from '../../../wire/model/types/iam.js';
import { entityAlreadyExists, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import type { OidcProvider } from '../store-identity-providers.js';
import { entityTagOperations } from './entity-tag-operations.js';
import { iamArnPrefix, providerStore } from './identity-provider-shared.js';
import { requestTagKeys, resourceTagKeys } from './policy-arns.js';
import { accountOf, refuseDuplicateTagKeys } from './policy-parse.js';

/** reference_iam-quotas.html: OIDC providers per account 100, client IDs per provider 100, 5 thumbprints. */
const PROVIDERS_PER_ACCOUNT = 100;
const CLIENT_IDS_PER_PROVIDER = 100;
const MAX_THUMBPRINTS = 5;

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
  const require = async (ctx: RequestContext, arn: string) => {
    const p = await providers.get(accountOf(ctx), arn);
    if (!p) throw oidcProviderNotFound(arn);
    return p;
  };
  const keys = async (ctx: RequestContext, arn: string) =>
    resourceTagKeys((await providers.get(accountOf(ctx), arn))?.Tags);

  const create = defineOperation<
    InputOf<'CreateOpenIDConnectProvider'>,
    OutputOf<'CreateOpenIDConnectProvider'>
  >({
    name: 'CreateOpenIDConnectProvider',
    action: 'iam:CreateOpenIDConnectProvider',
    resources: async (i, ctx) => [`${await iamArnPrefix(deps, ctx)}oidc-provider/${providerName(i.Url)}`],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const account = accountOf(ctx);
      refuseDuplicateTagKeys(i.Tags);
      const clientIds = checkClientIds(i.ClientIDList ?? []);
      const thumbprints = checkThumbprints(i.ThumbprintList ?? []);
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
          ClientIDList: clientIds,
          ThumbprintList: thumbprints,
          CreateDate: deps.store.clock(),
          Tags: i.Tags ?? [],
        });
        const out: OutputOf<'CreateOpenIDConnectProvider'> = { OpenIDConnectProviderArn: arn };
        if (i.Tags?.length) out.Tags = i.Tags;
        return out;
      });
    },
  });

  const get = defineOperation<InputOf<'GetOpenIDConnectProvider'>, OutputOf<'GetOpenIDConnectProvider'>>({
    name: 'GetOpenIDConnectProvider',
    action: 'iam:GetOpenIDConnectProvider',
    resources: (i) => [i.OpenIDConnectProviderArn],
    conditionKeys: (i, ctx) => keys(ctx, i.OpenIDConnectProviderArn),
    handler: async (i, ctx) => oidcProviderOutput(await require(ctx, i.OpenIDConnectProviderArn)),
  });

  const listProviders = defineOperation<
    InputOf<'ListOpenIDConnectProviders'>,
    OutputOf<'ListOpenIDConnectProviders'>
  >({
    name: 'ListOpenIDConnectProviders',
    action: 'iam:ListOpenIDConnectProviders',
    resources: () => ['*'],
    handler: async (_i, ctx) => ({
      OpenIDConnectProviderList: (await providers.list(accountOf(ctx))).map((p) => ({ Arn: p.Arn })),
    }),
  });

  const remove = defineOperation<
    InputOf<'DeleteOpenIDConnectProvider'>,
    OutputOf<'DeleteOpenIDConnectProvider'>
  >({
    name: 'DeleteOpenIDConnectProvider',
    action: 'iam:DeleteOpenIDConnectProvider',
    resources: (i) => [i.OpenIDConnectProviderArn],
    conditionKeys: (i, ctx) => keys(ctx, i.OpenIDConnectProviderArn),
    // "This operation is idempotent; it does not fail or return an error if you call the operation
    // for a provider that does not exist." (API_DeleteOpenIDConnectProvider.html)
    async handler(i, ctx) {
      await providers.delete(accountOf(ctx), i.OpenIDConnectProviderArn);
      return undefined;
    },
  });

  const clientIdOperation = (
    name: 'AddClientIDToOpenIDConnectProvider' | 'RemoveClientIDFromOpenIDConnectProvider',
    edit: (ids: string[], id: string) => string[],
  ) =>
    defineOperation<InputOf<typeof name>, OutputOf<typeof name>>({
      name,
      action: `iam:${name}`,
      resources: (i) => [i.OpenIDConnectProviderArn],
      conditionKeys: (i, ctx) => keys(ctx, i.OpenIDConnectProviderArn),
      async handler(i, ctx) {
        await deps.store.transaction(async () => {
          const p = await require(ctx, i.OpenIDConnectProviderArn);
          await providers.update(accountOf(ctx), i.OpenIDConnectProviderArn, {
            ClientIDList: edit(p.ClientIDList, i.ClientID),
          });
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
    InputOf<'UpdateOpenIDConnectProviderThumbprint'>,
    OutputOf<'UpdateOpenIDConnectProviderThumbprint'>
  >({
    name: 'UpdateOpenIDConnectProviderThumbprint',
    action: 'iam:UpdateOpenIDConnectProviderThumbprint',
    resources: (i) => [i.OpenIDConnectProviderArn],
    conditionKeys: (i, ctx) => keys(ctx, i.OpenIDConnectProviderArn),
    async handler(i, ctx) {
      await deps.store.transaction(async () => {
        await require(ctx, i.OpenIDConnectProviderArn);
        await providers.update(accountOf(ctx), i.OpenIDConnectProviderArn, {
          ThumbprintList: checkThumbprints(i.ThumbprintList),
        });
      });
      return undefined;
    },
  });

  const tagOperations = entityTagOperations({
    entity: 'OpenIDConnectProvider',
    idMember: ARN_MEMBER,
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
