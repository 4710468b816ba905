/**
 * Who gets which treatment: each endpoint falls in a bucket 0–99 by a hash of the campaign and
 * endpoint ids, so the split is the same on every run and after a restart. The holdout takes the
 * first HoldoutPercent buckets, each additional treatment its SizePercent, the default the rest.
 */
import { DEFAULT_TREATMENT, type CampaignSettings } from './model.js';

/** FNV-1a (32 bit): fast, and uniform enough over ids for percentages. */
export function bucketOf(campaignId: string, endpointId: string): number {
  let h = 0x811c9dc5;
  const s = `${campaignId}:${endpointId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 100;
}

/** Maps a bucket to a treatment id, or undefined for the holdout. */
export function splitter(c: Pick<CampaignSettings, 'HoldoutPercent' | 'AdditionalTreatments'>) {
  const bounds: { upTo: number; id: string | undefined }[] = [];
  let edge = c.HoldoutPercent;
  bounds.push({ upTo: edge, id: undefined });
  for (const t of c.AdditionalTreatments) {
    edge += t.SizePercent;
    bounds.push({ upTo: edge, id: t.Id });
  }
  bounds.push({ upTo: 100, id: DEFAULT_TREATMENT });
  return (bucket: number): string | undefined => bounds.find((b) => bucket < b.upTo)?.id;
}
