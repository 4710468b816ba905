/** Small HTTP helpers shared by the mailbox routes. */
import type { InternalCaller } from '../../server/internal-routes.js';
import { jsonResponse } from '../../server/internal-routes.js';
import { decodeMarker } from '../../store/index.js';
import type { RawResponse } from '../../wire/context.js';

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

/** The largest `limit` a mailbox page may ask for. */
export const MAX_PAGE = 1000;

export interface Page {
  /** undefined: everything (only where the route has no default). */
  limit?: number;
  since?: Date;
  until?: Date;
  /** The seq the previous page ended at (from its nextToken). */
  afterSeq?: number;
}

/** `limit`, `since`, `until` and `next` of a listing, or the 400 answer naming the bad one. */
export function pageParams(q: URLSearchParams, defaultLimit: number | undefined): Page | RawResponse {
  const limitText = q.get('limit');
  const limit = limitText === null || limitText === '' ? defaultLimit : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE))
    return problem(400, `limit must be an integer from 1 to ${MAX_PAGE}`);
  const since = dateParam(q, 'since');
  const until = dateParam(q, 'until');
  if (since === null || until === null)
    return problem(400, 'since and until must be ISO 8601 or epoch milliseconds');
  const next = q.get('next');
  const seq = next ? decodeMarker(next) : undefined;
  if (seq !== undefined && !/^\d{1,15}$/.test(seq)) return problem(400, 'next is not a token this API gave');
  const afterSeq = seq === undefined ? undefined : Number(seq);
  return { limit, since, until, afterSeq };
}

export function isResponse(v: Page | RawResponse): v is RawResponse {
  return 'status' in v;
}

/**
 * The account a request sees: a signed caller sees only its own account's mail (an `account`
 * parameter naming another one matches nothing); an unsigned loopback request sees every account,
 * or the one it names.
 */
export function accountScope(
  q: URLSearchParams,
  caller: InternalCaller | undefined,
): string | undefined | null {
  const asked = q.get('account') || undefined;
  if (!caller) return asked;
  return asked === undefined || asked === caller.account ? caller.account : null;
}
