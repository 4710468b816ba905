/**
 * A local HTTP server for egress tests that counts what reaches it, so a test can prove a URL was
 * not fetched (its count stays 0), and answers per path: a route returns a body, redirects, or
 * never answers (its sockets are tracked so a test can see them closed).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface LocalServer {
  url: string;
  port: number;
  /** Requests received, by path (query excluded). */
  hits: Map<string, number>;
  /** Requests received, all paths. */
  total(): number;
  /** Connections open now. */
  openConnections(): number;
  close(): Promise<void>;
}

/** Never answers: the request stays open until the client gives up. */
export const never: Route = () => undefined;

export const text =
  (body: string, status = 200, type = 'text/csv'): Route =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader('content-type', type);
    res.end(body);
  };

export const redirect =
  (location: string, status = 302): Route =>
  (_req, res) => {
    res.statusCode = status;
    res.setHeader('location', location);
    res.end();
  };

export async function localServer(routes: Record<string, Route>, host = '127.0.0.1'): Promise<LocalServer> {
  const hits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route) route(req, res);
    else {
      res.statusCode = 404;
      res.end();
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    hits,
    total: () => [...hits.values()].reduce((a, b) => a + b, 0),
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Resolves once `check` holds, polling; fails after `limit` polls (a guard against a hang). */
export async function eventually(check: () => boolean, limit = 400): Promise<void> {
  for (let i = 0; i < limit && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('the condition never held');
}
