/**
 * The services this server answers, and where credentials and authorization come from. This is
 * the one file to edit when a service is added: import it lazily here (start-up pays only for
 * what it loads) and append it to the list.
 */
import type { Logger } from 'pino';
import type { CredentialResolver } from '../wire/credentials.js';
import { chainResolvers } from '../wire/credentials.js';
import type { Authorizer, ServiceDefinition } from '../wire/operation.js';
import type { ServerConfig } from './config.js';
import { DefaultCredentials } from './default-credentials.js';
import { rootOnlyAuthorizer } from './root-only-authorizer.js';

export interface ServiceEnv {
  config: ServerConfig;
  log: Logger;
}

export async function loadServices(_env: ServiceEnv): Promise<ServiceDefinition[]> {
  const services: ServiceDefinition[] = [];
  // e.g. services.push((await import('../services/iam/service.js')).iamService(env));
  return services;
}

export interface AuthSetup {
  credentials: CredentialResolver;
  authorizer: Authorizer;
}

export async function loadAuth(_env: ServiceEnv): Promise<AuthSetup> {
  // The IAM store's resolver (users' keys, STS sessions) is to be chained after the root keys,
  // and the policy engine's authorizer to replace rootOnlyAuthorizer.
  return { credentials: chainResolvers(new DefaultCredentials()), authorizer: rootOnlyAuthorizer };
}
