/**
 * Runs import jobs in the background, one at a time, in the server's process. A job goes CREATED →
 * INITIALIZING (finding its files) → PROCESSING (each file a piece, its lines written in batches) →
 * COMPLETED, or FAILED when a piece could not be processed ("The job status is FAILED if Amazon
 * Pinpoint wasn't able to process one or more pieces in the job", ImportJobResponse.JobStatus).
 * Lines that fail count in TotalFailures, the first 100 in Failures; the other lines still import.
 *
 * Durability (Pinpost's choice): a job stays in the queue table until it finishes, in the same
 * transaction that marks it finished. A server that stops or restarts mid-job finds it there at
 * the next start and runs it again from its first line, counters reset. That is safe because an
 * import only upserts endpoints and adds segment members, which a second pass writes identically
 * (new endpoints without an Id get an id derived from the job and line).
 */
import { setImmediate as yieldToServer } from 'node:timers/promises';
import { upsertEndpoints, type EndpointDoc, type EndpointItem } from '../endpoints.js';
import type { PinpointStore, Scope } from '../store.js';
import { csvRows, derivedId, jsonRows, type ImportRow } from './import-rows.js';
import { piecesAt, type Format, type Piece } from './import-source.js';
import type { Member, QueuedJob, SegmentMembers } from './members.js';
import type { ImportDefinition, SegmentDoc } from './model.js';
import { saveVersion, segmentArn } from './segment-operations.js';

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

export interface RunnerDeps {
  store: PinpointStore;
  members: SegmentMembers;
  partition: string;
  clock: () => Date;
}

interface Progress {
  doc: ImportJobDoc;
  imported: number;
  channels: Record<string, number>;
}

/** The job's app was deleted while the job ran (DeleteApp deletes the job with it). */
class AppGone extends Error {}

export class ImportRunner {
  private tail: Promise<void> = Promise.resolve();
  private readonly scheduled = new Set<string>();
  private stopping = false;

  constructor(private readonly deps: RunnerDeps) {}

  /** Runs a queued job after the ones before it; a job already waiting is not added twice. */
  schedule(job: QueuedJob): void {
    const key = `${job.account}/${job.region}/${job.appId}/${job.jobId}`;
    if (this.scheduled.has(key) || this.stopping) return;
    this.scheduled.add(key);
    this.tail = this.tail
      .then(() => this.run(job))
      .catch(() => undefined)
      .finally(() => this.scheduled.delete(key));
  }

  /** Picks up the jobs a previous run of the server (or of this runner, stopped) left unfinished. */
  resume(): void {
    this.stopping = false;
    for (const job of this.deps.members.queued()) this.schedule(job);
  }

  /** Resolves once every job scheduled so far has finished (or stopped). */
  async idle(): Promise<void> {
    await this.tail;
  }

  /** Waits for the running job to reach a batch boundary; unfinished jobs stay queued. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.tail;
  }

  private appExists(scope: Scope, appId: string): boolean {
    return this.deps.store.get(scope, appId, 'app') !== undefined;
  }

  /** Writes the job's progress; not once its app is gone, so the job is not written back. */
  private save(scope: Scope, doc: ImportJobDoc): void {
    if (!this.appExists(scope, doc.ApplicationId)) return;
    this.deps.store.put(scope, doc.ApplicationId, 'import-job', doc.Id, doc);
  }

  private async run(job: QueuedJob): Promise<void> {
    const { store, members } = this.deps;
    const scope: Scope = { account: job.account, region: job.region };
    const stored = store.get<ImportJobDoc>(scope, job.appId, 'import-job', job.jobId)?.doc;
    if (!stored || stored.JobStatus === 'COMPLETED' || stored.JobStatus === 'FAILED') {
      members.dequeue(job);
      return;
    }
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
    this.save(scope, p.doc);

    let pieces: Piece[];
    try {
      pieces = await piecesAt(p.doc.Definition.S3Url, p.doc.Definition.Format);
    } catch (e) {
      p.doc.Failures.push((e as Error).message);
      p.doc.TotalFailures = 1;
      this.finish(scope, job, p, false);
      return;
    }
    if (!this.appExists(scope, job.appId)) {
      members.dequeue(job);
      return;
    }
    p.doc.TotalPieces = pieces.length;
    p.doc.JobStatus = 'PROCESSING';
    this.save(scope, p.doc);

    for (const piece of pieces) {
      if (this.stopping) return;
      const ok = await this.piece(scope, p, piece);
      if (ok === undefined) {
        // Stopping mid-piece: the job stays queued. Its app deleted meanwhile: nothing to resume.
        if (!this.appExists(scope, job.appId)) members.dequeue(job);
        return;
      }
      if (ok) p.doc.CompletedPieces++;
      else p.doc.FailedPieces++;
      this.save(scope, p.doc);
    }
    this.finish(scope, job, p, true);
  }

  private fail(p: Progress, message: string): void {
    p.doc.TotalFailures++;
    if (p.doc.Failures.length < MAX_FAILURES) p.doc.Failures.push(message);
  }

  /** One file: true when read through, false when it could not be, undefined when stopped. */
  private async piece(scope: Scope, p: Progress, piece: Piece): Promise<boolean | undefined> {
    let rows: Iterator<ImportRow>;
    try {
      const text = await piece.read();
      const idFor = (line: number) => derivedId(p.doc.Id, piece.name, line);
      rows = (p.doc.Definition.Format === 'CSV' ? csvRows(text, idFor) : jsonRows(text, idFor))[
        Symbol.iterator
      ]();
      const batch: ImportRow[] = [];
      for (;;) {
        const next = rows.next(); // a CSV header that cannot be read throws on the first
        if (!next.done) batch.push(next.value);
        if (batch.length === BATCH || (next.done && batch.length > 0)) {
          this.write(scope, p, piece, batch.splice(0));
          await yieldToServer();
          if (this.stopping) return undefined;
        }
        if (next.done) return true;
      }
    } catch (e) {
      if (e instanceof AppGone) return undefined;
      this.fail(p, `${piece.name}: ${(e as Error).message}`);
      return false;
    }
  }

  /** Writes one batch of lines, with the job's counters, in one transaction. */
  private write(scope: Scope, p: Progress, piece: Piece, rows: ImportRow[]): void {
    const { store, members } = this.deps;
    const def = p.doc.Definition;
    const appId = p.doc.ApplicationId;
    store.transaction(() => {
      if (!this.appExists(scope, appId)) throw new AppGone();
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
        const known = inBatch.has(id) || !!store.get<EndpointDoc>(scope, appId, 'endpoint', id);
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
      if (def.RegisterEndpoints !== false) upsertEndpoints(store, scope, appId, items);
      if (def.SegmentId) members.add(scope, appId, def.SegmentId, added);
      this.save(scope, p.doc);
    });
  }

  /** Marks the job finished, defines or updates its segment, and takes it off the queue, at once. */
  private finish(scope: Scope, job: QueuedJob, p: Progress, defineSegment: boolean): void {
    const { store, members } = this.deps;
    store.transaction(() => {
      if (!this.appExists(scope, job.appId)) {
        members.dequeue(job);
        return;
      }
      const def = p.doc.Definition;
      if (defineSegment && def.SegmentId) this.defineSegment(scope, p, def);
      p.doc.JobStatus = p.doc.FailedPieces > 0 || !defineSegment ? 'FAILED' : 'COMPLETED';
      p.doc.CompletionDate = this.deps.clock().toISOString();
      this.save(scope, p.doc);
      members.dequeue(job);
    });
  }

  private defineSegment(scope: Scope, p: Progress, def: ImportJobResource): void {
    const { store } = this.deps;
    const appId = p.doc.ApplicationId;
    const id = def.SegmentId!;
    const before = store.get<SegmentDoc>(scope, appId, 'segment', id)?.doc;
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
          Arn: segmentArn(this.deps.partition, scope, appId, id),
          ...(def.SegmentName === undefined ? {} : { Name: def.SegmentName }),
          SegmentType: 'IMPORT',
          ImportDefinition: imported,
          Version: 1,
          CreationDate: now,
          LastModifiedDate: now,
          tags: {},
        };
    saveVersion(store, scope, doc);
  }
}
