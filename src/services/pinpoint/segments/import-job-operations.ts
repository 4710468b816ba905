/**
 * Import jobs: CreateImportJob (201), GetImportJob, GetImportJobs, GetSegmentImportJobs
 * (apireference/apps-application-id-jobs-import.html, apps-application-id-jobs-import-job-id.html,
 * apps-application-id-segments-segment-id-jobs-import.html).
 *
 * Authorization (list_amazonpinpoint.html): CreateImportJob and GetImportJobs on the app (`app*`),
 * GetImportJob on the job (`import-job*`, `apps/<app>/jobs/import/<job>`), GetSegmentImportJobs on
 * the segment (`segment*`). CreateImportJob passes RoleArn to Pinpoint, so the caller also needs
 * iam:PassRole on that role ("API operations defined by Amazon Pinpoint": CreateImportJob →
 * iam:PassRole with iam:PassedToService), evaluated like the email channel's roles; that table gives
 * `mobiletargeting.amazonaws.com` as the PassedToService value.
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { onApp, requireApp } from '../apps.js';
import { PASSED_TO_SERVICE } from '../email-channel.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import {
  bool,
  label,
  pageSizeOf,
  payload,
  pinpointArn,
  type Raw,
  resourceTagKeys,
  scopeOf,
  str,
} from '../input.js';
import type { Scope } from '../store.js';
import type { Jobs } from '../../../jobs/index.js';
import { enqueueImport, type ImportJobDoc, type ImportJobResource } from './import-runner.js';
import { checkLocation, type Format } from './import-source.js';
import type { SegmentDoc } from './model.js';
import { newId, segmentArn, type SegmentDeps } from './segment-operations.js';

export interface ImportJobDeps extends SegmentDeps {
  /** Where a created job is queued (import-runner.ts runs it). */
  jobs: Jobs;
}

const FORMATS: readonly Format[] = ['CSV', 'JSON'];
/** Page size when none is asked for (Pinpost's: every job fits a page). */
const DEFAULT_PAGE_SIZE = 1000;

export function pageOf(raw: Raw) {
  const n = pageSizeOf(raw);
  const token = str(raw, 'Token');
  const offset = token === undefined ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) throw badRequest(`Invalid token: ${token}`);
  return { pageSize: n, offset };
}

export type Page = ReturnType<typeof pageOf>;

/** Required members of ImportJobRequest (Format, S3Url, RoleArn); the texts are Pinpost's. */
function importJobRequest(body: Raw): ImportJobResource {
  const format = str(body, 'Format');
  if (!format) throw badRequest('Missing Format');
  if (!FORMATS.includes(format as Format))
    throw badRequest(`Invalid Format: ${format}. Valid values: CSV, JSON`);
  const url = str(body, 'S3Url');
  if (!url) throw badRequest('Missing S3Url');
  checkLocation(url);
  const role = str(body, 'RoleArn');
  if (!role) throw badRequest('Missing RoleArn');
  const out: ImportJobResource = { Format: format as Format, S3Url: url, RoleArn: role };
  const define = bool(body, 'DefineSegment');
  if (define !== undefined) out.DefineSegment = define;
  const register = bool(body, 'RegisterEndpoints');
  if (register !== undefined) out.RegisterEndpoints = register;
  for (const k of ['ExternalId', 'SegmentId', 'SegmentName'] as const) {
    const v = str(body, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function importJobOperations(deps: ImportJobDeps): OperationSpec[] {
  const app = onApp(deps);
  const base = '/v1/apps/{application-id}/jobs/import';
  const query = { PageSize: 'page-size', Token: 'token' };

  /** Newest first, as a list of what ran lately reads best (Pinpost's order; AWS documents none). */
  async function jobs(scope: Scope, appId: string, keep: (j: ImportJobDoc) => boolean, page: Page) {
    const all = (await deps.store.list<ImportJobDoc>(scope, appId, 'import-job'))
      .map((r) => r.doc)
      .filter(keep)
      .sort((a, b) => b.CreationDate.localeCompare(a.CreationDate) || a.Id.localeCompare(b.Id));
    const size = page.pageSize ?? DEFAULT_PAGE_SIZE;
    const items = all.slice(page.offset, page.offset + size);
    const next = page.offset + size < all.length ? String(page.offset + size) : undefined;
    return { ImportJobsResponse: { Item: items, NextToken: next } };
  }

  const create = defineOperation<{ appId: string; def: ImportJobResource }, unknown>({
    name: 'CreateImportJob',
    action: 'mobiletargeting:CreateImportJob',
    http: { method: 'POST', path: base, successCode: 201, payload: 'ImportJobRequest' },
    output: { payload: 'ImportJobResponse' },
    parse: (raw) => ({
      appId: label(raw, 'application-id'),
      def: importJobRequest(payload(raw, 'ImportJobRequest')),
    }),
    ...app,
    async handler(i, ctx: RequestContext) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.appId);
      const def = { ...i.def };
      if (def.SegmentId) {
        const target = (await deps.store.get<SegmentDoc>(scope, i.appId, 'segment', def.SegmentId))?.doc;
        if (!target) throw notFound(RESOURCE_NOT_FOUND);
        // Pinpost's wording: imports add to imported segments; a dimensional one has no members.
        if (target.SegmentType !== 'IMPORT') {
          throw badRequest(`Segment ${def.SegmentId} is not an imported segment`);
        }
      } else if (def.DefineSegment) {
        def.SegmentId = newId();
      }
      await ctx.authorizeAlso?.('iam:PassRole', [def.RoleArn], {
        'iam:PassedToService': { values: [PASSED_TO_SERVICE], list: false },
      });
      const doc: ImportJobDoc = {
        Id: newId(),
        ApplicationId: i.appId,
        CreationDate: deps.clock().toISOString(),
        Definition: def,
        JobStatus: 'CREATED',
        Type: 'IMPORT',
        TotalPieces: 0,
        CompletedPieces: 0,
        FailedPieces: 0,
        TotalProcessed: 0,
        TotalFailures: 0,
        Failures: [],
      };
      const queued = { ...scope, appId: i.appId, jobId: doc.Id };
      await deps.store.transaction(async () => {
        await deps.store.put(scope, i.appId, 'import-job', doc.Id, doc);
        await enqueueImport(deps.jobs, queued, deps.clock());
      });
      return { ImportJobResponse: doc };
    },
  });

  const get = defineOperation<{ appId: string; jobId: string }, unknown>({
    name: 'GetImportJob',
    action: 'mobiletargeting:GetImportJob',
    http: { method: 'GET', path: `${base}/{job-id}` },
    output: { payload: 'ImportJobResponse' },
    parse: (raw) => ({ appId: label(raw, 'application-id'), jobId: label(raw, 'job-id') }),
    resources: (i, ctx) => [pinpointArn(scopeOf(ctx), `apps/${i.appId}/jobs/import/${i.jobId}`)],
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.appId);
      const doc = (await deps.store.get<ImportJobDoc>(scope, i.appId, 'import-job', i.jobId))?.doc;
      if (!doc) throw notFound(RESOURCE_NOT_FOUND);
      return { ImportJobResponse: doc };
    },
  });

  const list = defineOperation<{ appId: string; page: Page }, unknown>({
    name: 'GetImportJobs',
    action: 'mobiletargeting:GetImportJobs',
    http: { method: 'GET', path: base, query },
    output: { payload: 'ImportJobsResponse' },
    parse: (raw) => ({ appId: label(raw, 'application-id'), page: pageOf(raw) }),
    ...app,
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.appId);
      return jobs(scope, i.appId, () => true, i.page);
    },
  });

  const ofSegment = defineOperation<{ appId: string; segmentId: string; page: Page }, unknown>({
    name: 'GetSegmentImportJobs',
    action: 'mobiletargeting:GetSegmentImportJobs',
    http: { method: 'GET', path: '/v1/apps/{application-id}/segments/{segment-id}/jobs/import', query },
    output: { payload: 'ImportJobsResponse' },
    parse: (raw) => ({
      appId: label(raw, 'application-id'),
      segmentId: label(raw, 'segment-id'),
      page: pageOf(raw),
    }),
    resources: (i, ctx) => [segmentArn(scopeOf(ctx), i.appId, i.segmentId)],
    conditionKeys: async (i, ctx) =>
      resourceTagKeys(
        (await deps.store.get<SegmentDoc>(scopeOf(ctx), i.appId, 'segment', i.segmentId))?.doc.tags,
      ),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.appId);
      // The segment of a job still running does not exist yet; its jobs are listed all the same.
      return jobs(scope, i.appId, (j) => j.Definition.SegmentId === i.segmentId, i.page);
    },
  });

  return [create, get, list, ofSegment];
}
