/**
 * The services this server answers, and where credentials and authorization come from: one
 * runtime (database, stores, authorizer) per server config, shared by both answers.
 */
import type { Logger } from 'pino';
import { createClock } from '../clock/index.js';
import type { Runtime } from '../services/runtime.js';
import type { CredentialResolver } from '../wire/credentials.js';
import type { Authorizer, ServiceDefinition } from '../wire/operation.js';
import type { ServerConfig } from './config.js';

export interface ServiceEnv {
  config: ServerConfig;
  log: Logger;
}

const runtimes = new WeakMap<ServerConfig, Promise<Runtime>>();

/** The runtime of a server config, created once (the database opens here). */
export function loadRuntime(env: ServiceEnv): Promise<Runtime> {
  let runtime = runtimes.get(env.config);
  if (!runtime) {
    const c = env.config;
    runtime = import('../services/runtime.js').then((m) =>
      m.createRuntime({
        data: c.data,
        role: c.role,
        rootKey: { accessKeyId: c.rootAccessKeyId, secretAccessKey: c.rootSecretAccessKey },
        region: c.region,
        host: c.host,
        sesSandbox: c.sesSandbox,
        sesVerification: c.sesVerification,
        transport: c.transport,
        smtpRelay: c.smtpRelay,
        sesUpstream: c.sesUpstream,
        smtpPort: c.smtpPort,
        sesProductionQuota: { maxSendRate: c.sesMaxSendRate, max24HourSend: c.sesMax24HourSend },
        importRoot: c.importRoot,
        allowPrivateEgress: c.allowPrivateEgress,
        clock: createClock(c.clock),
        log: env.log,
      }),
    );
    runtimes.set(env.config, runtime);
  }
  return runtime;
}

export async function loadServices(env: ServiceEnv): Promise<ServiceDefinition[]> {
  return (await loadRuntime(env)).services;
}

export interface AuthSetup {
  credentials: CredentialResolver;
  authorizer: Authorizer;
}

export async function loadAuth(env: ServiceEnv): Promise<AuthSetup> {
  const runtime = await loadRuntime(env);
  return { credentials: runtime.credentials, authorizer: runtime.authorizer };
}
