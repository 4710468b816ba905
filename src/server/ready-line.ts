/** The one line `pinpost start` prints when it answers: what a newcomer needs to connect. */
import { resolve } from 'node:path';
import type { ServerConfig } from './config.js';
import { DEFAULT_ROOT_KEY } from './default-credentials.js';

export function readyLine(config: ServerConfig, url: string, cwd: string = process.cwd()): string {
  const data = config.data === ':memory:' ? 'in memory (:memory:, lost on exit)' : resolve(cwd, config.data);
  return (
    `pinpost ready at ${url} | account ${config.account} | access key ${DEFAULT_ROOT_KEY.accessKeyId} ` +
    `secret ${DEFAULT_ROOT_KEY.secretAccessKey} | region ${config.region} | iam ${config.iam} | data ${data}`
  );
}
