/**
 * The app's event stream: PutEventStream, GetEventStream, DeleteEventStream
 * (apireference/apps-application-id-eventstream.html), stored as the app's `event-stream`
 * document. Authorized on `apps/<id>/eventstream` (list_amazonpinpoint.html, resource type
 * event-stream); PutEventStream also needs iam:PassRole on its RoleArn with iam:PassedToService
 * `mobiletargeting.amazonaws.com` (list_amazonpinpoint.html, "API operations": PutEventStream).
 *
 * Pinpost cannot write to Kinesis or Firehose: the stream's settings are kept and answered, and
 * the records Pinpoint would stream are read from Pinpost's own route instead
 * (`GET /_pinpost/pinpoint/events`, routes.ts).
 */
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { requireApp } from '../apps.js';
import { badRequest, notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { label, payload, pinpointArn, scopeOf, str, type Raw } from '../input.js';
import type { PinpointContext } from '../ports.js';
import type { Scope } from '../store.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';

/** The stored event stream (kind `event-stream`, key ''). */
export interface EventStreamDoc {
  DestinationStreamArn: string;
  RoleArn: string;
  LastUpdatedBy: string;
}

/** The service PutEventStream passes its role to (list_amazonpinpoint.html). */
export const PASSED_TO_SERVICE = 'mobiletargeting.amazonaws.com';

/** A Kinesis data stream or Firehose delivery stream (developerguide/event-streams-setup.html). */
const STREAM_ARN = /^arn:[^:]+:(kinesis:[^:]+:\d{12}:stream|firehose:[^:]+:\d{12}:deliverystream)\/.+$/;
const ROLE_ARN = /^arn:[^:]+:iam::\d{12}:role\/.+$/;

interface PutInput {
  appId: string;
  DestinationStreamArn?: string;
  RoleArn?: string;
}

export function eventStreamOperations(c: PinpointContext): OperationSpec[] {
  const deps = { store: c.store };
  const path = '/v1/apps/{application-id}/eventstream';
  const appId = (raw: Raw) => ({ appId: label(raw, 'application-id') });
  const resources = (i: { appId: string }, ctx: RequestContext) => [
    pinpointArn(scopeOf(ctx), `apps/${i.appId}/eventstream`),
  ];

  async function output(scope: Scope, appId: string) {
    const stored = await c.store.get<EventStreamDoc>(scope, appId, 'event-stream');
    if (!stored) throw notFound(RESOURCE_NOT_FOUND);
    return {
      EventStream: {
        ApplicationId: appId,
        DestinationStreamArn: stored.doc.DestinationStreamArn,
        LastModifiedDate: stored.updated.toISOString(),
        LastUpdatedBy: stored.doc.LastUpdatedBy,
        RoleArn: stored.doc.RoleArn,
      },
    };
  }

  const put = defineOperation<PutInput, OutputOf<'PutEventStream'>>({
    name: 'PutEventStream',
    action: 'mobiletargeting:PutEventStream',
    http: { method: 'POST', path, payload: 'WriteEventStream' },
    output: { payload: 'EventStream' },
    parse(raw) {
      const body = payload(raw, 'WriteEventStream');
      const input = {
        ...appId(raw),
        DestinationStreamArn: str(body, 'DestinationStreamArn'),
        RoleArn: str(body, 'RoleArn'),
      };
      // Both are required members of WriteEventStream; the texts are Pinpost's.
      if (!input.DestinationStreamArn) throw badRequest('Missing DestinationStreamArn');
      if (!input.RoleArn) throw badRequest('Missing RoleArn');
      if (!STREAM_ARN.test(input.DestinationStreamArn))
        throw badRequest(`Invalid DestinationStreamArn: ${input.DestinationStreamArn}`);
      if (!ROLE_ARN.test(input.RoleArn)) throw badRequest(`Invalid RoleArn: ${input.RoleArn}`);
      return input;
    },
    resources,
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.appId);
      await ctx.authorizeAlso!('iam:PassRole', [i.RoleArn!], {
        'iam:PassedToService': { values: [PASSED_TO_SERVICE], list: false },
      });
      return c.store.transaction(async () => {
        const doc: EventStreamDoc = {
          DestinationStreamArn: i.DestinationStreamArn!,
          RoleArn: i.RoleArn!,
          // Who last changed it: Pinpost records the caller's ARN.
          LastUpdatedBy: ctx.principal?.arn ?? '',
        };
        await c.store.put(scope, i.appId, 'event-stream', '', doc);
        return output(scope, i.appId);
      });
    },
  });

  const get = defineOperation<InputOf<'GetEventStream'>, OutputOf<'GetEventStream'>>({
    name: 'GetEventStream',
    action: 'mobiletargeting:GetEventStream',
    http: { method: 'GET', path },
    output: { payload: 'EventStream' },
    resources: (i, ctx) => resources({ appId: i.ApplicationId }, ctx),
    async handler({ ApplicationId: appId }, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      return output(scope, appId);
    },
  });

  const remove = defineOperation<InputOf<'DeleteEventStream'>, OutputOf<'DeleteEventStream'>>({
    name: 'DeleteEventStream',
    action: 'mobiletargeting:DeleteEventStream',
    http: { method: 'DELETE', path },
    output: { payload: 'EventStream' },
    resources: (i, ctx) => resources({ appId: i.ApplicationId }, ctx),
    handler({ ApplicationId: appId }, ctx) {
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        await requireApp(deps, scope, appId);
        const out = await output(scope, appId);
        await c.store.delete(scope, appId, 'event-stream');
        return out;
      });
    },
  });

  return [put, get, remove];
}
