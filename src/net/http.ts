/**
 * One guarded HTTP(S) exchange for a URL a user gave (an import source, a campaign hook):
 *
 * - only `http:` and `https:`; the host is checked before connecting — an IP literal at once, a
 *   name by the lookup the socket connects through (lookup.ts) — unless private egress is allowed;
 * - redirects are followed by hand, at most `maxRedirects`, each hop checked again the same way;
 * - a fresh connection per exchange (no pooled socket skips the check), a socket idle timeout, the
 *   caller's signal (a deadline or the server stopping) aborting it at any point;
 * - the body counted against a byte budget as it arrives (a declared Content-Length past the
 *   budget is refused before reading);
 * - errors from errors.ts: they name a status, a limit or an address class, never content.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { ByteBudget } from './budget.js';
import { aborted, blocked, EgressError, isEgressError, timedOut, tooLarge } from './errors.js';
import { guardedLookup, type LookupVerdict, type Refuse } from './lookup.js';

export interface EgressRequestInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export interface EgressLimits {
  /**
   * The class of an address not to connect to (address-class.ts), or undefined; nothing is refused
   * under `--allow-private-egress`.
   */
  refuse: Refuse;
  /** A socket that sends or receives nothing for this long fails the exchange. */
  idleTimeoutMs: number;
  maxRedirects: number;
  /** Counts the response body. */
  budget: ByteBudget;
  /** Aborts the exchange: an `AbortSignal.timeout` deadline (a timeout error) or a stop. */
  signal?: AbortSignal;
}

export interface EgressResponse {
  status: number;
  /** The body, counted against the budget. Read it once, or call `discard`. */
  body(): AsyncGenerator<Buffer>;
  text(): Promise<string>;
  discard(): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The URL when it is one egress may try: http(s) with a host. */
export function httpUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  return url.hostname === '' ? undefined : url;
}

interface Exchange {
  /** Set when the exchange itself decided to fail (an idle timeout), before the socket saw it. */
  failure?: EgressError;
  verdict: LookupVerdict;
}

function translate(err: unknown, x: Exchange, signal: AbortSignal | undefined): EgressError {
  if (x.verdict.refused) return x.verdict.refused;
  if (x.failure) return x.failure;
  if (isEgressError(err)) return err;
  if (signal?.aborted) {
    const reason = signal.reason as { name?: string } | undefined;
    return reason?.name === 'TimeoutError' ? timedOut('The transfer') : aborted();
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ENODATA')
    return new EgressError('dns', `The host name could not be resolved (${code})`);
  return new EgressError('connect', `The connection failed (${code ?? 'closed'})`);
}

function exchange(
  url: URL,
  init: EgressRequestInit,
  limits: EgressLimits,
  redirected: boolean,
): Promise<{ res: IncomingMessage; x: Exchange }> {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address never goes through the lookup: it is checked here.
  const cls = isIP(host) ? limits.refuse(host) : undefined;
  if (cls) return Promise.reject(blocked(cls, redirected));
  const x: Exchange = { verdict: {} };
  if (limits.signal?.aborted) return Promise.reject(translate(undefined, x, limits.signal));
  return new Promise((resolve, reject) => {
    const headers = { ...init.headers };
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    const req = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: init.method ?? 'GET',
        headers,
        agent: false,
        lookup: guardedLookup(limits.refuse, redirected, x.verdict),
        signal: limits.signal,
        timeout: limits.idleTimeoutMs,
      },
      (res) => resolve({ res, x }),
    );
    req.on('timeout', () => {
      x.failure = timedOut(`Waiting ${limits.idleTimeoutMs / 1000} seconds for the server`);
      req.destroy(x.failure);
    });
    req.on('error', (err) => reject(translate(err, x, limits.signal)));
    req.end(init.body);
  });
}

async function* bodyOf(res: IncomingMessage, x: Exchange, limits: EgressLimits): AsyncGenerator<Buffer> {
  try {
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > limits.budget.remaining)
      throw tooLarge(limits.budget.maxBytes);
    for await (const chunk of res as AsyncIterable<Buffer>) {
      limits.budget.take(chunk.length);
      yield chunk;
    }
    if (!res.complete)
      throw new EgressError('connect', 'The connection closed before the answer was complete');
  } catch (err) {
    throw translate(err, x, limits.signal);
  } finally {
    res.destroy();
  }
}

function response(res: IncomingMessage, x: Exchange, limits: EgressLimits): EgressResponse {
  return {
    status: res.statusCode ?? 0,
    body: () => bodyOf(res, x, limits),
    async text() {
      const chunks: Buffer[] = [];
      for await (const chunk of bodyOf(res, x, limits)) chunks.push(chunk);
      return Buffer.concat(chunks).toString('utf8');
    },
    discard: () => void res.destroy(),
  };
}

/** One exchange with `target`, redirects followed; rejects with an EgressError. */
export async function egressRequest(
  target: string,
  init: EgressRequestInit,
  limits: EgressLimits,
): Promise<EgressResponse> {
  let url = httpUrl(target);
  if (!url) throw new EgressError('url', 'The URL is not an http(s) URL');
  let current = init;
  for (let hop = 0; ; hop++) {
    const { res, x } = await exchange(url, current, limits, hop > 0);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (!REDIRECTS.has(status) || !location) return response(res, x, limits);
    res.destroy();
    if (hop >= limits.maxRedirects)
      throw new EgressError('redirects', `The URL redirects more than ${limits.maxRedirects} times`);
    let next: URL | undefined;
    try {
      next = httpUrl(new URL(location, url).href);
    } catch {
      next = undefined;
    }
    if (!next) throw new EgressError('url', 'A redirect leads to a URL that is not an http(s) URL');
    // 303, and 301/302 after a POST, continue as a GET without a body (as browsers and fetch do).
    if (status === 303 || ((status === 301 || status === 302) && current.method === 'POST'))
      current = { headers: init.headers, method: 'GET' };
    url = next;
  }
}
