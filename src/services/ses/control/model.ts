/**
 * The stored documents. Shapes follow SES v2's model (sesv2/2019-09-27) because v2 is the richer
 * API; the v1 operations translate on the way in and out (v1 event types `renderingFailure` ↔ v2
 * `RENDERING_FAILURE`, `SNSDestination.TopicARN` ↔ `SnsDestination.TopicArn`, and so on).
 */
import type { IdentityType, SesEventType, SuppressionReason } from '../ports.js';
import type {
  AccountDetails,
  DeliveryOptions,
  TrackingOptions,
  VdmAttributes,
  VdmOptions,
} from '../../../wire/model/types/sesv2.js';

export interface Tag {
  Key: string;
  Value: string;
}

export type Status = 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE' | 'NOT_STARTED';

export interface DkimState {
  signingEnabled: boolean;
  status: Status;
  /** Easy DKIM: the three CNAME tokens; BYODKIM: the selector. */
  tokens: string[];
  origin: 'AWS_SES' | 'EXTERNAL';
  /** The selector signatures carry (the first Easy DKIM token, or the BYODKIM selector). */
  selector?: string;
  privateKeyPem?: string;
  nextKeyLength: 'RSA_1024_BIT' | 'RSA_2048_BIT';
  currentKeyLength?: 'RSA_1024_BIT' | 'RSA_2048_BIT';
  lastKeyGeneration?: string;
}

export interface IdentityDoc {
  name: string;
  type: IdentityType;
  verificationStatus: Status;
  /** v1 VerifyDomainIdentity's TXT token (`_amazonses.<domain>`). */
  verificationToken?: string;
  dkim: DkimState;
  mailFrom?: { domain: string; behavior: 'USE_DEFAULT_VALUE' | 'REJECT_MESSAGE' };
  feedbackForwarding: boolean;
  /** v1 SetIdentityNotificationTopic / SetIdentityHeadersInNotificationsEnabled (v1-notifications.ts). */
  notifications?: IdentityNotificationsDoc;
  configurationSetName?: string;
  policies: Record<string, string>;
  tags: Tag[];
}

export type NotificationType = 'Bounce' | 'Complaint' | 'Delivery';

export interface IdentityNotificationsDoc {
  topics: Partial<Record<NotificationType, string>>;
  headers: Partial<Record<NotificationType, boolean>>;
}

export interface TemplateDoc {
  name: string;
  subject?: string;
  text?: string;
  html?: string;
  tags: Tag[];
}

export interface EventDestinationDoc {
  Name: string;
  Enabled: boolean;
  MatchingEventTypes: SesEventType[];
  KinesisFirehoseDestination?: { IamRoleArn: string; DeliveryStreamArn: string };
  CloudWatchDestination?: { DimensionConfigurations: Record<string, unknown>[] };
  SnsDestination?: { TopicArn: string };
  EventBridgeDestination?: { EventBusArn: string };
  PinpointDestination?: { ApplicationArn?: string };
}

export interface ConfigSetDoc {
  name: string;
  tracking?: { CustomRedirectDomain: string; HttpsPolicy?: TrackingOptions['HttpsPolicy'] };
  delivery?: DeliveryOptions;
  reputation: { ReputationMetricsEnabled: boolean; LastFreshStart?: string };
  sendingEnabled: boolean;
  suppression?: { SuppressedReasons: SuppressionReason[] };
  vdm?: VdmOptions;
  archiving?: { ArchiveArn?: string };
  tags: Tag[];
  eventDestinations: EventDestinationDoc[];
}

export interface AccountDetailsDoc {
  MailType: NonNullable<AccountDetails['MailType']>;
  WebsiteURL: string;
  ContactLanguage?: AccountDetails['ContactLanguage'];
  UseCaseDescription?: string;
  AdditionalContactEmailAddresses?: string[];
  ReviewDetails: { Status: 'PENDING' | 'FAILED' | 'GRANTED' | 'DENIED'; CaseId: string };
}

export interface AccountDoc {
  sendingEnabled: boolean;
  productionAccessEnabled: boolean;
  max24HourSend: number;
  maxSendRate: number;
  suppressedReasons: SuppressionReason[];
  details?: AccountDetailsDoc;
  /** PutAccountDedicatedIpWarmupAttributes (v2-dedicated-ips.ts); false until set. */
  dedicatedIpAutoWarmupEnabled?: boolean;
  /** PutAccountVdmAttributes (v2-vdm.ts), as VdmAttributes. */
  vdm?: VdmAttributes;
  /** PutDeliverabilityDashboardOption (v2-vdm.ts). */
  dashboard?: { enabled: boolean; domains: { Domain: string; SubscriptionStartDate: string }[] };
}

export interface SuppressionDoc {
  EmailAddress: string;
  Reason: SuppressionReason;
  LastUpdateTime: string;
  MessageId?: string;
  FeedbackId?: string;
}

export interface TopicDoc {
  TopicName: string;
  DisplayName: string;
  Description?: string;
  DefaultSubscriptionStatus: 'OPT_IN' | 'OPT_OUT';
}

export interface ContactListDoc {
  name: string;
  topics: TopicDoc[];
  description?: string;
  tags: Tag[];
}

export interface ContactDoc {
  EmailAddress: string;
  TopicPreferences: { TopicName: string; SubscriptionStatus: 'OPT_IN' | 'OPT_OUT' }[];
  UnsubscribeAll: boolean;
  AttributesData?: string;
}
