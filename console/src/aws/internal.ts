/**
 * Pinpost's own routes (`/_pinpost/mailbox…`, `/_pinpost/pinpoint/events`, `/_pinpost/clock`,
 * `/_aws/ses`) called with fetch and signed with SigV4 for the service `pinpost`: beyond loopback
 * the server needs the signature and IAM allows the route's action (README "Pinpost's own routes");
 * on loopback the signature is checked all the same when present.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { requireSession } from '../session.js';

export const PINPOST_SIGNING_NAME = 'pinpost';

/** `fetch(path, init)` on this server, signed for the session's credentials and region. */
export async function internalFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const session = requireSession();
  const url = new URL(path, location.origin);
  const method = (init.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { host: url.host };
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  const body = typeof init.body === 'string' ? init.body : undefined;
  const query: Record<string, string | string[]> = {};
  url.searchParams.forEach((v, k) => {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  });
  const signer = new SignatureV4({
    service: PINPOST_SIGNING_NAME,
    region: session.region,
    credentials: session.credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers,
    body,
  });
  // The browser sets Host itself (a forbidden header name); it is the same value that was signed.
  const sent = { ...signed.headers };
  delete sent.host;
  return fetch(url, { ...init, method, headers: sent, body });
}

/** The JSON answer of an internal route, or an Error carrying its `message` and status. */
export async function internalJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await internalFetch(path, init);
  if (!res.ok) throw await internalError(res);
  return (await res.json()) as T;
}

export class InternalRouteError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = code ?? `HTTP ${status}`;
  }
}

export async function internalError(res: Response): Promise<InternalRouteError> {
  let message = res.statusText;
  try {
    const body = (await res.json()) as { message?: string };
    if (body.message) message = body.message;
  } catch {
    // Not JSON: the status text says enough.
  }
  return new InternalRouteError(res.status, res.headers.get('x-amzn-errortype') ?? undefined, message);
}
