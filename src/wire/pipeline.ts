/**
 * The one path from a raw request to a response: dispatch → auth → account/region → decode →
 * authorize → handle → serialize. `authorizeAndHandle` is the only place in Pinpost that calls an
 * operation's handler, and it takes the authenticated principal as an argument: no handler runs
 * without authentication and authorization (test/wire-pipeline.test.ts checks both).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { missingAuthenticationToken } from './auth-errors.js';
import { globalContextKeys } from './context-keys.js';
import type { RawRequest, RawResponse, RequestContext } from './context.js';
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
import { rootPrincipal, type Principal } from './principal.js';
import type { ProtocolCodec } from './protocol.js';
import { first, hasAuth, parseSigV4 } from './sigv4-parse.js';

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
}

/** An internal call (the Pinpoint engine sending through SES) with its own principal. */
export interface InternalCall {
  service: ServiceDefinition;
  operation: string;
  input: Record<string, unknown>;
  principal: Principal;
  region?: string;
  /**
   * Context keys the calling service sets for the request it makes on a resource's behalf
   * (`aws:SourceAccount`, `aws:SourceArn`: confused-deputy.html). Names as AWS writes them.
   */
  contextKeys?: Record<string, ContextKeyValue>;
  /** Runs inside the handler's write transaction (RequestContext.onCommit). */
  onCommit?(output: unknown): void;
  /** Track opens and clicks of the message whatever its configuration set says (RequestContext). */
  trackOpensAndClicks?: boolean;
}

export interface Pipeline {
  handle(request: RawRequest): Promise<RawResponse>;
  /** Runs an operation for an internal caller through the same authorize step. Throws AwsError. */
  invoke(call: InternalCall): Promise<unknown>;
}

// Protocol codecs and the verifier load on first use: start-up pays for neither.
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
const verifier = once(() => import('./sigv4.js'));

export function createPipeline(options: PipelineOptions): Pipeline {
  const dispatcher = new Dispatcher(options.services);
  const { authorizer, iamMode, log } = options;

  /** auth: who is calling, or AWS's authentication error. */
  async function authenticate(ctx: RequestContext, protocol: Protocol): Promise<Principal> {
    const { headers } = ctx.request;
    if (iamMode === 'off') return offModePrincipal(ctx, protocol);
    if (!hasAuth(headers, ctx.query)) throw missingAuthenticationToken(protocol);
    const params = parseSigV4(headers, ctx.query, protocol);
    if (params instanceof AwsError) throw params;
    ctx.sigv4 = params;
    const { verifySigV4 } = await verifier();
    const creds = await verifySigV4(ctx.request, ctx.query, params, options.credentials, ctx.receivedAt);
    ctx.credentials = creds;
    return creds.principal;
  }

  /** `--iam off`: any credentials; known keys keep their principal, a 12-digit key names an account. */
  function offModePrincipal(ctx: RequestContext, protocol: Protocol): Principal {
    const params = hasAuth(ctx.request.headers, ctx.query)
      ? parseSigV4(ctx.request.headers, ctx.query, protocol)
      : undefined;
    if (!params || params instanceof AwsError) return rootPrincipal(options.defaultAccount);
    ctx.sigv4 = params;
    const known = options.credentials.resolve(params.accessKeyId);
    if (known) return known.principal;
    return rootPrincipal(/^\d{12}$/.test(params.accessKeyId) ? params.accessKeyId : options.defaultAccount);
  }

  /** The only caller of `handler`: authorizes (per --iam) then runs the operation. */
  async function authorizeAndHandle(
    ctx: RequestContext,
    principal: Principal,
    operation: OperationSpec,
    input: unknown,
    callerKeys: Record<string, ContextKeyValue> = {},
  ): Promise<unknown> {
    const resources = operation.resources(input, ctx);
    const contextKeys = globalContextKeys(ctx, principal);
    for (const [k, v] of Object.entries(callerKeys)) contextKeys.set(k.toLowerCase(), v);
    for (const [k, v] of Object.entries(operation.conditionKeys?.(input, ctx) ?? {})) {
      contextKeys.set(k.toLowerCase(), v);
    }
    ctx.resources = resources;
    ctx.contextKeys = contextKeys;
    const check = (action: string, on: string[], keys: Map<string, ContextKeyValue>) => {
      if (iamMode === 'off') return;
      const decision = authorizer.authorize({ principal, action, resources: on, contextKeys: keys, ctx });
      if (decision.allowed) return;
      const wording = ctx.service?.accessDeniedMessage;
      const message = wording
        ? wording({ principalArn: principal.arn, action, resource: decision.resource ?? on[0] ?? '*' })
        : decision.message;
      if (iamMode === 'enforce') throw accessDenied(message);
      ctx.log.warn({ action, resources: on, denial: message }, 'iam soft: would deny');
    };
    if (!operation.noPermissionRequired) {
      const primary = operation.actionFor?.(input, ctx) ?? operation.action;
      for (const action of [primary, ...(operation.additionalActions?.(input, ctx) ?? [])]) {
        check(action, resources, contextKeys);
      }
    }
    ctx.authorizeAlso = (action, on, keys = {}) => {
      const more = new Map(contextKeys);
      for (const [k, v] of Object.entries(keys)) more.set(k.toLowerCase(), v);
      check(action, on, more);
    };
    const output = await operation.handler(input, ctx);
    ctx.output = output;
    return output;
  }

  function newContext(request: RawRequest): RequestContext {
    const requestId = randomUUID();
    let child: Logger | undefined;
    return {
      requestId,
      receivedAt: new Date(),
      request,
      query: parseQuery(request.rawQuery),
      // A child logger costs more than the rest of a simple request: made only when something logs.
      get log() {
        return (child ??= log.child({ requestId }));
      },
    };
  }

  async function handle(request: RawRequest): Promise<RawResponse> {
    const ctx = newContext(request);
    // dispatch
    const service = dispatcher.dispatch({
      path: request.path,
      headers: request.headers,
      query: ctx.query,
      queryVersion: () => queryVersion(ctx),
    });
    ctx.service = service;
    const codec = await codecs[service.protocol]();
    let response: RawResponse;
    try {
      const principal = await authenticate(ctx, service.protocol);
      ctx.principal = principal;
      // account/region
      ctx.account = principal.account;
      ctx.region = ctx.sigv4?.region ?? options.defaultRegion;
      // decode
      const { operation, raw } = codec.decode(ctx, service);
      ctx.operation = operation;
      const input = operation.parse ? operation.parse(raw, ctx) : raw;
      ctx.input = input;
      const output = await authorizeAndHandle(ctx, principal, operation, input);
      response = codec.encode(ctx, service, operation, output);
    } catch (err) {
      response = codec.encodeError(ctx, service, toAwsError(ctx, err));
    }
    response.headers['x-amzn-requestid'] = ctx.requestId;
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
    const input = operation.parse ? operation.parse(call.input, ctx) : call.input;
    ctx.input = input;
    return authorizeAndHandle(ctx, call.principal, operation, input, call.contextKeys);
  }

  return { handle, invoke };
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
  return new URLSearchParams(ctx.request.body.toString('utf8')).get('Version') ?? undefined;
}
