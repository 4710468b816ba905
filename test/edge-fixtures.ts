/**
 * Shared by the test/edge-*.test.ts suites: HTTP over a raw socket (headers and body written as
 * given, so a test can send a Host, Origin or Content-Length a fetch client would not, or send only
 * part of a request), and a SigV4 signer for Pinpost's own routes (service `pinpost`).
 */
import { connect, type Socket } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from '../src/wire/sha256.js';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection after answering. */
  closed: boolean;
}

/** Opens a connection to 127.0.0.1:port. */
export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves when the socket is closed (by either side); `error` events are expected here. */
export function closed(socket: Socket): Promise<void> {
  socket.on('error', () => {});
  // A paused socket never reads the server's FIN: keep reading (and dropping) until it comes.
  socket.resume();
  return socket.destroyed
    ? Promise.resolve()
    : new Promise((resolve) => socket.once('close', () => resolve()));
}

/**
 * Reads one response from `socket` (after the caller wrote a request): status, headers, a body of
 * Content-Length bytes, and whether the server then closed. Resolves on the first complete answer.
 */
export function readAnswer(socket: Socket): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    let answer: Omit<RawAnswer, 'closed'> | undefined;
    const finish = (closedNow: boolean) => {
      if (!answer) return;
      socket.off('data', onData);
      // Let a close that follows the answer arrive before reporting on it.
      if (closedNow) resolve({ ...answer, closed: true });
      else setImmediate(() => resolve({ ...answer!, closed: socket.destroyed || socket.readableEnded }));
    };
    const onData = (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (data.length < end + 4 + length) return;
      const status = Number(statusLine.split(' ')[1]);
      // 100 Continue is not the answer.
      if (status === 100) {
        data = data.subarray(end + 4);
        return;
      }
      answer = { status, headers, body: data.subarray(end + 4, end + 4 + length).toString('utf8') };
      // A server that says it closes must close: wait for it (the test's own timeout guards a hang).
      if (headers['connection'] === 'close') {
        socket.off('data', onData);
        socket.resume();
        if (socket.readableEnded || socket.destroyed) finish(true);
        else socket.once('end', () => finish(true));
        return;
      }
      finish(false);
    };
    socket.on('data', onData);
    socket.once('close', () =>
      answer ? finish(true) : reject(new Error(`closed before an answer: ${data}`)),
    );
    socket.on('error', () => {});
  });
}

/** One request on a fresh connection: `head` is the request line and headers, without the blank line. */
export async function exchange(port: number, head: string, body: string | Buffer = ''): Promise<RawAnswer> {
  const socket = await open(port);
  const answer = readAnswer(socket);
  socket.write(`${head}\r\n\r\n`);
  if (body.length > 0) socket.write(body);
  const result = await answer;
  socket.destroy();
  return result;
}

export interface Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Signs a request the way a SigV4 client would for `service` (default `pinpost`), header form. */
export async function signedHeaders(
  url: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    service?: string;
    region?: string;
  },
  keys: Keys = { accessKeyId: 'test', secretAccessKey: 'test' },
): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({
    credentials: keys,
    region: opts.region ?? 'us-east-1',
    service: opts.service ?? 'pinpost',
    sha256: NodeSha256,
  });
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = v;
  const signed = await signer.sign({
    method: opts.method ?? 'GET',
    protocol: 'http:',
    hostname: u.hostname,
    port: Number(u.port),
    path: u.pathname,
    query,
    headers: { host: u.host, ...(opts.headers ?? {}) },
    body: opts.body,
  });
  return signed.headers as Record<string, string>;
}

/** A presigned URL for `service` (default `pinpost`). */
export async function presign(
  url: string,
  keys: Keys = { accessKeyId: 'test', secretAccessKey: 'test' },
  service = 'pinpost',
): Promise<string> {
  const u = new URL(url);
  const signer = new SignatureV4({ credentials: keys, region: 'us-east-1', service, sha256: NodeSha256 });
  const query: Record<string, string> = {};
  for (const [k, v] of u.searchParams) query[k] = v;
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: u.pathname,
      query,
      headers: { host: u.host },
    },
    { expiresIn: 300 },
  );
  return `${u.origin}${u.pathname}?${new URLSearchParams(signed.query as Record<string, string>).toString()}`;
}
