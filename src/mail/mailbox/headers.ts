/**
 * The header fields capture needs (From, To, Cc, Subject), read without mailparser's stream
 * machinery: the header block is unfolded (RFC 5322 §2.2.3), encoded words are decoded with
 * libmime and addresses parsed with nodemailer's addressparser — the same two codecs mailparser
 * uses for these fields — so the result equals mailparser's (headers.test.ts compares them) at a
 * tenth of the cost. The mailbox lists each message inside the transaction that queues it, so this
 * runs on every send's path, synchronously. Both codecs are CommonJS and load with the first
 * message read (libmime costs ~40 ms at start otherwise), by a synchronous require.
 */
import { createRequire } from 'node:module';
import type LibmimeModule from 'libmime';
import type AddressparserModule from 'nodemailer/lib/addressparser/index.js';

let codecs: { libmime: typeof LibmimeModule; addressparser: typeof AddressparserModule } | undefined;

function load(): NonNullable<typeof codecs> {
  if (!codecs) {
    const require = createRequire(import.meta.url);
    codecs = {
      libmime: require('libmime') as typeof LibmimeModule,
      addressparser: require('nodemailer/lib/addressparser/index.js') as typeof AddressparserModule,
    };
  }
  return codecs;
}

export interface ParsedHeaders {
  fromAddress: string;
  fromText: string;
  subject: string;
  to: string[];
  cc: string[];
}

const WANTED = new Set(['from', 'to', 'cc', 'subject']);

/** The header block: everything up to the first empty line (CRLF or LF). */
export function headerBlock(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf < 0 ? -1 : crlf + 4, lf < 0 ? -1 : lf + 2].filter((n) => n >= 0);
  return ends.length ? raw.subarray(0, Math.min(...ends)) : raw;
}

/** Unfolded header lines of the wanted fields, by lower-cased name, in order. */
function fields(block: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let name = '';
  let value = '';
  const flush = () => {
    if (name && WANTED.has(name)) out.set(name, [...(out.get(name) ?? []), value.trim()]);
  };
  for (const line of block.split(/\r?\n/)) {
    if (line === '') continue;
    if (line[0] === ' ' || line[0] === '\t') {
      value += line;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    value = colon > 0 ? line.slice(colon + 1) : '';
  }
  flush();
  return out;
}

/** `Name <a@b>` or `a@b` for each address of the fields' values, groups flattened. */
function addresses(values: string[] | undefined): { address: string; text: string }[] {
  const out: { address: string; text: string }[] = [];
  const { libmime, addressparser } = load();
  for (const v of values ?? []) {
    for (const a of addressparser(v, { flatten: true })) {
      if (!a.address) continue;
      const name = a.name ? libmime.decodeWords(a.name).trim() : '';
      out.push({ address: a.address, text: name ? `${name} <${a.address}>` : a.address });
    }
  }
  return out;
}

export function readHeaders(raw: Buffer): ParsedHeaders {
  // Header bytes are ASCII or UTF-8 (RFC 6532); encoded words carry any other charset.
  const { libmime } = load();
  const f = fields(headerBlock(raw).toString('utf8'));
  const from = addresses(f.get('from'))[0];
  const subject = f.get('subject')?.[0];
  return {
    fromAddress: from?.address ?? '',
    fromText: from?.text ?? '',
    subject: subject === undefined ? '' : libmime.decodeWords(subject),
    to: addresses(f.get('to')).map((a) => a.text),
    cc: addresses(f.get('cc')).map((a) => a.text),
  };
}
