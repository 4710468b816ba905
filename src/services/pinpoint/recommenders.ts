/**
 * Recommender model configurations (apireference/recommenders.html,
 * recommenders-recommender-id.html): CreateRecommenderConfiguration (201), Get, Update, Delete and
 * GetRecommenderConfigurations, stored per account and region (kind `recommender` under the app id
 * `''`, as templates are). Pinpost reaches no Amazon Personalize campaign: the configuration is kept
 * and checked as the model documents it, and the role it names is passed (iam:PassRole), as for the
 * other operations that give Pinpoint a role.
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import type { AppDeps } from './apps.js';
import { PASSED_TO_SERVICE } from './email-channel.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from './errors.js';
import { pageSize, pinpointArn, scopeOf } from './input.js';
import type { InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

const NO_APP = '';

interface RecommenderDoc {
  Id: string;
  Attributes?: Record<string, string>;
  Description?: string;
  Name?: string;
  RecommendationProviderIdType: string;
  RecommendationProviderRoleArn: string;
  RecommendationProviderUri: string;
  RecommendationTransformerUri?: string;
  RecommendationsDisplayName?: string;
  RecommendationsPerMessage: number;
}

type Settings = Omit<RecommenderDoc, 'Id'>;

/** The model's CreateRecommenderConfiguration documentation gives each rule; texts quote it. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,127}$/;
const DESCRIPTION = /^[A-Za-z0-9 _;(),‐-]{0,128}$/;
const DISPLAY_NAME = /^[A-Za-z0-9 _-]{1,25}$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/;
const ATTRIBUTE_DISPLAY_NAME = /^[A-Za-z0-9][A-Za-z0-9 _-]{0,24}$/;
const ID_TYPES = ['PINPOINT_ENDPOINT_ID', 'PINPOINT_USER_ID'];
/** "This value must match the ARN of an Amazon Personalize campaign." */
const PERSONALIZE_CAMPAIGN = /^arn:[^:]+:personalize:[^:]+:\d{12}:campaign\/.+$/;
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/.+$/;
/** GetRecommenderConfigurations' page size when none is asked for; AWS documents none. */
const DEFAULT_PAGE_SIZE = 1000;

/** A create's or an update's body, as the model types them (the two shapes have the same members). */
type SettingsBody =
  | InputOf<'CreateRecommenderConfiguration'>['CreateRecommenderConfiguration']
  | InputOf<'UpdateRecommenderConfiguration'>['UpdateRecommenderConfiguration'];

function settingsOf(body: SettingsBody): Settings {
  const uri = body.RecommendationProviderUri;
  const role = body.RecommendationProviderRoleArn;
  // Both are required members of the request shape; the texts are Pinpost's wording.
  if (!uri) throw badRequest('Missing RecommendationProviderUri');
  if (!role) throw badRequest('Missing RecommendationProviderRoleArn');
  if (!PERSONALIZE_CAMPAIGN.test(uri))
    throw badRequest(
      `RecommendationProviderUri must match the ARN of an Amazon Personalize campaign: ${uri}`,
    );
  if (!ROLE_ARN.test(role))
    throw badRequest(`RecommendationProviderRoleArn must be an IAM role ARN: ${role}`);
  const name = body.Name;
  if (name !== undefined && !NAME.test(name))
    throw badRequest(
      'The name must start with a letter or number and it can contain up to 128 characters. The characters can be letters, numbers, spaces, underscores (_), or hyphens (-).',
    );
  const description = body.Description;
  if (description !== undefined && !DESCRIPTION.test(description))
    throw badRequest(
      'The description can contain up to 128 characters. The characters can be letters, numbers, spaces, or the following symbols: _ ; () , ‐.',
    );
  const idType = body.RecommendationProviderIdType ?? 'PINPOINT_ENDPOINT_ID';
  if (!ID_TYPES.includes(idType))
    throw badRequest(`RecommendationProviderIdType must be one of ${ID_TYPES.join(', ')}: ${idType}`);
  const perMessage = body.RecommendationsPerMessage ?? 5;
  if (perMessage < 1 || perMessage > 5)
    throw badRequest('RecommendationsPerMessage: the minimum value is 1. The maximum value is 5.');
  const transformer = body.RecommendationTransformerUri;
  const displayName = body.RecommendationsDisplayName;
  if (displayName !== undefined && !DISPLAY_NAME.test(displayName))
    throw badRequest(
      'RecommendationsDisplayName can contain up to 25 characters. The characters can be letters, numbers, spaces, underscores (_), or hyphens (-).',
    );
  // "This value is required if the configuration doesn't invoke an AWS Lambda function".
  if (!transformer && !displayName) throw badRequest('Missing RecommendationsDisplayName');
  const attributes = body.Attributes;
  if (attributes !== undefined) {
    // "This object is required if the configuration invokes an AWS Lambda function … Otherwise,
    // don't include this object in your request."; "1-10 custom endpoint or user attributes".
    if (!transformer)
      throw badRequest('Attributes is only for a configuration with a RecommendationTransformerUri');
    const entries = Object.entries(attributes);
    if (entries.length < 1 || entries.length > 10) throw badRequest('Attributes must define 1-10 attributes');
    for (const [k, v] of entries) {
      if (!ATTRIBUTE_NAME.test(k))
        throw badRequest(
          `An attribute name must start with a letter or number and it can contain up to 50 characters: ${k}`,
        );
      if (!ATTRIBUTE_DISPLAY_NAME.test(v))
        throw badRequest(
          `An attribute display name must start with a letter or number and it can contain up to 25 characters: ${v}`,
        );
    }
  } else if (transformer) {
    throw badRequest('Attributes is required for a configuration with a RecommendationTransformerUri');
  }
  return {
    Attributes: attributes,
    Description: description,
    Name: name,
    RecommendationProviderIdType: idType,
    RecommendationProviderRoleArn: role,
    RecommendationProviderUri: uri,
    RecommendationTransformerUri: transformer,
    RecommendationsDisplayName: displayName,
    RecommendationsPerMessage: perMessage,
  };
}

/** iam:PassRole on the role, for mobiletargeting.amazonaws.com (as email-channel.ts passes its roles). */
async function passRole(ctx: RequestContext, role: string): Promise<void> {
  await ctx.authorizeAlso!('iam:PassRole', [role], {
    'iam:PassedToService': { values: [PASSED_TO_SERVICE], list: false },
  });
}

/** The `recommenders` resource type: `recommenders/<id>` (list_pinpoint.html, "Resource types"). */
const recommenderArn = (ctx: RequestContext, id: string) => pinpointArn(scopeOf(ctx), `recommenders/${id}`);

export function recommenderOperations(deps: AppDeps): OperationSpec[] {
  const output = (doc: RecommenderDoc, created: Date, updated: Date) => ({
    RecommenderConfigurationResponse: {
      ...doc,
      CreationDate: created.toISOString(),
      LastModifiedDate: updated.toISOString(),
    },
  });

  async function require(ctx: RequestContext, id: string) {
    const stored = await deps.store.get<RecommenderDoc>(scopeOf(ctx), NO_APP, 'recommender', id);
    if (!stored) throw notFound(RESOURCE_NOT_FOUND);
    return stored;
  }

  // The bodies are read once authorized: Pinpoint authorizes a request before it reads it.
  const create = defineOperation<
    InputOf<'CreateRecommenderConfiguration'>,
    OutputOf<'CreateRecommenderConfiguration'>
  >({
    name: 'CreateRecommenderConfiguration',
    action: 'mobiletargeting:CreateRecommenderConfiguration',
    resources: (_i, ctx) => [recommenderArn(ctx, '*')],
    async handler(i, ctx) {
      const settings = settingsOf(i.CreateRecommenderConfiguration);
      await passRole(ctx, settings.RecommendationProviderRoleArn);
      const doc: RecommenderDoc = { Id: randomBytes(16).toString('hex'), ...settings };
      await deps.store.put(scopeOf(ctx), NO_APP, 'recommender', doc.Id, doc);
      const stored = await require(ctx, doc.Id);
      return output(stored.doc, stored.created, stored.updated);
    },
  });

  const get = defineOperation<
    InputOf<'GetRecommenderConfiguration'>,
    OutputOf<'GetRecommenderConfiguration'>
  >({
    name: 'GetRecommenderConfiguration',
    action: 'mobiletargeting:GetRecommenderConfiguration',
    resources: (i, ctx) => [recommenderArn(ctx, i.RecommenderId)],
    async handler(i, ctx) {
      const stored = await require(ctx, i.RecommenderId);
      return output(stored.doc, stored.created, stored.updated);
    },
  });

  const update = defineOperation<
    InputOf<'UpdateRecommenderConfiguration'>,
    OutputOf<'UpdateRecommenderConfiguration'>
  >({
    name: 'UpdateRecommenderConfiguration',
    action: 'mobiletargeting:UpdateRecommenderConfiguration',
    resources: (i, ctx) => [recommenderArn(ctx, i.RecommenderId)],
    async handler({ RecommenderId: id, UpdateRecommenderConfiguration: body }, ctx) {
      const settings = settingsOf(body);
      await require(ctx, id);
      await passRole(ctx, settings.RecommendationProviderRoleArn);
      return deps.store.transaction(async () => {
        await require(ctx, id);
        await deps.store.put(scopeOf(ctx), NO_APP, 'recommender', id, { Id: id, ...settings });
        const stored = await require(ctx, id);
        return output(stored.doc, stored.created, stored.updated);
      });
    },
  });

  const remove = defineOperation<
    InputOf<'DeleteRecommenderConfiguration'>,
    OutputOf<'DeleteRecommenderConfiguration'>
  >({
    name: 'DeleteRecommenderConfiguration',
    action: 'mobiletargeting:DeleteRecommenderConfiguration',
    resources: (i, ctx) => [recommenderArn(ctx, i.RecommenderId)],
    handler({ RecommenderId: id }, ctx) {
      return deps.store.transaction(async () => {
        const stored = await require(ctx, id);
        await deps.store.delete(scopeOf(ctx), NO_APP, 'recommender', id);
        return output(stored.doc, stored.created, stored.updated);
      });
    },
  });

  const list = defineOperation<
    InputOf<'GetRecommenderConfigurations'>,
    OutputOf<'GetRecommenderConfigurations'>
  >({
    name: 'GetRecommenderConfigurations',
    action: 'mobiletargeting:GetRecommenderConfigurations',
    resources: (_i, ctx) => [recommenderArn(ctx, '*')],
    async handler(input, ctx) {
      const i = { size: pageSize(input.PageSize) ?? DEFAULT_PAGE_SIZE, token: input.Token };
      // The token is the id of the last item of the previous page (ids list in key order).
      const page = await deps.store.list<RecommenderDoc>(
        scopeOf(ctx),
        NO_APP,
        'recommender',
        i.token ?? '',
        i.size + 1,
      );
      const items = page.slice(0, i.size);
      return {
        ListRecommenderConfigurationsResponse: {
          Item: items.map((s) => output(s.doc, s.created, s.updated).RecommenderConfigurationResponse),
          NextToken: page.length > i.size ? items[items.length - 1].key : undefined,
        },
      };
    },
  });

  return [create, get, update, remove, list];
}
