/**
 * Pinpost's own read routes for the console's Pinpoint pages, for what Pinpoint's API has no
 * operation for (AWS's console reads its own back end for these):
 * - `GET /_pinpost/pinpoint/endpoints?app=&limit=&after=` → `{Item: [EndpointResponse…], NextToken}`:
 *   the app's endpoints in Id order, `limit` 1–100 (default 50), `after` the last Id of the page
 *   before (the NextToken);
 * - `GET /_pinpost/pinpoint/segments/count?app=&dimensions=<SegmentDimensions JSON>` or
 *   `&segment=<id>` → `{count, total}`: how many of the app's endpoints a segment's dimensions
 *   select now (the campaign's predicate, segments/predicate.ts), or a saved segment has;
 * - `POST /_pinpost/pinpoint/templates/preview?app=&endpoint=` with an EmailContent-shaped JSON body
 *   (`Subject`, `HtmlPart`, `TextPart`, `DefaultSubstitutions`) → `{subject, html, text}`: the
 *   content rendered for the endpoint by the engine campaigns render with (templates/render.ts).
 * A signed caller reads its own account and region; on loopback, where routes are open and
 * unsigned, `account` and `region` name them (the console passes its own).
 * Errors are `{message}` naming the input in backticks (Pinpost's wording).
 */
import { jsonResponse, type InternalCaller, type InternalRoute } from '../../../server/internal-routes.js';
import type { RawRequest, RawResponse } from '../../../wire/context.js';
import { isAwsError } from '../../../wire/errors.js';
import type { EndpointDoc } from '../endpoints.js';
import type { EmailContent, PinpointContext, PinpointPart, Scope } from '../ports.js';
import type { SegmentDimensions } from '../segments/model.js';
import { compileDimensions } from '../segments/predicate.js';

export const ENDPOINTS_ROUTE = '/_pinpost/pinpoint/endpoints';
export const SEGMENT_COUNT_ROUTE = '/_pinpost/pinpoint/segments/count';
export const TEMPLATE_PREVIEW_ROUTE = '/_pinpost/pinpoint/templates/preview';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;

const problem = (status: number, message: string) => jsonResponse(status, { message });

class RouteProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function scopeOf(q: URLSearchParams, caller?: InternalCaller): Scope {
  if (caller) return { account: caller.account, region: caller.region };
  const account = q.get('account');
  const region = q.get('region');
  if (!account) throw new RouteProblem(400, '`account` is required');
  if (!region) throw new RouteProblem(400, '`region` is required');
  return { account, region };
}

async function appOf(c: PinpointContext, q: URLSearchParams, scope: Scope): Promise<string> {
  const app = q.get('app');
  if (!app) throw new RouteProblem(400, '`app` is required');
  if (!(await c.store.get(scope, app, 'app')))
    throw new RouteProblem(404, `No app \`${app}\` in this account and region`);
  return app;
}

async function answer(fn: () => Promise<unknown>): Promise<RawResponse> {
  try {
    return jsonResponse(200, await fn());
  } catch (e) {
    if (e instanceof RouteProblem) return problem(e.status, e.message);
    if (isAwsError(e)) return problem(e.status, e.message);
    throw e;
  }
}

const query = (req: RawRequest) => new URLSearchParams(req.rawQuery);

export function consoleRoutes(c: PinpointContext): PinpointPart {
  function endpoints(req: RawRequest, caller?: InternalCaller): Promise<RawResponse> {
    return answer(async () => {
      const q = query(req);
      const scope = scopeOf(q, caller);
      const app = await appOf(c, q, scope);
      const limitText = q.get('limit');
      const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
        throw new RouteProblem(400, `\`limit\` must be an integer from 1 to ${MAX_LIMIT}`);
      const page = await c.store.list<EndpointDoc>(scope, app, 'endpoint', q.get('after') ?? '', limit + 1);
      const items = page.slice(0, limit).map((r) => ({ ApplicationId: app, ...r.doc }));
      return {
        Item: items,
        ...(page.length > limit && { NextToken: page[limit - 1].key }),
        Total: await c.store.count(scope, app, 'endpoint'),
      };
    });
  }

  function count(req: RawRequest, caller?: InternalCaller): Promise<RawResponse> {
    return answer(async () => {
      const q = query(req);
      const scope = scopeOf(q, caller);
      const app = await appOf(c, q, scope);
      const total = await c.store.count(scope, app, 'endpoint');
      const segment = q.get('segment');
      if (segment) {
        const members = await c.ports.segments.members(scope, app, segment);
        if (!members) throw new RouteProblem(404, `No segment \`${segment}\` in app \`${app}\``);
        let n = 0;
        for await (const _ of members) n++;
        return { count: n, total };
      }
      let dimensions: SegmentDimensions | undefined;
      try {
        dimensions = JSON.parse(q.get('dimensions') ?? '{}') as SegmentDimensions;
      } catch {
        throw new RouteProblem(400, '`dimensions` must be a JSON object');
      }
      if (!dimensions || typeof dimensions !== 'object' || Array.isArray(dimensions))
        throw new RouteProblem(400, '`dimensions` must be a JSON object');
      let test: (e: EndpointDoc) => boolean;
      try {
        test = compileDimensions(dimensions, c.clock());
      } catch (e) {
        throw new RouteProblem(400, `\`dimensions\` cannot be read: ${(e as Error).message}`);
      }
      let n = 0;
      for await (const row of c.store.iterate<EndpointDoc>(scope, app, 'endpoint')) if (test(row.doc)) n++;
      return { count: n, total };
    });
  }

  function preview(req: RawRequest, caller?: InternalCaller): Promise<RawResponse> {
    return answer(async () => {
      const q = query(req);
      const scope = scopeOf(q, caller);
      let content: EmailContent;
      try {
        content = JSON.parse(req.body.toString('utf8')) as EmailContent;
      } catch {
        throw new RouteProblem(400, 'The body must be a JSON object');
      }
      if (!content || typeof content !== 'object' || Array.isArray(content))
        throw new RouteProblem(400, 'The body must be a JSON object');
      for (const k of ['Subject', 'HtmlPart', 'TextPart', 'DefaultSubstitutions'] as const)
        if (content[k] !== undefined && typeof content[k] !== 'string')
          throw new RouteProblem(400, `\`${k}\` must be a string`);
      const endpointId = q.get('endpoint');
      let endpoint: EndpointDoc | undefined;
      if (endpointId) {
        const app = await appOf(c, q, scope);
        endpoint = (await c.store.get<EndpointDoc>(scope, app, 'endpoint', endpointId))?.doc;
        if (!endpoint) throw new RouteProblem(404, `No endpoint \`${endpointId}\` in app \`${app}\``);
      }
      const { Subject, HtmlPart, TextPart, DefaultSubstitutions } = content;
      const render = c.ports.templates.compile({ Subject, HtmlPart, TextPart, DefaultSubstitutions });
      const address = typeof endpoint?.Address === 'string' ? endpoint.Address : '';
      const out = render({ endpoint, address });
      return { subject: out.subject, html: out.html, text: out.text };
    });
  }

  const routes: InternalRoute[] = [
    { prefix: ENDPOINTS_ROUTE, access: { GET: 'pinpost:ListEndpoints' }, handler: endpoints },
    { prefix: SEGMENT_COUNT_ROUTE, access: { GET: 'pinpost:CountSegment' }, handler: count },
    { prefix: TEMPLATE_PREVIEW_ROUTE, access: { POST: 'pinpost:PreviewTemplate' }, handler: preview },
  ];
  return { operations: [], routes };
}
