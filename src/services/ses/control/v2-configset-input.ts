/**
 * SES v2 configuration set options (sesv2/2019-09-27 TrackingOptions, DeliveryOptions, …) as the
 * documents store them, from the model-typed input, and the checks the model does not state.
 */
import { errorFor } from '../../../wire/model/wording.js';
import { memberPath, memberViolations, type Violation } from '../../../wire/model/violations.js';
import type { ConfigSetDoc, EventDestinationDoc } from './model.js';
import { NAME_PATTERN } from './configsets.js';
import type { SesEventType, SuppressionReason } from '../ports.js';
import type {
  DeliveryOptions,
  EventDestinationDefinition,
  ReputationOptions,
  TrackingOptions,
} from '../../../wire/model/types/sesv2.js';

/**
 * The model gives ConfigurationSetName no pattern; Pinpost has refused other names before
 * authorizing since v1's CreateConfigurationSet (configsets.ts NAME_PATTERN), in the model's words
 * (an operation's `violations`).
 */
export function configSetNameViolations(name: string | undefined): Violation[] {
  return memberViolations(memberPath('ConfigurationSetName'), name, { pattern: NAME_PATTERN });
}

/** An event destination's name follows the configuration set's rule (configsets.ts). */
export function eventDestinationNameViolations(name: string | undefined): Violation[] {
  return memberViolations(memberPath('EventDestinationName'), name, { pattern: NAME_PATTERN });
}

/**
 * PutConfigurationSetDeliveryOptions names its members within DeliveryOptions
 * ("deliveryOptions.MaxDeliverySeconds", test/ses-control-configsets.test.ts), where the model's
 * check of this operation's top-level members would not.
 */
export function checkDeliveryOptions(d: DeliveryOptions): void {
  const found = [
    ...memberViolations(memberPath('DeliveryOptions', 'TlsPolicy'), d.TlsPolicy, {
      enum: ['REQUIRE', 'OPTIONAL'],
    }),
    ...memberViolations(memberPath('DeliveryOptions', 'MaxDeliverySeconds'), d.MaxDeliverySeconds, {
      minValue: 300,
      maxValue: 50400,
    }),
  ];
  if (found.length) throw errorFor('sesv2', found);
}

/** Only the members the document keeps (the typed input has no others). */
export function tracking(t: TrackingOptions | undefined): ConfigSetDoc['tracking'] {
  return t && { CustomRedirectDomain: t.CustomRedirectDomain, HttpsPolicy: t.HttpsPolicy };
}

export function delivery(d: DeliveryOptions | undefined): ConfigSetDoc['delivery'] {
  return (
    d && {
      TlsPolicy: d.TlsPolicy,
      SendingPoolName: d.SendingPoolName,
      MaxDeliverySeconds: d.MaxDeliverySeconds,
    }
  );
}

export function reputation(r: ReputationOptions | undefined): ConfigSetDoc['reputation'] {
  return {
    ReputationMetricsEnabled: r?.ReputationMetricsEnabled ?? false,
    LastFreshStart: r?.LastFreshStart?.toISOString(),
  };
}

/** The reasons without repeats (a request may name one twice). */
export function uniqueReasons(reasons: SuppressionReason[] | undefined): SuppressionReason[] {
  return [...new Set(reasons ?? [])];
}

/**
 * The model lets MatchingEventTypes be absent or empty; an event destination that matches no event
 * is refused, before authorizing, as Pinpost always has, with the model's violations.
 */
export function matchingEventTypesViolations(d: EventDestinationDefinition | undefined): Violation[] {
  if (!d) return [];
  return memberViolations(memberPath('EventDestination', 'MatchingEventTypes'), d.MatchingEventTypes, {
    required: true,
    minLength: 1,
  });
}

export function eventDestination(name: string, d: EventDestinationDefinition): EventDestinationDoc {
  const out: EventDestinationDoc = {
    Name: name,
    Enabled: d.Enabled ?? false,
    MatchingEventTypes: [...new Set(d.MatchingEventTypes ?? [])] as SesEventType[],
  };
  if (d.KinesisFirehoseDestination) out.KinesisFirehoseDestination = d.KinesisFirehoseDestination;
  if (d.CloudWatchDestination)
    out.CloudWatchDestination = {
      DimensionConfigurations: d.CloudWatchDestination.DimensionConfigurations.map((c) => ({ ...c })),
    };
  if (d.SnsDestination) out.SnsDestination = d.SnsDestination;
  if (d.EventBridgeDestination) out.EventBridgeDestination = d.EventBridgeDestination;
  if (d.PinpointDestination) out.PinpointDestination = d.PinpointDestination;
  return out;
}
