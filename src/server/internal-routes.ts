/**
 * Routes that are not AWS APIs and need no signature: Pinpost's own (`/_pinpost/*`) and the
 * LocalStack-compatible ones test suites call (`/_aws/*`, e.g. `GET /_aws/ses`). Modules register
 * them on the running server; the longest matching prefix answers.
 */
import type { RawRequest, RawResponse } from '../wire/context.js';

export type InternalHandler = (request: RawRequest) => Promise<RawResponse> | RawResponse;

export interface InternalRoute {
  /** Starts with `/_pinpost/` or `/_aws/`; matches the path itself and anything below it. */
  prefix: string;
  handler: InternalHandler;
}

export const INTERNAL_PREFIXES = ['/_pinpost/', '/_aws/'];

export class InternalRoutes {
  private routes: InternalRoute[] = [];

  add(route: InternalRoute): void {
    if (!INTERNAL_PREFIXES.some((p) => route.prefix.startsWith(p))) {
      throw new Error(`internal route \`${route.prefix}\` must start with /_pinpost/ or /_aws/`);
    }
    this.routes = [...this.routes, route].sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The handler for a path (without query), or undefined when it is not an internal path. */
  find(path: string): InternalHandler | undefined {
    for (const r of this.routes) {
      if (path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : r.prefix + '/'))
        return r.handler;
    }
    return undefined;
  }

  static isInternal(path: string): boolean {
    return INTERNAL_PREFIXES.some((p) => path.startsWith(p));
  }
}

export function jsonResponse(status: number, value: unknown): RawResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
