/**
 * SES's control plane: identities, templates, configuration sets and event destinations, account
 * settings, the suppression list, contact lists, tags — v1 (awsQuery) and v2 (restJson1)
 * operations over one store, and the ports sending reads.
 */
import type { Database, Migration } from '../../../store/index.js';
import type { OperationSpec } from '../../../wire/operation.js';
import type { MimePort, OutboxPort } from '../ports.js';
import type { AccountPort, ConfigSetPort, IdentityPort, SuppressionPort, TemplatePort } from '../ports.js';

export const sesControlMigrations: readonly Migration[] = [];

export interface SesControlOptions {
  partition: string;
  /** New accounts start in the sandbox. */
  sandbox: boolean;
  verification: 'instant' | 'email';
  /** For `email` verification: where the verification mail goes. */
  mail?: { mime: MimePort; outbox: OutboxPort };
}

export interface SesControl {
  identities: IdentityPort;
  templates: TemplatePort;
  configSets: ConfigSetPort;
  account: AccountPort;
  suppression: SuppressionPort;
  v1Operations(): OperationSpec[];
  v2Operations(): OperationSpec[];
}

/** Until the control plane lands: no identities, no operations (SES answers unknown operations as AWS does). */
export function createSesControl(_db: Database, options: SesControlOptions): SesControl {
  return {
    identities: { find: () => undefined, identityForAddress: () => undefined },
    templates: { get: () => undefined },
    configSets: { get: () => undefined },
    account: {
      get: () => ({
        sendingEnabled: true,
        productionAccessEnabled: !options.sandbox,
        max24HourSend: options.sandbox ? 200 : 50_000,
        maxSendRate: options.sandbox ? 1 : 14,
        suppressedReasons: [],
      }),
    },
    suppression: { find: () => undefined, put: () => undefined },
    v1Operations: () => [],
    v2Operations: () => [],
  };
}
