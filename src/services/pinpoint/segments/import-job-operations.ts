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
import { onApplication, requireApp } from '../apps.js';
import { PASSED_TO_SERVICE } from '../email-channel.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { scopeOf } from '../input.js';
import type { Jobs } from '../../../jobs/index.js';
import { jobReadOperations } from './job-read-operations.js';
import { enqueueImport, type ImportJobDoc, type ImportJobResource } from './import-runner.js';
import { checkLocation, type Format } from './import-source.js';
import type { SegmentDoc } from './model.js';
import { newId, type SegmentDeps } from './segment-operations.js';
import type { ImportJobRequest, InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

export interface ImportJobDeps extends SegmentDeps {
  /** Where a created job is queued (import-runner.ts runs it). */
  jobs: Jobs;
}

const FORMATS: readonly Format[] = ['CSV', 'JSON'];

/**
 * Required members of ImportJobRequest (Format, S3Url, RoleArn: the model's check refuses them
 * absent, this one empty) and the Format enum, which the model's check of a Pinpoint body leaves
 * out; the texts are Pinpost's.
 */
function importJobRequest(body: Partial<ImportJobRequest>): ImportJobResource {
  const format = body.Format;
  if (!format) throw badRequest('Missing Format');
  if (!FORMATS.includes(format)) throw badRequest(`Invalid Format: ${format}. Valid values: CSV, JSON`);
  const url = body.S3Url;
  if (!url) throw badRequest('Missing S3Url');
  checkLocation(url);
  const role = body.RoleArn;
  if (!role) throw badRequest('Missing RoleArn');
  const out: ImportJobResource = { Format: format, S3Url: url, RoleArn: role };
  if (body.DefineSegment !== undefined) out.DefineSegment = body.DefineSegment;
  if (body.RegisterEndpoints !== undefined) out.RegisterEndpoints = body.RegisterEndpoints;
  for (const k of ['ExternalId', 'SegmentId', 'SegmentName'] as const) {
    const v = body[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function importJobOperations(deps: ImportJobDeps): OperationSpec[] {
  const create = defineOperation<InputOf<'CreateImportJob'>, OutputOf<'CreateImportJob'>>({
    name: 'CreateImportJob',
    action: 'mobiletargeting:CreateImportJob',
    ...onApplication(deps),
    async handler(input, ctx: RequestContext) {
      // Read once authorized, as Pinpoint reads a body.
      const i = { appId: input.ApplicationId, def: importJobRequest(input.ImportJobRequest ?? {}) };
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

  return [
    create,
    ...jobReadOperations(deps, 'Import', {
      one: (job: ImportJobDoc): OutputOf<'GetImportJob'> => ({ ImportJobResponse: job }),
      many: (Item: ImportJobDoc[], NextToken): OutputOf<'GetImportJobs'> => ({
        ImportJobsResponse: { Item, NextToken },
      }),
    }),
  ];
}
