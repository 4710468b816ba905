/**
 * JSON produced in chunks, for mailbox answers that hold whole messages: a listing of a few 34 MB
 * messages written as one string exceeds V8's string limit ("Invalid string length") long after it
 * has taken gigabytes. Here values are written piece by piece — long strings escaped slice by slice
 * — and the pieces gathered into chunks of about {@link CHUNK_CHARS} characters, so the answer
 * costs the one message being written, and the client reads it while the next is produced.
 */
import type { RawResponse } from '../../wire/context.js';

/** Characters of source text per chunk (escaping can make a chunk longer, 6× at most). */
export const CHUNK_CHARS = 64 * 1024;

/** The JSON text of a value, in pieces; no piece holds more than CHUNK_CHARS of a long string. */
export function* jsonPieces(value: unknown): Generator<string> {
  if (typeof value === 'string') {
    yield* stringPieces(value);
  } else if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i) yield ',';
      yield* value[i] === undefined ? ['null'] : jsonPieces(value[i]);
    }
    yield ']';
  } else if (isPlainObject(value)) {
    yield '{';
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      yield `${first ? '' : ','}${JSON.stringify(k)}:`;
      first = false;
      yield* jsonPieces(v);
    }
    yield '}';
  } else {
    yield JSON.stringify(value) ?? 'null';
  }
}

function* stringPieces(s: string): Generator<string> {
  if (s.length <= CHUNK_CHARS) {
    yield JSON.stringify(s);
    return;
  }
  yield '"';
  for (let at = 0; at < s.length;) {
    let end = Math.min(at + CHUNK_CHARS, s.length);
    // Never split a surrogate pair: each half would be escaped on its own.
    if (end < s.length && isHighSurrogate(s.charCodeAt(end - 1))) end--;
    yield JSON.stringify(s.slice(at, end)).slice(1, -1);
    at = end;
  }
  yield '"';
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Gathers small pieces into chunks of about CHUNK_CHARS; a large piece goes out on its own. */
export async function* chunked(pieces: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let buffer: string[] = [];
  let size = 0;
  for await (const p of pieces) {
    buffer.push(p);
    size += p.length;
    if (size >= CHUNK_CHARS) {
      yield buffer.join('');
      buffer = [];
      size = 0;
    }
  }
  if (size > 0) yield buffer.join('');
}

/** A 200 JSON answer whose body is produced from `pieces` as the client reads it. */
export function streamedJson(pieces: AsyncIterable<string> | Iterable<string>, status = 200): RawResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: chunked(pieces) };
}
