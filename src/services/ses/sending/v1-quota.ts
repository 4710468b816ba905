/**
 * SES v1 GetSendQuota (Max24HourSend, MaxSendRate, SentLast24Hours) and GetSendStatistics
 * (SendDataPoints of 15-minute periods over the last two weeks: DeliveryAttempts, Bounces,
 * Complaints, Rejects — API_GetSendStatistics.html). Both are authorized on `*` (list_amazonses.html
 * lists no resource for them) with ses:ApiVersion.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { SendingContext } from './context.js';
import { scopeOf } from './caller.js';
import type { InputOf, OutputOf, SendDataPoint } from '../../../wire/model/types/ses.js';

const API_V1 = { 'ses:ApiVersion': { values: ['1'], list: false } };
const BUCKET_MS = 15 * 60_000;
const TWO_WEEKS_MS = 14 * 86_400_000;

export function getSendQuota(d: SendingContext): OperationSpec {
  return defineOperation<InputOf<'GetSendQuota'>, OutputOf<'GetSendQuota'>>({
    name: 'GetSendQuota',
    action: 'ses:GetSendQuota',
    resources: () => ['*'],
    conditionKeys: () => API_V1,
    handler: async (_input, ctx) => {
      const scope = scopeOf(ctx);
      const account = await d.control.account.get(scope);
      return {
        Max24HourSend: account.max24HourSend,
        MaxSendRate: account.maxSendRate,
        SentLast24Hours: await d.quotas.sentLast24Hours(scope, d.clock()),
      };
    },
  });
}

/** A SendDataPoint with every member set (each period counts all four). */
type Point = Required<SendDataPoint>;

/** How many recipients an event names (a bounce or complaint may name several). */
function recipientsIn(type: string, detail: string): number {
  const d = JSON.parse(detail) as Record<string, Record<string, unknown[]> | undefined>;
  if (type === 'BOUNCE') return d['bounce']?.['bouncedRecipients']?.length ?? 1;
  if (type === 'COMPLAINT') return d['complaint']?.['complainedRecipients']?.length ?? 1;
  return 1;
}

export function getSendStatistics(d: SendingContext): OperationSpec {
  return defineOperation<InputOf<'GetSendStatistics'>, OutputOf<'GetSendStatistics'>>({
    name: 'GetSendStatistics',
    action: 'ses:GetSendStatistics',
    resources: () => ['*'],
    conditionKeys: () => API_V1,
    handler: async (_input, ctx) => {
      const scope = scopeOf(ctx);
      const since = new Date(d.clock().getTime() - TWO_WEEKS_MS);
      const points = new Map<number, Point>();
      const at = (t: number): Point => {
        const key = Math.floor(t / BUCKET_MS) * BUCKET_MS;
        let p = points.get(key);
        if (!p) {
          p = { Timestamp: new Date(key), DeliveryAttempts: 0, Bounces: 0, Complaints: 0, Rejects: 0 };
          points.set(key, p);
        }
        return p;
      };
      const [sends, events] = await Promise.all([
        d.store.sendsSince(scope, since),
        d.store.eventsSince(scope, since),
      ]);
      for (const s of sends) at(s.at).DeliveryAttempts += s.counted;
      for (const ev of events) {
        if (ev.type === 'BOUNCE') at(ev.at).Bounces += recipientsIn(ev.type, ev.detail);
        else if (ev.type === 'COMPLAINT') at(ev.at).Complaints += recipientsIn(ev.type, ev.detail);
        else if (ev.type === 'REJECT') at(ev.at).Rejects += 1;
      }
      return {
        SendDataPoints: [...points.values()].sort((a, b) => a.Timestamp.getTime() - b.Timestamp.getTime()),
      };
    },
  });
}
