/**
 * SendOTPMessage (POST /v1/apps/{application-id}/otp) and VerifyOTPMessage (POST …/verify-otp)
 * (apireference/apps-application-id-otp.html, developerguide/send-validate-otp.html): Pinpoint
 * generates a random code of CodeLength digits (5 to 8), sends it as an SMS in the message
 * "This is your One Time Password: {{otp}} from {{brand}}", and answers VerifyOTPMessage with
 * Valid true once for the right code within ValidityPeriod minutes (5 to 60) and AllowedAttempts
 * tries (at most 5). The SMS is captured (captured-store.ts); the code is kept only as its SHA-256
 * (kind `otp`, key `<DestinationIdentity>/<ReferenceId>`), and time is Pinpost's clock.
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { onApplication, requireApp } from '../apps.js';
import { badRequest } from '../errors.js';
import { scopeOf } from '../input.js';
import type { PinpointContext } from '../ports.js';
import type { CapturedMessages } from './captured-store.js';
import { refusedOutcome, sentOutcome } from './outcomes.js';
import { messageResult } from './results.js';
import type {
  InputOf,
  OutputOf,
  SendOTPMessageRequestParameters,
} from '../../../wire/model/types/pinpoint.js';

/** developerguide/send-validate-otp.html: the brand name "can contain up to 20 characters". */
const MAX_BRAND = 20;
const CODE_LENGTH = { min: 5, max: 8 };
const VALIDITY_MINUTES = { min: 5, max: 60 };
const MAX_ATTEMPTS = 5;
/**
 * Used when the request gives none. AWS documents no defaults for these three members; these are
 * Pinpost's: a six-digit code, valid fifteen minutes, three tries.
 */
const DEFAULTS = { codeLength: 6, validityPeriod: 15, allowedAttempts: 3 };

interface OtpDoc {
  codeSha256: string;
  expiresAt: string;
  attemptsLeft: number;
}

interface SendInput {
  appId: string;
  brand: string;
  destination: string;
  origination: string;
  referenceId: string;
  codeLength: number;
  validityPeriod: number;
  allowedAttempts: number;
  detail: Record<string, string>;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const otpKey = (destination: string, referenceId: string) => `${destination}/${referenceId}`;

/** A required member (the model step refused a body without it) that is also not empty. */
function required(value: string, name: string): string {
  // The text is Pinpost's wording.
  if (!value) throw badRequest(`Missing ${name}`);
  return value;
}

function integer(
  value: number | undefined,
  name: string,
  range: { min: number; max: number },
  fallback: number,
) {
  if (value === undefined) return fallback;
  if (value < range.min || value > range.max)
    throw badRequest(`${name} must be an integer from ${range.min} to ${range.max}`);
  return value;
}

/** The body, checked once authorized: Pinpoint authorizes a request before it reads it. */
function readSend(appId: string, body: SendOTPMessageRequestParameters): SendInput {
  const channel = required(body.Channel, 'Channel');
  // "Channel type for the OTP message. Supported values: [SMS]." (the model).
  if (channel !== 'SMS') throw badRequest(`Invalid Channel: ${channel}; supported values: [SMS]`);
  const brand = required(body.BrandName, 'BrandName');
  if (brand.length > MAX_BRAND) throw badRequest(`BrandName can contain up to ${MAX_BRAND} characters`);
  const detail: Record<string, string> = {};
  for (const name of ['EntityId', 'Language', 'TemplateId'] as const) {
    const v = body[name];
    if (v !== undefined) detail[name] = v;
  }
  return {
    appId,
    brand,
    destination: required(body.DestinationIdentity, 'DestinationIdentity'),
    origination: required(body.OriginationIdentity, 'OriginationIdentity'),
    referenceId: required(body.ReferenceId, 'ReferenceId'),
    codeLength: integer(body.CodeLength, 'CodeLength', CODE_LENGTH, DEFAULTS.codeLength),
    validityPeriod: integer(body.ValidityPeriod, 'ValidityPeriod', VALIDITY_MINUTES, DEFAULTS.validityPeriod),
    allowedAttempts: integer(
      body.AllowedAttempts,
      'AllowedAttempts',
      { min: 1, max: MAX_ATTEMPTS },
      DEFAULTS.allowedAttempts,
    ),
    detail,
  };
}

export function otpOperations(c: PinpointContext, captured: CapturedMessages): OperationSpec[] {
  const send = defineOperation<InputOf<'SendOTPMessage'>, OutputOf<'SendOTPMessage'>>({
    name: 'SendOTPMessage',
    action: 'mobiletargeting:SendOTPMessage',
    ...onApplication(c),
    async handler(request, ctx) {
      const i = readSend(request.ApplicationId, request.SendOTPMessageRequestParameters);
      const scope = scopeOf(ctx);
      await requireApp(c, scope, i.appId);
      const channel = (await c.store.get<{ Enabled: boolean }>(scope, i.appId, 'channel', 'SMS'))?.doc;
      const respond = (outcome: ReturnType<typeof sentOutcome>) => ({
        MessageResponse: {
          ApplicationId: i.appId,
          RequestId: ctx.requestId,
          Result: { [i.destination]: messageResult(outcome) },
        },
      });
      // The same verdict a direct SMS gets without an enabled channel (captured-send.ts).
      if (!channel?.Enabled)
        return respond(refusedOutcome('PERMANENT_FAILURE', 'The SMS channel is not enabled for this app'));
      const code = Array.from({ length: i.codeLength }, () => String(randomInt(10))).join('');
      const now = c.clock();
      const messageId = randomUUID();
      await c.store.transaction(async () => {
        const doc: OtpDoc = {
          codeSha256: sha256(code),
          expiresAt: new Date(now.getTime() + i.validityPeriod * 60_000).toISOString(),
          attemptsLeft: i.allowedAttempts,
        };
        // A new code for the same destination and reference replaces the earlier one.
        await c.store.put(scope, i.appId, 'otp', otpKey(i.destination, i.referenceId), doc);
        await captured.add(scope, {
          messageId,
          appId: i.appId,
          channel: 'SMS',
          destination: i.destination,
          body: `This is your One Time Password: ${code} from ${i.brand}`,
          detail: { ...i.detail, OriginationIdentity: i.origination, ReferenceId: i.referenceId, Otp: true },
          capturedAt: now,
        });
      });
      return respond(sentOutcome(messageId));
    },
  });

  const verify = defineOperation<InputOf<'VerifyOTPMessage'>, OutputOf<'VerifyOTPMessage'>>({
    name: 'VerifyOTPMessage',
    action: 'mobiletargeting:VerifyOTPMessage',
    ...onApplication(c),
    async handler({ ApplicationId: appId, VerifyOTPMessageRequestParameters: body }, ctx) {
      const i = {
        appId,
        destination: required(body.DestinationIdentity, 'DestinationIdentity'),
        otp: required(body.Otp, 'Otp'),
        referenceId: required(body.ReferenceId, 'ReferenceId'),
      };
      const scope = scopeOf(ctx);
      await requireApp(c, scope, i.appId);
      const key = otpKey(i.destination, i.referenceId);
      const valid = await c.store.transaction(async () => {
        const doc = (await c.store.get<OtpDoc>(scope, i.appId, 'otp', key))?.doc;
        if (!doc) return false;
        if (c.clock().getTime() >= Date.parse(doc.expiresAt) || doc.attemptsLeft <= 0) {
          await c.store.delete(scope, i.appId, 'otp', key);
          return false;
        }
        const given = Buffer.from(sha256(i.otp), 'hex');
        if (timingSafeEqual(given, Buffer.from(doc.codeSha256, 'hex'))) {
          // A one-time password: valid once.
          await c.store.delete(scope, i.appId, 'otp', key);
          return true;
        }
        await c.store.put(scope, i.appId, 'otp', key, { ...doc, attemptsLeft: doc.attemptsLeft - 1 });
        return false;
      });
      return { VerificationResponse: { Valid: valid } };
    },
  });

  return [send, verify];
}
