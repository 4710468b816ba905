/**
 * The one guarded path from a request to the outside. Whatever a user's input makes Pinpost read
 * or fetch goes through here: `s3://` import sources map into the import root (import-root.ts),
 * http(s) URLs (import sources, campaign hooks) go through one guarded exchange (http.ts) that
 * refuses loopback, private, link-local, CGNAT, multicast, reserved and cloud-metadata addresses
 * (address-class.ts) after DNS and on every redirect, unless the operator started the server with
 * `--allow-private-egress`. Every read is bounded by a byte budget and a signal.
 */
import { addressClass } from './address-class.js';
import { ImportRoot } from './import-root.js';
import { egressRequest, type EgressLimits, type EgressRequestInit, type EgressResponse } from './http.js';
import type { Refuse } from './lookup.js';

export { addressClass, type AddressClass } from './address-class.js';
export { ByteBudget } from './budget.js';
export { EgressError, isEgressError, type EgressFailure } from './errors.js';
export { httpUrl, type EgressResponse } from './http.js';
export type { ImportObject, ImportRoot } from './import-root.js';
export { parseS3Url, type S3Location } from './s3-location.js';

export interface EgressOptions {
  /** Where `s3://bucket/key` is read from: `<importRoot>/bucket/key`. */
  importRoot: string;
  /** The operator's `--allow-private-egress`. */
  allowPrivate: boolean;
  /**
   * Which addresses to refuse when private egress is not allowed (address-class.ts by default).
   * Tests replace it to let a local server stand for a public one.
   */
  refuse?: Refuse;
}

export interface Egress {
  readonly allowPrivate: boolean;
  readonly imports: ImportRoot;
  /** One guarded http(s) exchange (http.ts); rejects with an EgressError. */
  request(
    url: string,
    init: EgressRequestInit,
    limits: Omit<EgressLimits, 'refuse'>,
  ): Promise<EgressResponse>;
}

export function createEgress(options: EgressOptions): Egress {
  const refuse: Refuse = options.allowPrivate ? () => undefined : (options.refuse ?? addressClass);
  return {
    allowPrivate: options.allowPrivate,
    imports: new ImportRoot(options.importRoot),
    request: (url, init, limits) => egressRequest(url, init, { ...limits, refuse }),
  };
}
