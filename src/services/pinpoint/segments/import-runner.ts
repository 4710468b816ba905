/**
 * Runs import jobs in the background: each is an `import-job` job of the one job mechanism
 * (src/jobs; key = the import job's id), enqueued by CreateImportJob in the transaction that stores
 * it, and run by whichever process claims it — at most four at once in a process, and at most two
 * of one account ("You can run up to two concurrent import jobs per AWS account",
 * developerguide/audience-define-import.html; counted per process: a cluster of n processes may run
 * 2n of one account's jobs at once). A job goes CREATED → INITIALIZING (assuming its role, finding its files) → PROCESSING (each file a
 * piece, its lines written in batches) → COMPLETED, or FAILED when the role cannot be assumed, the
 * location cannot be read, or a piece could not be processed ("The job status is FAILED if Amazon
 * Pinpoint wasn't able to process one or more pieces in the job", ImportJobResponse.JobStatus).
 * Lines that fail count in TotalFailures, the first 100 in Failures; the other lines still import.
 *
 * Before anything is read, `pinpoint.amazonaws.com` assumes the job's RoleArn as AWS does
 * (service-role.ts): a role that does not exist or does not trust Pinpoint fails the job with STS's
 * text and nothing is read. Reading goes through src/net/ only, within the job's 1 GB budget, and
 * stops on the job's deadline (the job fails) or the server stopping (the job stays queued).
 * Failures say what failed (a status, a limit, a line and column), never what was read.
 *
 * Durability (Pinpost's choice): the job stays among the jobs until it finishes, and leaves them in
 * the transaction that marks it finished. A process that stops mid-job hands it back, and one that
 * is killed leaves it to another once its lease runs out; whoever takes it runs it again from its
 * first line, counters reset. That is safe because an import only upserts endpoints and adds
 * segment members, which a second pass writes identically (new endpoints without an Id get an id
 * derived from the job and line).
 */
import { setImmediate as yieldToServer } from 'node:timers/promises';
import type { JobContext, JobOutcome, Jobs } from '../../../jobs/index.js';
import type { JobKind } from '../../../jobs/kinds.js';
import { ByteBudget, isEgressError, type Egress } from '../../../net/index.js';
import { isAwsError } from '../../../wire/errors.js';
import { upsertEndpoints, type EndpointDoc, type EndpointItem } from '../endpoints.js';
import type { PinpointStore, Scope } from '../store.js';
import { linesOf, LineError } from './import-lines.js';
import { csvReader, derivedId, HeaderError, jsonReader, type ImportRow } from './import-rows.js';
import { MAX_JOB_BYTES, piecesAt, type Format, type Piece } from './import-source.js';
import type { Member, QueuedJob, SegmentMembers } from './members.js';
import type { ImportDefinition, SegmentDoc } from './model.js';
import { saveVersion, segmentArn, type SegmentDeps } from './segment-operations.js';

export type JobStatus = 'CREATED' | 'INITIALIZING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** ImportJobResource (pinpoint/2016-12-01). */
export interface ImportJobResource {
  Format: Format;
  S3Url: string;
  RoleArn: string;
  DefineSegment?: boolean;
  ExternalId?: string;
  RegisterEndpoints?: boolean;
  SegmentId?: string;
  SegmentName?: string;
}

/** The stored job (kind `import-job`, key = job id), in ImportJobResponse's shape. */
export interface ImportJobDoc {
  Id: string;
  ApplicationId: string;
  CreationDate: string;
  CompletionDate?: string;
  Definition: ImportJobResource;
  JobStatus: JobStatus;
  Type: 'IMPORT';
  TotalPieces: number;
  CompletedPieces: number;
  FailedPieces: number;
  TotalProcessed: number;
  TotalFailures: number;
  Failures: string[];
}

/** "one for each of the first 100 entries that weren't processed successfully" (ImportJobResponse). */
const MAX_FAILURES = 100;
/** Lines written per transaction; between batches the server answers other requests. */
const BATCH = 500;
/** Pinpost's bound on one line (an endpoint definition); a longer line fails its file. */
const MAX_LINE_CHARS = 1024 * 1024;

export const IMPORT: JobKind = 'import-job';

export interface RunnerOptions {
  /** Import jobs running at once in this process. */
  concurrency: number;
  /** Of one account, in this process. */
  perAccount: number;
  /** A job still running after this long (real time) fails. */
  jobTimeoutMs: number;
}

/**
 * Pinpost's defaults: four jobs at once in a process, two per account (AWS's per-account quota), an
 * hour per job.
 */
export const RUNNER_DEFAULTS: RunnerOptions = { concurrency: 4, perAccount: 2, jobTimeoutMs: 3600_000 };

/** How long (one clock) a job of an account at its quota waits before it is claimed again. */
const QUOTA_RETRY_MS = 1000;

/** Queues an import job, in the transaction that stores its document. */
export async function enqueueImport(jobs: Jobs, job: QueuedJob, now: Date): Promise<void> {
  await jobs.enqueue({ kind: IMPORT, key: job.jobId, payload: job, runAt: now.getTime() }, now.getTime());
}

export interface RunnerDeps {
  store: PinpointStore;
  members: SegmentMembers;
  clock: () => Date;
  /** Told of the new version of the segment a job defines or updates (SegmentDeps). */
  versioned?: SegmentDeps['versioned'];
  /** The guarded path to the import root and to http(s) sources; read at call time. */
  egress: () => Egress;
  /** Has Pinpoint assume the job's role (service-role.ts); rejects with STS's AwsError. */
  assumeRole(job: { scope: Scope; appId: string; jobId: string; roleArn: string }): Promise<void>;
}

interface Progress {
  doc: ImportJobDoc;
  imported: number;
  channels: Record<string, number>;
}

/** The job's app was deleted while the job ran (DeleteApp deletes the job with it). */
class AppGone extends Error {}

/** The job ran past its deadline: it fails as it stands. */
class OutOfTime extends Error {}

const pieceMessage = (e: unknown): string =>
  isEgressError(e) || e instanceof HeaderError || e instanceof LineError || isAwsError(e)
    ? e.message
    : // Pinpost's wording; any other error's text could quote what was read, so it is not shown.
      'The file could not be processed';

export class ImportRunner {
  private readonly options: RunnerOptions;
  /** This process's running jobs per account. */
  private readonly load = new Map<string, number>();

  constructor(
    private readonly deps: RunnerDeps,
    options: Partial<RunnerOptions> = {},
  ) {
    this.options = { ...RUNNER_DEFAULTS, ...options };
  }

  /** Runs import jobs in this process's JobWorker (registered before it starts). */
  register(jobs: Jobs): void {
    jobs.register<QueuedJob>({
      kind: IMPORT,
      concurrency: this.options.concurrency,
      // A job runs again after a stop or a crash until it finishes (it ends FAILED by itself when
      // it cannot be read); attempts count every claim, the quota's waits too, so no cap.
      maxAttempts: Number.POSITIVE_INFINITY,
      run: (job, ctx) => this.take(job.payload, ctx),
    });
  }

  /**
   * Runs one job under this process's per-account quota and the job's deadline. A stop (or a lost
   * lease) hands it back, to run again from its start.
   */
  private async take(job: QueuedJob, ctx: JobContext): Promise<JobOutcome> {
    const running = this.load.get(job.account) ?? 0;
    if (running >= this.options.perAccount) return { runAt: this.deps.clock().getTime() + QUOTA_RETRY_MS };
    this.load.set(job.account, running + 1);
    // The deadline aborts with a TimeoutError, as AbortSignal.timeout would; a timer of our own so
    // that it is cleared when the job ends. Real time, not the one clock: it bounds real work.
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException('The import job ran out of time', 'TimeoutError')),
      this.options.jobTimeoutMs,
    );
    try {
      const signal = AbortSignal.any([ctx.signal, deadline.signal]);
      await this.run(job, signal, ctx);
      return this.halted(signal) === 'stopping' ? { runAt: this.deps.clock().getTime() } : undefined;
    } finally {
      clearTimeout(timer);
      this.load.set(job.account, (this.load.get(job.account) ?? 1) - 1);
    }
  }

  private async appExists(scope: Scope, appId: string): Promise<boolean> {
    return (await this.deps.store.get(scope, appId, 'app')) !== undefined;
  }

  /**
   * Writes the job's progress; not once its app is gone, so the job is not written back. The app is
   * held while the job is written (store.ts, holdApp): a DeleteApp meanwhile deletes the job too.
   */
  private save(scope: Scope, doc: ImportJobDoc): Promise<void> {
    const { store } = this.deps;
    return store.transaction(async () => {
      if (!(await store.holdApp(scope, doc.ApplicationId))) return;
      await store.put(scope, doc.ApplicationId, 'import-job', doc.Id, doc);
    });
  }

  /** Why the job must stop where it is — the server stopping or its deadline — or undefined. */
  private halted(signal: AbortSignal): 'stopping' | 'deadline' | undefined {
    if (!signal.aborted) return undefined;
    return (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError'
      ? 'deadline'
      : 'stopping';
  }

  /** Runs the job until it ends or is halted; a job that is gone or finished is only done. */
  private async run(job: QueuedJob, signal: AbortSignal, ctx: JobContext): Promise<void> {
    const { store } = this.deps;
    const scope: Scope = { account: job.account, region: job.region };
    const stored = (await store.get<ImportJobDoc>(scope, job.appId, 'import-job', job.jobId))?.doc;
    if (!stored || stored.JobStatus === 'COMPLETED' || stored.JobStatus === 'FAILED') return;
    const p: Progress = {
      doc: {
        ...stored,
        JobStatus: 'INITIALIZING',
        TotalPieces: 0,
        CompletedPieces: 0,
        FailedPieces: 0,
        TotalProcessed: 0,
        TotalFailures: 0,
        Failures: [],
      },
      imported: 0,
      channels: {},
    };
    await this.save(scope, p.doc);

    const def = p.doc.Definition;
    let pieces: Piece[];
    try {
      await this.deps.assumeRole({ scope, appId: job.appId, jobId: job.jobId, roleArn: def.RoleArn });
      pieces = await piecesAt(this.deps.egress(), def.S3Url, def.Format, signal);
    } catch (e) {
      if (this.halted(signal) === 'stopping') return;
      this.fail(p, this.halted(signal) === 'deadline' ? this.outOfTime() : pieceMessage(e));
      await this.finish(scope, job, p, false, ctx);
      return;
    }
    if (!(await this.appExists(scope, job.appId))) return;
    p.doc.TotalPieces = pieces.length;
    p.doc.JobStatus = 'PROCESSING';
    await this.save(scope, p.doc);

    const budget = new ByteBudget(MAX_JOB_BYTES);
    for (const piece of pieces) {
      let ok: boolean | undefined;
      try {
        ok = await this.piece(scope, p, piece, budget, signal);
      } catch (e) {
        if (!(e instanceof OutOfTime)) throw e;
        p.doc.FailedPieces++;
        this.fail(p, this.outOfTime());
        await this.finish(scope, job, p, false, ctx);
        return;
      }
      // Stopping mid-piece: the job is handed back (take). Its app deleted meanwhile: it is done.
      if (ok === undefined) return;
      if (ok) p.doc.CompletedPieces++;
      else p.doc.FailedPieces++;
      await this.save(scope, p.doc);
    }
    await this.finish(scope, job, p, true, ctx);
  }

  /** Pinpost's wording for a job past its deadline. */
  private outOfTime(): string {
    return `The import job did not finish within ${this.options.jobTimeoutMs / 1000} seconds`;
  }

  private fail(p: Progress, message: string): void {
    p.doc.TotalFailures++;
    if (p.doc.Failures.length < MAX_FAILURES) p.doc.Failures.push(message);
  }

  /**
   * One file: true when read through, false when it could not be, undefined when stopped (or its
   * app is gone); throws OutOfTime past the job's deadline.
   */
  private async piece(
    scope: Scope,
    p: Progress,
    piece: Piece,
    budget: ByteBudget,
    signal: AbortSignal,
  ): Promise<boolean | undefined> {
    const idFor = (line: number) => derivedId(p.doc.Id, piece.name, line);
    const read = p.doc.Definition.Format === 'CSV' ? csvReader(idFor) : jsonReader(idFor);
    const batch: ImportRow[] = [];
    try {
      for await (const [n, text] of linesOf(piece.read(budget, signal), MAX_LINE_CHARS)) {
        const row = read(n, text); // a CSV header that cannot be read throws on the first line
        if (row) batch.push(row);
        if (batch.length === BATCH) {
          await this.write(scope, p, piece, batch.splice(0));
          await yieldToServer();
          if (this.halted(signal) === 'stopping') return undefined;
        }
      }
      if (batch.length > 0) await this.write(scope, p, piece, batch.splice(0));
      return true;
    } catch (e) {
      if (e instanceof AppGone) return undefined;
      const halted = this.halted(signal);
      if (halted === 'stopping') return undefined;
      if (halted === 'deadline') throw new OutOfTime();
      this.fail(p, `${piece.name}: ${pieceMessage(e)}`);
      return false;
    }
  }

  /** Writes one batch of lines, with the job's counters, in one transaction. */
  private async write(scope: Scope, p: Progress, piece: Piece, rows: ImportRow[]): Promise<void> {
    const { store, members } = this.deps;
    const def = p.doc.Definition;
    const appId = p.doc.ApplicationId;
    await store.transaction(async () => {
      if (!(await store.holdApp(scope, appId))) throw new AppGone();
      const items: EndpointItem[] = [];
      const added: Member[] = [];
      const inBatch = new Set<string>();
      for (const row of rows) {
        p.doc.TotalProcessed++;
        if (row.kind === 'failure') {
          this.fail(p, `${piece.name} line ${row.line}: ${row.message}`);
          continue;
        }
        if (row.kind === 'user') {
          added.push({ type: 'user', id: row.userId });
          continue;
        }
        const { id, fields } = row.item;
        const known = inBatch.has(id) || !!(await store.get<EndpointDoc>(scope, appId, 'endpoint', id));
        if (!known && (fields.Address === undefined || fields.ChannelType === undefined)) {
          this.fail(
            p,
            `${piece.name} line ${row.line}: Address and ChannelType are required for a new endpoint`,
          );
          continue;
        }
        inBatch.add(id);
        items.push(row.item);
        added.push({ type: 'endpoint', id });
        p.imported++;
        const channel = fields.ChannelType;
        if (typeof channel === 'string') p.channels[channel] = (p.channels[channel] ?? 0) + 1;
      }
      // RegisterEndpoints absent means register them (Pinpost's reading; AWS documents no default).
      if (def.RegisterEndpoints !== false) await upsertEndpoints(store, scope, appId, items);
      if (def.SegmentId) await members.add(scope, appId, def.SegmentId, added);
      await this.save(scope, p.doc);
    });
  }

  /** Marks the job finished, defines or updates its segment, and ends its job, at once. */
  private async finish(
    scope: Scope,
    job: QueuedJob,
    p: Progress,
    defineSegment: boolean,
    ctx: JobContext,
  ): Promise<void> {
    const { store } = this.deps;
    await store.transaction(async () => {
      if (!(await store.holdApp(scope, job.appId))) return;
      const def = p.doc.Definition;
      if (defineSegment && def.SegmentId) await this.defineSegment(scope, p, def);
      p.doc.JobStatus = p.doc.FailedPieces > 0 || !defineSegment ? 'FAILED' : 'COMPLETED';
      p.doc.CompletionDate = this.deps.clock().toISOString();
      await this.save(scope, p.doc);
      await ctx.complete();
    });
  }

  private async defineSegment(scope: Scope, p: Progress, def: ImportJobResource): Promise<void> {
    const { store } = this.deps;
    const appId = p.doc.ApplicationId;
    const id = def.SegmentId!;
    const before = (await store.get<SegmentDoc>(scope, appId, 'segment', id))?.doc;
    const now = this.deps.clock().toISOString();
    const channels = { ...(before?.ImportDefinition?.ChannelCounts ?? {}) };
    for (const [k, n] of Object.entries(p.channels)) channels[k] = (channels[k] ?? 0) + n;
    const imported: ImportDefinition = {
      ChannelCounts: channels,
      ExternalId: def.ExternalId ?? '',
      Format: def.Format,
      RoleArn: def.RoleArn,
      S3Url: def.S3Url,
      Size: (before?.ImportDefinition?.Size ?? 0) + p.imported,
    };
    const doc: SegmentDoc = before
      ? {
          ...before,
          ...(def.SegmentName === undefined ? {} : { Name: def.SegmentName }),
          ImportDefinition: imported,
          Version: before.Version + 1,
          LastModifiedDate: now,
        }
      : {
          Id: id,
          ApplicationId: appId,
          Arn: segmentArn(scope, appId, id),
          ...(def.SegmentName === undefined ? {} : { Name: def.SegmentName }),
          SegmentType: 'IMPORT',
          ImportDefinition: imported,
          Version: 1,
          CreationDate: now,
          LastModifiedDate: now,
          tags: {},
        };
    await saveVersion(this.deps, scope, doc);
  }
}
