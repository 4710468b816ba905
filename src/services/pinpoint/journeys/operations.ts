/**
 * Journey CRUD: CreateJourney (201), GetJourney, ListJourneys, UpdateJourney, DeleteJourney
 * (apireference/apps-application-id-journeys.html, apps-application-id-journeys-journey-id.html).
 * Each write is one transaction: the checks, the document, its version and the lifecycle listener's
 * own records commit together or not at all.
 *
 * Dates: CreationDate is set when the journey is created and LastModifiedDate on every write, as
 * ISO 8601 with milliseconds (AWS's samples: `2000-01-01T00:00:00.000Z`); the CreationDate and
 * LastModifiedDate members WriteJourneyRequest also has are not taken from the request (Pinpost's
 * rule: the service keeps its own dates). Ids are 32 lower-case hex digits, as AWS's samples show.
 *
 * Both writes take their input as the model types it (WriteJourneyRequest, read once authorized:
 * write-request.ts). WriteJourneyRequest has no `tags` member (pinpoint/2016-12-01, and the
 * request body of apps-application-id-journeys.html), so CreateJourney takes no tags, as on AWS:
 * a `tags` member in the body is ignored like any member the model lacks, and a journey is tagged
 * with TagResource on its ARN.
 */
import { randomBytes } from 'node:crypto';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { onApplication, requireApp } from '../apps.js';
import { PASSED_TO_SERVICE } from '../email-channel.js';
import { notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { pageSize, scopeOf } from '../input.js';
import type { PinpointContext } from '../ports.js';
import type { Scope } from '../store.js';
import type { RequestContext } from '../../../wire/context.js';
import { journeyAccess, type JourneyIds } from './access.js';
import { checkActivation } from './activation.js';
import type { JourneyStore } from './journey-store.js';
import { journeyResponse, type JourneyDoc, type JourneySettings } from './model.js';
import type { JourneyLifecycle } from './ports.js';
import { checkReferences } from './references.js';
import { writeChange } from './states.js';
import { readWriteJourney } from './write-request.js';
import type { InputOf, OutputOf, WriteJourneyRequest } from '../../../wire/model/types/pinpoint.js';

export interface JourneyOpsDeps {
  c: PinpointContext;
  journeys: JourneyStore;
  lifecycle: JourneyLifecycle;
}

/** Page size when none is asked for; AWS documents none, so an app's journeys fit one page. */
const DEFAULT_PAGE_SIZE = 1000;

/** The stored journey, or NotFoundException for a missing app or journey. */
export async function findJourney(d: JourneyOpsDeps, scope: Scope, i: JourneyIds): Promise<JourneyDoc> {
  await requireApp({ store: d.c.store }, scope, i.appId);
  const doc = await d.journeys.get(scope, i.appId, i.journeyId);
  if (!doc) throw notFound(RESOURCE_NOT_FOUND);
  return doc;
}

/** A model-typed input's journey (its ApplicationId and JourneyId members), as handlers name it. */
export const journeyIdsOf = (i: { ApplicationId: string; JourneyId: string }): JourneyIds => ({
  appId: i.ApplicationId,
  journeyId: i.JourneyId,
});

/** access.ts's `journey*` resource for a model-typed input. */
export function onTypedJourney(journeys: JourneyStore) {
  const access = journeyAccess(journeys);
  return {
    resources: (i: { ApplicationId: string; JourneyId: string }, ctx: RequestContext) =>
      access.onJourney.resources(journeyIdsOf(i), ctx),
    conditionKeys: (i: { ApplicationId: string; JourneyId: string }, ctx: RequestContext) =>
      access.onJourney.conditionKeys(journeyIdsOf(i), ctx),
  };
}

/** The role a write passes to Pinpoint (JourneyChannelSettings.ConnectCampaignExecutionRoleArn). */
const passedRole = (w: WriteJourneyRequest | undefined): string | undefined =>
  w?.JourneyChannelSettings?.ConnectCampaignExecutionRoleArn;

/** iam:PassRole on the role the journey names, as list_amazonpinpoint.html lists for both writes. */
async function authorizePassRole(ctx: RequestContext, role: string | undefined): Promise<void> {
  if (role === undefined) return;
  await ctx.authorizeAlso?.('iam:PassRole', [role], {
    'iam:PassedToService': { values: [PASSED_TO_SERVICE], list: false },
  });
}

/** The stored settings: the request's members without its State and dates (the journey's own). */
function settingsOf(
  s: JourneySettings,
): Omit<JourneySettings, 'State' | 'CreationDate' | 'LastModifiedDate'> {
  const { State: _state, CreationDate: _created, LastModifiedDate: _modified, ...rest } = s;
  return rest;
}

export function journeyOperations(d: JourneyOpsDeps): OperationSpec[] {
  const { c, journeys, lifecycle } = d;
  const app = { store: c.store };
  const access = journeyAccess(journeys);
  const idsOf = journeyIdsOf;
  const output = (doc: JourneyDoc) => ({ JourneyResponse: journeyResponse(doc) });

  const create = defineOperation<InputOf<'CreateJourney'>, OutputOf<'CreateJourney'>>({
    name: 'CreateJourney',
    action: 'mobiletargeting:CreateJourney',
    resources: (i, ctx) => [access.journeysArn(scopeOf(ctx), i.ApplicationId)],
    conditionKeys: (i, ctx) => onApplication(app).conditionKeys(i, ctx),
    handler(input, ctx) {
      const scope = scopeOf(ctx);
      const appId = input.ApplicationId;
      return c.store.transaction(async () => {
        await requireApp(app, scope, appId);
        const settings = readWriteJourney(input.WriteJourneyRequest);
        await authorizePassRole(ctx, passedRole(input.WriteJourneyRequest));
        await checkReferences(c, scope, appId, settings);
        const now = c.clock().toISOString();
        const doc: JourneyDoc = {
          ...settingsOf(settings),
          Id: randomBytes(16).toString('hex'),
          ApplicationId: appId,
          CreationDate: now,
          LastModifiedDate: now,
          State: settings.State === 'ACTIVE' ? 'ACTIVE' : 'DRAFT',
          tags: {},
          version: 1,
        };
        if (doc.State === 'ACTIVE') {
          await checkActivation(d, scope, doc);
          await lifecycle.activated(scope, doc);
        }
        await journeys.put(scope, doc, true);
        return output(doc);
      });
    },
  });

  const get = defineOperation<InputOf<'GetJourney'>, OutputOf<'GetJourney'>>({
    name: 'GetJourney',
    action: 'mobiletargeting:GetJourney',
    ...onTypedJourney(journeys),
    handler: async (i, ctx) => output(await findJourney(d, scopeOf(ctx), idsOf(i))),
  });

  const list = defineOperation<InputOf<'ListJourneys'>, OutputOf<'ListJourneys'>>({
    name: 'ListJourneys',
    action: 'mobiletargeting:ListJourneys',
    ...onApplication(app),
    async handler(input, ctx) {
      const i = { appId: input.ApplicationId, pageSize: pageSize(input.PageSize), token: input.Token };
      const scope = scopeOf(ctx);
      await requireApp(app, scope, i.appId);
      const size = i.pageSize ?? DEFAULT_PAGE_SIZE;
      const docs = await journeys.list(scope, i.appId, i.token ?? '', size + 1);
      const items = docs.slice(0, size);
      const next = docs.length > size ? items[items.length - 1].Id : undefined;
      return { JourneysResponse: { Item: items.map(journeyResponse), NextToken: next } };
    },
  });

  const update = defineOperation<InputOf<'UpdateJourney'>, OutputOf<'UpdateJourney'>>({
    name: 'UpdateJourney',
    action: 'mobiletargeting:UpdateJourney',
    ...onTypedJourney(journeys),
    handler(input, ctx) {
      const i = idsOf(input);
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        // Updates of one app take turns, or two at once would both read the same Version.
        await c.store.holdApp(scope, i.appId);
        const before = await findJourney(d, scope, i);
        const settings = readWriteJourney(input.WriteJourneyRequest);
        await authorizePassRole(ctx, passedRole(input.WriteJourneyRequest));
        const change = writeChange(before, settings);
        await checkReferences(c, scope, i.appId, settings);
        const doc: JourneyDoc = {
          ...settingsOf(settings),
          Id: before.Id,
          ApplicationId: before.ApplicationId,
          CreationDate: before.CreationDate,
          LastModifiedDate: c.clock().toISOString(),
          State: change === 'draft' ? 'DRAFT' : 'ACTIVE',
          tags: before.tags,
          version: before.version + 1,
        };
        if (change === 'activated') {
          await checkActivation(d, scope, doc);
          await lifecycle.activated(scope, doc);
        } else if (change === 'updated') {
          // Already counted among the account's active journeys: only what it needs to run.
          await checkActivation(d, scope, doc, { counted: true });
          await lifecycle.updated(scope, doc, before);
        }
        await journeys.put(scope, doc, true);
        return output(doc);
      });
    },
  });

  const remove = defineOperation<InputOf<'DeleteJourney'>, OutputOf<'DeleteJourney'>>({
    name: 'DeleteJourney',
    action: 'mobiletargeting:DeleteJourney',
    ...onTypedJourney(journeys),
    handler(input, ctx) {
      const scope = scopeOf(ctx);
      const i = idsOf(input);
      return c.store.transaction(async () => {
        const doc = await findJourney(d, scope, i);
        await lifecycle.deleted(scope, doc);
        await journeys.delete(scope, i.appId, i.journeyId);
        return output(doc);
      });
    },
  });

  return [create, get, list, update, remove];
}
