/**
 * The control plane's schema (context `ses-control`). Its resources are JSON documents keyed by
 * account, region, kind and name: SES's resources are small, read whole and written whole, and
 * every kind (identity, template, configuration set, contact list, contact, suppressed address,
 * account settings) is scoped the same way, so one keyed table keeps the store small and every
 * write a single all-or-nothing statement or transaction. Version 1 gave SES a table of its own
 * (`ses_documents`); version 2 moves its documents into the table Pinpoint's share
 * (src/store/documents.ts).
 */
import { DOCUMENTS_DDL } from '../../../store/documents.js';
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
  {
    context: 'ses-control',
    version: 2,
    name: 'documents move to the one documents table',
    up: async (db) => {
      await db.exec(db.dialect.ddl(DOCUMENTS_DDL));
      await db.run(
        `INSERT INTO documents (service, account, region, parent, kind, doc_key, user_id, doc, created_at, updated_at)
         SELECT 'ses', account, region, parent, kind, name_key, NULL, doc, created_at, updated_at FROM ses_documents`,
      );
      await db.exec('DROP TABLE ses_documents');
    },
  },
];
