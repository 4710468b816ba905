/**
 * Get/Update/Delete<Type>Channel for every non-email channel (SMS, voice, APNs and its sandbox and
 * VoIP variants, GCM/FCM, Baidu, ADM; apireference/apps-application-id-channels-<type>.html), and
 * GetChannels (apps-application-id-channels.html). Stored as the email channel is: kind `channel`,
 * key = the ChannelType; each update replaces the settings and adds one to Version.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { requireApp, underApplication, type AppDeps } from '../apps.js';
import type { ChannelDoc } from '../email-channel.js';
import { notFound, RESOURCE_NOT_FOUND } from '../errors.js';
import { scopeOf, type Raw } from '../input.js';
import type { Scope, Stored } from '../store.js';
import type { ChannelResponse, InputOf, OutputOf } from '../../../wire/model/types/pinpoint.js';
import {
  CHANNEL_SPECS,
  type ChannelExtras,
  type ChannelOp,
  type ChannelSpec,
  type PushChannelDoc,
} from './specs.js';

/** What Get/Update/Delete<Type>Channel answer: `{<Type>ChannelResponse: …}` (one per channel). */
type ChannelOutput = OutputOf<`Get${ChannelOp}Channel`>;

/** Update<Type>Channel's input: the app's id and, under spec.request, that channel's settings. */
type Update = InputOf<`Update${ChannelOp}Channel`>;

/** The members every channel's response has (ChannelResponse), from a stored channel. */
function common(
  appId: string,
  id: string,
  stored: Stored<{ Enabled: boolean; Version: number }>,
): ChannelResponse {
  return {
    ApplicationId: appId,
    CreationDate: stored.created.toISOString(),
    Enabled: stored.doc.Enabled,
    Id: id,
    IsArchived: false,
    LastModifiedDate: stored.updated.toISOString(),
    Version: stored.doc.Version,
  };
}

function operationsOf(deps: AppDeps, spec: ChannelSpec): OperationSpec[] {
  const path = `/v1/apps/{application-id}/channels/${spec.segment}`;
  // The channel resource type is `apps/<id>/channels/<ChannelType>` (list_pinpoint.html); written
  // as in the operation's path, as the email channel's is.
  const onThisChannel = underApplication(deps, () => `channels/${spec.segment}`);

  async function output(scope: Scope, appId: string) {
    const stored = await deps.store.get<PushChannelDoc>(scope, appId, 'channel', spec.type);
    if (!stored) throw notFound(RESOURCE_NOT_FOUND);
    const body: ChannelResponse & ChannelExtras & { Platform: string } = {
      ...common(appId, spec.segment, stored),
      ...spec.extra(stored.doc),
      Platform: spec.type,
    };
    // spec.response names this channel's <Type>ChannelResponse, whose members body holds.
    const output: Record<string, typeof body> = { [spec.response]: body };
    return output as unknown as ChannelOutput;
  }

  const get = defineOperation<InputOf<`Get${ChannelOp}Channel`>, ChannelOutput>({
    name: `Get${spec.op}Channel`,
    action: `mobiletargeting:Get${spec.op}Channel`,
    http: { method: 'GET', path },
    output: { payload: spec.response },
    ...onThisChannel,
    async handler({ ApplicationId: appId }, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, appId);
      return output(scope, appId);
    },
  });

  const update = defineOperation<Update, OutputOf<`Update${ChannelOp}Channel`>>({
    name: `Update${spec.op}Channel`,
    action: `mobiletargeting:Update${spec.op}Channel`,
    http: { method: 'PUT', path, payload: spec.request },
    output: { payload: spec.response },
    ...onThisChannel,
    async handler(i, ctx) {
      // The body is read once authorized: Pinpoint authorizes a request before it reads it. A channel
      // whose request requires no member may be sent without a body: it then sets none.
      const body = ((i as unknown as Record<string, Raw | undefined>)[spec.request] ?? {}) as Raw & {
        Enabled?: boolean;
      };
      const settings = spec.read(body);
      const enabled = body.Enabled;
      const scope = scopeOf(ctx);
      const appId = i.ApplicationId;
      await requireApp(deps, scope, appId);
      return deps.store.transaction(async () => {
        const before = (await deps.store.get<PushChannelDoc>(scope, appId, 'channel', spec.type))?.doc;
        const doc: PushChannelDoc = {
          ...settings,
          Enabled: enabled ?? true,
          Version: (before?.Version ?? 0) + 1,
        };
        await deps.store.put(scope, appId, 'channel', spec.type, doc);
        return output(scope, appId);
      });
    },
  });

  const remove = defineOperation<InputOf<`Delete${ChannelOp}Channel`>, OutputOf<`Delete${ChannelOp}Channel`>>(
    {
      name: `Delete${spec.op}Channel`,
      action: `mobiletargeting:Delete${spec.op}Channel`,
      http: { method: 'DELETE', path },
      output: { payload: spec.response },
      ...onThisChannel,
      handler({ ApplicationId: appId }, ctx) {
        const scope = scopeOf(ctx);
        return deps.store.transaction(async () => {
          await requireApp(deps, scope, appId);
          const out = await output(scope, appId);
          await deps.store.delete(scope, appId, 'channel', spec.type);
          return out;
        });
      },
    },
  );

  return [get, update, remove];
}

/**
 * GetChannels: every channel the app has, keyed by ChannelType, with the members ChannelResponse
 * has. The in-app channel needs no setting up, so AWS always lists it as
 * `"IN_APP": {"Enabled": true, "IsArchived": false, "Version": 0}` (the AWS CLI example of
 * get-channels).
 */
function getChannels(deps: AppDeps): OperationSpec {
  return defineOperation<InputOf<'GetChannels'>, OutputOf<'GetChannels'>>({
    name: 'GetChannels',
    action: 'mobiletargeting:GetChannels',
    // The `channels` resource type, `apps/<id>/channels` (list_pinpoint.html).
    ...underApplication(deps, () => 'channels'),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await requireApp(deps, scope, i.ApplicationId);
      const ids = new Map([['EMAIL', 'email'], ...CHANNEL_SPECS.map((s) => [s.type, s.segment] as const)]);
      const Channels: Record<string, ChannelResponse> = {};
      for (const stored of await deps.store.list<ChannelDoc | PushChannelDoc>(
        scope,
        i.ApplicationId,
        'channel',
      )) {
        const id = ids.get(stored.key);
        if (id) Channels[stored.key] = common(i.ApplicationId, id, stored);
      }
      Channels.IN_APP = { Enabled: true, IsArchived: false, Version: 0 };
      return { ChannelsResponse: { Channels } };
    },
  });
}

export function channelOperations(deps: AppDeps): OperationSpec[] {
  return [...CHANNEL_SPECS.flatMap((spec) => operationsOf(deps, spec)), getChannels(deps)];
}
