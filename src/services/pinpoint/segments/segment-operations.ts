/**
 * Segments and their versions: CreateSegment (201), GetSegments, GetSegment, UpdateSegment,
 * DeleteSegment, GetSegmentVersions, GetSegmentVersion (apireference/apps-application-id-segments.html,
 * apps-application-id-segments-segment-id.html, …-versions.html, …-versions-version.html).
 *
 * Authorization (list_amazonpinpoint.html, "Actions defined by Amazon Pinpoint"): CreateSegment and
 * GetSegments on the app (`app*`); GetSegment, UpdateSegment, DeleteSegment, GetSegmentVersion and
 * GetSegmentVersions on the segment (`segment*`, `apps/<app>/segments/<id>`), with its tags as
 * aws:ResourceTag. CreateSegment with tags also needs mobiletargeting:TagResource ("API operations
 * defined by Amazon Pinpoint": CreateSegment → CreateSegment, TagResource).
 */
import { randomBytes } from 'node:crypto';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { onApplication, requireApp } from '../apps.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { pageSize, pinpointArn, requestTagKeys, resourceTagKeys, scopeOf } from '../input.js';
import type { PinpointStore, Scope } from '../store.js';
import type { SegmentMembers } from './members.js';
import type { SegmentDoc, SegmentWrite } from './model.js';
import { segmentVersion } from './resolver.js';
import { sourceSegments, writeSegmentRequest } from './write-request.js';
import type { InputOf, OutputOf, WriteSegmentRequest } from '../../../wire/model/types/pinpoint.js';

export interface SegmentDeps {
  store: PinpointStore;
  members: SegmentMembers;
  clock: () => Date;
  /** Told of a segment's new version, in its transaction (journeys that refresh on it). */
  versioned?(scope: Scope, appId: string, segmentId: string): Promise<void>;
}

/** A segment's ids as the model types them (ApplicationId, SegmentId labels). */
interface TypedIds {
  ApplicationId: string;
  SegmentId: string;
}

interface SegmentIds {
  appId: string;
  segmentId: string;
}

/** GetSegments' and GetSegmentVersions' page size when none is asked for (Pinpost's: every item). */
const DEFAULT_PAGE_SIZE = 1000;

export const segmentArn = (scope: Scope, appId: string, segmentId: string) =>
  pinpointArn(scope, `apps/${appId}/segments/${segmentId}`);

export const newId = (): string => randomBytes(16).toString('hex');

/** SegmentResponse: the version's members with the segment's current tags. */
export function segmentResponse(doc: SegmentDoc, tags: Record<string, string>) {
  return { ...doc, tags };
}

/** The current segment, or NotFoundException. */
export async function requireSegment(
  deps: SegmentDeps,
  scope: Scope,
  appId: string,
  segmentId: string,
): Promise<SegmentDoc> {
  await requireApp(deps, scope, appId);
  const doc = (await deps.store.get<SegmentDoc>(scope, appId, 'segment', segmentId))?.doc;
  if (!doc) throw notFound(RESOURCE_NOT_FOUND);
  return doc;
}

/** Stores a new current version and keeps it among the versions, in the caller's transaction. */
export async function saveVersion(
  deps: Pick<SegmentDeps, 'store' | 'versioned'>,
  scope: Scope,
  doc: SegmentDoc,
): Promise<void> {
  await deps.store.put(scope, doc.ApplicationId, 'segment', doc.Id, doc);
  await deps.store.putVersion(scope, doc.ApplicationId, 'segment-version', doc.Id, doc.Version, doc);
  await deps.versioned?.(scope, doc.ApplicationId, doc.Id);
}

export function segmentOperations(deps: SegmentDeps): OperationSpec[] {
  const app = onApplication(deps);
  const onSegment = {
    resources: (i: SegmentIds, ctx: RequestContext) => [segmentArn(scopeOf(ctx), i.appId, i.segmentId)],
    conditionKeys: async (i: SegmentIds, ctx: RequestContext) =>
      resourceTagKeys(
        (await deps.store.get<SegmentDoc>(scopeOf(ctx), i.appId, 'segment', i.segmentId))?.doc.tags,
      ),
  };
  /** The ids of a model-typed input, as the handlers name them. */
  const idsOf = (i: TypedIds): SegmentIds => ({ appId: i.ApplicationId, segmentId: i.SegmentId });
  const onTypedSegment = {
    resources: (i: TypedIds, ctx: RequestContext) => onSegment.resources(idsOf(i), ctx),
    conditionKeys: (i: TypedIds, ctx: RequestContext) => onSegment.conditionKeys(idsOf(i), ctx),
  };

  /** Every base segment (and version) a write names must exist in the app. */
  async function checkSources(scope: Scope, appId: string, w: SegmentWrite, self?: string): Promise<void> {
    for (const ref of sourceSegments(w)) {
      // Pinpost's wording: AWS documents no text for a missing base segment.
      if (ref.Id === self) throw badRequest(`A segment cannot be its own source segment: ${ref.Id}`);
      if (!(await segmentVersion(deps.store, scope, appId, ref.Id, ref.Version))) {
        const v = ref.Version === undefined ? '' : ` version ${ref.Version}`;
        throw badRequest(`Source segment ${ref.Id}${v} does not exist`);
      }
    }
  }

  /** The body, checked once authorized: Pinpoint authorizes a request before it reads the body. */
  const writeOf = (body: WriteSegmentRequest | undefined): SegmentWrite => writeSegmentRequest(body ?? {});

  const create = defineOperation<InputOf<'CreateSegment'>, OutputOf<'CreateSegment'>>({
    name: 'CreateSegment',
    action: 'mobiletargeting:CreateSegment',
    resources: app.resources,
    additionalActions: (i) => {
      const tags = i.WriteSegmentRequest?.tags;
      return tags && Object.keys(tags).length ? ['mobiletargeting:TagResource'] : [];
    },
    conditionKeys: async (i, ctx) => ({
      ...(await app.conditionKeys(i, ctx)),
      ...requestTagKeys(i.WriteSegmentRequest?.tags),
    }),
    handler(input, ctx) {
      const i = { appId: input.ApplicationId, write: writeOf(input.WriteSegmentRequest) };
      const scope = scopeOf(ctx);
      return deps.store.transaction(async () => {
        await requireApp(deps, scope, i.appId);
        await checkSources(scope, i.appId, i.write);
        const id = newId();
        const now = deps.clock().toISOString();
        const doc: SegmentDoc = {
          Id: id,
          ApplicationId: i.appId,
          Arn: segmentArn(scope, i.appId, id),
          ...(i.write.Name === undefined ? {} : { Name: i.write.Name }),
          SegmentType: 'DIMENSIONAL',
          ...(i.write.Dimensions ? { Dimensions: i.write.Dimensions } : {}),
          ...(i.write.SegmentGroups ? { SegmentGroups: i.write.SegmentGroups } : {}),
          Version: 1,
          CreationDate: now,
          LastModifiedDate: now,
          tags: i.write.tags ?? {},
        };
        await saveVersion(deps, scope, doc);
        return { SegmentResponse: segmentResponse(doc, doc.tags) };
      });
    },
  });

  const list = defineOperation<InputOf<'GetSegments'>, OutputOf<'GetSegments'>>({
    name: 'GetSegments',
    action: 'mobiletargeting:GetSegments',
    ...onApplication(deps),
    async handler(input, ctx) {
      const i = { appId: input.ApplicationId, pageSize: pageSize(input.PageSize), token: input.Token };
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.appId);
      const size = i.pageSize ?? DEFAULT_PAGE_SIZE;
      const rows = await deps.store.list<SegmentDoc>(scope, i.appId, 'segment', i.token ?? '', size + 1);
      const items = rows.slice(0, size).map((r) => segmentResponse(r.doc, r.doc.tags));
      const next = rows.length > size ? items[items.length - 1].Id : undefined;
      return { SegmentsResponse: { Item: items, NextToken: next } };
    },
  });

  const get = defineOperation<InputOf<'GetSegment'>, OutputOf<'GetSegment'>>({
    name: 'GetSegment',
    action: 'mobiletargeting:GetSegment',
    ...onTypedSegment,
    async handler(i, ctx) {
      const doc = await requireSegment(deps, scopeOf(ctx), i.ApplicationId, i.SegmentId);
      return { SegmentResponse: segmentResponse(doc, doc.tags) };
    },
  });

  const update = defineOperation<InputOf<'UpdateSegment'>, OutputOf<'UpdateSegment'>>({
    name: 'UpdateSegment',
    action: 'mobiletargeting:UpdateSegment',
    resources: onTypedSegment.resources,
    // UpdateSegment takes aws:RequestTag and aws:TagKeys too (list_amazonpinpoint.html).
    conditionKeys: async (i, ctx) => ({
      ...(await onTypedSegment.conditionKeys(i, ctx)),
      ...requestTagKeys(i.WriteSegmentRequest?.tags),
    }),
    handler(input, ctx) {
      const i = { ...idsOf(input), write: writeOf(input.WriteSegmentRequest) };
      const scope = scopeOf(ctx);
      return deps.store.transaction(async () => {
        // Updates of one app take turns (PostgreSQL runs them side by side at READ COMMITTED): two
        // at once would both read the same Version and one would be lost.
        await deps.store.holdApp(scope, i.appId);
        const before = await requireSegment(deps, scope, i.appId, i.segmentId);
        await checkSources(scope, i.appId, i.write, i.segmentId);
        // A write replaces the criteria: the dimensions or the groups it gives, and a name only
        // when it gives one. Every update is a new version; the earlier ones are kept.
        const given = i.write.Dimensions !== undefined || i.write.SegmentGroups !== undefined;
        // Pinpost's wording: an imported segment is "an unchanging set of endpoints or user IDs"
        // (userguide/segments-importing.html); criteria would be ignored, so they are refused.
        if (given && before.SegmentType === 'IMPORT') {
          throw badRequest('An imported segment takes no Dimensions or SegmentGroups');
        }
        const doc: SegmentDoc = {
          ...before,
          ...(i.write.Name === undefined ? {} : { Name: i.write.Name }),
          Version: before.Version + 1,
          LastModifiedDate: deps.clock().toISOString(),
          tags: i.write.tags ?? before.tags,
        };
        if (given) {
          delete doc.Dimensions;
          delete doc.SegmentGroups;
          if (i.write.Dimensions) doc.Dimensions = i.write.Dimensions;
          if (i.write.SegmentGroups) doc.SegmentGroups = i.write.SegmentGroups;
        }
        await saveVersion(deps, scope, doc);
        return { SegmentResponse: segmentResponse(doc, doc.tags) };
      });
    },
  });

  const remove = defineOperation<InputOf<'DeleteSegment'>, OutputOf<'DeleteSegment'>>({
    name: 'DeleteSegment',
    action: 'mobiletargeting:DeleteSegment',
    ...onTypedSegment,
    handler(input, ctx) {
      const i = idsOf(input);
      const scope = scopeOf(ctx);
      return deps.store.transaction(async () => {
        const doc = await requireSegment(deps, scope, i.appId, i.segmentId);
        await deps.store.delete(scope, i.appId, 'segment', i.segmentId);
        await deps.store.deleteVersions(scope, i.appId, 'segment-version', i.segmentId);
        await deps.members.deleteSegment(scope, i.appId, i.segmentId);
        return { SegmentResponse: segmentResponse(doc, doc.tags) };
      });
    },
  });

  const versions = defineOperation<InputOf<'GetSegmentVersions'>, OutputOf<'GetSegmentVersions'>>({
    name: 'GetSegmentVersions',
    action: 'mobiletargeting:GetSegmentVersions',
    ...onTypedSegment,
    async handler(input, ctx) {
      const i = { ...idsOf(input), pageSize: pageSize(input.PageSize), token: input.Token };
      const scope = scopeOf(ctx);
      const current = await requireSegment(deps, scope, i.appId, i.segmentId);
      const size = i.pageSize ?? DEFAULT_PAGE_SIZE;
      // Oldest first; the token is the last version number of the page before.
      const after = i.token === undefined ? 0 : Number(i.token);
      if (!Number.isInteger(after) || after < 0) throw badRequest(`Invalid token: ${i.token}`);
      const all = (
        await deps.store.versions<SegmentDoc>(scope, i.appId, 'segment-version', i.segmentId)
      ).filter((d) => d.Version > after);
      const items = all.slice(0, size).map((d) => segmentResponse(d, current.tags));
      const next = all.length > size ? String(items[items.length - 1].Version) : undefined;
      return { SegmentsResponse: { Item: items, NextToken: next } };
    },
  });

  const version = defineOperation<InputOf<'GetSegmentVersion'>, OutputOf<'GetSegmentVersion'>>({
    name: 'GetSegmentVersion',
    action: 'mobiletargeting:GetSegmentVersion',
    ...onTypedSegment,
    async handler(input, ctx) {
      const i = { ...idsOf(input), version: input.Version };
      const scope = scopeOf(ctx);
      const current = await requireSegment(deps, scope, i.appId, i.segmentId);
      const n = Number(i.version);
      if (!/^\d+$/.test(i.version) || n < 1) throw badRequest(`Invalid version: ${i.version}`);
      const doc = await segmentVersion(deps.store, scope, i.appId, i.segmentId, n);
      if (!doc) throw notFound(RESOURCE_NOT_FOUND);
      return { SegmentResponse: segmentResponse(doc, current.tags) };
    },
  });

  return [create, list, get, update, remove, versions, version];
}
