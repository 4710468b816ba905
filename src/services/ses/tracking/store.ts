/**
 * Tracking's table (context `ses-tracking`): the key tracking tokens are sealed with, made once per
 * database so that links in mail already delivered keep working across restarts.
 */
import { randomBytes } from 'node:crypto';
import type { Database, Migration } from '../../../store/index.js';

export const trackingMigrations: readonly Migration[] = [
  {
    context: 'ses-tracking',
    version: 1,
    name: 'token key',
    up: `
      CREATE TABLE ses_tracking_keys (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
];

/** The database's tracking key, made on first use. */
export async function trackingKey(db: Database, now = new Date()): Promise<Buffer> {
  const read = () => db.get<{ key: string }>('SELECT key FROM ses_tracking_keys WHERE id = 1');
  const found = await read();
  if (found) return Buffer.from(found.key, 'base64');
  // Another process sharing the database may make it first: then theirs is kept, and used.
  await db.run(
    'INSERT INTO ses_tracking_keys (id, key, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING',
    [randomBytes(32).toString('base64'), now.getTime()],
  );
  return Buffer.from((await read())!.key, 'base64');
}
