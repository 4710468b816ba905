/**
 * A whole Pinpost (every service, the real stores on `:memory:`, the real authorizer) on a free
 * port, for integration tests through real clients.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import pino from 'pino';
import { clockFrom, createClock, type Clock } from '../../src/clock/index.js';
import { parseConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { testData } from './database.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/services/runtime.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const ROOT: Credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export interface TestServer {
  url: string;
  server: RunningServer;
  runtime: Runtime;
  /** The SES SMTP interface's port, when started (`smtpPort: 0` in the overrides). */
  smtpPort?: number;
  iam(creds?: Credentials): IAMClient;
  sts(creds?: Credentials): STSClient;
  ses(creds?: Credentials): SESClient;
  sesv2(creds?: Credentials): SESv2Client;
  pinpoint(creds?: Credentials): PinpointClient;
  /** `GET` or `POST /_pinpost/clock` (with `body` as JSON): the status and the JSON answer. */
  clockRoute(
    method: 'GET' | 'POST',
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /**
   * Moves the manual clock (`startTestServer({ clock: 'manual' })`) `seconds` ahead through the
   * route; resolves with the new time once everything due on the way has run.
   */
  advance(seconds: number): Promise<Date>;
  /** Sets the manual clock through the route (never backwards); resolves as `advance`. */
  setClock(at: Date | string): Promise<Date>;
  close(): Promise<void>;
}

export interface TestOptions {
  /**
   * The one clock, for a test that moves time itself: a function it changes the answer of
   * (`() => now`; parts poll it as they poll the system clock), or a Clock. Otherwise the config's
   * `clock` (`'manual'`: moved through the route, see TestServer.advance).
   */
  clock?: (() => Date) | Clock;
}

/** Runtime options a test may set beyond the server config (src/services/runtime.ts). */
export type TestRuntimeOptions = Pick<RuntimeOptions, 'importRoot' | 'allowPrivateEgress'>;

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: TestOptions & TestRuntimeOptions = {},
): Promise<TestServer> {
  const config = { ...parseConfig(['--port', '0', '--data', ':memory:'], {}), ...overrides };
  const log = pino({ level: process.env.PINPOST_TEST_LOG ?? 'silent' });
  const clock =
    typeof options.clock === 'function'
      ? clockFrom(options.clock)
      : (options.clock ?? createClock(config.clock));
  const runtime = await createRuntime({
    // The run's database engine (test/support/database.ts) unless the test names its own data.
    data: config.data === ':memory:' ? testData() : config.data,
    poolSize: 4,
    region: config.region,
    sesSandbox: config.sesSandbox,
    sesVerification: config.sesVerification,
    transport: config.transport,
    smtpRelay: config.smtpRelay,
    sesUpstream: config.sesUpstream,
    smtpPort: overrides.smtpPort ?? -1,
    sesProductionQuota: { maxSendRate: config.sesMaxSendRate, max24HourSend: config.sesMax24HourSend },
    log,
    clock,
    importRoot: options.importRoot ?? overrides.importRoot,
    allowPrivateEgress: options.allowPrivateEgress ?? overrides.allowPrivateEgress,
  });
  const server = await startServer(config, runtime.services, {
    credentials: runtime.credentials,
    authorizer: runtime.authorizer,
    log,
    routes: runtime.routes,
    clock: () => clock.now(),
    metrics: runtime.metrics,
  });
  const workers = await runtime.start(server.pipeline, server.url);
  const clientConfig = (creds: Credentials) => ({
    endpoint: server.url,
    region: config.region,
    credentials: creds,
    maxAttempts: 1,
  });
  const clockRoute = async (method: 'GET' | 'POST', body?: unknown) => {
    const res = await fetch(`${server.url}/_pinpost/clock`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const move = async (body: unknown) => {
    const res = await clockRoute('POST', body);
    if (res.status !== 200)
      throw new Error(`POST /_pinpost/clock answered ${res.status}: ${JSON.stringify(res.body)}`);
    return new Date(String(res.body.now));
  };
  return {
    url: server.url,
    server,
    runtime,
    smtpPort: workers.smtpPort,
    iam: (creds = ROOT) => new IAMClient(clientConfig(creds)),
    sts: (creds = ROOT) => new STSClient(clientConfig(creds)),
    ses: (creds = ROOT) => new SESClient(clientConfig(creds)),
    sesv2: (creds = ROOT) => new SESv2Client(clientConfig(creds)),
    pinpoint: (creds = ROOT) => new PinpointClient(clientConfig(creds)),
    clockRoute,
    advance: (seconds) => move({ advanceSeconds: seconds }),
    setClock: (at) => move({ set: typeof at === 'string' ? at : at.toISOString() }),
    close: async () => {
      await server.close(100);
      await runtime.close();
    },
  };
}
