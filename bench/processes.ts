/** Child servers for benches: start, wait until they answer, measure, stop. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Child {
  proc: ChildProcess;
  url: string;
  /** Milliseconds from spawn until the readiness probe first succeeded. */
  readyMs: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitReady(probe: string, proc: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`process exited with ${proc.exitCode} before ready`);
    try {
      const r = await fetch(probe);
      if (r.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 3));
  }
  throw new Error(`not ready after ${timeoutMs} ms: ${probe}`);
}

export async function startChild(
  command: string,
  args: string[],
  port: number,
  probePath: string,
  env: Record<string, string> = {},
): Promise<Child> {
  const start = performance.now();
  const proc = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url + probePath, proc, 30_000);
  } catch (err) {
    proc.kill('SIGKILL');
    throw new Error(`${command} ${args.join(' ')}: ${(err as Error).message}\n${stderr.slice(-2000)}`, {
      cause: err,
    });
  }
  const readyMs = performance.now() - start;
  return {
    proc,
    url,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/** Resident set size of a process, in MiB (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a process has used so far, all its threads (Linux /proc). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // Fields 14 and 15 of stat (utime, stime), counted from the state field as the 3rd.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * CPU seconds of the PostgreSQL server on this machine: every process named `postgres` (the
 * postmaster, its background processes, the backends), with the backends that ended and were
 * reaped meanwhile; undefined when none runs here (a server on another host).
 */
export function postgresCpuSeconds(): number | undefined {
  let ticks = 0;
  let found = false;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended between the listing and the read
    }
    found = true;
    const fields = stat.split(') ')[1]!.split(' ');
    // utime, stime, cutime, cstime: fields 14 to 17 of stat.
    for (const i of [11, 12, 13, 14]) ticks += Number(fields[i]);
  }
  return found ? ticks / TICKS_PER_SECOND : undefined;
}

/**
 * Node's flags for the built `pinpost` executable, as its first line gives them to `env -S`
 * (src/cli/main.ts): a bench starts the server as a user's `pinpost start` runs.
 */
export function pinpostNodeFlags(): string[] {
  const shebang = readFileSync('dist/cli/main.js', 'utf8').split('\n', 1)[0]!;
  const words = shebang
    .replace(/^#!\S+\s+(-S\s+)?/, '')
    .split(/\s+/)
    .filter(Boolean);
  if (words[0] !== 'node') throw new Error(`dist/cli/main.js starts with \`${shebang}\`, not a node command`);
  return words.slice(1);
}
