/**
 * What the send operations share in reading their model-typed input (src/wire/model/decode-input.ts):
 * blobs as the model leaves them, headers as the message builder takes them. (A send is prepared
 * once per request through RequestContext.once.)
 */

/** A blob member: base64 text off the wire, bytes from an internal caller (the Pinpoint engine). */
export function bytesOf(blob: Uint8Array | string | undefined): Buffer {
  if (blob === undefined) return Buffer.alloc(0);
  if (typeof blob === 'string') return Buffer.from(blob, 'base64');
  return Buffer.isBuffer(blob) ? blob : Buffer.from(blob);
}

/** `{Name, Value}` headers (v2 MessageHeader) as the message builder takes them. */
export const headerPairs = (headers: { Name: string; Value: string }[] | undefined) =>
  (headers ?? []).map((h) => ({ name: h.Name, value: h.Value }));
