/**
 * Campaign operations (apireference/apps-application-id-campaigns.html,
 * apps-application-id-campaigns-campaign-id.html, …-versions.html, …-versions-version.html,
 * …-activities.html). Authorized per list_amazonpinpoint.html: CreateCampaign and GetCampaigns on
 * the app (`apps/<app-id>`), the others on the campaign (`apps/<app-id>/campaigns/<campaign-id>`)
 * with its tags as aws:ResourceTag; tagging on creation also needs mobiletargeting:TagResource.
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { appArn, onApplication, requireApp, type AppDeps } from '../apps.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { pageSize, pinpointArn, requestTagKeys, resourceTagKeys, scopeOf } from '../input.js';
import type { PinpointContext, Scope } from '../ports.js';
import { activityOutput } from './activity.js';
import { LOCAL_TIME_LEAD_MS } from './local-time.js';
import type { CampaignDoc, CampaignSettings, MessageSource } from './model.js';
import type { CampaignRuns } from './runs-store.js';
import { campaignStatus, firstRun, isEventCampaign } from './schedule.js';
import { checkCampaign, readWriteCampaign } from './write-request.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

export interface CampaignOpsDeps {
  c: PinpointContext;
  runs: CampaignRuns;
}

/** Page size when none is asked for; AWS documents none, so a campaign's items fit one page. */
const DEFAULT_PAGE_SIZE = 1000;

export function campaignOperations(d: CampaignOpsDeps): OperationSpec[] {
  const { c, runs } = d;
  const app: AppDeps = { store: c.store };
  const campaignArn = (scope: Scope, appId: string, id: string) =>
    pinpointArn(scope, `apps/${appId}/campaigns/${id}`);

  /** The ids of a model-typed input, as the handlers name them. */
  const idsOf = (i: { ApplicationId: string; CampaignId: string }) => ({
    appId: i.ApplicationId,
    id: i.CampaignId,
  });
  const onCampaign = {
    resources: (i: { ApplicationId: string; CampaignId: string }, ctx: RequestContext) => [
      campaignArn(scopeOf(ctx), i.ApplicationId, i.CampaignId),
    ],
    conditionKeys: async (i: { ApplicationId: string; CampaignId: string }, ctx: RequestContext) =>
      resourceTagKeys(
        (await c.store.get<CampaignDoc>(scopeOf(ctx), i.ApplicationId, 'campaign', i.CampaignId))?.doc.tags,
      ),
  };

  async function find(scope: Scope, appId: string, id: string): Promise<CampaignDoc> {
    await requireApp(app, scope, appId);
    const doc = (await c.store.get<CampaignDoc>(scope, appId, 'campaign', id))?.doc;
    if (!doc) throw notFound(RESOURCE_NOT_FOUND);
    return doc;
  }

  async function output(scope: Scope, doc: CampaignDoc, deleted = false) {
    const status = deleted
      ? 'DELETED'
      : campaignStatus(doc, await runs.states(scope, doc.ApplicationId, doc.Id), c.clock());
    return {
      ...doc,
      State: { CampaignStatus: status },
      DefaultState: { CampaignStatus: status },
      AdditionalTreatments: doc.AdditionalTreatments.map((t) => ({
        ...t,
        State: { CampaignStatus: status },
      })),
    };
  }

  /** What must exist for the campaign to run: its segment (version) and email templates. */
  async function checkReferences(scope: Scope, appId: string, s: CampaignSettings): Promise<void> {
    // Pinpost's wording for the references AWS checks without documenting a text.
    if ((await c.ports.segments.latestVersion(scope, appId, s.SegmentId)) === undefined)
      throw badRequest(`Segment ${s.SegmentId} was not found`);
    if ((await c.ports.segments.members(scope, appId, s.SegmentId, s.SegmentVersion)) === undefined)
      throw badRequest(`Segment ${s.SegmentId} has no version ${s.SegmentVersion}`);
    const sources: MessageSource[] = [s, ...s.AdditionalTreatments];
    for (const src of sources) {
      const t = src.TemplateConfiguration?.EmailTemplate;
      if (t?.Name && !(await c.ports.templates.email(scope, t.Name, t.Version)))
        throw notFound(`Email template ${t.Name}${t.Version ? ` version ${t.Version}` : ''} was not found`);
    }
  }

  /** Schedules the campaign's first run (EVENT campaigns run when their events arrive). */
  async function scheduleFirst(scope: Scope, doc: CampaignDoc): Promise<void> {
    if (isEventCampaign(doc.Schedule)) return;
    const at = firstRun(doc.Schedule, c.clock());
    const due = doc.Schedule.IsLocalTime ? new Date(at.getTime() - LOCAL_TIME_LEAD_MS) : at;
    await runs.schedule(scope, doc.ApplicationId, doc.Id, doc.Version, due);
  }

  /** The request's tags: the body is read once authorized, but aws:RequestTag authorizes its tags. */
  const tagsOf = (i: InputOf<'CreateCampaign'>) => i.WriteCampaignRequest?.tags;

  const create = defineOperation<InputOf<'CreateCampaign'>, OutputOf<'CreateCampaign'>>({
    name: 'CreateCampaign',
    action: 'mobiletargeting:CreateCampaign',
    resources: (i, ctx) => [appArn(scopeOf(ctx), i.ApplicationId)],
    additionalActions: (input) => {
      const tags = tagsOf(input);
      return tags && Object.keys(tags).length ? ['mobiletargeting:TagResource'] : [];
    },
    conditionKeys: async (input, ctx) => ({
      ...(await onApplication(app).conditionKeys(input, ctx)),
      ...requestTagKeys(tagsOf(input)),
    }),
    async handler(input, ctx) {
      const i = { appId: input.ApplicationId, tags: tagsOf(input) };
      // No member of the body is required: a request without one is refused below, in Pinpost's words.
      const w = readWriteCampaign(input.WriteCampaignRequest ?? {});
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        await requireApp(app, scope, i.appId);
        // Pinpost's wording: SegmentId and Schedule are what a campaign cannot run without.
        if (!w.SegmentId) throw badRequest('SegmentId is required');
        if (!w.Schedule) throw badRequest('Schedule is required');
        const latest = await c.ports.segments.latestVersion(scope, i.appId, w.SegmentId);
        const settings: CampaignSettings = {
          ...w,
          SegmentId: w.SegmentId,
          SegmentVersion: w.SegmentVersion ?? latest ?? 1,
          Schedule: w.Schedule,
          AdditionalTreatments: w.AdditionalTreatments ?? [],
          HoldoutPercent: w.HoldoutPercent ?? 0,
          IsPaused: w.IsPaused ?? false,
        };
        checkCampaign(settings);
        await checkReferences(scope, i.appId, settings);
        const id = randomBytes(16).toString('hex');
        const now = c.clock().toISOString();
        const doc: CampaignDoc = {
          ...settings,
          Id: id,
          Arn: campaignArn(scope, i.appId, id),
          ApplicationId: i.appId,
          CreationDate: now,
          LastModifiedDate: now,
          Version: 1,
          tags: i.tags ?? {},
        };
        await c.store.put(scope, i.appId, 'campaign', id, doc);
        await c.store.putVersion(scope, i.appId, 'campaign-version', id, 1, doc);
        await scheduleFirst(scope, doc);
        return { CampaignResponse: await output(scope, doc) };
      });
    },
  });

  const get = defineOperation<InputOf<'GetCampaign'>, OutputOf<'GetCampaign'>>({
    name: 'GetCampaign',
    action: 'mobiletargeting:GetCampaign',
    ...onCampaign,
    handler: async (i, ctx) => ({
      CampaignResponse: await output(scopeOf(ctx), await find(scopeOf(ctx), i.ApplicationId, i.CampaignId)),
    }),
  });

  const list = defineOperation<InputOf<'GetCampaigns'>, OutputOf<'GetCampaigns'>>({
    name: 'GetCampaigns',
    action: 'mobiletargeting:GetCampaigns',
    ...onApplication(app),
    async handler(input, ctx) {
      const i = { appId: input.ApplicationId, pageSize: pageSize(input.PageSize), token: input.Token };
      const scope = scopeOf(ctx);
      await requireApp(app, scope, i.appId);
      const size = i.pageSize ?? DEFAULT_PAGE_SIZE;
      const rows = await c.store.list<CampaignDoc>(scope, i.appId, 'campaign', i.token ?? '', size + 1);
      const items = await Promise.all(rows.slice(0, size).map((r) => output(scope, r.doc)));
      const next = rows.length > size ? items[items.length - 1].Id : undefined;
      return { CampaignsResponse: { Item: items, NextToken: next } };
    },
  });

  const update = defineOperation<InputOf<'UpdateCampaign'>, OutputOf<'UpdateCampaign'>>({
    name: 'UpdateCampaign',
    action: 'mobiletargeting:UpdateCampaign',
    // tags are not processed on update (pinpoint/2016-12-01 WriteCampaignRequest.tags: deprecated
    // for update operations as of 22-05-2023, "any value in tags is not processed").
    ...onCampaign,
    async handler(input, ctx) {
      const i = idsOf(input);
      const w = readWriteCampaign(input.WriteCampaignRequest ?? {});
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        // Updates of one app take turns, or two at once would both read the same Version.
        await c.store.holdApp(scope, i.appId);
        const before = await find(scope, i.appId, i.id);
        const segmentChanged = w.SegmentId !== undefined && w.SegmentId !== before.SegmentId;
        const segmentVersion =
          w.SegmentVersion ??
          (segmentChanged ? await c.ports.segments.latestVersion(scope, i.appId, w.SegmentId!) : undefined) ??
          before.SegmentVersion;
        const doc: CampaignDoc = {
          ...before,
          ...w,
          SegmentVersion: segmentVersion,
          Id: before.Id,
          Arn: before.Arn,
          ApplicationId: before.ApplicationId,
          CreationDate: before.CreationDate,
          tags: before.tags,
          Version: before.Version + 1,
          LastModifiedDate: c.clock().toISOString(),
        };
        checkCampaign(doc);
        await checkReferences(scope, i.appId, doc);
        await c.store.put(scope, i.appId, 'campaign', doc.Id, doc);
        await c.store.putVersion(scope, i.appId, 'campaign-version', doc.Id, doc.Version, doc);
        if (w.Schedule && JSON.stringify(w.Schedule) !== JSON.stringify(before.Schedule)) {
          await runs.cancelDue(scope, i.appId, doc.Id);
          await scheduleFirst(scope, doc);
        } else await runs.retarget(scope, i.appId, doc.Id, doc.Version);
        // Resumed: the jobs its runs parked while it was paused run now.
        if (before.IsPaused && !doc.IsPaused) await runs.wake(scope, i.appId, doc.Id);
        return { CampaignResponse: await output(scope, doc) };
      });
    },
  });

  const remove = defineOperation<InputOf<'DeleteCampaign'>, OutputOf<'DeleteCampaign'>>({
    name: 'DeleteCampaign',
    action: 'mobiletargeting:DeleteCampaign',
    ...onCampaign,
    async handler(input, ctx) {
      const scope = scopeOf(ctx);
      const i = idsOf(input);
      return c.store.transaction(async () => {
        const doc = await find(scope, i.appId, i.id);
        await c.store.delete(scope, i.appId, 'campaign', i.id);
        await c.store.deleteVersions(scope, i.appId, 'campaign-version', i.id);
        await runs.deleteCampaign(scope, i.appId, i.id);
        return { CampaignResponse: await output(scope, doc, true) };
      });
    },
  });

  const getVersion = defineOperation<InputOf<'GetCampaignVersion'>, OutputOf<'GetCampaignVersion'>>({
    name: 'GetCampaignVersion',
    action: 'mobiletargeting:GetCampaignVersion',
    ...onCampaign,
    async handler(input, ctx) {
      const i = { ...idsOf(input), version: input.Version };
      const scope = scopeOf(ctx);
      await find(scope, i.appId, i.id);
      const n = Number(i.version);
      const doc =
        Number.isInteger(n) && n > 0
          ? await c.store.getVersion<CampaignDoc>(scope, i.appId, 'campaign-version', i.id, n)
          : undefined;
      if (!doc) throw notFound(RESOURCE_NOT_FOUND);
      return { CampaignResponse: await output(scope, doc) };
    },
  });

  const listVersions = defineOperation<InputOf<'GetCampaignVersions'>, OutputOf<'GetCampaignVersions'>>({
    name: 'GetCampaignVersions',
    action: 'mobiletargeting:GetCampaignVersions',
    ...onCampaign,
    async handler(input, ctx) {
      const i = { ...idsOf(input), pageSize: pageSize(input.PageSize), token: input.Token };
      const scope = scopeOf(ctx);
      await find(scope, i.appId, i.id);
      const all = await c.store.listPrefix<CampaignDoc>(scope, i.appId, 'campaign-version', `${i.id}/`);
      const from = i.token ? Math.max(0, Number(i.token)) || 0 : 0;
      const size = i.pageSize ?? DEFAULT_PAGE_SIZE;
      const page = await Promise.all(all.slice(from, from + size).map((r) => output(scope, r.doc)));
      const next = from + size < all.length ? String(from + size) : undefined;
      return { CampaignsResponse: { Item: page, NextToken: next } };
    },
  });

  const activities = defineOperation<InputOf<'GetCampaignActivities'>, OutputOf<'GetCampaignActivities'>>({
    name: 'GetCampaignActivities',
    action: 'mobiletargeting:GetCampaignActivities',
    ...onCampaign,
    async handler(input, ctx) {
      const i = { ...idsOf(input), pageSize: pageSize(input.PageSize), token: input.Token };
      const scope = scopeOf(ctx);
      await find(scope, i.appId, i.id);
      const from = i.token ? Math.max(0, Number(i.token)) || 0 : 0;
      const size = i.pageSize ?? DEFAULT_PAGE_SIZE;
      const rows = await runs.activities(scope, i.appId, i.id, from, size + 1);
      const items = rows.slice(0, size).map(activityOutput);
      const next = rows.length > size ? String(from + size) : undefined;
      return { ActivitiesResponse: { Item: items, NextToken: next } };
    },
  });

  return [create, get, list, update, remove, getVersion, listVersions, activities];
}
