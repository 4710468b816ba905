/**
 * What a campaign is (pinpoint/2016-12-01 WriteCampaignRequest / CampaignResponse) as Pinpost
 * stores it: kind `campaign` key = campaign id, its versions kind `campaign-version` key
 * `<id>/<zero-padded version>`. Taggable, so its tags live in the top-level `tags` member.
 */
import type {
  AttributeDimension,
  CustomDeliveryConfiguration,
  MetricDimension,
} from '../../../wire/model/types/pinpoint.js';
import type { Raw } from '../input.js';

export interface QuietTime {
  Start?: string;
  End?: string;
}

export interface Schedule {
  StartTime: string;
  EndTime?: string;
  Frequency?: Frequency;
  IsLocalTime?: boolean;
  Timezone?: string;
  QuietTime?: QuietTime;
  EventFilter?: EventFilter;
}

/** pinpoint/2016-12-01 Frequency. */
export const FREQUENCIES = ['ONCE', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'EVENT', 'IN_APP_EVENT'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface EventFilter {
  FilterType: 'SYSTEM' | 'ENDPOINT';
  Dimensions: EventDimensions;
}

export interface EventDimensions {
  EventType?: { DimensionType?: 'INCLUSIVE' | 'EXCLUSIVE'; Values: string[] };
  Attributes?: Record<string, AttributeDimension>;
  Metrics?: Record<string, MetricDimension>;
}

export interface CampaignLimits {
  Daily?: number;
  MaximumDuration?: number;
  MessagesPerSecond?: number;
  Total?: number;
  Session?: number;
}

export interface CampaignHook {
  LambdaFunctionName?: string;
  Mode?: 'DELIVERY' | 'FILTER';
  WebUrl?: string;
}

export interface TemplateRef {
  Name?: string;
  Version?: string;
}

export interface CampaignEmailMessage {
  Body?: string;
  FromAddress?: string;
  Headers?: { Name: string; Value: string }[];
  HtmlBody?: string;
  Title?: string;
}

/** MessageConfiguration and TemplateConfiguration are kept as sent; only email parts are read. */
export interface MessageSource {
  MessageConfiguration?: Raw & { EmailMessage?: CampaignEmailMessage };
  TemplateConfiguration?: Raw & { EmailTemplate?: TemplateRef };
  CustomDeliveryConfiguration?: CustomDeliveryConfiguration;
}

export interface Treatment extends MessageSource {
  Id: string;
  SizePercent: number;
  Schedule?: Schedule;
  TreatmentName?: string;
  TreatmentDescription?: string;
}

/** The settings a WriteCampaignRequest gives (after validation). */
export interface CampaignSettings extends MessageSource {
  Name?: string;
  Description?: string;
  SegmentId: string;
  SegmentVersion: number;
  Schedule: Schedule;
  AdditionalTreatments: Treatment[];
  HoldoutPercent: number;
  Hook?: CampaignHook;
  IsPaused: boolean;
  Limits?: CampaignLimits;
  TreatmentName?: string;
  TreatmentDescription?: string;
  Priority?: number;
}

export interface CampaignDoc extends CampaignSettings {
  Id: string;
  Arn: string;
  ApplicationId: string;
  CreationDate: string;
  LastModifiedDate: string;
  Version: number;
  tags: Record<string, string>;
}

/** pinpoint/2016-12-01 CampaignStatus. */
export type CampaignStatus =
  'SCHEDULED' | 'EXECUTING' | 'PENDING_NEXT_RUN' | 'COMPLETED' | 'PAUSED' | 'DELETED' | 'INVALID';

/** The default treatment's id; additional treatments are numbered from 1 (the `treatment_id` of events). */
export const DEFAULT_TREATMENT = '0';

/** ActivityResponse (pinpoint/2016-12-01). */
export interface ActivityDoc {
  Id: string;
  ApplicationId: string;
  CampaignId: string;
  TreatmentId: string;
  /** PENDING, INITIALIZING, RUNNING, PAUSED, CANCELLED, COMPLETED (ActivityResponse.State). */
  State: string;
  Result?: 'SUCCESS' | 'FAIL';
  ScheduledStart: string;
  Start?: string;
  End?: string;
  SuccessfulEndpointCount: number;
  TotalEndpointCount: number;
  TimezonesCompletedCount: number;
  TimezonesTotalCount: number;
  ExecutionMetrics: Record<string, string>;
}
