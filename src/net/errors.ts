/**
 * Why egress failed, in words that reveal nothing of what was fetched or read: a status code, a
 * size or time limit, the class of a refused address, a missing object. Never the first line of a
 * file or of a response, never where a redirect pointed, never a server path. The texts are
 * Pinpost's own (AWS has no such extension); callers put them where AWS puts a job's or a
 * hook's failure.
 */
import type { AddressClass } from './address-class.js';

export type EgressFailure =
  | 'url'
  | 'blocked'
  | 'dns'
  | 'connect'
  | 'timeout'
  | 'aborted'
  | 'size'
  | 'redirects'
  | 'status'
  | 'no-object'
  | 'outside-root'
  | 'too-many-objects';

export class EgressError extends Error {
  constructor(
    readonly kind: EgressFailure,
    message: string,
  ) {
    super(message);
    this.name = 'EgressError';
  }
}

export const isEgressError = (e: unknown): e is EgressError => e instanceof EgressError;

/** Refusing an address class; the operator's switch is named, since only the operator can flip it. */
export const blocked = (cls: AddressClass, redirected: boolean): EgressError =>
  new EgressError(
    'blocked',
    `${redirected ? 'A redirect leads' : 'The URL leads'} to a ${cls} address, which Pinpost does not connect to ` +
      '(the server must be started with --allow-private-egress to allow it)',
  );

export const timedOut = (what: string): EgressError => new EgressError('timeout', `${what} timed out`);

export const aborted = (): EgressError => new EgressError('aborted', 'The transfer was stopped');

export const tooLarge = (maxBytes: number): EgressError =>
  new EgressError('size', `The data is larger than the limit of ${maxBytes} bytes`);
