/**
 * The `pinpost` command as a user runs it (`node --import tsx src/cli/main.ts …`), for tests of
 * the CLI: a command run to its end, or `pinpost start` up to its ready line.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';

const ROOT = new URL('../..', import.meta.url);

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    // Each test says what it sets: no PINPOST_* from the environment running the tests.
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PINPOST_'))),
      PINPOST_LOG_LEVEL: 'warn',
      ...env,
    },
    ...options,
  });
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  return { stdout: () => out, stderr: () => err };
}

/** Runs `pinpost …` to its exit (killed after 20 s: a command that should end must not hang the run). */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: SpawnOptions = {},
): Promise<Finished> {
  const child = spawnCli(args, env, options);
  const streams = collect(child);
  // A guard against a hang (a command that should have ended keeps serving): killed, it fails
  // the test with a null exit code instead of holding the run.
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(guard);
  return { code, stdout: streams.stdout(), stderr: streams.stderr() };
}

export interface Started {
  child: ChildProcess;
  /** The ready line, without its newline. */
  line: string;
  /** `http://host:port` from the ready line. */
  url: string;
  stderr(): string;
  stdout(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `pinpost start …` and resolves at its ready line; rejects with its output if it exits first. */
export async function startCli(args: string[], env: Record<string, string> = {}): Promise<Started> {
  const child = spawnCli(['start', ...args], env);
  const streams = collect(child);
  const exited = once(child, 'close');
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const out = streams.stdout();
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
    });
    void exited.then(([code]) =>
      reject(new Error(`pinpost exited with ${String(code)} before it was ready: ${streams.stderr()}`)),
    );
  });
  return {
    child,
    line,
    url: /http:\/\/\S+/.exec(line)![0],
    stderr: streams.stderr,
    stdout: streams.stdout,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
