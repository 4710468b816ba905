/**
 * restJson1 value conversion for operations no model describes (Access Analyzer's, which names no
 * `model`): Dates as epoch seconds, Buffers base64, undefined members left out. Operations of a
 * model are written by its output shape instead (src/wire/model/encode-output.ts).
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value.getTime() / 1000;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = toJsonValue(v);
    }
    return out;
  }
  return value;
}
