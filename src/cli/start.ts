/**
 * `pinpost start [--host H] [--port P] [--data DIR|:memory:] [--region R] [--iam enforce|soft|off]`:
 * starts the server, prints one ready line, and stops gracefully on SIGTERM/SIGINT.
 */
import { parseConfig } from '../server/config.js';
import { PinpostError } from '../server/errors.js';
import { startServer } from '../server/http.js';
import { createLogger } from '../server/logger.js';
import { readyLine } from '../server/ready-line.js';
import { loadAuth, loadRuntime, loadServices } from '../server/services.js';

export async function startCommand(args: string[]): Promise<number> {
  let config;
  try {
    config = parseConfig(args, process.env);
  } catch (err) {
    if (err instanceof PinpostError) {
      process.stderr.write(`pinpost: ${err.code}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const env = { config, log };
  const [services, auth, runtime] = await Promise.all([loadServices(env), loadAuth(env), loadRuntime(env)]);
  let server;
  try {
    server = await startServer(config, services, { ...auth, log, routes: runtime.routes });
  } catch (err) {
    if (err instanceof PinpostError) {
      process.stderr.write(`pinpost: ${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const workers = await runtime.start(server.pipeline);
  process.stdout.write(readyLine(config, server.url) + '\n');
  if (workers.smtpPort !== undefined)
    log.info({ smtpPort: workers.smtpPort }, 'SES SMTP interface listening');
  const running = server;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      running
        .close()
        .then(() => runtime.close())
        .then(resolve, resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}
