/**
 * What a test usually wants from a message it waited for: the links to follow and the one-time
 * code to type. Pinpost's own rules (no AWS counterpart):
 *
 * links — every http(s) URL, in order, de-duplicated: first the `href` and `src` attribute values
 *   of the HTML part (entities decoded by htmlparser2, surrounding spaces trimmed), then the URLs
 *   written in the text part (`http://` or `https://` up to a space, quote or angle bracket, less
 *   trailing punctuation `.,;:!?'"*` and closing brackets that were not opened inside the URL).
 *   A value that does not parse as a URL is left out. At most {@link MAX_LINKS}.
 *
 * codes — one-time-code-like tokens, in order, de-duplicated, read from the subject, then the text
 *   part, then the HTML part's visible text (not `<style>`/`<script>`), with URLs removed first. A
 *   token stands alone: no letter or digit (of any script) touches it, and it is not part of a
 *   decimal number (`3.14159`, `1,250`). It is either
 *     - 4 to 8 ASCII digits (`4821`, `12345678`), or
 *     - 6 to 10 characters of `A–Z` and `0–9` with at least one digit and one letter
 *       (`X7K9QZ`, `AB12CD34EF`); lower-case letters make it a word, not a code.
 *   Years and short numbers in the footer match too: codes are candidates, the subject's first.
 *   At most {@link MAX_CODES}.
 *
 * Both are linear in the message (one HTML parse, regular expressions without nested repetition).
 */
import { Parser } from 'htmlparser2';

export const MAX_LINKS = 1000;
export const MAX_CODES = 100;

const TEXT_URL = /(?<![\p{L}\p{N}])https?:\/\/[^\s<>"'`]+/giu;
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '*']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

const CODE =
  /(?<![\p{L}\p{N}])(?<!\p{N}[.,])(?:[0-9]{4,8}|(?=[A-Z0-9]{0,9}[0-9])(?=[A-Z0-9]{0,9}[A-Z])[A-Z0-9]{6,10})(?![\p{L}\p{N}])(?![.,]\p{N})/gu;

/** Tags that do not break text into separate words where they open or close. */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'big',
  'code',
  'em',
  'font',
  'i',
  'mark',
  's',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'u',
]);
const HIDDEN = new Set(['style', 'script']);

export interface Extracted {
  links: string[];
  codes: string[];
}

export function extract(message: { subject: string; text?: string; html?: string }): Extracted {
  const html = message.html === undefined ? { hrefs: [], text: '' } : readHtml(message.html);
  const links = new Ordered(MAX_LINKS);
  for (const v of html.hrefs) if (isHttpUrl(v)) links.add(v);
  for (const u of textUrls(message.text ?? '')) links.add(u);
  const codes = new Ordered(MAX_CODES);
  for (const source of [message.subject, message.text ?? '', html.text]) {
    for (const m of withoutUrls(source).matchAll(CODE)) codes.add(m[0]);
  }
  return { links: links.values, codes: codes.values };
}

/** The `href`/`src` values in document order, and the visible text. */
function readHtml(html: string): { hrefs: string[]; text: string } {
  const hrefs: string[] = [];
  const text: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (HIDDEN.has(name)) hidden++;
        if (!INLINE.has(name)) text.push(' ');
        for (const a of ['href', 'src']) {
          const v = attribs[a];
          if (v !== undefined) hrefs.push(v.trim());
        }
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        if (!INLINE.has(name)) text.push(' ');
      },
      ontext(data) {
        if (hidden === 0) text.push(data);
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { hrefs, text: text.join('') };
}

function textUrls(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TEXT_URL)) {
    const url = trimUrl(m[0]);
    if (isHttpUrl(url)) out.push(url);
  }
  return out;
}

/** Drops trailing punctuation and closing brackets the URL did not open. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const c = url[end - 1];
    if (TRAILING.has(c)) end--;
    else if (c in CLOSERS && count(url, CLOSERS[c], end) < count(url, c, end)) end--;
    else return url.slice(0, end);
  }
}

function count(s: string, c: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (s[i] === c) n++;
  return n;
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function withoutUrls(text: string): string {
  return text.replace(TEXT_URL, ' ');
}

/** Distinct values in first-seen order, up to a cap. */
class Ordered {
  private readonly seen = new Set<string>();
  readonly values: string[] = [];

  constructor(private readonly cap: number) {}

  add(v: string): void {
    if (this.values.length >= this.cap || this.seen.has(v)) return;
    this.seen.add(v);
    this.values.push(v);
  }
}
