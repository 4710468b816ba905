/**
 * The non-email channels (apireference/apps-application-id-channels-<type>.html): what each one's
 * request carries, what Pinpost keeps of it and what its response shows. Secrets (APNs
 * Certificate/PrivateKey/TokenKey, GCM ApiKey/ServiceJson, Baidu ApiKey/SecretKey, ADM
 * ClientSecret) are kept so HasCredential, HasTokenKey and HasFcmServiceCredentials can answer, but
 * never returned: AWS's answers show only those flags (the AWS CLI examples of get-gcm-channel and
 * get-apns-channel: `"HasCredential": true`, no key).
 */
import type {
  APNSChannelResponse,
  ChannelResponse,
  GCMChannelResponse,
  SMSChannelResponse,
} from '../../../wire/model/types/pinpoint.js';
import { badRequest } from '../errors.js';
import { str, type Raw } from '../input.js';

/**
 * A channel's settings as stored (kind `channel`, key = its ChannelType, as the email channel is
 * stored under `EMAIL`): `shown` are returned as they are, `secrets` never.
 */
export interface PushChannelDoc {
  Enabled: boolean;
  Version: number;
  shown: Record<string, string>;
  secrets: Record<string, string>;
}

/** The channels' operation suffixes, as the model names them (GetSmsChannel, GetApnsVoipChannel …). */
export type ChannelOp =
  'Sms' | 'Voice' | 'Apns' | 'ApnsSandbox' | 'ApnsVoip' | 'ApnsVoipSandbox' | 'Gcm' | 'Baidu' | 'Adm';

/** The members some channel responses add to ChannelResponse's (each channel sets its own). */
export type ChannelExtras = Partial<
  Pick<APNSChannelResponse, 'DefaultAuthenticationMethod' | 'HasTokenKey'> &
    Pick<GCMChannelResponse, 'HasFcmServiceCredentials'> &
    Pick<
      SMSChannelResponse,
      'PromotionalMessagesPerSecond' | 'SenderId' | 'ShortCode' | 'TransactionalMessagesPerSecond'
    > &
    Pick<ChannelResponse, 'HasCredential'>
>;

export interface ChannelSpec {
  /** The ChannelType (the response's Platform, GetChannels' key, the stored key). */
  type: string;
  /** The path segment and the response's Id (`apns_sandbox`). */
  segment: string;
  /** The operations' suffix (`ApnsSandbox` → GetApnsSandboxChannel). */
  op: ChannelOp;
  request: string;
  response: string;
  /** What the request keeps; throws BadRequestException for a refused request. */
  read(body: Raw): Pick<PushChannelDoc, 'shown' | 'secrets'>;
  /** Members only this channel's response has, from the stored settings. */
  extra(doc: PushChannelDoc): ChannelExtras;
}

/**
 * AWS's answer to a push channel update without its credentials: "Missing credentials"
 * (BadRequestException for UpdateApnsSandboxChannel without a Certificate, aws/aws-sdk-js#2537).
 * The same words are used for the other credentialed channels.
 */
export const MISSING_CREDENTIALS = 'Missing credentials';

/** Keeps the members of `names` that the request sets. */
function pick(body: Raw, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = str(body, n);
    if (v !== undefined) out[n] = v;
  }
  return out;
}

/**
 * APNs (and its sandbox and VoIP variants): a certificate with its private key, or a token key
 * (a `.p8` key with its key id, team id and bundle id). DefaultAuthenticationMethod is what the
 * request says, or the one the credentials give (CERTIFICATE when a certificate is given).
 */
function apns(type: string, segment: string, op: ChannelOp, request: string, response: string): ChannelSpec {
  return {
    type,
    segment,
    op,
    request,
    response,
    read(body) {
      const secrets = pick(body, ['Certificate', 'PrivateKey', 'TokenKey']);
      const shown: PushChannelDoc['shown'] = pick(body, [
        'BundleId',
        'TeamId',
        'TokenKeyId',
        'DefaultAuthenticationMethod',
      ]);
      if (!secrets.Certificate && !secrets.TokenKey) throw badRequest(MISSING_CREDENTIALS);
      shown.DefaultAuthenticationMethod ??= secrets.Certificate ? 'CERTIFICATE' : 'TOKEN';
      return { shown, secrets };
    },
    extra: (d) => ({
      DefaultAuthenticationMethod: d.shown.DefaultAuthenticationMethod,
      HasCredential: true,
      HasTokenKey: Boolean(d.secrets.TokenKey),
    }),
  };
}

export const CHANNEL_SPECS: ChannelSpec[] = [
  {
    type: 'SMS',
    segment: 'sms',
    op: 'Sms',
    request: 'SMSChannelRequest',
    response: 'SMSChannelResponse',
    read: (body) => ({ shown: pick(body, ['SenderId', 'ShortCode']), secrets: {} }),
    // The account's default SMS rates, as AWS answers them (the AWS CLI examples of
    // get-sms-channel: PromotionalMessagesPerSecond 20, TransactionalMessagesPerSecond 20).
    extra: (d) => ({
      PromotionalMessagesPerSecond: 20,
      SenderId: d.shown.SenderId,
      ShortCode: d.shown.ShortCode,
      TransactionalMessagesPerSecond: 20,
    }),
  },
  {
    type: 'VOICE',
    segment: 'voice',
    op: 'Voice',
    request: 'VoiceChannelRequest',
    response: 'VoiceChannelResponse',
    read: () => ({ shown: {}, secrets: {} }),
    extra: () => ({}),
  },
  apns('APNS', 'apns', 'Apns', 'APNSChannelRequest', 'APNSChannelResponse'),
  apns(
    'APNS_SANDBOX',
    'apns_sandbox',
    'ApnsSandbox',
    'APNSSandboxChannelRequest',
    'APNSSandboxChannelResponse',
  ),
  apns('APNS_VOIP', 'apns_voip', 'ApnsVoip', 'APNSVoipChannelRequest', 'APNSVoipChannelResponse'),
  apns(
    'APNS_VOIP_SANDBOX',
    'apns_voip_sandbox',
    'ApnsVoipSandbox',
    'APNSVoipSandboxChannelRequest',
    'APNSVoipSandboxChannelResponse',
  ),
  {
    // FCM: a legacy server key (ApiKey, method KEY) or a service account's JSON (method TOKEN).
    type: 'GCM',
    segment: 'gcm',
    op: 'Gcm',
    request: 'GCMChannelRequest',
    response: 'GCMChannelResponse',
    read(body) {
      const secrets = pick(body, ['ApiKey', 'ServiceJson']);
      const shown: PushChannelDoc['shown'] = pick(body, ['DefaultAuthenticationMethod']);
      if (!secrets.ApiKey && !secrets.ServiceJson) throw badRequest(MISSING_CREDENTIALS);
      shown.DefaultAuthenticationMethod ??= secrets.ServiceJson ? 'TOKEN' : 'KEY';
      return { shown, secrets };
    },
    extra: (d) => ({
      DefaultAuthenticationMethod: d.shown.DefaultAuthenticationMethod,
      HasCredential: true,
      HasFcmServiceCredentials: Boolean(d.secrets.ServiceJson),
    }),
  },
  {
    // ApiKey and SecretKey are required members of BaiduChannelRequest.
    type: 'BAIDU',
    segment: 'baidu',
    op: 'Baidu',
    request: 'BaiduChannelRequest',
    response: 'BaiduChannelResponse',
    read(body) {
      const secrets = pick(body, ['ApiKey', 'SecretKey']);
      if (!secrets.ApiKey || !secrets.SecretKey) throw badRequest(MISSING_CREDENTIALS);
      return { shown: {}, secrets };
    },
    extra: () => ({ HasCredential: true }),
  },
  {
    // ClientId and ClientSecret are required members of ADMChannelRequest.
    type: 'ADM',
    segment: 'adm',
    op: 'Adm',
    request: 'ADMChannelRequest',
    response: 'ADMChannelResponse',
    read(body) {
      const secrets = pick(body, ['ClientId', 'ClientSecret']);
      if (!secrets.ClientId || !secrets.ClientSecret) throw badRequest(MISSING_CREDENTIALS);
      return { shown: {}, secrets };
    },
    extra: () => ({ HasCredential: true }),
  },
];
