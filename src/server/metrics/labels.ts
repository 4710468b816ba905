/**
 * Label values are a metric's cardinality: every distinct value is a series Prometheus keeps. Ours
 * come from fixed sets (service ids, operation tables, route prefixes, outcome names), but a value
 * a caller might steer (an unknown service in a credential scope, a path) must never become one.
 * These map what a request produced onto those sets.
 */

/** The label of anything not in a known set. */
export const UNKNOWN = 'unknown';
/** The label a bounded set gives past its cap. */
export const OTHER = 'other';

export type Outcome = 'ok' | 'client_error' | 'server_error';

export function outcomeOf(status: number): Outcome {
  return status < 400 ? 'ok' : status < 500 ? 'client_error' : 'server_error';
}

const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;

/** `2xx` … `5xx`; a status outside 100-599 is `5xx` (node refuses to send one anyway). */
export function statusClassOf(status: number): (typeof STATUS_CLASSES)[number] {
  return STATUS_CLASSES[Math.floor(status / 100) - 1] ?? '5xx';
}

/**
 * Values written by code (IAM action names, AWS error codes) rather than a table: kept as they are
 * while they look like what they are and their number stays small, `other` after, so a mistake
 * that let input through could not grow a metric without bound.
 */
export class BoundedValues {
  private readonly seen = new Set<string>();

  constructor(
    private readonly shape: RegExp,
    private readonly cap: number,
  ) {}

  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (!this.shape.test(value) || this.seen.size >= this.cap) return OTHER;
    this.seen.add(value);
    return value;
  }
}

/** `iam:CreateRole`, `pinpost:ReadMetrics`, `mobiletargeting:TagResource`. */
export const actionNames = () => new BoundedValues(/^[a-z][a-z0-9-]{0,31}:[A-Za-z][A-Za-z0-9]{0,63}$/, 512);
/** `SignatureDoesNotMatch`, `InvalidClientTokenId`, `MissingAuthenticationToken`. */
export const errorCodes = () => new BoundedValues(/^[A-Za-z][A-Za-z0-9.]{0,63}$/, 64);
