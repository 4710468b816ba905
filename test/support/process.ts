/**
 * `pinpost start` as a separate process over a data directory, for tests that kill it (SIGKILL)
 * and start it again on the same data.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';

export interface PinpostProcess {
  child: ChildProcess;
  url: string;
}

/** Starts `pinpost start --port 0 --data <data> …args`; resolves once its ready line is printed. */
export async function startPinpost(data: string, args: string[] = []): Promise<PinpostProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start', '--port', '0', '--data', data, ...args],
    { cwd: new URL('../..', import.meta.url), env: { ...process.env, PINPOST_LOG_LEVEL: 'warn' } },
  );
  let out = '';
  child.stdout!.setEncoding('utf8');
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`pinpost exited with ${code} before it was ready`)));
  });
  return { child, url: /http:\/\/\S+/.exec(line)![0] };
}

/** Calls `f` every 25 ms until it returns a value (at most `limit` times). */
export async function poll<T>(what: string, f: () => Promise<T | undefined>, limit = 1200): Promise<T> {
  for (let i = 0; i < limit; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.fail(`never: ${what}`);
}
