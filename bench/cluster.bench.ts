/**
 * The campaign bench (pinpoint.bench.ts) on SQLite with one process, and on PostgreSQL with one,
 * two and three processes sharing one database, as ratios in the same run. On a 2-core machine
 * more processes cannot mean more wall-clock speed, so the figure that judges the cluster is CPU
 * time per message summed over every process (from /proc, from CreateCampaign until every message
 * is captured; loading the endpoints is not counted): how much coordinating several
 * processes costs; beside it, the round trips to PostgreSQL a message took, all processes together
 * (`pinpost_store_round_trips_total`), which tells coordination from the cores' contention.
 * Targets (issue 12): PostgreSQL with one process ≥ 70% of SQLite's rate; CPU per message from one
 * to three processes grows ≤ 10%.
 *
 * When the PostgreSQL server runs on this machine it shares the cores too, so its own CPU a
 * message is measured beside Pinpost's (its processes in /proc, over the same span), and each run
 * shows the rate its CPU allows at most: the cores ÷ all the CPU a message costs, Pinpost's and the
 * database server's. SQLite's costs only Pinpost's, so on a machine this small the rate ratio
 * measures where PostgreSQL runs as much as what Pinpost does with it.
 *
 * BENCH_CLUSTER_ENDPOINTS sets the campaign size (default: BENCH_ENDPOINTS, 100,000);
 * BENCH_POSTGRES the server (default postgres://postgres@127.0.0.1:5432/postgres);
 * BENCH_CLUSTER_ONLY a comma list of the runs to make (`sqlite`, `pg1`, `pg2`, `pg3`; default all),
 * for a quick look at one of them (ratios then need the SQLite run).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fmt, printTable } from './measure.js';
import { runCampaign } from './pinpoint.bench.js';
import { benchEndpoints, benchServer, metricSum } from './pinpoint-setup.js';
import { cpuSeconds, postgresCpuSeconds, type Child } from './processes.js';

const TRIPS = 'pinpost_store_round_trips_total';

interface Outcome {
  label: string;
  ms: number;
  /** CPU seconds of every process of the run. */
  cpu: number[];
  /** Round trips to PostgreSQL of every process together (none on SQLite). */
  trips: number;
  /** CPU seconds of the PostgreSQL server, when it runs on this machine (PostgreSQL runs only). */
  dbCpu?: number;
}

async function measure(label: string, data: string, processes: number, n: number): Promise<Outcome> {
  const servers: Child[] = [];
  try {
    for (let i = 0; i < processes; i++) servers.push(await benchServer(data));
    // From CreateCampaign on: loading the endpoints is not what is measured.
    const urls = servers.map((s) => s.url);
    let before: number[] = [];
    let tripsBefore = 0;
    const onPostgres = !data.startsWith('/') && /^postgres(ql)?:/.test(data);
    let dbBefore: number | undefined;
    const run = await runCampaign(
      servers[0]!.url,
      n,
      async () => {
        tripsBefore = await metricSum(urls, TRIPS);
        before = servers.map((s) => cpuSeconds(s.proc.pid!));
        dbBefore = onPostgres ? postgresCpuSeconds() : undefined;
      },
      urls,
    );
    const cpu = servers.map((s, i) => cpuSeconds(s.proc.pid!) - before[i]!);
    const dbAfter = dbBefore === undefined ? undefined : postgresCpuSeconds();
    const dbCpu = dbAfter === undefined ? undefined : dbAfter - dbBefore!;
    return { label, ms: run.ms, cpu, trips: (await metricSum(urls, TRIPS)) - tripsBefore, dbCpu };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

async function withPostgresDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const server = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `pinpost_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export async function clusterBench(): Promise<void> {
  const n = Number(process.env.BENCH_CLUSTER_ENDPOINTS ?? benchEndpoints());
  const only = process.env.BENCH_CLUSTER_ONLY?.split(',').map((s) => s.trim());
  const wanted = (run: string) => !only || only.includes(run);
  const outcomes: Outcome[] = [];
  if (wanted('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'pinpost-bench-cluster-'));
    try {
      outcomes.push(await measure('SQLite, 1 process', dir, 1, n));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const k of [1, 2, 3])
    if (wanted(`pg${k}`))
      outcomes.push(
        await withPostgresDatabase((url) =>
          measure(`PostgreSQL, ${k} process${k > 1 ? 'es' : ''}`, url, k, n),
        ),
      );
  const sqlite = outcomes.find((o) => o.label.startsWith('SQLite'));
  const sqliteRate = sqlite ? n / (sqlite.ms / 1000) : NaN;
  const cpuPerMessage = (o: Outcome) => (o.cpu.reduce((a, b) => a + b, 0) * 1000) / n;
  const pg1 = outcomes.find((o) => o.label === 'PostgreSQL, 1 process');
  const pgOne = pg1 ? cpuPerMessage(pg1) : NaN;
  const dbPerMessage = (o: Outcome) => (o.dbCpu === undefined ? undefined : (o.dbCpu * 1000) / n);
  const cores = availableParallelism();
  printTable(
    `Campaign to ${n.toLocaleString('en-US')} endpoints, CreateCampaign → all captured, by store and processes`,
    [
      'store, processes',
      'seconds',
      'messages/s',
      'rate vs SQLite',
      'CPU ms/message (all)',
      'vs PG×1',
      'round trips/message',
      'CPU s by process',
      'PostgreSQL CPU ms/message',
      `most messages/s ${cores} cores allow`,
    ],
    outcomes.map((o) => {
      const rate = n / (o.ms / 1000);
      return [
        o.label,
        fmt(o.ms / 1000),
        fmt(rate),
        `${fmt((rate / sqliteRate) * 100)}%`,
        fmt(cpuPerMessage(o)),
        o.label.startsWith('PostgreSQL') ? `${fmt((cpuPerMessage(o) / pgOne) * 100)}%` : '',
        o.label.startsWith('PostgreSQL') ? fmt(o.trips / n) : '',
        o.cpu.map((c) => fmt(c)).join(' / '),
        o.dbCpu === undefined ? '' : fmt(dbPerMessage(o)!),
        fmt((cores * 1000) / (cpuPerMessage(o) + (dbPerMessage(o) ?? 0))),
      ];
    }),
  );
}
