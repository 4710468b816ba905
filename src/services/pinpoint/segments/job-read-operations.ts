/**
 * Reading import and export jobs: Get<Way>Job, Get<Way>Jobs and GetSegment<Way>Jobs answer alike
 * (apireference/apps-application-id-jobs-import.html, apps-application-id-jobs-export.html and
 * their job-id and segment pages); only the words, the document kind and the job ARN's path differ.
 *
 * Authorization (list_amazonpinpoint.html): Get<Way>Jobs on the app (`app*`), Get<Way>Job on the
 * job (`apps/<app>/jobs/<way>/<job>`), GetSegment<Way>Jobs on the segment (`segment*`).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { onApplication, requireApp } from '../apps.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { pageSize, pinpointArn, resourceTagKeys, scopeOf } from '../input.js';
import type { Scope } from '../store.js';
import type { SegmentDoc } from './model.js';
import { segmentArn, type SegmentDeps } from './segment-operations.js';

/** Page size when none is asked for (Pinpost's: every job fits a page). */
const DEFAULT_PAGE_SIZE = 1000;

/** A list's page-size and token (the offset this server handed out), as the model types them. */
export function pageOf(i: { PageSize?: string; Token?: string }) {
  const n = pageSize(i.PageSize);
  const token = i.Token;
  const offset = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest(`Invalid token: ${token}`);
  return { pageSize: n, offset };
}

export type Page = ReturnType<typeof pageOf>;

/** A job list's model-typed input (Get<Way>Jobs; GetSegment<Way>Jobs adds SegmentId). */
interface JobsInput {
  ApplicationId: string;
  PageSize?: string;
  Token?: string;
}

/** The page is refused before authorization, as the reading of the query string it replaces did. */
const checkPage = (i: JobsInput): void => void pageOf(i);

interface JobDoc {
  Id: string;
  CreationDate: string;
  Definition: { SegmentId?: string };
}

/**
 * How a way's responses wrap its jobs (`{ImportJobResponse: job}`, `{ExportJobsResponse: {Item}}`):
 * the caller gives them typed as its operations' generated outputs.
 */
export interface JobOutputs<D, One, Many> {
  one(job: D): One;
  many(items: D[], next: string | undefined): Many;
}

export function jobReadOperations<D extends JobDoc, One, Many>(
  deps: SegmentDeps,
  way: 'Import' | 'Export',
  outputs: JobOutputs<D, One, Many>,
): OperationSpec[] {
  const lower = way.toLowerCase() as 'import' | 'export';
  const kind = `${lower}-job` as const;
  const base = `/v1/apps/{application-id}/jobs/${lower}`;
  const query = { PageSize: 'page-size', Token: 'token' };

  /** Newest first, as a list of what ran lately reads best (Pinpost's order; AWS documents none). */
  async function jobs(scope: Scope, appId: string, keep: (j: D) => boolean, page: Page) {
    const all = (await deps.store.list<D>(scope, appId, kind))
      .map((r) => r.doc)
      .filter(keep)
      .sort((a, b) => b.CreationDate.localeCompare(a.CreationDate) || a.Id.localeCompare(b.Id));
    const size = page.pageSize ?? DEFAULT_PAGE_SIZE;
    const items = all.slice(page.offset, page.offset + size);
    const next = page.offset + size < all.length ? String(page.offset + size) : undefined;
    return outputs.many(items, next);
  }

  const get = defineOperation<{ ApplicationId: string; JobId: string }, One>({
    name: `Get${way}Job`,
    action: `mobiletargeting:Get${way}Job`,
    http: { method: 'GET', path: `${base}/{job-id}` },
    output: { payload: `${way}JobResponse` },
    resources: (i, ctx) => [pinpointArn(scopeOf(ctx), `apps/${i.ApplicationId}/jobs/${lower}/${i.JobId}`)],
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.ApplicationId);
      const doc = (await deps.store.get<D>(scope, i.ApplicationId, kind, i.JobId))?.doc;
      if (!doc) throw notFound(RESOURCE_NOT_FOUND);
      return outputs.one(doc);
    },
  });

  const list = defineOperation<JobsInput, Many>({
    name: `Get${way}Jobs`,
    action: `mobiletargeting:Get${way}Jobs`,
    http: { method: 'GET', path: base, query },
    output: { payload: `${way}JobsResponse` },
    check: checkPage,
    ...onApplication(deps),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.ApplicationId);
      return jobs(scope, i.ApplicationId, () => true, pageOf(i));
    },
  });

  const ofSegment = defineOperation<JobsInput & { SegmentId: string }, Many>({
    name: `GetSegment${way}Jobs`,
    action: `mobiletargeting:GetSegment${way}Jobs`,
    http: { method: 'GET', path: `/v1/apps/{application-id}/segments/{segment-id}/jobs/${lower}`, query },
    output: { payload: `${way}JobsResponse` },
    check: checkPage,
    resources: (i, ctx) => [segmentArn(scopeOf(ctx), i.ApplicationId, i.SegmentId)],
    conditionKeys: async (i, ctx) =>
      resourceTagKeys(
        (await deps.store.get<SegmentDoc>(scopeOf(ctx), i.ApplicationId, 'segment', i.SegmentId))?.doc.tags,
      ),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.ApplicationId);
      // The segment of an import still running does not exist yet; its jobs are listed all the same.
      return jobs(scope, i.ApplicationId, (j) => j.Definition.SegmentId === i.SegmentId, pageOf(i));
    },
  });

  return [get, list, ofSegment];
}
