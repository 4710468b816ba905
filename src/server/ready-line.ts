/**
 * The one line `pinpost start` prints once HTTP and SMTP both listen: what a newcomer needs to
 * connect. It never holds a secret other than the well-known `test` (default-credentials.ts).
 */
import { redacted } from '../store/open.js';
import { isPostgresUrl } from '../store/postgres.js';
import { resolve } from 'node:path';
import type { ServerConfig } from './config.js';
import { describeRootKey } from './default-credentials.js';

/** What is listening, as bound (ports chosen by the system included). */
export interface Listening {
  /** `http://host:port` of the AWS APIs. */
  url: string;
  /** The SES SMTP interface's port, or undefined when it is off (`--smtp-port -1`). */
  smtpPort?: number;
  /** The web console's address, once there is one to name. */
  consoleUrl?: string;
}

export function readyLine(config: ServerConfig, listening: Listening, cwd: string = process.cwd()): string {
  const data =
    config.data === ':memory:'
      ? 'in memory (:memory:, lost on exit)'
      : isPostgresUrl(config.data)
        ? `PostgreSQL ${redacted(config.data)}`
        : resolve(cwd, config.data);
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const parts = [
    `pinpost ready at ${listening.url}`,
    ...(listening.consoleUrl ? [`console ${listening.consoleUrl}`] : []),
    listening.smtpPort === undefined ? 'smtp off' : `smtp ${host}:${listening.smtpPort}`,
    `account ${config.account}`,
    describeRootKey(config),
    `region ${config.region}`,
    `iam ${config.iam}`,
    `data ${data}`,
    // Said only when it is not the default, so a single process's line stays as it was.
    ...(config.role === 'all' ? [] : [`role ${config.role}`]),
  ];
  return parts.join(' | ');
}
