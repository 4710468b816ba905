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
import { parseConfig, type ServerConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
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
  close(): Promise<void>;
}

export interface TestOptions {
  /** The Pinpoint engine's clock (campaign schedules), for tests that move time. */
  clock?: () => Date;
}

/** Runtime options a test may set beyond the server config (src/services/runtime.ts). */
export type TestRuntimeOptions = Pick<RuntimeOptions, 'importRoot' | 'allowPrivateEgress'>;

export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  options: TestOptions & TestRuntimeOptions = {},
): Promise<TestServer> {
  const config = { ...parseConfig(['--port', '0', '--data', ':memory:'], {}), ...overrides };
  const log = pino({ level: process.env.PINPOST_TEST_LOG ?? 'silent' });
  const runtime = createRuntime({
    data: config.data,
    region: config.region,
    sesSandbox: config.sesSandbox,
    sesVerification: config.sesVerification,
    transport: config.transport,
    smtpRelay: config.smtpRelay,
    sesUpstream: config.sesUpstream,
    smtpPort: overrides.smtpPort ?? -1,
    sesProductionQuota: { maxSendRate: config.sesMaxSendRate, max24HourSend: config.sesMax24HourSend },
    log,
    clock: options.clock,
    importRoot: options.importRoot ?? overrides.importRoot,
    allowPrivateEgress: options.allowPrivateEgress ?? overrides.allowPrivateEgress,
  });
  const server = await startServer(config, runtime.services, {
    credentials: runtime.credentials,
    authorizer: runtime.authorizer,
    log,
    routes: runtime.routes,
  });
  const workers = await runtime.start(server.pipeline);
  const clientConfig = (creds: Credentials) => ({
    endpoint: server.url,
    region: config.region,
    credentials: creds,
    maxAttempts: 1,
  });
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
    close: async () => {
      await server.close(100);
      await runtime.close();
    },
  };
}
