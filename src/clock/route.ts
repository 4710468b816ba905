/**
 * `GET /_pinpost/clock` reads the clock; `POST /_pinpost/clock` moves the manual clock, with
 * `{"advanceSeconds": N}` or `{"set": "<ISO-8601>"}`, and answers `{"now": "<ISO-8601>"}` once
 * everything that came due up to the new time has run (timeline.ts). Pinpost's own route and
 * rules (AWS has no such thing):
 * - under `--clock system` the POST answers 409 (the GET still tells the time);
 * - the clock never moves backwards: a `set` earlier than the clock answers 400, naming `set`, with
 *   the clock's `now` beside the message; `set` to the clock's own time is allowed and, as
 *   `{"advanceSeconds": 0}`, runs what is due now;
 * - `advanceSeconds` may have a fraction; the clock counts whole milliseconds (rounded);
 * - one move goes at most 10 years ahead (3650 days), which bounds the work one request triggers;
 * - a body that is not one of the two forms answers 400 with a message naming the input.
 */
import type { InternalRoute } from '../server/internal-routes.js';
import { jsonResponse } from '../server/internal-routes.js';
import type { RawRequest, RawResponse } from '../wire/context.js';
import { ClockBackwardsError, type Clock } from './clock.js';
import { ClockNotManualError, type Timeline } from './timeline.js';

export const CLOCK_PATH = '/_pinpost/clock';

/** Pinpost's own bound on one move: 10 years of 365 days. */
export const MAX_ADVANCE_SECONDS = 3650 * 86_400;

/** An ISO-8601 date-time with its offset: `2026-12-01T09:00:00Z`, `…T09:00:00.250+09:00`. */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

type Move = { by: number } | { to: Date };

const FORMS = 'give {"advanceSeconds": N} or {"set": "<ISO-8601 date-time>"}';

const bad = (message: string, extra: Record<string, unknown> = {}): RawResponse =>
  jsonResponse(400, { message, ...extra });

export function clockRoute(clock: Clock, timeline: Timeline): InternalRoute {
  return {
    prefix: CLOCK_PATH,
    access: { GET: 'pinpost:ReadClock', POST: 'pinpost:SetClock' },
    handler: async (request) => {
      if (request.path !== CLOCK_PATH) return jsonResponse(404, { message: `no route ${request.path}` });
      // A clock shared by the processes: the time of the last move through any of them.
      await timeline.sync();
      if (request.method === 'GET')
        return jsonResponse(200, {
          now: clock.now().toISOString(),
          clock: clock.manual ? 'manual' : 'system',
        });
      if (!clock.manual)
        return jsonResponse(409, {
          message:
            'the clock is the system clock (`--clock system`): start Pinpost with `--clock manual` to move it',
        });
      const move = parseMove(request);
      if ('status' in move) return move;
      if ('to' in move && move.to.getTime() - clock.now().getTime() > MAX_ADVANCE_SECONDS * 1000)
        return bad(
          `\`set\` ${move.to.toISOString()} is more than ${MAX_ADVANCE_SECONDS} seconds (10 years) ahead of the clock: move it in steps`,
          { now: clock.now().toISOString() },
        );
      try {
        const now =
          'by' in move
            ? await timeline.advanceBy(Math.round(move.by * 1000))
            : await timeline.advanceTo(move.to);
        return jsonResponse(200, { now: now.toISOString() });
      } catch (err) {
        if (err instanceof ClockBackwardsError)
          return bad(
            `\`set\` ${err.requested.toISOString()} is earlier than the clock (${err.current.toISOString()}): the clock never moves backwards`,
            { now: err.current.toISOString() },
          );
        if (err instanceof ClockNotManualError) return jsonResponse(409, { message: err.message });
        throw err;
      }
    },
  };
}

/** The move a body asks for, or the 400 naming what is wrong with it. */
export function parseMove(request: Pick<RawRequest, 'body'>): Move | RawResponse {
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    return bad(`the body is not JSON: ${FORMS}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return bad(`the body must be a JSON object: ${FORMS}`);
  const keys = Object.keys(body);
  const unknown = keys.find((k) => k !== 'advanceSeconds' && k !== 'set');
  if (unknown !== undefined) return bad(`unknown member \`${unknown}\`: ${FORMS}`);
  if (keys.length !== 1)
    return bad(keys.length ? `\`advanceSeconds\` and \`set\` together: ${FORMS}` : FORMS);
  const { advanceSeconds, set } = body as { advanceSeconds?: unknown; set?: unknown };
  if (keys[0] === 'advanceSeconds') {
    if (
      typeof advanceSeconds !== 'number' ||
      !Number.isFinite(advanceSeconds) ||
      advanceSeconds < 0 ||
      advanceSeconds > MAX_ADVANCE_SECONDS
    )
      return bad(
        `\`advanceSeconds\` must be a number of seconds from 0 to ${MAX_ADVANCE_SECONDS}, not ${JSON.stringify(advanceSeconds)}`,
      );
    return { by: advanceSeconds };
  }
  const at = typeof set === 'string' ? parseIsoDateTime(set) : undefined;
  if (!at)
    return bad(
      `\`set\` must be an ISO-8601 date-time with its offset (2026-12-01T09:00:00Z), not ${JSON.stringify(set)}`,
    );
  return { to: at };
}

/** A strict ISO-8601 date-time (no day 31 in April, no hour 24), or undefined. */
export function parseIsoDateTime(text: string): Date | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const offH = Number(m[7] ?? 0);
  const offM = Number(m[8] ?? 0);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59)
    return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || date.getUTCDate() !== day) return undefined;
  const at = new Date(Date.parse(text));
  return Number.isNaN(at.getTime()) ? undefined : at;
}
