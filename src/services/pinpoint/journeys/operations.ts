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
 * WriteJourneyRequest has no `tags` member in the model, but CreateJourney is authorized with
 * aws:RequestTag and mobiletargeting:TagResource (list_amazonpinpoint.html): tags given in the
 * body are kept, and UpdateJourney does not process them, as UpdateCampaign doesn't.
 */
import { randomBytes } from 'node:crypto';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { onApp, onApplication, requireApp } from '../apps.js';
import { PASSED_TO_SERVICE } from '../email-channel.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { label, pageSize, payload, requestTagKeys, scopeOf, stringMap, type Raw } from '../input.js';
import type { PinpointContext } from '../ports.js';
import type { Scope } from '../store.js';
import { checkTags, MAX_TAGS } from '../tags.js';
import type { RequestContext } from '../../../wire/context.js';
import { journeyAccess, type JourneyIds } from './access.js';
import { checkActivation } from './activation.js';
import type { JourneyStore } from './journey-store.js';
import { journeyResponse, type JourneyDoc, type JourneySettings } from './model.js';
import type { JourneyLifecycle } from './ports.js';
import { checkReferences } from './references.js';
import { writeChange } from './states.js';
import { readWriteJourney } from './write-request.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

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

export const journeyIds = (raw: Raw): JourneyIds => ({
  appId: label(raw, 'application-id'),
  journeyId: label(raw, 'journey-id'),
});

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
function passedRole(body: Raw): string | undefined {
  const settings = body.JourneyChannelSettings;
  if (!settings || typeof settings !== 'object') return undefined;
  const role = (settings as Raw).ConnectCampaignExecutionRoleArn;
  return typeof role === 'string' ? role : undefined;
}

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

interface WriteInput extends JourneyIds {
  body: Raw;
  role?: string;
}

export function journeyOperations(d: JourneyOpsDeps): OperationSpec[] {
  const { c, journeys, lifecycle } = d;
  const app = { store: c.store };
  const access = journeyAccess(journeys);
  const idsOf = journeyIdsOf;
  const output = (doc: JourneyDoc) => ({ JourneyResponse: journeyResponse(doc) });

  const create = defineOperation<
    { appId: string; body: Raw; tags?: Record<string, string>; role?: string },
    OutputOf<'CreateJourney'>
  >({
    name: 'CreateJourney',
    action: 'mobiletargeting:CreateJourney',
    parse(raw) {
      const body = payload(raw, 'WriteJourneyRequest');
      return {
        appId: label(raw, 'application-id'),
        body,
        tags: stringMap(body, 'tags'),
        role: passedRole(body),
      };
    },
    resources: (i, ctx) => [access.journeysArn(scopeOf(ctx), i.appId)],
    additionalActions: (i) => (i.tags && Object.keys(i.tags).length ? ['mobiletargeting:TagResource'] : []),
    conditionKeys: async (i, ctx) => ({
      ...(await onApp(app).conditionKeys(i, ctx)),
      ...requestTagKeys(i.tags),
    }),
    handler(i, ctx) {
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        await requireApp(app, scope, i.appId);
        const settings = readWriteJourney(i.body);
        if (i.tags) {
          checkTags(i.tags);
          // TagResource's limit and wording (tags.ts, tagging-resources.html: "as many as 50 tags").
          if (Object.keys(i.tags).length > MAX_TAGS)
            throw badRequest(`A resource can have at most ${MAX_TAGS} tags`);
        }
        await authorizePassRole(ctx, i.role);
        await checkReferences(c, scope, i.appId, settings);
        const now = c.clock().toISOString();
        const doc: JourneyDoc = {
          ...settingsOf(settings),
          Id: randomBytes(16).toString('hex'),
          ApplicationId: i.appId,
          CreationDate: now,
          LastModifiedDate: now,
          State: settings.State === 'ACTIVE' ? 'ACTIVE' : 'DRAFT',
          tags: i.tags ?? {},
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

  const update = defineOperation<WriteInput, OutputOf<'UpdateJourney'>>({
    name: 'UpdateJourney',
    action: 'mobiletargeting:UpdateJourney',
    parse(raw) {
      const body = payload(raw, 'WriteJourneyRequest');
      return { ...journeyIds(raw), body, role: passedRole(body) };
    },
    ...access.onJourney,
    handler(i, ctx) {
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        // Updates of one app take turns, or two at once would both read the same Version.
        await c.store.holdApp(scope, i.appId);
        const before = await findJourney(d, scope, i);
        const settings = readWriteJourney(i.body);
        await authorizePassRole(ctx, i.role);
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
