/**
 * The one path from a raw request to a response: dispatch → auth → account/region → decode → read
 * by the model (typed and judged in one walk) → refuse what the
 * model and the operation's own `violations` find, in one error → the operation's `check`, of a
 * request the model accepts → authorize → handle → serialize (Pinpoint: the model's verdict after
 * authorize, as it authorizes before it reads the body). `authorizeAndHandle` is the only place in
 * Pinpost that calls an operation's handler, and it takes the authenticated principal as an
 * argument: no handler runs without authentication and authorization (test/wire-pipeline.test.ts
 * checks both).
 * Before the body is read, `admit` runs what needs no body (the cross-site rule, the service's body
 * limit, authentication up to the signature); `authorizeCaller` puts Pinpost's own routes through
 * the same auth and authorize steps.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { partitionOfRegion } from '../iam/policy/partitions.js';
import { missingAuthenticationToken } from './auth-errors.js';
import { createAuthentication } from './authenticate.js';
import { bodyTooLarge, MAX_QUERY_BODY_BYTES, maxBodyBytes } from './body-limits.js';
import { globalContextKeys } from './context-keys.js';
import {
  requestMemo,
  type RawRequest,
  type RawResponse,
  type RequestContext,
  type RequestHead,
} from './context.js';
import type { CredentialResolver } from './credentials.js';
import { Dispatcher } from './dispatch.js';
import { accessDenied, AwsError, internalFailure, isAwsError } from './errors.js';
import type {
  Authorizer,
  ContextKeyValue,
  IamMode,
  OperationSpec,
  Protocol,
  ServiceDefinition,
} from './operation.js';
import type { Principal } from './principal.js';
import { readRequest, refusalOf, type ModelReading } from './model/validate-request.js';
import { formPairs } from './query/decode.js';
import type { ProtocolCodec } from './protocol.js';
import { first, scopeService } from './sigv4-parse.js';
import type { ScopeRules } from './sigv4-checks.js';

export interface PipelineOptions {
  services: readonly ServiceDefinition[];
  credentials: CredentialResolver;
  authorizer: Authorizer;
  iamMode: IamMode;
  /** Region for requests whose credential scope names none (unsigned, internal). */
  defaultRegion: string;
  /** Account for `--iam off` requests whose key is not a 12-digit account id. */
  defaultAccount: string;
  log: Logger;
  /** The one clock (src/clock/): RequestContext.now. The system's when not given. */
  clock?: () => Date;
  /** Told of refusals, for metrics (server/metrics/http-metrics.ts). */
  observer?: PipelineObserver;
  /**
   * Runs each request (`handle`, `invoke`) in a scope of the caller's: the server's reads the
   * store's generation counters once a request (src/store/generations.ts).
   */
  requestScope?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** What metrics learn from the pipeline's auth steps. Must not throw. */
export interface PipelineObserver {
  /** IAM denied `action` (under `--iam soft`, would have denied it). */
  denied(service: ServiceDefinition | undefined, action: string): void;
  /** Authentication refused a request with this AWS error code. */
  authenticationFailed(code: string): void;
}

/** An internal call (the Pinpoint engine sending through SES) with its own principal. */
export interface InternalCall {
  service: ServiceDefinition;
  operation: string;
  /** As the wire decodes it (member names, awsQuery text, base64 blobs), whatever reads it. */
  input: Record<string, unknown>;
  principal: Principal;
  region?: string;
  /**
   * Context keys the calling service sets for the request it makes on a resource's behalf
   * (`aws:SourceAccount`, `aws:SourceArn`: confused-deputy.html). Names as AWS writes them.
   */
  contextKeys?: Record<string, ContextKeyValue>;
  /** Runs inside the handler's write transaction (RequestContext.onCommit). */
  onCommit?(output: unknown): Promise<void> | void;
  /** Track opens and clicks of the message whatever its configuration set says (RequestContext). */
  trackOpensAndClicks?: boolean;
}

/** Who signed a request to one of Pinpost's own routes (Pipeline.authorizeCaller). */
export interface SignedCaller {
  principal: Principal;
  account: string;
  region: string;
}

/** A non-AWS action to authorize for a signed request (Pinpost's internal routes). */
export interface CallerCheck {
  /** The signing name the credential scope must carry. */
  signingName: string;
  action: string;
  /** The ARN the action is authorized on, in the caller's partition, region and account. */
  resource(scope: { partition: string; region: string; account: string }): string;
}

/** A request the front door let in: read at most `maxBodyBytes` of body, else send `tooLarge()`. */
export interface Admission {
  maxBodyBytes: number;
  tooLarge(): RawResponse;
}

export interface Pipeline {
  handle(request: RawRequest): Promise<RawResponse>;
  /**
   * The checks that need no body, before it is read: the cross-site rule, the service's body limit
   * against Content-Length, and authentication up to the signature (MissingAuthenticationToken, a
   * malformed or expired signature, an unknown key). AWS's error response, or the admission.
   */
  admit(head: RequestHead): Promise<RawResponse | Admission>;
  /** `error` as the service the request was for would send it (for refusals made before admit). */
  reject(head: RequestHead, error: AwsError): Promise<RawResponse>;
  /**
   * Authenticates a request signed for `check.signingName` and authorizes `check.action` on its
   * resource, through the same steps, --iam handling and AccessDenied text as an AWS call. Throws
   * AwsError.
   */
  authorizeCaller(request: RawRequest, check: CallerCheck): Promise<SignedCaller>;
  /** Runs an operation for an internal caller through the same authorize step. Throws AwsError. */
  invoke(call: InternalCall): Promise<unknown>;
}

// Protocol codecs load on first use: start-up does not pay for them.
const codecLoaders: Record<Protocol, () => Promise<ProtocolCodec>> = {
  query: () => import('./query/codec.js').then((m) => m.queryCodec),
  restJson: () => import('./rest-json/codec.js').then((m) => m.restJsonCodec),
};

/** Loads a module once; later calls get the value without another trip through the ESM loader. */
function once<T>(load: () => Promise<T>): () => T | Promise<T> {
  let value: T | undefined;
  let pending: Promise<T> | undefined;
  return () => {
    if (value !== undefined) return value;
    pending ??= load().then((v) => (value = v));
    return pending;
  };
}

const codecs: Record<Protocol, () => ProtocolCodec | Promise<ProtocolCodec>> = {
  query: once(codecLoaders.query),
  restJson: once(codecLoaders.restJson),
};
const EMPTY = Buffer.alloc(0);

export function createPipeline(options: PipelineOptions): Pipeline {
  const dispatcher = new Dispatcher(options.services);
  const { authorizer, iamMode, log, observer } = options;
  const clock = options.clock ?? (() => new Date());

  const auth = createAuthentication({
    iamMode,
    credentials: options.credentials,
    defaultAccount: options.defaultAccount,
    onFailure: observer && ((err) => observer.authenticationFailed(err.code)),
  });

  /** authorize: one decision, under --iam (off: none; soft: logged; enforce: AccessDenied). */
  async function decide(
    ctx: RequestContext,
    principal: Principal,
    action: string,
    on: string[],
    keys: Map<string, ContextKeyValue>,
  ): Promise<void> {
    if (iamMode === 'off') return;
    const decision = await authorizer.authorize({ principal, action, resources: on, contextKeys: keys, ctx });
    if (decision.allowed) return;
    observer?.denied(ctx.service, action);
    const wording = ctx.service?.accessDeniedMessage;
    const message =
      wording?.({ principalArn: principal.arn, action, resource: decision.resource ?? on[0] ?? '*' }) ??
      decision.message;
    if (iamMode === 'enforce') throw accessDenied(message);
    ctx.log.warn({ action, resources: on, denial: message }, 'iam soft: would deny');
  }

  /**
   * The operation's `checkFirst`, the model's verdict with the operation's own violations, then the
   * operation's `check`, on a request the model accepts (model/validate-request.ts). Pinpoint's
   * verdict comes once authorized (its body is read then): there `check` judges the path and query
   * members before authorization, of a request whose values have their types.
   */
  async function judge(
    ctx: RequestContext,
    operation: OperationSpec,
    reading: ModelReading,
    input: unknown,
  ): Promise<void> {
    // The few refusals whose words AWS gives instead of the model's (OperationSpec.checkFirst).
    if (!reading.typeErrors.length) await operation.checkFirst?.(input, ctx);
    if (reading.phase === 'beforeAuthorization') {
      const refusal = refusalOf(reading, operation.violations?.(input, ctx));
      if (refusal) throw refusal;
    } else if (reading.typeErrors.length) {
      return;
    }
    await operation.check?.(input, ctx);
  }

  /** Pinpoint's verdict, once authorized (Phase); nothing for the services judged before. */
  async function judgeLate(
    ctx: RequestContext,
    operation: OperationSpec,
    reading: ModelReading,
    input: unknown,
  ): Promise<void> {
    if (reading.phase !== 'afterAuthorization') return;
    const refusal = refusalOf(reading, operation.violations?.(input, ctx));
    if (refusal) throw refusal;
  }

  /** The only caller of `handler`: authorizes (per --iam) then runs the operation. */
  async function authorizeAndHandle(
    ctx: RequestContext,
    principal: Principal,
    operation: OperationSpec,
    input: unknown,
    callerKeys: Record<string, ContextKeyValue> = {},
    /** Runs once authorized, before the handler (the model step of services that validate late). */
    authorized?: () => Promise<void>,
  ): Promise<unknown> {
    const resources = await operation.resources(input, ctx);
    const contextKeys = globalContextKeys(ctx, principal);
    for (const [k, v] of Object.entries(callerKeys)) contextKeys.set(k.toLowerCase(), v);
    for (const [k, v] of Object.entries((await operation.conditionKeys?.(input, ctx)) ?? {})) {
      contextKeys.set(k.toLowerCase(), v);
    }
    ctx.resources = resources;
    ctx.contextKeys = contextKeys;
    const check = (action: string, on: string[], keys: Map<string, ContextKeyValue>) =>
      decide(ctx, principal, action, on, keys);
    if (!operation.noPermissionRequired) {
      const primary = operation.actionFor?.(input, ctx) ?? operation.action;
      for (const action of [primary, ...((await operation.additionalActions?.(input, ctx)) ?? [])]) {
        await check(action, resources, contextKeys);
      }
    }
    ctx.authorizeAlso = async (action, on, keys = {}) => {
      const more = new Map(contextKeys);
      for (const [k, v] of Object.entries(keys)) more.set(k.toLowerCase(), v);
      await check(action, on, more);
    };
    await authorized?.();
    const output = await operation.handler(input, ctx);
    ctx.output = output;
    return output;
  }

  function newContext(request: RawRequest): RequestContext {
    const requestId = randomUUID();
    let child: Logger | undefined;
    return {
      requestId,
      // Real time, on purpose: the client signs with real time (RequestContext.receivedAt).
      receivedAt: new Date(),
      now: clock(),
      request,
      query: parseQuery(request.rawQuery),
      once: requestMemo(),
      // A child logger costs more than the rest of a simple request: made only when something logs.
      get log() {
        return (child ??= log.child({ requestId }));
      },
    };
  }

  function dispatch(ctx: RequestContext, readBody: boolean): ServiceDefinition {
    return dispatcher.dispatch({
      path: ctx.request.path,
      headers: ctx.request.headers,
      query: ctx.query,
      queryVersion: () => (readBody ? queryVersion(ctx) : first(ctx.query['Version'])),
    });
  }

  function errorResponse(
    ctx: RequestContext,
    service: ServiceDefinition,
    codec: ProtocolCodec,
    err: unknown,
  ) {
    const response = codec.encodeError(ctx, service, toAwsError(ctx, err));
    response.headers['x-amzn-requestid'] = ctx.requestId;
    return response;
  }

  async function admit(head: RequestHead): Promise<RawResponse | Admission> {
    const ctx = newContext({ ...head, body: EMPTY });
    const service = dispatch(ctx, false);
    ctx.service = service;
    if (head.servedBy) head.servedBy.service = service;
    const codec = await codecs[service.protocol]();
    // An unsigned form's service is named by the `Version` inside it: until it is read, the
    // largest awsQuery limit applies, and handle() checks the service's own after.
    const unscopedForm =
      service.protocol === 'query' &&
      scopeService(head.headers, ctx.query).service === undefined &&
      first(ctx.query['Version']) === undefined;
    const limit = unscopedForm ? MAX_QUERY_BODY_BYTES : maxBodyBytes(service);
    try {
      auth.refuseCrossSite(head);
      if (head.contentLength !== undefined && head.contentLength > limit) throw bodyTooLarge(service);
      await auth.checkBeforeBody(ctx, service);
    } catch (err) {
      return errorResponse(ctx, service, codec, err);
    }
    return { maxBodyBytes: limit, tooLarge: () => errorResponse(ctx, service, codec, bodyTooLarge(service)) };
  }

  async function reject(head: RequestHead, error: AwsError): Promise<RawResponse> {
    const ctx = newContext({ ...head, body: EMPTY });
    const service = dispatch(ctx, false);
    ctx.service = service;
    if (head.servedBy) head.servedBy.service = service;
    return errorResponse(ctx, service, await codecs[service.protocol](), error);
  }

  /** An unsigned request that names no operation is refused as any unsigned request was. */
  function decodeUnsigned(ctx: RequestContext, service: ServiceDefinition, codec: ProtocolCodec) {
    try {
      return codec.decode(ctx, service);
    } catch {
      throw missingAuthenticationToken(service.protocol);
    }
  }

  async function handle(request: RawRequest): Promise<RawResponse> {
    const ctx = newContext(request);
    const service = dispatch(ctx, true);
    ctx.service = service;
    const servedBy = request.servedBy;
    if (servedBy) servedBy.service = service;
    const codec = await codecs[service.protocol]();
    let response: RawResponse;
    try {
      auth.refuseCrossSite(request);
      if (request.body.length > maxBodyBytes(service)) throw bodyTooLarge(service);
      // An unsigned request is let through to decode only for an operation AWS runs unsigned.
      const principal = auth.isSigned(ctx) ? await auth.authenticate(ctx, auth.rulesFor(service)) : undefined;
      ctx.principal = principal;
      // account/region
      ctx.account = principal?.account;
      ctx.region = ctx.sigv4?.region ?? options.defaultRegion;
      // decode
      const { operation, raw } = principal ? codec.decode(ctx, service) : decodeUnsigned(ctx, service, codec);
      ctx.operation = operation;
      if (servedBy) servedBy.operation = operation;
      if (!principal && !operation.bodyPrincipal) throw missingAuthenticationToken(service.protocol);
      // read: the model types the input and judges it in one walk (model/validate-request.ts).
      const reading = await readRequest(service, operation, raw);
      const input = reading.input;
      // validate: the model's constraints with the operation's own violations, before the request
      // is authorized (a malformed request is a ValidationError, not AccessDenied), then its domain
      // checks of a request the model accepts. Pinpoint's once authorized (Phase).
      await judge(ctx, operation, reading, input);
      ctx.input = input;
      // Checked above: a request without a signature reaches here only for such an operation.
      const caller = operation.bodyPrincipal ? await operation.bodyPrincipal(input, ctx) : principal!;
      ctx.principal = caller;
      ctx.account = caller.account;
      const output = await authorizeAndHandle(ctx, caller, operation, input, {}, () =>
        judgeLate(ctx, operation, reading, input),
      );
      response = codec.encode(ctx, service, operation, output);
      response.headers['x-amzn-requestid'] = ctx.requestId;
    } catch (err) {
      response = errorResponse(ctx, service, codec, err);
    }
    if (log.isLevelEnabled('debug')) {
      ctx.log.debug(
        {
          service: service.id ?? service.signingName,
          operation: ctx.operation?.name,
          status: response.status,
        },
        'request',
      );
    }
    return response;
  }

  async function authorizeCaller(request: RawRequest, check: CallerCheck): Promise<SignedCaller> {
    const ctx = newContext(request);
    ctx.service = {
      id: check.signingName,
      signingName: check.signingName,
      protocol: 'restJson',
      operations: [],
    };
    const rules: ScopeRules = { protocol: 'restJson', service: check.signingName, honourExpires: true };
    const principal = await auth.authenticate(ctx, rules);
    ctx.principal = principal;
    ctx.account = principal.account;
    const region = ctx.sigv4?.region ?? options.defaultRegion;
    ctx.region = region;
    const partition = partitionOfRegion(region)?.id ?? 'aws';
    const resource = check.resource({ partition, region, account: principal.account });
    ctx.resources = [resource];
    ctx.contextKeys = globalContextKeys(ctx, principal);
    await decide(ctx, principal, check.action, [resource], ctx.contextKeys);
    return { principal, account: principal.account, region };
  }

  async function invoke(call: InternalCall): Promise<unknown> {
    const ctx = newContext({
      method: 'POST',
      path: '/',
      rawQuery: '',
      headers: {},
      body: Buffer.alloc(0),
      sourceIp: '',
      secure: true,
    });
    ctx.service = call.service;
    ctx.principal = call.principal;
    ctx.account = call.principal.account;
    ctx.region = call.region ?? options.defaultRegion;
    ctx.onCommit = call.onCommit;
    ctx.trackOpensAndClicks = call.trackOpensAndClicks;
    const operation = call.service.operations.find((o) => o.name === call.operation);
    if (!operation) throw new AwsError({ code: 'InvalidAction', status: 400, message: call.operation });
    ctx.operation = operation;
    // Callers hand the input as the wire decodes it (awsQuery text, base64 blobs), so it is read and
    // judged by the model as a request's (model/validate-request.ts) before the operation's checks.
    const reading = await readRequest(call.service, operation, call.input);
    const input = reading.input;
    await judge(ctx, operation, reading, input);
    ctx.input = input;
    return authorizeAndHandle(ctx, call.principal, operation, input, call.contextKeys, () =>
      judgeLate(ctx, operation, reading, input),
    );
  }

  const scoped = options.requestScope;
  if (!scoped) return { handle, admit, reject, authorizeCaller, invoke };
  return {
    handle: (request) => scoped(() => handle(request)),
    admit,
    reject,
    authorizeCaller,
    invoke: (call) => scoped(() => invoke(call)),
  };
}

function toAwsError(ctx: RequestContext, err: unknown): AwsError {
  if (isAwsError(err)) return err;
  ctx.log.error({ err }, 'unhandled error');
  return internalFailure();
}

/** `a=1&a=2&b` → `{a: ['1','2'], b: ''}`, decoded (SigV4's canonical query re-encodes it). */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!raw) return out;
  for (const [k, v] of new URLSearchParams(raw)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function queryVersion(ctx: RequestContext): string | undefined {
  const inQuery = first(ctx.query['Version']);
  if (inQuery) return inQuery;
  const type = ctx.request.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  // Read pair by pair, bounded (query/decode.ts): the body may be large and is not yet authenticated.
  for (const [k, v] of formPairs(ctx.request.body.toString('utf8'))) if (k === 'Version') return v;
  return undefined;
}
