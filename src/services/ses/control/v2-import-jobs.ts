/**
 * SES v2 import jobs (APIReference-V2/API_CreateImportJob.html, GetImportJob, ListImportJobs): load
 * addresses into the account's suppression list or a contact list from `s3://bucket/key`, which
 * Pinpost reads from its import root (src/net/import-root.ts, the one guarded path), CSV or JSON
 * (one object per line). Each job runs as an `ses-import-job` of the one job mechanism (src/jobs),
 * enqueued in the transaction that stores it: CREATED → PROCESSING → COMPLETED, or FAILED when the
 * location cannot be read or the contact list is gone (FailureInfo.ErrorMessage). A record that
 * cannot be applied counts in FailedRecordsCount and the others still import.
 *
 * Records (the developer guide's formats, as floci-io/floci reads them): the suppression list's CSV
 * has no header, `address,reason` for PUT and `address` for DELETE, reason BOUNCE or COMPLAINT; a
 * contact list's CSV starts with a header naming `emailAddress` and optionally `unsubscribeAll`,
 * `attributesData` and `topicPreferences.<TopicName>` columns. JSON lines carry the same members
 * (`emailAddress`, `reason`, `unsubscribeAll`, `attributesData`, `topicPreferences` as
 * `[{TopicName, SubscriptionStatus}]`).
 *
 * A job that is run again (its process stopped) starts over from its first record: PUT and DELETE
 * write the same result twice. Authorized on "*" (list_amazonses.html has `import-job` only for
 * GetImportJob; the job's ARN is `import-job/<JobId>`).
 */
import { randomUUID } from 'node:crypto';
import type { JobContext, Jobs } from '../../../jobs/index.js';
import type { JobKind } from '../../../jobs/kinds.js';
import { ByteBudget, isEgressError, parseS3Url, type Egress } from '../../../net/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { SesScope, SuppressionReason } from '../ports.js';
import type { ControlDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';
import { isEmail } from './identities.js';
import { pageSizeViolations, scopeOf, sesArn } from './input.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import type { ContactDoc, ContactListDoc } from './model.js';
import { pageOf } from './paging.js';
import { putSuppressed, suppressionKey } from './suppression.js';
import type {
  ImportDataSource,
  ImportDestination,
  InputOf,
  OutputOf,
} from '../../../wire/model/types/sesv2.js';

const KIND: JobKind = 'ses-import-job';
/** Pinpost's bound on what one job reads: 1 GB, as Pinpoint's import jobs. */
const MAX_JOB_BYTES = 1024 ** 3;
/** Files under one location, at most (Pinpost's bound). */
const MAX_PIECES = 10_000;

type Action = 'PUT' | 'DELETE';
type Format = 'CSV' | 'JSON';
type Status = 'CREATED' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

interface Destination {
  SuppressionListDestination?: { SuppressionListImportAction: Action };
  ContactListDestination?: { ContactListName: string; ContactListImportAction: Action };
}

export interface ImportJobDoc {
  JobId: string;
  ImportDestination: Destination;
  ImportDataSource: { S3Url: string; DataFormat: Format };
  JobStatus: Status;
  CreatedTimestamp: string;
  CompletedTimestamp?: string;
  ProcessedRecordsCount: number;
  FailedRecordsCount: number;
  FailureInfo?: { ErrorMessage: string };
}

interface QueuedImport {
  account: string;
  region: string;
  jobId: string;
}

const PARENT = 'import';

const contactListMissing = (name: string) => notFound(`ContactList <${name}> doesn't exist`);

/** The destination's own checks, beyond the model's. */
function parseDestination(d: ImportDestination): Destination {
  const sup = d.SuppressionListDestination;
  const con = d.ContactListDestination;
  if (sup && !con) return { SuppressionListDestination: sup };
  if (!con || sup)
    throw badRequest(
      'ImportDestination must have exactly one of SuppressionListDestination or ContactListDestination.',
    );
  return { ContactListDestination: con };
}

function parseSource(s: ImportDataSource): ImportJobDoc['ImportDataSource'] {
  if (!parseS3Url(s.S3Url)) throw badRequest(`Invalid S3 URL: ${s.S3Url}`);
  return s;
}

const summaryOf = (d: ImportJobDoc) => ({
  JobId: d.JobId,
  ImportDestination: d.ImportDestination,
  JobStatus: d.JobStatus,
  CreatedTimestamp: new Date(d.CreatedTimestamp),
  ProcessedRecordsCount: d.ProcessedRecordsCount,
  FailedRecordsCount: d.FailedRecordsCount,
});

export function v2ImportJobOperations(deps: ControlDeps, jobs: Jobs): OperationSpec[] {
  return [
    defineOperation<InputOf<'CreateImportJob'>, OutputOf<'CreateImportJob'>>({
      name: 'CreateImportJob',
      action: 'ses:CreateImportJob',
      // The model sets no minimum on ContactListName; an empty one names no list.
      violations: (i) =>
        memberViolations(
          memberPath('ImportDestination', 'ContactListDestination', 'ContactListName'),
          i.ImportDestination?.ContactListDestination?.ContactListName,
          { minLength: 1 },
        ),
      resources: () => ['*'],
      async handler(request, ctx) {
        // The destination's and source's own checks come once authorized, as AWS's do (the empty
        // ContactListName is a `violations`, judged with the model's).
        const i = {
          ImportDestination: parseDestination(request.ImportDestination),
          ImportDataSource: parseSource(request.ImportDataSource),
        };
        const scope = scopeOf(ctx);
        const doc: ImportJobDoc = {
          JobId: randomUUID(),
          ImportDestination: i.ImportDestination,
          ImportDataSource: i.ImportDataSource,
          JobStatus: 'CREATED',
          CreatedTimestamp: deps.store.now().toISOString(),
          ProcessedRecordsCount: 0,
          FailedRecordsCount: 0,
        };
        await deps.store.transaction(async () => {
          // The contact list is checked when the job is created (floci-io/floci's record of AWS).
          const list = i.ImportDestination.ContactListDestination?.ContactListName;
          if (list && !(await deps.store.get(scope, 'contactlist', list))) throw contactListMissing(list);
          await deps.store.put(scope, 'sesjob', doc.JobId, doc, PARENT);
          const payload: QueuedImport = { account: scope.account, region: scope.region, jobId: doc.JobId };
          await jobs.enqueue(
            {
              kind: KIND,
              key: `${scope.account}/${scope.region}/${doc.JobId}`,
              payload,
              runAt: deps.store.now().getTime(),
            },
            deps.store.now().getTime(),
          );
        });
        return { JobId: doc.JobId };
      },
    }),
    defineOperation<InputOf<'GetImportJob'>, OutputOf<'GetImportJob'>>({
      name: 'GetImportJob',
      action: 'ses:GetImportJob',
      resources: (i, ctx) => [sesArn(scopeOf(ctx), 'import-job', i.JobId)],
      async handler(i, ctx) {
        const doc = (await deps.store.get<ImportJobDoc>(scopeOf(ctx), 'sesjob', i.JobId, PARENT))?.doc;
        // Pinpost's wording: no reply from AWS for an unknown job id was found.
        if (!doc) throw notFound(`Import job <${i.JobId}> does not exist.`);
        return {
          ...summaryOf(doc),
          ImportDataSource: doc.ImportDataSource,
          FailureInfo: doc.FailureInfo,
          CompletedTimestamp: doc.CompletedTimestamp ? new Date(doc.CompletedTimestamp) : undefined,
        };
      },
    }),
    defineOperation<InputOf<'ListImportJobs'>, OutputOf<'ListImportJobs'>>({
      name: 'ListImportJobs',
      action: 'ses:ListImportJobs',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 100),
      resources: () => ['*'],
      async handler(i, ctx) {
        const size = i.PageSize ?? 100;
        const all = await deps.store.list<ImportJobDoc>(scopeOf(ctx), 'sesjob', { parent: PARENT });
        const wanted = all.filter(
          (r) =>
            !i.ImportDestinationType ||
            (i.ImportDestinationType === 'SUPPRESSION_LIST') ===
              !!r.doc.ImportDestination.SuppressionListDestination,
        );
        const p = pageOf(wanted, i.NextToken, size);
        return { ImportJobs: p.items.map((r) => summaryOf(r.doc)), NextToken: p.nextToken };
      },
    }),
  ];
}

// ---- running ------------------------------------------------------------------------------------

interface ImportRecord {
  emailAddress?: string;
  reason?: string;
  unsubscribeAll?: boolean;
  attributesData?: string;
  topicPreferences?: { TopicName: string; SubscriptionStatus: string }[];
}

/** RFC 4180 fields of one line (a quoted field keeps commas; a doubled quote is a quote). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let n = 0; n < line.length; n++) {
    const c = line[n];
    if (quoted) {
      if (c === '"' && line[n + 1] === '"') {
        cur += '"';
        n++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The records of one file; an unreadable record is `undefined` (counted as failed). */
function recordsOf(
  text: string,
  format: Format,
  contacts: boolean,
  action: Action,
): (ImportRecord | undefined)[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (format === 'JSON') {
    return lines.map((l) => {
      try {
        const o = JSON.parse(l) as Record<string, unknown>;
        return typeof o === 'object' && o !== null ? (o as ImportRecord) : undefined;
      } catch {
        return undefined;
      }
    });
  }
  if (!contacts) {
    const width = action === 'PUT' ? 2 : 1;
    return lines.map((l) => {
      const f = csvFields(l);
      return f.length === width ? { emailAddress: f[0].trim(), reason: f[1]?.trim() } : undefined;
    });
  }
  const header = csvFields(lines.shift() ?? '').map((h) => h.trim());
  if (!header.includes('emailAddress'))
    throw new Error('The CSV header line must contain an emailAddress column.');
  return lines.map((l) => {
    const f = csvFields(l);
    if (f.length !== header.length) return undefined;
    const col = (name: string) => {
      const n = header.indexOf(name);
      return n < 0 ? undefined : f[n];
    };
    const unsub = col('unsubscribeAll')?.trim().toLowerCase();
    if (unsub && unsub !== 'true' && unsub !== 'false') return undefined;
    return {
      emailAddress: col('emailAddress')?.trim(),
      unsubscribeAll: unsub ? unsub === 'true' : undefined,
      attributesData: col('attributesData') || undefined,
      topicPreferences: header
        .map((h, n) => [h, f[n]?.trim()] as const)
        .filter(([h, v]) => h.startsWith('topicPreferences.') && v)
        .map(([h, v]) => ({
          TopicName: h.slice('topicPreferences.'.length),
          SubscriptionStatus: v as string,
        })),
    };
  });
}

/** Applies one record; false when it cannot be (a bad address, reason or topic). */
async function apply(
  deps: ControlDeps,
  scope: SesScope,
  doc: ImportJobDoc,
  list: ContactListDoc | undefined,
  r: ImportRecord,
): Promise<boolean> {
  const address = r.emailAddress;
  if (typeof address !== 'string' || !isEmail(address)) return false;
  const sup = doc.ImportDestination.SuppressionListDestination;
  if (sup) {
    if (sup.SuppressionListImportAction === 'DELETE') {
      await deps.store.delete(scope, 'suppression', suppressionKey(address));
      return true;
    }
    if (r.reason !== 'BOUNCE' && r.reason !== 'COMPLAINT') return false;
    await putSuppressed(deps, scope, address, r.reason as SuppressionReason);
    return true;
  }
  const con = doc.ImportDestination.ContactListDestination!;
  const key = address.toLowerCase();
  if (con.ContactListImportAction === 'DELETE') {
    await deps.store.delete(scope, 'contact', key, con.ContactListName);
    return true;
  }
  const prefs = r.topicPreferences ?? [];
  const topics = new Set(list?.topics.map((t) => t.TopicName));
  if (
    !Array.isArray(prefs) ||
    prefs.some(
      (p) =>
        !topics.has(p.TopicName) || (p.SubscriptionStatus !== 'OPT_IN' && p.SubscriptionStatus !== 'OPT_OUT'),
    )
  )
    return false;
  const contact: ContactDoc = {
    EmailAddress: address,
    TopicPreferences: prefs as ContactDoc['TopicPreferences'],
    UnsubscribeAll: r.unsubscribeAll === true,
    AttributesData: typeof r.attributesData === 'string' ? r.attributesData : undefined,
  };
  await deps.store.put(scope, 'contact', key, contact, con.ContactListName);
  return true;
}

/** Registers the runner of `ses-import-job` jobs in this process's worker. */
export function registerImportRunner(deps: ControlDeps, jobs: Jobs, egress: Egress): void {
  const save = (scope: SesScope, doc: ImportJobDoc) =>
    deps.store.put(scope, 'sesjob', doc.JobId, doc, PARENT);
  jobs.register<QueuedImport>({
    kind: KIND,
    concurrency: 2,
    async run(job, ctx: JobContext) {
      const scope = { account: job.payload.account, region: job.payload.region };
      const stored = (await deps.store.get<ImportJobDoc>(scope, 'sesjob', job.payload.jobId, PARENT))?.doc;
      if (!stored) return;
      const doc: ImportJobDoc = {
        ...stored,
        JobStatus: 'PROCESSING',
        ProcessedRecordsCount: 0,
        FailedRecordsCount: 0,
      };
      await save(scope, doc);
      const finish = async (status: Status, error?: string) => {
        await save(scope, {
          ...doc,
          JobStatus: status,
          CompletedTimestamp: deps.store.now().toISOString(),
          ...(error ? { FailureInfo: { ErrorMessage: error } } : {}),
        });
      };
      try {
        const con = doc.ImportDestination.ContactListDestination;
        const list = con
          ? (await deps.store.get<ContactListDoc>(scope, 'contactlist', con.ContactListName))?.doc
          : undefined;
        if (con && !list) return await finish('FAILED', `ContactList <${con.ContactListName}> doesn't exist`);
        const format = doc.ImportDataSource.DataFormat;
        const pieces = await egress.imports.objects(parseS3Url(doc.ImportDataSource.S3Url)!, {
          accept: (name) => (format === 'CSV' ? /\.csv$/i : /\.(json|jsonl|ndjson)$/i).test(name),
          maxObjects: MAX_PIECES,
          signal: ctx.signal,
        });
        if (pieces.length === 0)
          return await finish('FAILED', `No ${format} files under ${doc.ImportDataSource.S3Url}`);
        const budget = new ByteBudget(MAX_JOB_BYTES);
        const action =
          doc.ImportDestination.SuppressionListDestination?.SuppressionListImportAction ??
          con!.ContactListImportAction;
        for (const piece of pieces) {
          const chunks: Buffer[] = [];
          for await (const chunk of piece.read(budget, ctx.signal)) chunks.push(chunk);
          const records = recordsOf(Buffer.concat(chunks).toString('utf8'), format, !!con, action);
          await deps.store.transaction(async () => {
            for (const r of records) {
              doc.ProcessedRecordsCount++;
              if (!r || !(await apply(deps, scope, doc, list, r))) doc.FailedRecordsCount++;
            }
          });
        }
        await finish('COMPLETED');
      } catch (e) {
        // A stop hands the job back, to run again from its first record.
        if (ctx.signal.aborted) return { runAt: deps.store.now().getTime() };
        await finish('FAILED', isEgressError(e) || e instanceof Error ? e.message : String(e));
      }
    },
  });
}
