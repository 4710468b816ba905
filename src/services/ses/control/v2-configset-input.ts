/** Reading SES v2's configuration set options (sesv2/2019-09-27 TrackingOptions, DeliveryOptions, …). */
import { bool, check, int, list, obj, str, strings, type Raw } from './input.js';
import type { ConfigSetDoc, EventDestinationDoc } from './model.js';
import { EVENT_TYPES, NAME_PATTERN } from './configsets.js';
import type { SesEventType, SuppressionReason } from '../ports.js';
import type { DeliveryOptions, VdmOptions } from '../../../wire/model/types/sesv2.js';

const REASONS = ['BOUNCE', 'COMPLAINT'];

export function configSetName(raw: Raw): string {
  const name = str(raw, 'ConfigurationSetName');
  check('v2', [['ConfigurationSetName', name, { required: true, pattern: NAME_PATTERN }]]);
  return name as string;
}

export function tracking(o: Raw | undefined): ConfigSetDoc['tracking'] {
  if (!o) return undefined;
  const t = {
    CustomRedirectDomain: str(o, 'CustomRedirectDomain') as string,
    HttpsPolicy: str(o, 'HttpsPolicy') as NonNullable<ConfigSetDoc['tracking']>['HttpsPolicy'],
  };
  check('v2', [
    ['TrackingOptions.CustomRedirectDomain', t.CustomRedirectDomain, { required: true }],
    ['TrackingOptions.HttpsPolicy', t.HttpsPolicy, { enum: ['REQUIRE', 'REQUIRE_OPEN_ONLY', 'OPTIONAL'] }],
  ]);
  return t;
}

export function delivery(o: Raw | undefined): ConfigSetDoc['delivery'] {
  if (!o) return undefined;
  const d = {
    TlsPolicy: str(o, 'TlsPolicy') as DeliveryOptions['TlsPolicy'],
    SendingPoolName: str(o, 'SendingPoolName'),
    MaxDeliverySeconds: int(o, 'MaxDeliverySeconds'),
  };
  check('v2', [
    ['DeliveryOptions.TlsPolicy', d.TlsPolicy, { enum: ['REQUIRE', 'OPTIONAL'] }],
    ['DeliveryOptions.MaxDeliverySeconds', d.MaxDeliverySeconds, { minValue: 300, maxValue: 50400 }],
  ]);
  return d;
}

export function reputation(o: Raw | undefined): ConfigSetDoc['reputation'] {
  const enabled = o ? bool(o, 'ReputationMetricsEnabled') : undefined;
  const fresh = o ? str(o, 'LastFreshStart') : undefined;
  return {
    ReputationMetricsEnabled: enabled ?? false,
    LastFreshStart: fresh
      ? new Date(Number.isNaN(Number(fresh)) ? fresh : Number(fresh) * 1000).toISOString()
      : undefined,
  };
}

export function suppressedReasons(o: Raw | undefined, where: string): SuppressionReason[] | undefined {
  if (!o) return undefined;
  const reasons = strings(o, 'SuppressedReasons') ?? [];
  check(
    'v2',
    reasons.map(
      (r, n) =>
        [`${where}.suppressedReasons.${n + 1}`, r, { enum: REASONS }] as [
          string,
          unknown,
          { enum: string[] },
        ],
    ),
  );
  return [...new Set(reasons)] as SuppressionReason[];
}

export function eventDestination(name: string, o: Raw | undefined): EventDestinationDoc {
  check('v2', [
    ['EventDestinationName', name, { required: true, pattern: NAME_PATTERN }],
    ['EventDestination', o, { required: true }],
  ]);
  const d = o as Raw;
  const types = strings(d, 'MatchingEventTypes') ?? [];
  check('v2', [
    ['EventDestination.MatchingEventTypes', list(d, 'MatchingEventTypes'), { required: true, min: 1 }],
    ...types.map(
      (t, n) =>
        [`EventDestination.MatchingEventTypes.${n + 1}`, t, { enum: EVENT_TYPES }] as [
          string,
          unknown,
          { enum: readonly string[] },
        ],
    ),
  ]);
  const out: EventDestinationDoc = {
    Name: name,
    Enabled: bool(d, 'Enabled') ?? false,
    MatchingEventTypes: [...new Set(types)] as SesEventType[],
  };
  const copy = <K extends keyof EventDestinationDoc>(key: K) => {
    const v = obj(d, key);
    if (v) (out as unknown as Raw)[key] = v;
  };
  copy('KinesisFirehoseDestination');
  copy('CloudWatchDestination');
  copy('SnsDestination');
  copy('EventBridgeDestination');
  copy('PinpointDestination');
  return out;
}

const FEATURE = { enum: ['ENABLED', 'DISABLED'] };

/** VdmOptions (DashboardOptions.EngagementMetrics, GuardianOptions.OptimizedSharedDelivery). */
export function vdmOptions(o: Raw | undefined): VdmOptions | undefined {
  if (!o) return undefined;
  const dashboard = obj(o, 'DashboardOptions');
  const guardian = obj(o, 'GuardianOptions');
  const engagement = dashboard && str(dashboard, 'EngagementMetrics');
  const shared = guardian && str(guardian, 'OptimizedSharedDelivery');
  check('v2', [
    ['VdmOptions.DashboardOptions.EngagementMetrics', engagement, FEATURE],
    ['VdmOptions.GuardianOptions.OptimizedSharedDelivery', shared, FEATURE],
  ]);
  return {
    ...(dashboard ? { DashboardOptions: engagement ? { EngagementMetrics: engagement } : {} } : {}),
    ...(guardian ? { GuardianOptions: shared ? { OptimizedSharedDelivery: shared } : {} } : {}),
  } as VdmOptions;
}

/** ArchiveArn: a Mail Manager archive's ARN (the model's length and pattern). */
export function archiveArn(raw: Raw): string | undefined {
  const arn = str(raw, 'ArchiveArn');
  check('v2', [
    [
      'ArchiveArn',
      arn,
      {
        min: 20,
        max: 1011,
        pattern:
          'arn:(aws|aws-[a-z-]+):ses:[a-z]{2,4}-[a-z-]+-[0-9]:[0-9]{1,20}:mailmanager-archive/a-[a-z0-9]{24,62}',
      },
    ],
  ]);
  return arn;
}
