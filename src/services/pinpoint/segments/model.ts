/**
 * A segment as Pinpoint describes it (pinpoint/2016-12-01: WriteSegmentRequest, SegmentResponse,
 * SegmentDimensions, SegmentGroupList) and as Pinpost stores it: the current version in kind
 * `segment` (key = segment id), every version in kind `segment-version` (key `<id>/<version>`).
 */

export type AttributeType = 'INCLUSIVE' | 'EXCLUSIVE' | 'CONTAINS' | 'BEFORE' | 'AFTER' | 'ON' | 'BETWEEN';
export type DimensionType = 'INCLUSIVE' | 'EXCLUSIVE';
export type Duration = 'HR_24' | 'DAY_7' | 'DAY_14' | 'DAY_30';
export type RecencyType = 'ACTIVE' | 'INACTIVE';
/** SourceType, Type and Include share these values (pinpoint/2016-12-01). */
export type Combine = 'ALL' | 'ANY' | 'NONE';
export type ComparisonOperator =
  'GREATER_THAN' | 'LESS_THAN' | 'GREATER_THAN_OR_EQUAL' | 'LESS_THAN_OR_EQUAL' | 'EQUAL';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  'INCLUSIVE',
  'EXCLUSIVE',
  'CONTAINS',
  'BEFORE',
  'AFTER',
  'ON',
  'BETWEEN',
];
export const DIMENSION_TYPES: readonly DimensionType[] = ['INCLUSIVE', 'EXCLUSIVE'];
export const DURATIONS: readonly Duration[] = ['HR_24', 'DAY_7', 'DAY_14', 'DAY_30'];
export const RECENCY_TYPES: readonly RecencyType[] = ['ACTIVE', 'INACTIVE'];
export const COMBINES: readonly Combine[] = ['ALL', 'ANY', 'NONE'];
/** MetricDimension.ComparisonOperator's documented values. */
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GREATER_THAN',
  'LESS_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN_OR_EQUAL',
  'EQUAL',
];

export interface AttributeDimension {
  AttributeType?: AttributeType;
  Values: string[];
}

export interface SetDimension {
  DimensionType?: DimensionType;
  Values: string[];
}

export interface MetricDimension {
  ComparisonOperator: ComparisonOperator;
  Value: number;
}

export interface GPSPointDimension {
  Coordinates: { Latitude: number; Longitude: number };
  RangeInKilometers?: number;
}

export const DEMOGRAPHIC_KEYS = ['AppVersion', 'Channel', 'DeviceType', 'Make', 'Model', 'Platform'] as const;
export type DemographicKey = (typeof DEMOGRAPHIC_KEYS)[number];

export interface SegmentDimensions {
  Attributes?: Record<string, AttributeDimension>;
  Behavior?: { Recency?: { Duration: Duration; RecencyType: RecencyType } };
  Demographic?: Partial<Record<DemographicKey, SetDimension>>;
  Location?: { Country?: SetDimension; GPSPoint?: GPSPointDimension };
  Metrics?: Record<string, MetricDimension>;
  UserAttributes?: Record<string, AttributeDimension>;
}

export interface SegmentReference {
  Id: string;
  Version?: number;
}

export interface SegmentGroup {
  Dimensions?: SegmentDimensions[];
  SourceSegments?: SegmentReference[];
  SourceType?: Combine;
  Type?: Combine;
}

export interface SegmentGroupList {
  Groups?: SegmentGroup[];
  Include?: Combine;
}

/** SegmentImportResource: what an import job defined the segment from. */
export interface ImportDefinition {
  ChannelCounts?: Record<string, number>;
  ExternalId: string;
  Format: 'CSV' | 'JSON';
  RoleArn: string;
  S3Url: string;
  Size: number;
}

/** A segment version as stored; the response adds ApplicationId and the current tags. */
export interface SegmentDoc {
  Id: string;
  ApplicationId: string;
  Arn: string;
  Name?: string;
  SegmentType: 'DIMENSIONAL' | 'IMPORT';
  Dimensions?: SegmentDimensions;
  SegmentGroups?: SegmentGroupList;
  ImportDefinition?: ImportDefinition;
  Version: number;
  CreationDate: string;
  LastModifiedDate: string;
  /** Kept at the top level under this name for TagResource (store.ts, "Kind"). */
  tags: Record<string, string>;
}

/** What a WriteSegmentRequest asks for, once checked. */
export interface SegmentWrite {
  Name?: string;
  Dimensions?: SegmentDimensions;
  SegmentGroups?: SegmentGroupList;
  tags?: Record<string, string>;
}
