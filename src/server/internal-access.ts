/**
 * Who may call an internal route (`/_pinpost/*`, `/_aws/*`), decided from the route's `access`:
 * - `public` routes (health, the open/click trackers, the verification link) answer anyone.
 * - A method the route does not list is 405.
 * - On loopback the other routes stay open, as LocalStack's are, but only for this server's names
 *   (Host: DNS rebinding) and never for writes from a page of another site (Origin).
 * - Beyond loopback they need a SigV4 request signed for the service `pinpost` whose principal IAM
 *   allows the route's Pinpost action on its ARN (pinpost-actions.ts), through the pipeline's own
 *   authenticate and authorize steps (Pipeline.authorizeCaller). Only the signing name `pinpost` is
 *   accepted in the credential scope: one name, so a signature made for an AWS service (whose
 *   requests an intermediary may log or replay) never opens Pinpost's routes.
 * Refusals are JSON `{"message"}` with AWS's error name in `x-amzn-ErrorType`, as the routes speak.
 */
import { crossSiteRefused, misdirectedHost } from '../wire/auth-errors.js';
import type { RawRequest, RawResponse, RequestHead } from '../wire/context.js';
import { AwsError, isAwsError } from '../wire/errors.js';
import type { IamMode } from '../wire/operation.js';
import type { Pipeline, PipelineObserver } from '../wire/pipeline.js';
import { hasAuth } from '../wire/sigv4-parse.js';
import type { HostRule } from './host-check.js';
import type { InternalCaller, InternalRoute, RouteAccess } from './internal-routes.js';
import { jsonResponse } from './internal-routes.js';
import { pinpostResourceArn, type PinpostAction } from './pinpost-actions.js';

/** The credential scope service Pinpost's own routes are signed for. */
export const PINPOST_SIGNING_NAME = 'pinpost';

/** Pinpost's own limit for internal routes' bodies (the largest, POST /_pinpost/clock, is tiny). */
export const INTERNAL_BODY_BYTES = 1024 * 1024;

/** What the gate decided before the body is read. */
export type GateDecision =
  | { refuse: RawResponse }
  /** Run the route; `action` is set when the caller must be authorized once the body is read. */
  | { action?: PinpostAction };

export class InternalGate {
  constructor(
    private readonly hostRule: HostRule,
    private readonly iamMode: IamMode,
    private readonly pipeline: Pipeline,
    /** Told of an unsigned request refused beyond loopback (metrics); the pipeline tells the rest. */
    private readonly observer?: PipelineObserver,
  ) {}

  /** The checks that need no body. `query` is the parsed query string (for presigned requests). */
  check(route: InternalRoute, head: RequestHead, query: Record<string, string | string[]>): GateDecision {
    if (route.access === 'public') return {};
    const action = actionFor(route.access, head.method);
    if (!action) {
      const allow = Object.keys(route.access).join(', ');
      return { refuse: { ...jsonResponse(405, { message: 'method not allowed' }), headers: { allow } } };
    }
    if (!this.hostRule.accepts(head.headers['host']))
      return { refuse: errorJson(misdirectedHost(head.headers['host'])) };
    const write = head.method !== 'GET' && head.method !== 'HEAD';
    const signedInHeader = head.headers['authorization'] !== undefined && this.iamMode !== 'off';
    if (write && head.foreignOrigin !== undefined && (this.hostRule.loopback || !signedInHeader)) {
      return { refuse: errorJson(crossSiteRefused(head.foreignOrigin, this.iamMode === 'off')) };
    }
    if (this.hostRule.loopback) return {};
    if (this.iamMode !== 'off' && !hasAuth(head.headers, query)) {
      this.observer?.authenticationFailed('MissingAuthenticationToken');
      return {
        refuse: errorJson(
          new AwsError({
            code: 'MissingAuthenticationToken',
            jsonCode: 'MissingAuthenticationTokenException',
            status: 403,
            message:
              `${head.path} needs a SigV4-signed request when Pinpost listens beyond loopback: sign it for the ` +
              `service '${PINPOST_SIGNING_NAME}' with credentials allowed ${action}.`,
          }),
        ),
      };
    }
    return { action };
  }

  /** Beyond loopback: the signed caller allowed `action`, or the refusal. */
  async authorize(request: RawRequest, action: PinpostAction): Promise<InternalCaller | RawResponse> {
    try {
      return await this.pipeline.authorizeCaller(request, {
        signingName: PINPOST_SIGNING_NAME,
        action,
        resource: ({ partition, region, account }) => pinpostResourceArn(action, partition, region, account),
      });
    } catch (err) {
      if (isAwsError(err)) return errorJson(err);
      throw err;
    }
  }
}

function actionFor(access: Exclude<RouteAccess, 'public'>, method: string): PinpostAction | undefined {
  return (access as Partial<Record<string, PinpostAction>>)[method];
}

/** An AwsError as the internal routes answer: JSON `{"message"}`, the name in `x-amzn-ErrorType`. */
export function errorJson(err: AwsError): RawResponse {
  const response = jsonResponse(err.status, { message: err.awsMessage });
  response.headers['x-amzn-errortype'] = err.codeFor('restJson');
  return response;
}
