/**
 * SES's NextToken pagination over the store: the token is the last key returned (opaque), so a
 * page boundary survives inserts and deletes elsewhere in the list. Padded standard base64, the
 * form SES v2's model requires of some tokens (NextTokenV2's pattern); decoding also takes the
 * unpadded base64url tokens earlier versions gave.
 */
import type { SesScope } from '../ports.js';
import type { ControlStore, Kind, Stored } from './store.js';

export interface Paged<T> {
  items: Stored<T>[];
  nextToken?: string;
}

const encode = (key: string) => Buffer.from(key, 'utf8').toString('base64');
const decode = (token: string | undefined) => (token ? Buffer.from(token, 'base64').toString('utf8') : '');

export async function page<T>(
  store: ControlStore,
  scope: SesScope,
  kind: Kind,
  token: string | undefined,
  size: number,
  parent = '',
): Promise<Paged<T>> {
  const rows = await store.list<T>(scope, kind, { parent, after: decode(token), limit: size + 1 });
  if (rows.length <= size) return { items: rows };
  const items = rows.slice(0, size);
  return { items, nextToken: encode(items[items.length - 1].key) };
}

/** The same over rows already filtered in memory (suppression list filters by reason and date). */
export function pageOf<T>(rows: Stored<T>[], token: string | undefined, size: number): Paged<T> {
  const after = decode(token);
  const rest = rows.filter((r) => r.key > after);
  if (rest.length <= size) return { items: rest };
  const items = rest.slice(0, size);
  return { items, nextToken: encode(items[items.length - 1].key) };
}
