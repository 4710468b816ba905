/**
 * What the send operations share in reading their model-typed input (src/wire/model/decode-input.ts):
 * blobs as the model leaves them, and one preparation of a send per request.
 */
import type { RequestContext } from '../../../wire/context.js';

/** A blob member: base64 text off the wire, bytes from an internal caller (the Pinpoint engine). */
export function bytesOf(blob: Uint8Array | string | undefined): Buffer {
  if (blob === undefined) return Buffer.alloc(0);
  if (typeof blob === 'string') return Buffer.from(blob, 'base64');
  return Buffer.isBuffer(blob) ? blob : Buffer.from(blob);
}

/** `{Name, Value}` headers (v2 MessageHeader) as the message builder takes them. */
export const headerPairs = (headers: { Name: string; Value: string }[] | undefined) =>
  (headers ?? []).map((h) => ({ name: h.Name, value: h.Value }));

/**
 * A send is prepared once per request and read by every step after: `check` (SES's refusals of a
 * malformed send come before it authorizes), `resources` and `conditionKeys` (the identities and
 * addresses the message names) and the handler. Keyed by the input, which the pipeline makes anew
 * for each request.
 */
export function oncePerRequest<I extends object, P>(
  make: (input: I, ctx: RequestContext) => Promise<P>,
): (input: I, ctx: RequestContext) => Promise<P> {
  const made = new WeakMap<I, Promise<P>>();
  return (input, ctx) => {
    let prepared = made.get(input);
    if (!prepared) {
      prepared = make(input, ctx);
      made.set(input, prepared);
    }
    return prepared;
  };
}
