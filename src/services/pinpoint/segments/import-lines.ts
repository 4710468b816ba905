/**
 * The lines of an import file as its bytes arrive (userguide/segments-importing.html: UTF-8, one
 * record per line), numbered from 1, without a UTF-8 byte order mark, `\r\n` read as `\n`, blank
 * lines skipped. Only one line is held at a time, and a line longer than `maxChars` stops the file
 * (its text is not repeated), so a file without line breaks cannot fill the memory.
 */
import { StringDecoder } from 'node:string_decoder';

/** A file that cannot be read line by line; the message names no content. */
export class LineError extends Error {}

export async function* linesOf(
  chunks: AsyncIterable<Buffer>,
  maxChars: number,
): AsyncGenerator<[number, string]> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let n = 0;
  const emit = function* (line: string): Generator<[number, string]> {
    n++;
    const text = (n === 1 ? line.replace(/^\uFEFF/, '') : line).replace(/\r$/, '');
    if (text.trim() !== '') yield [n, text];
  };
  const tooLong = () => new LineError(`Line ${n + 1} is longer than ${maxChars} characters`);
  for await (const chunk of chunks) {
    const text = pending + decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      if (nl - start > maxChars) throw tooLong();
      yield* emit(text.slice(start, nl));
      start = nl + 1;
    }
    pending = text.slice(start);
    if (pending.length > maxChars) throw tooLong();
  }
  pending += decoder.end();
  if (pending.length > maxChars) throw tooLong();
  if (pending !== '') yield* emit(pending);
}
