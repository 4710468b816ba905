/**
 * The HTTP server: node:http with keep-alive, internal routes (`/_pinpost/*`, `/_aws/*`) beside the
 * AWS pipeline, and a graceful close that lets in-flight requests finish.
 *
 * The request edge, in order: a connection cap that keeps health answerable
 * (connection-limits.ts) and timeouts for headers and idle sockets; then, from the headers alone,
 * the Host rule on loopback (host-check.ts), the cross-site rule (origin-check.ts), the route's
 * access (internal-access.ts) or the pipeline's front door (Pipeline.admit: body limit,
 * authentication); only then is the body read, never past its limit.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline as pipeStreams } from 'node:stream/promises';
import type { Logger } from 'pino';
import { misdirectedHost } from '../wire/auth-errors.js';
import type { RawRequest, RawResponse, RequestHead } from '../wire/context.js';
import type { CredentialResolver } from '../wire/credentials.js';
import { requestEntityTooLarge } from '../wire/errors.js';
import type { Authorizer, ServiceDefinition } from '../wire/operation.js';
import { generationScope } from '../store/generations.js';
import { createPipeline, parseQuery, type Pipeline } from '../wire/pipeline.js';
import type { ServerConfig } from './config.js';
import { limitConnections, type ConnectionCounts } from './connection-limits.js';
import { consoleRedirect } from './console/home-redirect.js';
import { consoleRoute } from './console/route.js';
import { pinpostError } from './errors.js';
import { HostRule } from './host-check.js';
import { errorJson, INTERNAL_BODY_BYTES, InternalGate } from './internal-access.js';
import { answerInternal, InternalRoutes, jsonResponse, type InternalRoute } from './internal-routes.js';
import { createLogger } from './logger.js';
import { HttpMetrics, type Answerer } from './metrics/http-metrics.js';
import type { Metrics } from './metrics/registry.js';
import { packageVersion } from './version.js';
import { foreignOrigin } from './origin-check.js';

/** How long the server waits; tests shorten them. */
export interface ServerTimeouts {
  /**
   * For a request's header to arrive complete, from the connection's first byte (or from the
   * connection, for one that sends nothing): clients send headers at once, so 10 s is generous
   * and a connection that trickles half a header is closed with 408.
   */
  headersMs: number;
  /** For the whole request, body included: a 40 MB SES v2 message on a slow link. */
  requestMs: number;
  /**
   * An idle keep-alive connection: longer than SDK idle sockets live (the JS SDK's agent keeps them
   * 60 s at most), so clients reuse connections rather than race the server's close.
   */
  keepAliveMs: number;
}

export const DEFAULT_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 300_000,
  keepAliveMs: 65_000,
};

/** A body of at most this many bytes is read and dropped after an early answer; a larger one closes. */
const DRAIN_BYTES = 64 * 1024;

export interface ServerDeps {
  credentials: CredentialResolver;
  authorizer: Authorizer;
  log?: Logger;
  routes?: InternalRoute[];
  timeouts?: Partial<ServerTimeouts>;
  /** The one clock (src/clock/): sessions expire and aws:CurrentTime reads by it. The system's when not given. */
  clock?: () => Date;
  /** Where the built console is (dist/console of this package by default). */
  consoleDir?: string;
  /**
   * Health stays `starting` (503) until `markReady()`: for a caller that starts more after HTTP
   * listens (the SMTP interface, the workers), so health never says ready before they are.
   */
  deferReady?: boolean;
  /** The runtime's metrics: every request is counted into them (server/metrics/). None when not given. */
  metrics?: Metrics;
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  /** The web console's address (`<url>/_pinpost/console/`). */
  consoleUrl: string;
  port: number;
  pipeline: Pipeline;
  /** Register more `/_pinpost/*` or `/_aws/*` routes here. */
  routes: InternalRoutes;
  log: Logger;
  /** Open and busy connections now (for metrics and tests). */
  connections(): ConnectionCounts;
  /** Health answers `ready` from now on (with `deferReady`; otherwise it already does). */
  markReady(): void;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  services: ServiceDefinition[],
  deps: ServerDeps,
): Promise<RunningServer> {
  const log = deps.log ?? createLogger(config.logLevel);
  const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts };
  const metrics = deps.metrics && new HttpMetrics(deps.metrics, services);
  const pipeline = createPipeline({
    services,
    credentials: deps.credentials,
    authorizer: deps.authorizer,
    iamMode: config.iam,
    defaultRegion: config.region,
    defaultAccount: config.account,
    log,
    clock: deps.clock,
    observer: metrics,
    requestScope: generationScope,
  });
  const routes = new InternalRoutes();
  const version = packageVersion();
  let state: 'starting' | 'ready' | 'stopping' = 'starting';
  routes.add({
    prefix: '/_pinpost/health',
    access: 'public',
    handler: () => jsonResponse(state === 'ready' ? 200 : 503, { status: state, version }),
  });
  routes.add(consoleRoute(deps.consoleDir));
  for (const r of deps.routes ?? []) routes.add(r);
  const hostRule = new HostRule(config.host);
  const gate = new InternalGate(hostRule, config.iam, pipeline, metrics);
  let port = 0;

  const server = createServer({
    keepAlive: true,
    headersTimeout: timeouts.headersMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // How often node looks for expired headers and requests (its default, 30 s, would let a
    // half-sent header live up to 40 s).
    connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
  });
  const connections = limitConnections(server, config.maxConnections);
  if (deps.metrics) deps.metrics.connections = connections;
  const onRequest = (expectsContinue: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res, expectsContinue).catch((err: unknown) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { connection: 'close' }).end();
      else res.destroy();
    });
  };
  server.on('request', onRequest(false));
  // With a listener here node does not send `100 Continue` by itself: serve() sends it once the
  // request is admitted, so a refused client never uploads its body.
  server.on('checkContinue', onRequest(true));

  // One per request in flight; a request that waits (the mailbox's long poll) ends on its signal.
  const inFlight = new Set<AbortController>();

  async function serve(
    req: IncomingMessage,
    res: ServerResponse,
    expectsContinue: boolean,
  ): Promise<unknown> {
    if (!metrics) return answer(req, res, expectsContinue);
    const started = performance.now();
    const by: Answerer = InternalRoutes.isInternal(req.url ?? '/') ? { route: undefined } : { api: {} };
    let status = 500;
    try {
      status = await answer(req, res, expectsContinue, by);
    } finally {
      metrics.observe(by, status, (performance.now() - started) / 1000);
    }
  }

  /** Answers a request; returns the status sent. `by` (with metrics) learns what answered it. */
  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    expectsContinue: boolean,
    by?: Answerer,
  ): Promise<number> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const headers = joinHeaders(req);
    const internal = InternalRoutes.isInternal(path);
    const head: RequestHead = {
      method: req.method ?? 'GET',
      path,
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers,
      sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      secure: false,
      // Only Pinpost's own routes wait (the mailbox's long poll); an AWS call needs no signal, and
      // making and aborting one per request costs a few percent of a small call.
      signal: internal ? requestSignal(res) : undefined,
      foreignOrigin: foreignOrigin(headers, hostRule, port),
      contentLength: contentLength(req.headers),
    };
    if (by && 'api' in by) head.servedBy = by.api;
    const response = internal
      ? await serveInternal(req, res, head, expectsContinue, by)
      : await serveApi(req, res, head, expectsContinue);
    await send(req, res, response);
    return response.status;
  }

  async function serveApi(
    req: IncomingMessage,
    res: ServerResponse,
    head: RequestHead,
    expectsContinue: boolean,
  ): Promise<RawResponse> {
    if (!hostRule.accepts(head.headers['host'])) {
      return answerEarly(req, await pipeline.reject(head, misdirectedHost(head.headers['host'])));
    }
    const toConsole = consoleRedirect(head);
    if (toConsole) return answerEarly(req, toConsole);
    const admission = await pipeline.admit(head);
    if (!('maxBodyBytes' in admission)) return answerEarly(req, admission);
    if (expectsContinue) res.writeContinue();
    const body = await readBody(req, admission.maxBodyBytes);
    if (body === undefined) return answerEarly(req, admission.tooLarge());
    return pipeline.handle({ ...head, body });
  }

  async function serveInternal(
    req: IncomingMessage,
    res: ServerResponse,
    head: RequestHead,
    expectsContinue: boolean,
    by?: Answerer,
  ): Promise<RawResponse> {
    const route = routes.find(head.path);
    if (by && 'route' in by) by.route = route;
    if (!route) return answerEarly(req, jsonResponse(404, { message: `no route ${head.path}` }));
    const decision = gate.check(route, head, parseQuery(head.rawQuery));
    if ('refuse' in decision) return answerEarly(req, decision.refuse);
    if (head.contentLength !== undefined && head.contentLength > INTERNAL_BODY_BYTES) {
      return answerEarly(req, tooLargeJson());
    }
    if (expectsContinue) res.writeContinue();
    const body = await readBody(req, INTERNAL_BODY_BYTES);
    if (body === undefined) return answerEarly(req, tooLargeJson());
    const raw: RawRequest = { ...head, body };
    if (!decision.action) return answerInternal(route, raw);
    const caller = await gate.authorize(raw, decision.action);
    if ('status' in caller) return caller;
    return answerInternal(route, raw, caller);
  }

  async function send(req: IncomingMessage, res: ServerResponse, response: RawResponse): Promise<void> {
    if (state === 'stopping') response.headers['connection'] = 'close';
    const out = response.body;
    if (typeof out === 'string' || Buffer.isBuffer(out)) {
      response.headers['content-length'] = String(Buffer.byteLength(out));
      res.writeHead(response.status, response.headers);
      res.end(req.method === 'HEAD' ? undefined : out);
      return;
    }
    res.writeHead(response.status, response.headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeStreams(Readable.from(out, { objectMode: false }), res);
    } catch (err) {
      // A client leaving a streamed answer (the mailbox's event stream) is how such answers end.
      if ((err as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE' && res.destroyed) return;
      throw err;
    }
  }

  function requestSignal(res: ServerResponse): AbortSignal {
    const ended = new AbortController();
    if (state === 'stopping') ended.abort();
    inFlight.add(ended);
    res.once('close', () => {
      inFlight.delete(ended);
      ended.abort();
    });
    return ended.signal;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(pinpostError('PINPOST_LISTEN_FAILED', `${config.host}:${config.port}`, err.code ?? err.message)),
    );
    server.listen(config.port, config.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const markReady = () => {
    if (state === 'starting') state = 'ready';
  };
  if (!deps.deferReady) markReady();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let closing: Promise<void> | undefined;
  function close(graceMs = 10_000): Promise<void> {
    closing ??= new Promise<void>((resolve) => {
      state = 'stopping';
      for (const c of inFlight) c.abort();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  }

  const url = `http://${host}:${port}`;
  return {
    url,
    consoleUrl: `${url}/_pinpost/console/`,
    port,
    pipeline,
    routes,
    log,
    connections,
    markReady,
    close,
  };
}

/** SigV4 canonicalises repeated headers joined by `,`; node gives lower-cased names. */
function joinHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values) out[name] = values.join(',');
  }
  return out;
}

/**
 * The body, read up to `limit` bytes; undefined as soon as it goes past (the rest is not kept).
 * Content-Length was checked before; this catches chunked bodies and lying lengths.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      chunks.length = 0;
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function contentLength(headers: IncomingHttpHeaders): number | undefined {
  const text = headers['content-length'];
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * A response sent before the body was read (or while it was still arriving). A small body left
 * behind is read and dropped by node so the connection stays usable; a larger or unknown one
 * would cost the upload it was refused to avoid, so the connection closes after the answer.
 */
function answerEarly(req: IncomingMessage, response: RawResponse): RawResponse {
  const length = contentLength(req.headers);
  const bodyLeft =
    !req.complete && (length === undefined ? req.headers['transfer-encoding'] !== undefined : length > 0);
  if (bodyLeft && (length === undefined || length > DRAIN_BYTES)) response.headers['connection'] = 'close';
  return response;
}

function tooLargeJson(): RawResponse {
  return errorJson(requestEntityTooLarge());
}
