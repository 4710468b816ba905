/**
 * At most `max` open connections (`--max-connections`), and never a full server that cannot
 * answer health. Each connection is either busy (a request is being answered) or idle (no complete
 * request header yet, or between keep-alive requests). At the cap, a new connection closes the
 * connection that has been idle longest; only when every connection is busy is the new one closed.
 *
 * Why evict rather than refuse (what node's `server.maxConnections` does): a client that opens
 * connections and sends nothing, or half a header, holds them at no cost; refusing newcomers would
 * hand it the server (issue 9, finding 9: ~21,000 such sockets and health stopped answering).
 * Evicting the longest idle one means such a client only evicts its own sockets, while every real
 * request, health included, gets a connection. A connection is busy only while its request runs:
 * an unauthenticated body is never read (Pipeline.admit), so holding a busy slot takes a valid key.
 * An evicted keep-alive client just opens a new connection, as after any idle timeout.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface ConnectionCounts {
  open: number;
  busy: number;
}

export function limitConnections(server: Server, max: number): () => ConnectionCounts {
  /** Idle sockets, oldest idle first (a Map keeps insertion order). */
  const idle = new Map<Socket, true>();
  /** Busy sockets and how many of their requests are unanswered (pipelining). */
  const busy = new Map<Socket, number>();

  server.on('connection', (socket: Socket) => {
    if (idle.size + busy.size >= max) {
      const oldest = idle.keys().next();
      if (oldest.done) {
        socket.destroy();
        return;
      }
      idle.delete(oldest.value);
      oldest.value.destroy();
    }
    idle.set(socket, true);
    socket.once('close', () => {
      idle.delete(socket);
      busy.delete(socket);
    });
  });

  const started = (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (socket.destroyed) return;
    idle.delete(socket);
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) return void busy.set(socket, left);
      busy.delete(socket);
      if (!socket.destroyed) idle.set(socket, true);
    });
  };
  // `checkContinue` replaces `request` for requests sent with `Expect: 100-continue`.
  server.prependListener('request', started);
  server.prependListener('checkContinue', started);

  return () => ({ open: idle.size + busy.size, busy: busy.size });
}
