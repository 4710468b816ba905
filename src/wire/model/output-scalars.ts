/**
 * One scalar output value by its model type (issue 14): what a handler returned, coerced to the
 * type the model gives it where that loses nothing (`'12'` for an integer, `3` for a string, an ISO
 * text for a timestamp), then written as the protocol writes that type: awsQuery as XML text,
 * restJson1 as JSON values. A value that cannot be coerced without loss is `STRAY` (encode-output.ts
 * drops it, or refuses it in strict mode).
 * https://smithy.io/2.0/aws/protocols/aws-query-protocol.html, aws-restjson1-protocol.html
 */
import type { Shape } from './shapes.js';

export const STRAY: unique symbol = Symbol('stray output value');
export type Stray = typeof STRAY;

export type OutputProtocol = 'query' | 'restJson';

/** A timestamp format as the models name them (`timestampFormat`). */
export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

const INTEGER = /^-?\d{1,16}$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** An ISO 8601 date-time as handlers keep them (`2024-05-01T10:00:00Z`, `…00.123+02:00`). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** ISO 8601 as IAM sends it: `2019-03-26T19:12:51Z`, milliseconds only when not zero. */
export function isoDate(d: Date): string {
  const s = d.toISOString();
  return s.endsWith('.000Z') ? s.slice(0, -5) + 'Z' : s;
}

/** The value as a Date, from a Date, an ISO 8601 text, or epoch seconds (restJson1's own form). */
function dateOf(v: unknown): Date | Stray {
  let d: Date | undefined;
  if (v instanceof Date) d = v;
  else if (typeof v === 'string' && ISO_DATE_TIME.test(v)) d = new Date(v);
  else if (typeof v === 'number' && Number.isFinite(v)) d = new Date(v * 1000);
  return d && Number.isFinite(d.getTime()) ? d : STRAY;
}

function formatDate(d: Date, format: TimestampFormat, protocol: OutputProtocol): string | number {
  switch (format) {
    case 'unixTimestamp':
      return protocol === 'restJson' ? d.getTime() / 1000 : String(d.getTime() / 1000);
    case 'rfc822':
      return d.toUTCString();
    case 'iso8601':
      return isoDate(d);
  }
}

function numberText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/**
 * `value` as the model's scalar `shape` on the wire: a string for awsQuery, a JSON value for
 * restJson1. `timestampFormat`: the member's or shape's, else the protocol's default (awsQuery
 * ISO 8601, restJson1 epoch seconds in the body, HTTP date in headers).
 */
export function encodeScalar(
  shape: Shape,
  value: unknown,
  protocol: OutputProtocol,
  timestampFormat: TimestampFormat,
): string | number | boolean | Stray {
  const asText = protocol === 'query';
  switch (shape.type) {
    case 'string': {
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'bigint') return numberText(Number(value));
      if (typeof value === 'boolean') return String(value);
      if (value instanceof Date && Number.isFinite(value.getTime())) return isoDate(value);
      return STRAY;
    }
    case 'integer':
    case 'long': {
      let n: number | undefined;
      if (typeof value === 'number' && Number.isSafeInteger(value)) n = value;
      else if (typeof value === 'bigint' && Number.isSafeInteger(Number(value))) n = Number(value);
      else if (typeof value === 'string' && INTEGER.test(value) && Number.isSafeInteger(Number(value)))
        n = Number(value);
      if (n === undefined) return STRAY;
      return asText ? String(n) : n;
    }
    case 'double':
    case 'float': {
      let n: number | undefined;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'string' && DECIMAL.test(value)) n = Number(value);
      if (n === undefined) return STRAY;
      // restJson1 sends the non-finite values as strings (aws-restjson1-protocol.html).
      return asText || !Number.isFinite(n) ? numberText(n) : n;
    }
    case 'boolean': {
      let b: boolean | undefined;
      if (typeof value === 'boolean') b = value;
      else if (value === 'true' || value === 'false') b = value === 'true';
      if (b === undefined) return STRAY;
      return asText ? String(b) : b;
    }
    case 'timestamp': {
      const d = dateOf(value);
      return d === STRAY ? STRAY : formatDate(d, timestampFormat, protocol);
    }
    case 'blob': {
      if (Buffer.isBuffer(value)) return value.toString('base64');
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      // A text already in base64 (how some handlers keep blobs) passes as it is.
      if (typeof value === 'string' && value.length % 4 === 0 && BASE64.test(value)) return value;
      return STRAY;
    }
    default:
      return STRAY;
  }
}
