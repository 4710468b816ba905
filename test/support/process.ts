/**
 * `pinpost start` as a separate process over a data directory, for tests that kill it (SIGKILL)
 * and start it again on the same data.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { IAMClient } from '@aws-sdk/client-iam';
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { startCli } from './cli.js';
import { ROOT, type TestServer } from './server.js';

export interface PinpostProcess {
  child: ChildProcess;
  url: string;
}

/** Starts `pinpost start --port 0 --data <data> …args`; resolves once its ready line is printed. */
export async function startPinpost(data: string, args: string[] = []): Promise<PinpostProcess> {
  const started = await startCli(['--port', '0', '--data', data, ...args]);
  return { child: started.child, url: started.url };
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

/** The clients of a TestServer that the setup helpers use, against a spawned server's `url`. */
export function clientsOf(url: string): TestServer {
  const config = { endpoint: url, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 };
  return {
    url,
    pinpoint: () => new PinpointClient(config),
    iam: () => new IAMClient(config),
    sesv2: () => new SESv2Client(config),
  } as unknown as TestServer;
}
