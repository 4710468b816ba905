/**
 * IAM's list pagination: `Marker` and `MaxItems` in, `IsTruncated` and `Marker` out
 * (docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html: MaxItems 1–1000, "If you do not
 * include this parameter, the number of items defaults to 100").
 *
 * Lists are keyset-paginated on a unique sort key (an entity's lower-cased name), so a marker stays
 * valid while other rows are added or removed. The marker is opaque to clients.
 */
export const DEFAULT_MAX_ITEMS = 100;
export const MAX_MAX_ITEMS = 1000;

export interface PageRequest {
  marker?: string;
  maxItems?: number;
}

export interface Page<T> {
  items: T[];
  isTruncated: boolean;
  /** Present only when `isTruncated`: pass it back as the next request's `marker`. */
  marker?: string;
}

export function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

/** The sort key after which the next page starts ('' for the first page). */
export function decodeMarker(marker: string | undefined): string {
  return marker ? Buffer.from(marker, 'base64url').toString('utf8') : '';
}

/** Range checks belong to the API layer (it owns the error text); this only applies the default. */
export function pageSize(req: PageRequest): number {
  return Math.min(req.maxItems ?? DEFAULT_MAX_ITEMS, MAX_MAX_ITEMS);
}

/**
 * Turns rows fetched with `LIMIT size + 1` (sorted by `keyOf`) into a page: the extra row only
 * tells that more exist.
 */
export function toPage<R, T>(
  rows: R[],
  size: number,
  keyOf: (row: R) => string,
  map: (row: R) => T,
): Page<T> {
  const isTruncated = rows.length > size;
  const kept = isTruncated ? rows.slice(0, size) : rows;
  const page: Page<T> = { items: kept.map(map), isTruncated };
  if (isTruncated) page.marker = encodeMarker(keyOf(kept[kept.length - 1]));
  return page;
}

/** The same over an in-memory list already sorted by `keyOf` (for merged sources). */
export function paginate<T>(sorted: readonly T[], req: PageRequest, keyOf: (item: T) => string): Page<T> {
  const after = decodeMarker(req.marker);
  const rest = after ? sorted.filter((x) => keyOf(x) > after) : [...sorted];
  return toPage(rest.slice(0, pageSize(req) + 1), pageSize(req), keyOf, (x) => x);
}
