/**
 * The control plane's schema (context `ses-control`). One table of JSON documents keyed by
 * account, region, kind and name: SES's resources are small, read whole and written whole, and
 * every kind (identity, template, configuration set, contact list, contact, suppressed address,
 * account settings) is scoped the same way, so one keyed table keeps the store small and every
 * write a single all-or-nothing statement or transaction.
 */
import type { Migration } from '../../../store/index.js';

export const sesControlMigrations: readonly Migration[] = [
  {
    context: 'ses-control',
    version: 1,
    name: 'documents and verification tokens',
    up: `
      CREATE TABLE ses_documents (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        kind TEXT NOT NULL,
        parent TEXT NOT NULL,
        name_key TEXT NOT NULL,
        doc TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account, region, kind, parent, name_key)
      );
      CREATE TABLE ses_verification_tokens (
        token TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        identity_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
];
