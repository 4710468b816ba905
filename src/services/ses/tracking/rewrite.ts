/**
 * SES's open and click tracking applied to a message's HTML part, as a pure function.
 *
 * What SES does (ses/latest/dg/faqs-metrics.html, configure-custom-open-click-domains.html):
 * - clicks: every link in the HTML body becomes a redirect through SES's server; a link carrying the
 *   non-standard `ses:no-track` attribute is left alone, and SES removes that attribute from what the
 *   recipient gets; `ses:tags="key:value;key:value;"` tags a link (the Click event's `linkTags`).
 *   Only links with RFC 3986-valid URLs are tracked (a raw space in the query is not), at most 250.
 *   Tracking links use the protocol of the original link. Plain text is never rewritten.
 * - opens: a 1×1 transparent GIF at the bottom of the HTML, or where the `{{ses:openTracker}}`
 *   placeholder stands (placeholders beyond the first are removed).
 *
 * Why a scanner over regular expressions and not an HTML parser: the message must reach the
 * recipient byte for byte as written, except for the href values and the `ses:` attributes. A
 * parse-and-serialize round trip (htmlparser2 + dom-serializer, parse5) re-quotes attributes and
 * re-encodes entities all over the document. Only anchor start tags matter here, and finding them
 * needs three things a parser would give: skip comments, skip the raw text of <script> and <style>
 * (where `<a` is not a tag), and read attribute values whose quotes may hold `>`. The one regex
 * below does exactly those three; attribute values are then decoded for their character references
 * (`&amp;` in query strings) before the link is validated and recorded.
 */

export interface LinkTarget {
  /** The link as the recipient's browser would follow it (character references decoded). */
  url: string;
  /** The `ses:tags` of the link, in the Click event's `linkTags` shape; undefined when none. */
  tags?: Record<string, string[]>;
}

export interface TrackingPlan {
  /** The open pixel's URL; no pixel when undefined. */
  openPixel?: string;
  /** The tracking URL for a link; links are not rewritten when undefined. */
  clickUrl?: (link: LinkTarget) => string;
}

/** faqs-metrics.html, click tracking Q3: "a maximum of 250 links". */
export const MAX_TRACKED_LINKS = 250;

export const OPEN_TRACKER_PLACEHOLDER = '{{ses:openTracker}}';

// A comment, a raw-text element (its content is not markup), or an anchor's start tag with its
// attributes (quoted values may contain `>`). Each alternative starts with a distinct character
// sequence and consumes one character per step, so there is no catastrophic backtracking.
const MARKUP =
  /<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>|<a(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;

// One attribute inside a start tag: name, then optionally `= value` (quoted or not).
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g;

// RFC 3986 characters, with `%` only as the start of a percent-encoded octet.
const RFC3986 = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$/;

const TAG_PART = /^[A-Za-z0-9_-]+$/;

export function applyTracking(html: string, plan: TrackingPlan): string {
  if (!plan.openPixel && !plan.clickUrl) return html;
  let out = plan.clickUrl ? rewriteLinks(html, plan.clickUrl) : html;
  out = placePixel(out, plan.openPixel);
  return out;
}

function rewriteLinks(html: string, clickUrl: (link: LinkTarget) => string): string {
  let tracked = 0;
  return html.replace(MARKUP, (whole: string, rawText: string | undefined, attrs: string | undefined) => {
    if (rawText !== undefined || attrs === undefined) return whole;
    const tag = rewriteAnchor(attrs, tracked < MAX_TRACKED_LINKS ? clickUrl : undefined);
    if (tag.tracked) tracked++;
    return tag.changed ? `${whole.slice(0, 2)}${tag.attrs}>` : whole;
  });
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function rewriteAnchor(
  attrs: string,
  clickUrl: ((link: LinkTarget) => string) | undefined,
): { attrs: string; changed: boolean; tracked: boolean } {
  const edits: Edit[] = [];
  let noTrack = false;
  let tags: Record<string, string[]> | undefined;
  let href: { start: number; end: number; value: string } | undefined;
  for (const m of attrs.matchAll(ATTRIBUTE)) {
    const name = m[1].toLowerCase();
    const start = m.index;
    const end = start + m[0].length;
    if (name === 'ses:no-track' || name === 'ses:tags') {
      // Removed with the whitespace before it: not standard HTML, SES strips it (click Q2).
      const from = start - (/\s*$/.exec(attrs.slice(0, start))?.[0].length ?? 0);
      edits.push({ start: from, end, text: '' });
      if (name === 'ses:no-track') noTrack = true;
      else tags = parseLinkTags(decodeReferences(unquote(m[2] ?? '')));
    } else if (name === 'href' && href === undefined && m[2] !== undefined) {
      const valueStart = start + m[0].length - m[2].length;
      href = { start: valueStart, end, value: decodeReferences(unquote(m[2])).trim() };
    }
  }
  let tracked = false;
  if (href && !noTrack && clickUrl && isTrackable(href.value)) {
    edits.push({
      start: href.start,
      end: href.end,
      text: `"${escapeAttribute(clickUrl({ url: href.value, tags }))}"`,
    });
    tracked = true;
  }
  if (edits.length === 0) return { attrs, changed: false, tracked };
  let out = attrs;
  for (const e of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  }
  return { attrs: out, changed: true, tracked };
}

/** http(s) links with an RFC 3986-valid URL (faqs-metrics.html, click tracking Q7). */
export function isTrackable(url: string): boolean {
  return /^https?:\/\/[^/?#]/i.test(url) && RFC3986.test(url);
}

/** `ses:tags="product:book;genre:fiction;"` → `{product: ['book'], genre: ['fiction']}` (click Q5). */
export function parseLinkTags(text: string): Record<string, string[]> | undefined {
  const tags: Record<string, string[]> = {};
  for (const pair of text.split(';')) {
    const at = pair.indexOf(':');
    if (at < 0) continue;
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    // "Link tags can include the numbers 0–9, the letters A–Z, hyphens and underscores."
    if (!TAG_PART.test(key) || !TAG_PART.test(value)) continue;
    (tags[key] ??= []).push(value);
  }
  return Object.keys(tags).length ? tags : undefined;
}

function unquote(v: string): string {
  return v.startsWith('"') || v.startsWith("'") ? v.slice(1, -1) : v;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the character references that occur in URLs; unknown named ones stay as written. */
export function decodeReferences(v: string): string {
  return v.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

function escapeAttribute(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function pixelTag(src: string): string {
  return `<img src="${escapeAttribute(src)}" alt="" width="1" height="1" border="0" style="height:1px !important;width:1px !important;border-width:0 !important;margin:0 !important;padding:0 !important;" />`;
}

/**
 * The pixel where the first `{{ses:openTracker}}` stands (the others removed), otherwise before
 * `</body>` (the bottom of what is shown), otherwise at the very end.
 */
function placePixel(html: string, src: string | undefined): string {
  const pixel = src ? pixelTag(src) : '';
  const first = html.indexOf(OPEN_TRACKER_PLACEHOLDER);
  if (first >= 0) {
    const head = html.slice(0, first);
    const tail = html
      .slice(first + OPEN_TRACKER_PLACEHOLDER.length)
      .split(OPEN_TRACKER_PLACEHOLDER)
      .join('');
    return head + pixel + tail;
  }
  if (!pixel) return html;
  const body = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return body >= 0 ? html.slice(0, body) + pixel + html.slice(body) : html + pixel;
}
