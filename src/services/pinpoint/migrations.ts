/**
 * Pinpoint's schema (context `pinpoint`). One table of JSON documents keyed by account, region,
 * application and kind: an app (kind `app`), its channels (`channel`, key = platform), its
 * endpoints (`endpoint`, key = endpoint id, with the endpoint's User.UserId beside it so a user's
 * endpoints are found without reading every document). Deleting an app deletes its whole subtree
 * in one statement.
 */
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
];
