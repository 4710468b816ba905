/**
 * `pinpost start [flags]` (`pinpost start --help`): starts the server, prints one ready line once
 * HTTP and SMTP listen, and stops gracefully on SIGTERM/SIGINT. A flag error exits 2; any start
 * failure (the well-known key beyond loopback, a port in use, a data directory that cannot be
 * used or is locked) exits 1 after one line naming the cause, with nothing left running.
 */
import { parseConfig, type ServerConfig } from '../server/config.js';
import { assertRootKeyFitsHost } from '../server/default-credentials.js';
import { isLoopbackName } from '../server/host-check.js';
import { PinpostError } from '../server/errors.js';
import { startServer, type RunningServer } from '../server/http.js';
import { createLogger } from '../server/logger.js';
import { readyLine } from '../server/ready-line.js';
import { METRICS_PATH } from '../server/metrics/route.js';
import { loadRuntime } from '../server/services.js';
import type { Runtime } from '../services/runtime.js';
import { asStartFailure } from './start-failures.js';

/** What `--iam soft` and `--iam off` mean, printed at start so nobody runs them unaware. */
const IAM_WARNINGS: Partial<Record<ServerConfig['iam'], string>> = {
  soft: '`--iam soft`: IAM does not enforce; a request it would deny is logged and allowed',
  off: '`--iam off`: IAM is off; any credentials are accepted, unsigned requests act as the root user, and nothing is authorized',
};

/** Beyond loopback, `--iam off` also opens Pinpost's own routes (the mailbox) to the network. */
const IAM_OFF_BEYOND_LOOPBACK =
  '`--iam off` beyond loopback: anyone who reaches this address can call every API and read or delete the mailbox';

const fail = (err: PinpostError): void => void process.stderr.write(`pinpost: ${err.code}: ${err.message}\n`);

export async function startCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    const { startHelp } = await import('./help.js');
    process.stdout.write(startHelp());
    return 0;
  }
  let config: ServerConfig;
  try {
    config = parseConfig(args, process.env);
  } catch (err) {
    if (!(err instanceof PinpostError)) throw err;
    fail(err);
    return 2;
  }
  try {
    assertRootKeyFitsHost(config);
  } catch (err) {
    if (!(err instanceof PinpostError)) throw err;
    fail(err);
    return 1;
  }
  const warning = IAM_WARNINGS[config.iam];
  if (warning) process.stderr.write(`pinpost: warning: ${warning}\n`);
  if (config.iam === 'off' && !isLoopbackName(config.host))
    process.stderr.write(`pinpost: warning: ${IAM_OFF_BEYOND_LOOPBACK}\n`);

  const log = createLogger(config.logLevel);
  let runtime: Runtime | undefined;
  let server: RunningServer | undefined;
  let smtpPort: number | undefined;
  try {
    runtime = await loadRuntime({ config, log });
    const { clock } = runtime;
    // A worker answers no API: only its metrics, for Prometheus to scrape every process.
    const worker = config.role === 'worker';
    server = await startServer(config, worker ? [] : runtime.services, {
      credentials: runtime.credentials,
      authorizer: runtime.authorizer,
      log,
      routes: worker ? runtime.routes.filter((r) => r.prefix === METRICS_PATH) : runtime.routes,
      clock: () => clock.now(),
      deferReady: true,
      metrics: runtime.metrics,
    });
    smtpPort = (await runtime.start(server.pipeline, server.url)).smtpPort;
    server.markReady();
  } catch (err) {
    await server?.close(0);
    await runtime?.close();
    const failure = asStartFailure(err);
    if (!failure) throw err;
    fail(failure);
    return 1;
  }
  const running = { server, runtime };
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      running.server
        .close()
        .then(() => running.runtime.close())
        .then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  // Listening for signals before saying ready: whoever reads the line may stop us at once.
  process.stdout.write(
    readyLine(config, { url: server.url, consoleUrl: server.consoleUrl, smtpPort }) + '\n',
  );
  await stopped;
  return 0;
}
