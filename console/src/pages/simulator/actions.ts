/**
 * The simulator's searchable list of actions: the catalog generated from the server's operations
 * (scripts/console-action-catalog.ts), filtered as the person types — every word of the query must
 * appear in the action, without case; a query that is itself an action (`s3:GetObject`, or one
 * with wildcards, which IAM's simulator takes) is offered first even when it is not in the list.
 */
import catalog from './actions.generated.json' with { type: 'json' };

export const ACTION_CATALOG: readonly string[] = catalog;

const ACTION = /^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/;

export function searchActions(query: string, list: readonly string[] = ACTION_CATALOG, limit = 50): string[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  const hits = list.filter((a) => {
    const lower = a.toLowerCase();
    return words.every((w) => lower.includes(w));
  });
  const q = query.trim();
  const exact = ACTION.test(q) && !list.some((a) => a.toLowerCase() === q.toLowerCase()) ? [q] : [];
  return [...exact, ...hits].slice(0, limit);
}

/** The services of the catalog (the part before the colon), for grouping. */
export function servicesOf(list: readonly string[] = ACTION_CATALOG): string[] {
  return [...new Set(list.map((a) => a.slice(0, a.indexOf(':'))))].sort();
}
