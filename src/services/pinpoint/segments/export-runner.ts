/**
 * Runs export jobs in the background: each is a `pinpoint-export-job` job of the one job mechanism
 * (src/jobs; key = the export job's id), enqueued by CreateExportJob in the transaction that stores
 * it. A job goes CREATED → PROCESSING → COMPLETED, or FAILED when its role cannot be assumed or a
 * piece could not be written ("The job status is FAILED if Amazon Pinpoint wasn't able to process
 * one or more pieces in the job", ExportJobResponse.JobStatus).
 *
 * What is written (developerguide/audience-data-export.html): the endpoint definitions of the
 * segment version (every endpoint of the app when the job names no segment), one EndpointResponse
 * per line as GetEndpoint returns it (newline-delimited JSON), under `S3UrlPrefix`. AWS documents
 * neither the objects' names nor their size; Pinpost's choice: `<prefix>/<job-id>/part-<n>.json`
 * (n from 00001), at most 10,000 endpoints per object, each object one piece
 * (ExportJobResponse.TotalPieces). A piece is known once it fills or the endpoints end, so
 * TotalPieces grows while the job runs and is final when it has finished.
 *
 * Writing goes through the one guarded writer (src/net/import-root-writer.ts): the bucket is a
 * folder that already exists under the import root, key segments are plain names, no link is
 * followed out of the root, and a file is created new. Before anything is read,
 * `pinpoint.amazonaws.com` assumes the job's RoleArn, as for import jobs (service-role.ts).
 *
 * A job that is run again (its process stopped) starts over; a piece already written by its earlier
 * run (the key holds the job's own id, so no other writer makes it) is counted as written.
 */
import type { JobContext, JobOutcome, Jobs } from '../../../jobs/index.js';
import type { JobKind } from '../../../jobs/kinds.js';
import { parseS3Url } from '../../../net/index.js';
import { writeObject } from '../../../net/import-root-writer.js';
import { isAwsError } from '../../../wire/errors.js';
import type { EndpointDoc } from '../endpoints.js';
import type { SegmentResolver } from '../ports.js';
import type { PinpointStore, Scope } from '../store.js';

export const EXPORT: JobKind = 'pinpoint-export-job';

/** Endpoints per object (Pinpost's choice; AWS documents none). */
export const PIECE_ENDPOINTS = 10_000;
/** "one for each of the first 100 entries that weren't processed successfully" (ExportJobResponse). */
const MAX_FAILURES = 100;

export type ExportJobStatus = 'CREATED' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** ExportJobResource (pinpoint/2016-12-01). */
export interface ExportJobResource {
  RoleArn: string;
  S3UrlPrefix: string;
  SegmentId?: string;
  SegmentVersion?: number;
}

/** The stored job (kind `export-job`, key = job id), in ExportJobResponse's shape. */
export interface ExportJobDoc {
  Id: string;
  ApplicationId: string;
  CreationDate: string;
  CompletionDate?: string;
  Definition: ExportJobResource;
  JobStatus: ExportJobStatus;
  Type: 'EXPORT';
  TotalPieces: number;
  CompletedPieces: number;
  FailedPieces: number;
  TotalProcessed: number;
  TotalFailures: number;
  Failures: string[];
}

export interface QueuedExport {
  account: string;
  region: string;
  appId: string;
  jobId: string;
}

export interface ExportRunnerDeps {
  store: PinpointStore;
  clock: () => Date;
  /** Who is in a segment version (resolver.ts). */
  segments: SegmentResolver;
  /** The import root's folder, read at call time. */
  importRoot: () => string;
  /** Has Pinpoint assume the job's role (service-role.ts); rejects with STS's AwsError. */
  assumeRole(job: { scope: Scope; appId: string; jobId: string; roleArn: string }): Promise<void>;
}

/** Queues an export job, in the transaction that stores its document. */
export async function enqueueExport(jobs: Jobs, job: QueuedExport, now: Date): Promise<void> {
  await jobs.enqueue({ kind: EXPORT, key: job.jobId, payload: job, runAt: now.getTime() }, now.getTime());
}

/** A failure whose text the job's Failures may show. */
class ExportFailure extends Error {}

/** The line GetEndpoint would answer for an endpoint (endpoints.ts, `output`). */
const lineOf = (appId: string, e: EndpointDoc) => JSON.stringify({ ApplicationId: appId, ...e });

export function registerExportRunner(deps: ExportRunnerDeps, jobs: Jobs): void {
  const { store } = deps;

  /** Saves the job's progress unless its app is gone (DeleteApp deleted the job with it). */
  const save = (scope: Scope, doc: ExportJobDoc) =>
    store.transaction(async () => {
      if (!(await store.holdApp(scope, doc.ApplicationId))) return false;
      await store.put(scope, doc.ApplicationId, 'export-job', doc.Id, doc);
      return true;
    });

  async function* endpointsOf(scope: Scope, doc: ExportJobDoc): AsyncGenerator<EndpointDoc> {
    const def = doc.Definition;
    if (def.SegmentId === undefined) {
      for await (const row of store.iterate<EndpointDoc>(scope, doc.ApplicationId, 'endpoint')) yield row.doc;
      return;
    }
    const members = await deps.segments.members(scope, doc.ApplicationId, def.SegmentId, def.SegmentVersion);
    if (members === undefined) throw new ExportFailure(`Segment ${def.SegmentId} no longer exists`);
    yield* members;
  }

  async function run(q: QueuedExport, ctx: JobContext): Promise<JobOutcome> {
    const scope: Scope = { account: q.account, region: q.region };
    const stored = (await store.get<ExportJobDoc>(scope, q.appId, 'export-job', q.jobId))?.doc;
    if (!stored || stored.JobStatus === 'COMPLETED' || stored.JobStatus === 'FAILED') return;
    const doc: ExportJobDoc = {
      ...stored,
      JobStatus: 'PROCESSING',
      TotalPieces: 0,
      CompletedPieces: 0,
      FailedPieces: 0,
      TotalProcessed: 0,
      TotalFailures: 0,
      Failures: [],
    };
    if (!(await save(scope, doc))) return;
    const fail = (message: string) => {
      if (doc.Failures.length < MAX_FAILURES) doc.Failures.push(message);
    };
    const location = parseS3Url(doc.Definition.S3UrlPrefix)!;
    const root = deps.importRoot();
    let n = 0;
    let failed = false;
    const writePiece = async (lines: string[]) => {
      n++;
      doc.TotalPieces++;
      doc.TotalProcessed += lines.length;
      const key = [...location.segments, doc.Id, `part-${String(n).padStart(5, '0')}.json`].join('/');
      const url = `s3://${location.bucket}/${key}`;
      const written = await writeObject(
        root,
        location.bucket,
        key,
        Buffer.from(`${lines.join('\n')}\n`),
      ).catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? key : e));
      if (typeof written === 'string') doc.CompletedPieces++;
      else {
        doc.FailedPieces++;
        doc.TotalFailures += lines.length;
        // Pinpost's wording: S3's NoSuchBucket for a missing bucket folder; a key the root refuses.
        fail(
          written === undefined
            ? `${url} could not be written: the bucket does not exist or the key leaves it`
            : `${url} could not be written (${written.code ?? 'error'})`,
        );
      }
      return save(scope, doc);
    };
    try {
      await deps.assumeRole({ scope, appId: q.appId, jobId: q.jobId, roleArn: doc.Definition.RoleArn });
      let lines: string[] = [];
      for await (const e of endpointsOf(scope, doc)) {
        if (ctx.signal.aborted) return { runAt: deps.clock().getTime() };
        lines.push(lineOf(doc.ApplicationId, e));
        if (lines.length === PIECE_ENDPOINTS) {
          if (!(await writePiece(lines))) return;
          lines = [];
        }
      }
      if (lines.length > 0 && !(await writePiece(lines))) return;
    } catch (e) {
      if (ctx.signal.aborted) return { runAt: deps.clock().getTime() };
      failed = true;
      // STS's text for a role Pinpoint cannot assume; any other error's text is not shown.
      fail(isAwsError(e) || e instanceof ExportFailure ? e.message : 'The export could not be completed');
    }
    doc.JobStatus = failed || doc.FailedPieces > 0 ? 'FAILED' : 'COMPLETED';
    doc.CompletionDate = deps.clock().toISOString();
    await store.transaction(async () => {
      await save(scope, doc);
      await ctx.complete();
    });
  }

  jobs.register<QueuedExport>({
    kind: EXPORT,
    concurrency: 2,
    run: (job, ctx) => run(job.payload, ctx),
  });
}
