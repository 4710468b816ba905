/**
 * Export jobs: CreateExportJob (202), GetExportJob, GetExportJobs, GetSegmentExportJobs
 * (apireference/apps-application-id-jobs-export.html, apps-application-id-jobs-export-job-id.html,
 * apps-application-id-segments-segment-id-jobs-export.html); export-runner.ts writes the files.
 *
 * Authorization (list_amazonpinpoint.html), as for import jobs: CreateExportJob and GetExportJobs
 * on the app (`app*`), GetExportJob on the job (`export-job*`, `apps/<app>/jobs/export/<job>`),
 * GetSegmentExportJobs on the segment (`segment*`). CreateExportJob passes RoleArn to Pinpoint, so
 * the caller also needs iam:PassRole on that role, as for CreateImportJob.
 */
import { parseS3Url } from '../../../net/index.js';
import type { Jobs } from '../../../jobs/index.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { onApplication, requireApp } from '../apps.js';
import { PASSED_TO_SERVICE } from '../email-channel.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { scopeOf } from '../input.js';
import { enqueueExport, type ExportJobDoc, type ExportJobResource } from './export-runner.js';
import { jobReadOperations } from './job-read-operations.js';
import { segmentVersion } from './resolver.js';
import { newId, type SegmentDeps } from './segment-operations.js';
import type { ExportJobRequest, InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

export interface ExportJobDeps extends SegmentDeps {
  /** Where a created job is queued (export-runner.ts runs it). */
  jobs: Jobs;
}

/**
 * ExportJobRequest: RoleArn and S3UrlPrefix required (the model's check refuses them absent, this
 * one empty); S3UrlPrefix "in the following format: s3://bucket-name/folder-name/".
 * BadRequestException as for any invalid request value; the texts are Pinpost's.
 */
function exportJobRequest(body: Partial<ExportJobRequest>): ExportJobResource {
  const url = body.S3UrlPrefix;
  if (!url) throw badRequest('Missing S3UrlPrefix');
  if (!parseS3Url(url))
    throw badRequest(
      `Invalid S3UrlPrefix: ${url}. The URL should be in the following format: s3://bucket-name/folder-name/`,
    );
  const role = body.RoleArn;
  if (!role) throw badRequest('Missing RoleArn');
  const out: ExportJobResource = { RoleArn: role, S3UrlPrefix: url };
  const segment = body.SegmentId;
  if (segment !== undefined) out.SegmentId = segment;
  const version = body.SegmentVersion;
  if (version !== undefined) {
    if (segment === undefined) throw badRequest('SegmentVersion requires a SegmentId');
    out.SegmentVersion = version;
  }
  return out;
}

export function exportJobOperations(deps: ExportJobDeps): OperationSpec[] {
  // The body is read once authorized: Pinpoint authorizes a request before it reads it.
  const create = defineOperation<InputOf<'CreateExportJob'>, OutputOf<'CreateExportJob'>>({
    name: 'CreateExportJob',
    action: 'mobiletargeting:CreateExportJob',
    ...onApplication(deps),
    async handler(input, ctx: RequestContext) {
      const def = exportJobRequest(input.ExportJobRequest ?? {});
      const i = { appId: input.ApplicationId };
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.appId);
      if (def.SegmentId !== undefined) {
        const seg = await segmentVersion(deps.store, scope, i.appId, def.SegmentId, def.SegmentVersion);
        if (!seg) throw notFound(RESOURCE_NOT_FOUND);
      }
      await ctx.authorizeAlso?.('iam:PassRole', [def.RoleArn], {
        'iam:PassedToService': { values: [PASSED_TO_SERVICE], list: false },
      });
      const doc: ExportJobDoc = {
        Id: newId(),
        ApplicationId: i.appId,
        CreationDate: deps.clock().toISOString(),
        Definition: def,
        JobStatus: 'CREATED',
        Type: 'EXPORT',
        TotalPieces: 0,
        CompletedPieces: 0,
        FailedPieces: 0,
        TotalProcessed: 0,
        TotalFailures: 0,
        Failures: [],
      };
      await deps.store.transaction(async () => {
        await deps.store.put(scope, i.appId, 'export-job', doc.Id, doc);
        await enqueueExport(deps.jobs, { ...scope, appId: i.appId, jobId: doc.Id }, deps.clock());
      });
      return { ExportJobResponse: doc };
    },
  });

  return [
    create,
    ...jobReadOperations(deps, 'Export', {
      one: (job: ExportJobDoc): OutputOf<'GetExportJob'> => ({ ExportJobResponse: job }),
      many: (Item: ExportJobDoc[], NextToken): OutputOf<'GetExportJobs'> => ({
        ExportJobsResponse: { Item, NextToken },
      }),
    }),
  ];
}
