/**
 * Routes that are not AWS APIs: Pinpost's own (`/_pinpost/*`) and the LocalStack-compatible ones
 * test suites call (`/_aws/*`, e.g. `GET /_aws/ses`). Modules register them on the running server;
 * the longest matching prefix answers.
 *
 * Each route declares who may call it (`access`): `public` routes answer anyone (health, the
 * open/click trackers and the verification link a recipient's mail client follows); every other
 * route names, per HTTP method, the Pinpost action IAM must allow (pinpost-actions.ts). On loopback
 * those routes stay open, as LocalStack's are; beyond loopback they need a SigV4-signed request whose
 * principal is allowed the action, through the same authorize step as any AWS call.
 */
import type { RawRequest, RawResponse } from '../wire/context.js';
import type { SignedCaller } from '../wire/pipeline.js';
import type { PinpostAction } from './pinpost-actions.js';

/**
 * Who called an internal route: set beyond loopback (under `--iam off`, the unverified principal
 * the pipeline assumes), undefined on loopback. The principal, its account, the scope's region.
 */
export type InternalCaller = SignedCaller;

export type InternalHandler = (
  request: RawRequest,
  caller?: InternalCaller,
) => Promise<RawResponse> | RawResponse;

/** `public`, or the action each method needs (a method not listed is not allowed: 405). */
export type RouteAccess =
  'public' | Partial<Record<'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE', PinpostAction>>;

export interface InternalRoute {
  /** Starts with `/_pinpost/` or `/_aws/`; matches the path itself and anything below it. */
  prefix: string;
  access: RouteAccess;
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

  /** The route for a path (without query), or undefined when no route matches. */
  find(path: string): InternalRoute | undefined {
    for (const r of this.routes) {
      if (path === r.prefix || path.startsWith(r.prefix.endsWith('/') ? r.prefix : r.prefix + '/')) return r;
    }
    return undefined;
  }

  static isInternal(path: string): boolean {
    return INTERNAL_PREFIXES.some((p) => path.startsWith(p));
  }
}

/** Runs a route's handler for a request the server has already admitted (internal-access.ts decides who may call). */
export function answerInternal(route: InternalRoute, request: RawRequest, caller?: InternalCaller) {
  return route.handler(request, caller);
}

export function jsonResponse(status: number, value: unknown): RawResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
