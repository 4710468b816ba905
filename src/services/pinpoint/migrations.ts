/**
 * Pinpoint's schema (context `pinpoint`). JSON documents keyed by account, region, application and
 * kind: an app (kind `app`), its channels (`channel`, key = platform), its endpoints (`endpoint`,
 * key = endpoint id, with the endpoint's User.UserId beside it so a user's endpoints are found
 * without reading every document). Deleting an app deletes its whole subtree in one statement.
 * Version 1 gave Pinpoint a table of its own (`pinpoint_documents`); version 2 moves its documents
 * into the table SES's control plane shares (src/store/documents.ts), the app id as their parent.
 */
import { DOCUMENTS_DDL } from '../../store/documents.js';
import type { Migration } from '../../store/index.js';

export const pinpointDocumentMigrations: readonly Migration[] = [
  {
    context: 'pinpoint',
    version: 1,
    name: 'apps, channels and endpoints as documents',
    up: `
      CREATE TABLE pinpoint_documents (
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        app_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        doc_key TEXT NOT NULL,
        user_id TEXT,
        doc TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (account, region, app_id, kind, doc_key)
      );
      CREATE INDEX pinpoint_documents_user ON pinpoint_documents (account, region, app_id, user_id);
    `,
  },
  {
    context: 'pinpoint',
    version: 2,
    name: 'documents move to the one documents table',
    // Runs before `pinpoint-segments` (contexts apply in name order), whose version 2 reads the
    // import jobs' documents: it reads them from `documents`.
    up: async (db) => {
      await db.exec(db.dialect.ddl(DOCUMENTS_DDL));
      await db.run(
        `INSERT INTO documents (service, account, region, parent, kind, doc_key, user_id, doc, created_at, updated_at)
         SELECT 'pinpoint', account, region, app_id, kind, doc_key, user_id, doc, created_at, updated_at
         FROM pinpoint_documents`,
      );
      await db.exec('DROP TABLE pinpoint_documents');
    },
  },
];
