/** Small HTTP helpers shared by the mailbox routes. */
import type { RawResponse } from '../../wire/context.js';
import { jsonResponse } from '../../server/internal-routes.js';

export function queryOf(rawQuery: string): URLSearchParams {
  return new URLSearchParams(rawQuery);
}

export function noContent(): RawResponse {
  return { status: 204, headers: {}, body: '' };
}

export function problem(status: number, message: string): RawResponse {
  return jsonResponse(status, { message });
}

export function methodNotAllowed(allowed: string[]): RawResponse {
  return {
    ...problem(405, 'method not allowed'),
    headers: { 'content-type': 'application/json', allow: allowed.join(', ') },
  };
}

/** A query parameter as a Date (ISO 8601 or epoch milliseconds); `null` when present but invalid. */
export function dateParam(q: URLSearchParams, name: string): Date | undefined | null {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
