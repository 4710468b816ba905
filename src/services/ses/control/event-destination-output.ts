/**
 * An event destination as each API answers it (EventDestination of ses/2010-12-01 and of
 * sesv2/2019-09-27). A destination is stored once and read by both APIs, so a CloudWatch
 * dimension's DimensionValueSource is answered in the reading API's spelling (v1 `messageTag`,
 * v2 `MESSAGE_TAG`) whichever API wrote it.
 */
import type * as v1 from '../../../wire/model/types/ses.js';
import type * as v2 from '../../../wire/model/types/sesv2.js';
import type { EventDestinationDoc } from './model.js';

type V1Source = v1.CloudWatchDimensionConfiguration['DimensionValueSource'];
type V2Source = v2.CloudWatchDimensionConfiguration['DimensionValueSource'];
type V1EventType = v1.EventDestination['MatchingEventTypes'][number];

const SOURCES: [V1Source, V2Source][] = [
  ['messageTag', 'MESSAGE_TAG'],
  ['emailHeader', 'EMAIL_HEADER'],
  ['linkTag', 'LINK_TAG'],
];

/** v1 event type names → the stored (v2) names (EventType enums of both models). */
export const V1_EVENT_TYPES: Record<V1EventType, EventDestinationDoc['MatchingEventTypes'][number]> = {
  send: 'SEND',
  reject: 'REJECT',
  bounce: 'BOUNCE',
  complaint: 'COMPLAINT',
  delivery: 'DELIVERY',
  open: 'OPEN',
  click: 'CLICK',
  renderingFailure: 'RENDERING_FAILURE',
};

const asText = (v: unknown) => (typeof v === 'string' ? v : '');

function dimension<S extends string>(d: Record<string, unknown>, source: (s: string) => S) {
  return {
    DimensionName: asText(d.DimensionName),
    DimensionValueSource: source(asText(d.DimensionValueSource)),
    DefaultDimensionValue: asText(d.DefaultDimensionValue),
  };
}

const toV1 = (s: string) => (SOURCES.find(([, b]) => b === s)?.[0] ?? s) as V1Source;
const toV2 = (s: string) => (SOURCES.find(([a]) => a === s)?.[1] ?? s) as V2Source;

export function v1EventDestination(d: EventDestinationDoc): v1.EventDestination {
  const types = Object.entries(V1_EVENT_TYPES) as [V1EventType, string][];
  return {
    Name: d.Name,
    Enabled: d.Enabled,
    MatchingEventTypes: types.filter(([, t]) => d.MatchingEventTypes.some((m) => m === t)).map(([v]) => v),
    KinesisFirehoseDestination: d.KinesisFirehoseDestination && {
      IAMRoleARN: d.KinesisFirehoseDestination.IamRoleArn,
      DeliveryStreamARN: d.KinesisFirehoseDestination.DeliveryStreamArn,
    },
    CloudWatchDestination: d.CloudWatchDestination && {
      DimensionConfigurations: d.CloudWatchDestination.DimensionConfigurations.map((x) => dimension(x, toV1)),
    },
    SNSDestination: d.SnsDestination && { TopicARN: d.SnsDestination.TopicArn },
  };
}

export function v2EventDestination(d: EventDestinationDoc): v2.EventDestination {
  return {
    Name: d.Name,
    Enabled: d.Enabled,
    MatchingEventTypes: [...d.MatchingEventTypes],
    KinesisFirehoseDestination: d.KinesisFirehoseDestination && { ...d.KinesisFirehoseDestination },
    CloudWatchDestination: d.CloudWatchDestination && {
      DimensionConfigurations: d.CloudWatchDestination.DimensionConfigurations.map((x) => dimension(x, toV2)),
    },
    SnsDestination: d.SnsDestination && { ...d.SnsDestination },
    EventBridgeDestination: d.EventBridgeDestination && { ...d.EventBridgeDestination },
    PinpointDestination: d.PinpointDestination && { ...d.PinpointDestination },
  };
}
