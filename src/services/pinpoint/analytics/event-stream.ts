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
import { pinpointArn, scopeOf } from '../input.js';
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

export function eventStreamOperations(c: PinpointContext): OperationSpec[] {
  const deps = { store: c.store };
  const resources = (i: { ApplicationId: string }, ctx: RequestContext) => [
    pinpointArn(scopeOf(ctx), `apps/${i.ApplicationId}/eventstream`),
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

  const put = defineOperation<InputOf<'PutEventStream'>, OutputOf<'PutEventStream'>>({
    name: 'PutEventStream',
    action: 'mobiletargeting:PutEventStream',
    resources,
    async handler({ ApplicationId: appId, WriteEventStream: stream }, ctx) {
      // Both members are required (WriteEventStream): the model step refused a body without them;
      // an empty one is refused here, in Pinpost's words.
      const { DestinationStreamArn, RoleArn } = stream;
      if (!DestinationStreamArn) throw badRequest('Missing DestinationStreamArn');
      if (!RoleArn) throw badRequest('Missing RoleArn');
      if (!STREAM_ARN.test(DestinationStreamArn))
        throw badRequest(`Invalid DestinationStreamArn: ${DestinationStreamArn}`);
      if (!ROLE_ARN.test(RoleArn)) throw badRequest(`Invalid RoleArn: ${RoleArn}`);
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      await ctx.authorizeAlso!('iam:PassRole', [RoleArn], {
        'iam:PassedToService': { values: [PASSED_TO_SERVICE], list: false },
      });
      return c.store.transaction(async () => {
        const doc: EventStreamDoc = {
          DestinationStreamArn,
          RoleArn,
          // Who last changed it: Pinpost records the caller's ARN.
          LastUpdatedBy: ctx.principal?.arn ?? '',
        };
        await c.store.put(scope, appId, 'event-stream', '', doc);
        return output(scope, appId);
      });
    },
  });

  const get = defineOperation<InputOf<'GetEventStream'>, OutputOf<'GetEventStream'>>({
    name: 'GetEventStream',
    action: 'mobiletargeting:GetEventStream',
    resources,
    async handler({ ApplicationId: appId }, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      return output(scope, appId);
    },
  });

  const remove = defineOperation<InputOf<'DeleteEventStream'>, OutputOf<'DeleteEventStream'>>({
    name: 'DeleteEventStream',
    action: 'mobiletargeting:DeleteEventStream',
    resources,
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
