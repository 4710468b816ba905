/**
 * The HTTP server: node:http with keep-alive, bodies read once into a Buffer, internal routes
 * (`/_pinpost/*`, `/_aws/*`) beside the AWS pipeline, and a graceful close that lets in-flight
 * requests finish.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline as pipeStreams } from 'node:stream/promises';
import type { Logger } from 'pino';
import type { RawRequest, RawResponse } from '../wire/context.js';
import type { CredentialResolver } from '../wire/credentials.js';
import type { Authorizer, ServiceDefinition } from '../wire/operation.js';
import { createPipeline, type Pipeline } from '../wire/pipeline.js';
import type { ServerConfig } from './config.js';
import { pinpostError } from './errors.js';
import { answerInternal, InternalRoutes, jsonResponse, type InternalRoute } from './internal-routes.js';
import { createLogger } from './logger.js';

/** SES v2 accepts raw messages up to 40 MB; anything larger is refused before it is buffered. */
export const MAX_BODY_BYTES = 48 * 1024 * 1024;

export interface ServerDeps {
  credentials: CredentialResolver;
  authorizer: Authorizer;
  log?: Logger;
  routes?: InternalRoute[];
}

export interface RunningServer {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  port: number;
  pipeline: Pipeline;
  /** Register more `/_pinpost/*` or `/_aws/*` routes here. */
  routes: InternalRoutes;
  log: Logger;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  services: ServiceDefinition[],
  deps: ServerDeps,
): Promise<RunningServer> {
  const log = deps.log ?? createLogger(config.logLevel);
  const pipeline = createPipeline({
    services,
    credentials: deps.credentials,
    authorizer: deps.authorizer,
    iamMode: config.iam,
    defaultRegion: config.region,
    defaultAccount: config.account,
    log,
  });
  const routes = new InternalRoutes();
  let state: 'starting' | 'ready' | 'stopping' = 'starting';
  routes.add({
    prefix: '/_pinpost/health',
    access: 'public',
    handler: () => jsonResponse(state === 'ready' ? 200 : 503, { status: state, version: '0.1.0' }),
  });
  for (const r of deps.routes ?? []) routes.add(r);

  const server = createServer({ keepAlive: true, requestTimeout: 300_000 }, (req, res) => {
    serve(req, res).catch((err: unknown) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // Longer than SDK idle sockets live, so clients reuse connections rather than race a close.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  // One per request in flight; a request that waits (the mailbox's long poll) ends on its signal.
  const inFlight = new Set<AbortController>();

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const body = await readBody(req);
    if (body === undefined) {
      res
        .writeHead(413, { connection: 'close', 'content-type': 'text/plain' })
        .end('Request entity too large');
      return;
    }
    const raw: RawRequest = {
      method: req.method ?? 'GET',
      path,
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers: joinHeaders(req),
      body,
      sourceIp: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
      secure: false,
      signal: requestSignal(res),
    };
    const internal = InternalRoutes.isInternal(path) ? routes.find(path) : undefined;
    let response: RawResponse;
    if (internal) response = await answerInternal(internal, raw);
    else if (InternalRoutes.isInternal(path)) response = jsonResponse(404, { message: `no route ${path}` });
    else response = await pipeline.handle(raw);
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
    await pipeStreams(Readable.from(out, { objectMode: false }), res);
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
  const port = (server.address() as AddressInfo).port;
  state = 'ready';
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

  return { url: `http://${host}:${port}`, port, pipeline, routes, log, close };
}

/** SigV4 canonicalises repeated headers joined by `,`; node gives lower-cased names. */
function joinHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values) out[name] = values.join(',');
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
