/**
 * The services' shared state for one server: the database (every bounded context's migrations),
 * the IAM and STS stores, the credential chain and the authorizer. The server builds one and asks
 * it for its service definitions; tests build one on `:memory:`.
 */
import { openDatabase, type Database } from '../store/index.js';
import { chainResolvers, type CredentialResolver } from '../wire/credentials.js';
import type { ServiceDefinition } from '../wire/operation.js';
import { IamAuthorizer } from './iam/authz/authorizer.js';
import { StoreCredentials } from './iam/authz/credentials.js';
import { authzMigrations } from './iam/authz/generation.js';
import type { IamDeps } from './iam/deps.js';
import { iamService } from './iam/service.js';
import { iamMigrations, IamStore } from './iam/store.js';
import { stsService } from './sts/service.js';
import { stsMigrations, StsStore } from './sts/store.js';

export interface RuntimeOptions {
  /** A directory for the database file, or `:memory:`. */
  data: string;
  region: string;
  partition?: string;
}

export interface Runtime {
  db: Database;
  iam: IamStore;
  sts: StsStore;
  authorizer: IamAuthorizer;
  credentials: CredentialResolver;
  services: ServiceDefinition[];
  close(): void;
}

export const MIGRATIONS = [...iamMigrations, ...stsMigrations, ...authzMigrations];

export function createRuntime(options: RuntimeOptions): Runtime {
  const db = openDatabase({ data: options.data, migrations: MIGRATIONS });
  const iam = new IamStore(db);
  const sts = new StsStore(db);
  const authorizer = new IamAuthorizer(iam);
  const deps: IamDeps = { store: iam, sts, authorizer, partition: options.partition ?? 'aws' };
  const services: ServiceDefinition[] = [iamService(deps), stsService({ ...deps, region: options.region })];
  return {
    db,
    iam,
    sts,
    authorizer,
    credentials: chainResolvers(new StoreCredentials(iam, sts)),
    services,
    close: () => db.close(),
  };
}
