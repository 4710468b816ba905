/**
 * SES v2 export jobs (APIReference-V2/API_CreateExportJob.html, GetExportJob, ListExportJobs,
 * CancelExportJob): Pinpost's own sending records — BatchGetMetricData's daily values
 * (METRICS_DATA) or GetMessageInsights' records (MESSAGE_INSIGHTS), both from ../insights/ — written
 * as one CSV or newline-delimited JSON object to `ExportDestination.S3Url`, which is the folder
 * standing in for S3 (the one guarded writer, src/net/import-root-writer.ts). Each job is stored as a
 * `sesjob` document (parent `export`, beside import jobs' `import`) and runs as an `ses-export-job`
 * of the one job mechanism (src/jobs), enqueued in the transaction that stores it: CREATED →
 * PROCESSING → COMPLETED, FAILED (FailureInfo.ErrorMessage: the bucket folder is missing or the key
 * leaves it), or CANCELLED by CancelExportJob while CREATED or PROCESSING.
 *
 * Pinpost's choices where AWS documents none: the object is `<S3Url key>/<JobId>.csv` (or `.json`);
 * a METRICS_DATA record is one UTC day of one combination of the dimension values, with a column
 * per metric named `<Name>_<Aggregation>`; VOLUME is BatchGetMetricData's count and RATE that count
 * over the same day's SEND count (0 without sends). A MESSAGE_INSIGHTS record is one destination of
 * one message sent in the interval: MessageId, Destination, FromEmailAddress, Subject,
 * SendTimestamp, LastDeliveryEvent, LastEngagementEvent (the filters' names). ProcessedRecordsCount
 * counts the records looked at, ExportedRecordsCount those written (filters and MaxResults apply).
 * What Pinpost cannot measure (the ISP dimension and filter, DELIVERY_* metrics) is refused as
 * BatchGetMetricData refuses it. An S3Url is required: Pinpost keeps no exports of its own to hand
 * out by pre-signed URL.
 *
 * Authorized (list_amazonsesv2.html): CreateExportJob and ListExportJobs on "*", GetExportJob and
 * CancelExportJob on the job (`export-job/<JobId>`); Create, Get and Cancel with the
 * `ses:ExportSourceType` condition key.
 */
import { randomUUID } from 'node:crypto';
import type { JobContext, Jobs } from '../../../jobs/index.js';
import type { JobKind } from '../../../jobs/kinds.js';
import { parseS3Url } from '../../../net/index.js';
import { writeObject } from '../../../net/import-root-writer.js';
import type { Database } from '../../../store/index.js';
import { defineOperation, type ContextKeyValue, type OperationSpec } from '../../../wire/operation.js';
import { messageInsights } from '../insights/message-insights.js';
import { DAY_MS, dailyValues, MAX_DAYS, UNMEASURED, type Metric } from '../insights/metric-data.js';
import type { SesScope } from '../ports.js';
import { SendingStore } from '../sending/store.js';
import type { ControlDeps } from './deps.js';
import { badRequest, notFound } from './errors.js';
import { pageSizeViolations, scopeOf, sesArn } from './input.js';
import { errorFor } from '../../../wire/model/wording.js';
import {
  memberPath,
  memberViolations,
  type PathSegment,
  type Violation,
} from '../../../wire/model/violations.js';
import { pageOf } from './paging.js';
import type {
  ExportDataSource,
  ExportDestination,
  InputOf,
  MessageInsightsFilters,
  OutputOf,
} from '../../../wire/model/types/sesv2.js';

const KIND: JobKind = 'ses-export-job';
const PARENT = 'export';

type Status = 'CREATED' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
type SourceType = 'METRICS_DATA' | 'MESSAGE_INSIGHTS';
type Format = 'CSV' | 'JSON';

/** The model's filters but Isp, which Pinpost cannot tell (parseFilters refuses it). */
type Filters = Omit<MessageInsightsFilters, 'Isp'>;

interface DataSource {
  MetricsDataSource?: {
    Dimensions: Record<string, string[]>;
    Namespace: 'VDM';
    Metrics: { Name: Metric; Aggregation: 'RATE' | 'VOLUME' }[];
    StartDate: string;
    EndDate: string;
  };
  MessageInsightsDataSource?: {
    StartDate: string;
    EndDate: string;
    Include?: Filters;
    Exclude?: Filters;
    MaxResults?: number;
  };
}

export interface ExportJobDoc {
  JobId: string;
  ExportSourceType: SourceType;
  JobStatus: Status;
  ExportDestination: { DataFormat: Format; S3Url: string };
  ExportDataSource: DataSource;
  CreatedTimestamp: string;
  CompletedTimestamp?: string;
  FailureInfo?: { ErrorMessage: string };
  Statistics: { ProcessedRecordsCount: number; ExportedRecordsCount: number };
}

interface QueuedExport {
  account: string;
  region: string;
  jobId: string;
}

const ENGAGEMENT_EVENTS = ['OPEN', 'CLICK'];
/** MessageInsightsExportMaxResults' maximum, and Pinpost's bound when none is given. */
const MAX_RESULTS = 10_000;

function interval(at: string, i: { StartDate: Date; EndDate: Date }): { StartDate: string; EndDate: string } {
  const start = i.StartDate.getTime();
  const end = i.EndDate.getTime();
  // Pinpost's wording, as BatchGetMetricData's.
  if (end <= start) throw badRequest(`${at}: EndDate must be after StartDate.`);
  if ((end - start) / DAY_MS > MAX_DAYS)
    throw badRequest(`${at}: the interval is longer than ${MAX_DAYS} days.`);
  return { StartDate: i.StartDate.toISOString(), EndDate: i.EndDate.toISOString() };
}

/** The model checked each filter's size and values; Isp is what Pinpost cannot tell. */
function parseFilters(at: string, f: MessageInsightsFilters | undefined): Filters | undefined {
  if (!f) return undefined;
  const { Isp, ...out } = f;
  if (Isp !== undefined)
    throw badRequest(`${at}.Isp is not available: Pinpost does not know recipients' mailbox providers.`);
  return out;
}

/** The source's own checks, beyond the model's (its sizes, enums and required members). */
function parseSource(s: ExportDataSource): DataSource {
  const metrics = s.MetricsDataSource;
  const insights = s.MessageInsightsDataSource;
  if (metrics && !insights) {
    const at = 'ExportDataSource.MetricsDataSource';
    const Dimensions: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(metrics.Dimensions)) {
      if (name === 'ISP')
        throw badRequest(
          `Dimension \`ISP\` is not available: Pinpost does not know recipients' mailbox providers.`,
        );
      // The model's key enum is not checked by its walk (map keys are not members).
      if (name !== 'EMAIL_IDENTITY' && name !== 'CONFIGURATION_SET')
        throw badRequest(`Dimension \`${name}\` is not one of EMAIL_IDENTITY, CONFIGURATION_SET, ISP.`);
      Dimensions[name] = values;
    }
    const Metrics = metrics.Metrics.map((m) => {
      const name = m.Name as Metric;
      const why = UNMEASURED[name];
      if (why) throw badRequest(`Metric \`${name}\` is not available: ${why}.`);
      return { Name: name, Aggregation: m.Aggregation as 'RATE' | 'VOLUME' };
    });
    return { MetricsDataSource: { Dimensions, Namespace: 'VDM', Metrics, ...interval(at, metrics) } };
  }
  // Pinpost's wording, as ImportDestination's.
  if (!insights || metrics)
    throw badRequest(
      'ExportDataSource must have exactly one of MetricsDataSource or MessageInsightsDataSource.',
    );
  const at = 'ExportDataSource.MessageInsightsDataSource';
  return {
    MessageInsightsDataSource: {
      ...interval(at, insights),
      Include: parseFilters(`${at}.Include`, insights.Include),
      Exclude: parseFilters(`${at}.Exclude`, insights.Exclude),
      ...(insights.MaxResults === undefined ? {} : { MaxResults: insights.MaxResults }),
    },
  };
}

/**
 * What the model leaves optional and an export needs: both members of each ExportMetric, and the
 * destination's S3Url (AWS can hand the export out by pre-signed URL; Pinpost cannot). Checked once
 * authorized, as the source's other checks (a request the model accepts is denied first:
 * test/every-operation-model.test.ts), in the model's words (wording.ts).
 */
function exportViolations(i: Partial<InputOf<'CreateExportJob'>>): Violation[] {
  const metrics = i.ExportDataSource?.MetricsDataSource?.Metrics ?? [];
  const at = (n: number, name: string): PathSegment[] => [
    ...memberPath('ExportDataSource', 'MetricsDataSource', 'Metrics'),
    { kind: 'index', index: n },
    { kind: 'member', name },
  ];
  return [
    ...metrics.flatMap((m, n) => [
      ...memberViolations(at(n, 'Name'), m.Name, { required: true }),
      ...memberViolations(at(n, 'Aggregation'), m.Aggregation, { required: true }),
    ]),
    ...(i.ExportDestination
      ? memberViolations(memberPath('ExportDestination', 'S3Url'), i.ExportDestination.S3Url, {
          required: true,
        })
      : []),
  ];
}

function parseDestination(d: ExportDestination): ExportJobDoc['ExportDestination'] {
  const url = d.S3Url as string;
  // The import jobs' wording for a URL Pinpost cannot map to the import root.
  if (!parseS3Url(url)) throw badRequest(`Invalid S3 URL: ${url}`);
  return { DataFormat: d.DataFormat, S3Url: url };
}

/** The stored data source as GetExportJob answers it: dates as Dates. */
const dates = (s: DataSource): ExportDataSource => {
  const d = (x: { StartDate: string; EndDate: string }) => ({
    StartDate: new Date(x.StartDate),
    EndDate: new Date(x.EndDate),
  });
  return {
    ...(s.MetricsDataSource
      ? { MetricsDataSource: { ...s.MetricsDataSource, ...d(s.MetricsDataSource) } }
      : {}),
    ...(s.MessageInsightsDataSource
      ? { MessageInsightsDataSource: { ...s.MessageInsightsDataSource, ...d(s.MessageInsightsDataSource) } }
      : {}),
  };
};

const summaryOf = (d: ExportJobDoc) => ({
  JobId: d.JobId,
  ExportSourceType: d.ExportSourceType,
  JobStatus: d.JobStatus,
  CreatedTimestamp: new Date(d.CreatedTimestamp),
  CompletedTimestamp: d.CompletedTimestamp ? new Date(d.CompletedTimestamp) : undefined,
});

const sourceTypeOf = (s: DataSource): SourceType =>
  s.MetricsDataSource ? 'METRICS_DATA' : 'MESSAGE_INSIGHTS';

/** ses:ExportSourceType (list_amazonsesv2.html: CreateExportJob, GetExportJob, CancelExportJob). */
const sourceTypeKey = (type: SourceType | undefined): Record<string, ContextKeyValue> =>
  type ? { 'ses:ExportSourceType': { values: [type], list: false } } : {};

const jobMissing = (id: string) => notFound(`Export job <${id}> does not exist.`);

export function v2ExportJobOperations(deps: ControlDeps, jobs: Jobs): OperationSpec[] {
  const get = async (scope: SesScope, id: string) =>
    (await deps.store.get<ExportJobDoc>(scope, 'sesjob', id, PARENT))?.doc;
  return [
    defineOperation<InputOf<'CreateExportJob'>, OutputOf<'CreateExportJob'>>({
      name: 'CreateExportJob',
      action: 'ses:CreateExportJob',
      resources: () => ['*'],
      // Authorization reads only which kind of source is asked for (ses:ExportSourceType); the
      // source's and destination's own checks come once authorized, as AWS's do.
      conditionKeys: (i) =>
        sourceTypeKey(i.ExportDataSource.MetricsDataSource ? 'METRICS_DATA' : 'MESSAGE_INSIGHTS'),
      async handler(request, ctx) {
        const missing = exportViolations(request);
        if (missing.length) throw errorFor('sesv2', missing);
        const i = {
          ExportDataSource: parseSource(request.ExportDataSource),
          ExportDestination: parseDestination(request.ExportDestination),
        };
        const scope = scopeOf(ctx);
        const now = deps.store.now();
        const doc: ExportJobDoc = {
          JobId: randomUUID(),
          ExportSourceType: sourceTypeOf(i.ExportDataSource),
          JobStatus: 'CREATED',
          ExportDestination: i.ExportDestination,
          ExportDataSource: i.ExportDataSource,
          CreatedTimestamp: now.toISOString(),
          Statistics: { ProcessedRecordsCount: 0, ExportedRecordsCount: 0 },
        };
        await deps.store.transaction(async () => {
          await deps.store.put(scope, 'sesjob', doc.JobId, doc, PARENT);
          const payload: QueuedExport = { account: scope.account, region: scope.region, jobId: doc.JobId };
          await jobs.enqueue(
            {
              kind: KIND,
              key: `${scope.account}/${scope.region}/${doc.JobId}`,
              payload,
              runAt: now.getTime(),
            },
            now.getTime(),
          );
        });
        return { JobId: doc.JobId };
      },
    }),
    defineOperation<InputOf<'GetExportJob'>, OutputOf<'GetExportJob'>>({
      name: 'GetExportJob',
      action: 'ses:GetExportJob',
      resources: (i, ctx) => [sesArn(scopeOf(ctx), 'export-job', i.JobId)],
      conditionKeys: async (i, ctx) => sourceTypeKey((await get(scopeOf(ctx), i.JobId))?.ExportSourceType),
      async handler(i, ctx) {
        const doc = await get(scopeOf(ctx), i.JobId);
        // Pinpost's wording, as GetImportJob's.
        if (!doc) throw jobMissing(i.JobId);
        return {
          ...summaryOf(doc),
          ExportDestination: doc.ExportDestination,
          ExportDataSource: dates(doc.ExportDataSource),
          FailureInfo: doc.FailureInfo,
          Statistics: doc.Statistics,
        };
      },
    }),
    defineOperation<InputOf<'ListExportJobs'>, OutputOf<'ListExportJobs'>>({
      name: 'ListExportJobs',
      action: 'ses:ListExportJobs',
      violations: (i) => pageSizeViolations('PageSize', i.PageSize, 1, 100),
      resources: () => ['*'],
      async handler(i, ctx) {
        // MaxItems has no bounds in the model; Pinpost's, as ListImportJobs'.
        const size = i.PageSize ?? 100;
        const all = await deps.store.list<ExportJobDoc>(scopeOf(ctx), 'sesjob', { parent: PARENT });
        const wanted = all.filter(
          (r) =>
            (!i.ExportSourceType || r.doc.ExportSourceType === i.ExportSourceType) &&
            (!i.JobStatus || r.doc.JobStatus === i.JobStatus),
        );
        const p = pageOf(wanted, i.NextToken, size);
        return { ExportJobs: p.items.map((r) => summaryOf(r.doc)), NextToken: p.nextToken };
      },
    }),
    defineOperation<InputOf<'CancelExportJob'>, OutputOf<'CancelExportJob'>>({
      name: 'CancelExportJob',
      action: 'ses:CancelExportJob',
      resources: (i, ctx) => [sesArn(scopeOf(ctx), 'export-job', i.JobId)],
      conditionKeys: async (i, ctx) => sourceTypeKey((await get(scopeOf(ctx), i.JobId))?.ExportSourceType),
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const doc = (await deps.store.getForUpdate<ExportJobDoc>(scope, 'sesjob', i.JobId, PARENT))?.doc;
          if (!doc) throw jobMissing(i.JobId);
          // Pinpost's wording: a job that has ended cannot be cancelled.
          if (doc.JobStatus !== 'CREATED' && doc.JobStatus !== 'PROCESSING')
            throw badRequest(`Export job <${i.JobId}> is ${doc.JobStatus} and cannot be cancelled.`);
          await deps.store.put(
            scope,
            'sesjob',
            doc.JobId,
            { ...doc, JobStatus: 'CANCELLED', CompletedTimestamp: deps.store.now().toISOString() },
            PARENT,
          );
        });
        return {};
      },
    }),
  ];
}

// ---- running ------------------------------------------------------------------------------------

type Row = Record<string, string | number>;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
const csvField = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function encode(rows: Row[], columns: string[], format: Format): string {
  if (format === 'JSON') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** Every combination of the dimensions' values (one value per dimension). */
function combinations(dims: Record<string, string[]>): Record<string, string>[] {
  let out: Record<string, string>[] = [{}];
  for (const [name, values] of Object.entries(dims))
    out = out.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  return out;
}

async function metricRecords(
  db: Database,
  scope: SesScope,
  src: NonNullable<DataSource['MetricsDataSource']>,
): Promise<{ rows: Row[]; columns: string[]; processed: number }> {
  const start = Date.parse(src.StartDate);
  const end = Date.parse(src.EndDate);
  const columns = [
    'Timestamp',
    ...Object.keys(src.Dimensions),
    ...src.Metrics.map((m) => `${m.Name}_${m.Aggregation}`),
  ];
  const rows: Row[] = [];
  for (const combo of combinations(src.Dimensions)) {
    const q = (Metric: Metric) =>
      dailyValues(db, scope, {
        Metric,
        identity: combo.EMAIL_IDENTITY,
        configurationSet: combo.CONFIGURATION_SET,
        start,
        end,
      });
    const sends = src.Metrics.some((m) => m.Aggregation === 'RATE') ? (await q('SEND')).values : [];
    const series: { m: (typeof src.Metrics)[number]; values: number[] }[] = [];
    let timestamps: Date[] = [];
    for (const m of src.Metrics) {
      const got = await q(m.Name);
      series.push({ m, values: got.values });
      timestamps = got.timestamps;
    }
    timestamps.forEach((t, day) => {
      const row: Row = { Timestamp: t.toISOString(), ...combo };
      for (const { m, values } of series)
        row[`${m.Name}_${m.Aggregation}`] =
          m.Aggregation === 'VOLUME' ? values[day] : sends[day] > 0 ? values[day] / sends[day] : 0;
      rows.push(row);
    });
  }
  return { rows, columns, processed: rows.length };
}

const INSIGHT_COLUMNS = [
  'MessageId',
  'Destination',
  'FromEmailAddress',
  'Subject',
  'SendTimestamp',
  'LastDeliveryEvent',
  'LastEngagementEvent',
];

/** A delivery event's name in LastDeliveryEvent's terms (a bounce by its type). */
function deliveryName(e: {
  Type: string;
  Details?: { Bounce?: { BounceType?: string } };
}): string | undefined {
  if (e.Type === 'BOUNCE') {
    const t = e.Details?.Bounce?.BounceType;
    return t === 'PERMANENT'
      ? 'PERMANENT_BOUNCE'
      : t === 'TRANSIENT'
        ? 'TRANSIENT_BOUNCE'
        : 'UNDETERMINED_BOUNCE';
  }
  return ['SEND', 'DELIVERY', 'COMPLAINT'].includes(e.Type) ? e.Type : undefined;
}

function matches(f: Filters, r: Row, some: boolean): boolean {
  const tests = (Object.entries(f) as [keyof Filters, string[]][]).map(([name, values]) =>
    values.includes(String(r[name] ?? '')),
  );
  return some ? tests.some(Boolean) : tests.every(Boolean);
}

async function insightRecords(
  db: Database,
  scope: SesScope,
  src: NonNullable<DataSource['MessageInsightsDataSource']>,
): Promise<{ rows: Row[]; columns: string[]; processed: number }> {
  const store = new SendingStore(db);
  const ids = await db.all<{ message_id: string; sent_at: number }>(
    `SELECT message_id, sent_at FROM ses_sent_messages
     WHERE account = ? AND region = ? AND sent_at >= ? AND sent_at < ? ORDER BY sent_at, message_id`,
    [scope.account, scope.region, Date.parse(src.StartDate), Date.parse(src.EndDate)],
  );
  const rows: Row[] = [];
  let processed = 0;
  const max = src.MaxResults ?? MAX_RESULTS;
  for (const { message_id, sent_at } of ids) {
    const m = await messageInsights(store, scope, message_id);
    if (!m) continue;
    for (const d of m.Insights) {
      processed++;
      const delivery = d.Events.map(deliveryName).filter((x) => x !== undefined);
      const engagement = d.Events.filter((e) => ENGAGEMENT_EVENTS.includes(e.Type)).map((e) => e.Type);
      const row: Row = {
        MessageId: m.MessageId,
        Destination: d.Destination,
        FromEmailAddress: m.FromEmailAddress,
        Subject: m.Subject ?? '',
        SendTimestamp: new Date(Number(sent_at)).toISOString(),
        LastDeliveryEvent: delivery[delivery.length - 1] ?? '',
        LastEngagementEvent: engagement[engagement.length - 1] ?? '',
      };
      if (src.Include && !matches(src.Include, row, false)) continue;
      if (src.Exclude && Object.keys(src.Exclude).length > 0 && matches(src.Exclude, row, true)) continue;
      if (rows.length < max) rows.push(row);
    }
  }
  return { rows, columns: INSIGHT_COLUMNS, processed };
}

/** Registers the runner of `ses-export-job` jobs in this process's worker. */
export function registerExportRunner(deps: ControlDeps, jobs: Jobs, importRoot: string): void {
  const { store } = deps;
  /** Writes the job's new state unless it was cancelled meanwhile; false when it was. */
  const save = (scope: SesScope, doc: ExportJobDoc) =>
    store.transaction(async () => {
      const now = (await store.getForUpdate<ExportJobDoc>(scope, 'sesjob', doc.JobId, PARENT))?.doc;
      if (!now || now.JobStatus === 'CANCELLED') return false;
      await store.put(scope, 'sesjob', doc.JobId, doc, PARENT);
      return true;
    });
  jobs.register<QueuedExport>({
    kind: KIND,
    concurrency: 2,
    async run(job, ctx: JobContext) {
      const scope = { account: job.payload.account, region: job.payload.region };
      const stored = (await store.get<ExportJobDoc>(scope, 'sesjob', job.payload.jobId, PARENT))?.doc;
      if (!stored || (stored.JobStatus !== 'CREATED' && stored.JobStatus !== 'PROCESSING')) return;
      const doc: ExportJobDoc = {
        ...stored,
        JobStatus: 'PROCESSING',
        Statistics: { ProcessedRecordsCount: 0, ExportedRecordsCount: 0 },
      };
      if (!(await save(scope, doc))) return;
      const src = doc.ExportDataSource;
      const out = src.MetricsDataSource
        ? await metricRecords(store.db, scope, src.MetricsDataSource)
        : await insightRecords(store.db, scope, src.MessageInsightsDataSource!);
      if (ctx.signal.aborted) return { runAt: store.now().getTime() };
      doc.Statistics.ProcessedRecordsCount = out.processed;
      // Cancelled while the records were read: nothing is written.
      if (!(await save(scope, doc))) return;
      const loc = parseS3Url(doc.ExportDestination.S3Url)!;
      const format = doc.ExportDestination.DataFormat;
      const key = [...loc.segments, `${doc.JobId}.${format.toLowerCase()}`].join('/');
      const url = `s3://${loc.bucket}/${key}`;
      const written = await writeObject(
        importRoot,
        loc.bucket,
        key,
        Buffer.from(encode(out.rows, out.columns, format)),
      )
        // A run again after a stop finds its own object (the key holds the job's id).
        .catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? key : e));
      const finished = { ...doc, CompletedTimestamp: store.now().toISOString() };
      if (typeof written === 'string') {
        finished.JobStatus = 'COMPLETED';
        finished.Statistics = { ...doc.Statistics, ExportedRecordsCount: out.rows.length };
      } else {
        finished.JobStatus = 'FAILED';
        // Pinpost's wording: the bucket folder is missing, or the key would leave it.
        finished.FailureInfo = {
          ErrorMessage:
            written === undefined
              ? `${url} could not be written: the bucket does not exist or the key leaves it`
              : `${url} could not be written (${written.code ?? 'error'})`,
        };
      }
      await save(scope, finished);
    },
  });
}
