/**
 * The request context: one object per request, filled by the pipeline's steps in order
 * (dispatch → auth → account/region → authorize → handle → serialize). Each field says which step
 * sets it; a step may read only what earlier steps set.
 */
import type { Logger } from 'pino';
import type { ResolvedCredentials } from './credentials.js';
import type { ContextKeyValue, OperationSpec, ServiceDefinition } from './operation.js';
import type { Principal } from './principal.js';
import type { SigV4Params } from './sigv4-parse.js';

/** What the HTTP layer hands to the pipeline: the request, body read once. */
export interface RawRequest {
  method: string;
  /** The path as sent, still percent-encoded (SigV4 signs it so). */
  path: string;
  /** The query string as sent, without `?` ('' when none). */
  rawQuery: string;
  /** Lower-cased header names; repeated headers joined with `,`. */
  headers: Record<string, string>;
  body: Buffer;
  sourceIp: string;
  /** true when the connection was TLS (`aws:SecureTransport`). */
  secure: boolean;
  /** Aborted when the client goes away or the server begins to stop (a long poll ends on it). */
  signal?: AbortSignal;
  /**
   * Set by the HTTP layer when a browser page of another site sent the request (a foreign `Origin`,
   * or `Sec-Fetch-Site: cross-site`/`same-site` without one): the origin or site it names. The
   * pipeline refuses such requests unless they are signed in the Authorization header.
   */
  foreignOrigin?: string;
  /** Set by the HTTP layer when it keeps metrics: the pipeline notes here what answered. */
  servedBy?: ServedBy;
}

/**
 * The service and operation that answered a request, as the pipeline resolved them (either may be
 * missing: an unsigned request for an unknown service, a refusal before the operation was read).
 * The objects themselves, so metrics map them onto labels without trusting a name from the request.
 */
export interface ServedBy {
  service?: ServiceDefinition;
  operation?: OperationSpec;
}

/** A request before its body is read: what the front-door checks see (Pipeline.admit). */
export type RequestHead = Omit<RawRequest, 'body'> & {
  /** Content-Length, when the client sent one. */
  contentLength?: number;
};

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  /**
   * The whole body, or (internal routes only) chunks produced as the client reads them, so a large
   * answer (a mailbox of big messages) is never built as one string; sent chunked.
   */
  body: string | Buffer | AsyncIterable<string | Buffer>;
}

export interface RequestContext {
  /** Set on arrival: AWS-style request id (UUID v4), sent back as `x-amzn-RequestId`. */
  readonly requestId: string;
  /**
   * Set on arrival: the real time the request arrived. SigV4's date window and a presigned URL's
   * expiry compare it with the client's signing time, which is real time; it stays real under
   * `--clock manual` (or every signed call would be "Signature expired" after an advance).
   */
  readonly receivedAt: Date;
  /**
   * Set on arrival: the one clock's time (src/clock/) when the request arrived: a session's
   * expiry (ExpiredToken once the clock passes it), aws:CurrentTime and aws:EpochTime.
   */
  readonly now: Date;
  readonly request: RawRequest;
  /** Query string, decoded (`?a=1&a=2` → `{a: ['1','2']}`), for SigV4 and restJson. */
  readonly query: Record<string, string | string[]>;
  readonly log: Logger;
  /** dispatch: the service answering (a bare stand-in when none is registered for the scope). */
  service?: ServiceDefinition;
  /** dispatch: the SigV4 parameters found (header or presigned query), if any. */
  sigv4?: SigV4Params;
  /** auth: the credentials the signature verified against (undefined for `--iam off` guesses). */
  credentials?: ResolvedCredentials;
  /** auth: who is calling. */
  principal?: Principal;
  /** account/region: the account acted in (the principal's). */
  account?: string;
  /** account/region: the credential scope's region, or the server's default region. */
  region?: string;
  /** protocol decode: the operation requested. */
  operation?: OperationSpec;
  /** protocol decode: the input typed by the model. */
  input?: unknown;
  /** authorize: the ARNs authorized. */
  resources?: string[];
  /** authorize: the context keys the decision saw (lower-cased names). */
  contextKeys?: Map<string, ContextKeyValue>;
  /**
   * authorize: for a handler that hands a resource to another service (iam:PassRole on the role an
   * email channel names): authorizes one more action on other resources through the same step,
   * under the same `--iam` mode, with the request's keys plus `keys`. Throws AccessDenied.
   */
  authorizeAlso?(action: string, resources: string[], keys?: Record<string, ContextKeyValue>): Promise<void>;
  /**
   * Internal calls only (`InternalCall.onCommit`): run inside the handler's own write transaction
   * once it has committed to its outcome, so the caller's bookkeeping (the Pinpoint engine's
   * delivery ledger) commits or rolls back with it. Handlers that write nothing ignore it.
   */
  onCommit?(output: unknown): Promise<void> | void;
  /**
   * Internal calls only (`InternalCall.trackOpensAndClicks`): a send adds the open pixel and tracked
   * links even when its configuration set has no OPEN/CLICK destination, as Pinpoint does for the
   * email it sends (userguide/channels-email-open-click-tracking.html: "Amazon Pinpoint
   * automatically tracks how many of your emails were opened or clicked"). Ignored by other handlers.
   */
  trackOpensAndClicks?: boolean;
  /** handle: the handler's output. */
  output?: unknown;
  /**
   * Set on arrival: what a request's steps share, made once. The first step to ask for `key` runs
   * `make`; every later step (check, bodyPrincipal, resources, conditionKeys, handler) gets the same
   * value, a promise included (SES's prepared send, STS's verified SAML or web identity proof).
   * The memo lives and dies with the request.
   */
  once<T>(key: OnceKey<T>, make: () => T): T;
}

/** What `RequestContext.once` keeps a value under: one key per kind of value, typed by it. */
export type OnceKey<T> = symbol & { readonly __once?: T };

/** A new key for `RequestContext.once`; `name` only describes it. */
export const onceKey = <T>(name: string): OnceKey<T> => Symbol(name) as OnceKey<T>;

/** The `once` of a new request context: a memo of its own. */
export function requestMemo(): <T>(key: OnceKey<T>, make: () => T) => T {
  const made = new Map<symbol, unknown>();
  return <T>(key: OnceKey<T>, make: () => T): T => {
    if (made.has(key)) return made.get(key) as T;
    const value = make();
    made.set(key, value);
    return value;
  };
}
