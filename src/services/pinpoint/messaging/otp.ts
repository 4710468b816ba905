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
import { onApp, requireApp } from '../apps.js';
import { badRequest } from '../errors.js';
import { label, payload, scopeOf, str, type Raw } from '../input.js';
import type { PinpointContext } from '../ports.js';
import type { CapturedMessages } from './captured-store.js';
import { refusedOutcome, sentOutcome } from './outcomes.js';
import { messageResult } from './results.js';
import type { OutputOf } from '../../../wire/model/types/pinpoint.js';

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

function required(body: Raw, name: string): string {
  const v = str(body, name);
  // The model marks it required; the text is Pinpost's wording.
  if (!v) throw badRequest(`Missing ${name}`);
  return v;
}

function integer(body: Raw, name: string, range: { min: number; max: number }, fallback: number): number {
  const v = body[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max)
    throw badRequest(`${name} must be an integer from ${range.min} to ${range.max}`);
  return v;
}

export function otpOperations(c: PinpointContext, captured: CapturedMessages): OperationSpec[] {
  /** The body once authorized: Pinpoint authorizes a request before it reads it. */
  const readSend = (raw: Record<string, unknown>): SendInput => {
    const body = payload(raw, 'SendOTPMessageRequestParameters');
    const channel = required(body, 'Channel');
    // "Channel type for the OTP message. Supported values: [SMS]." (the model).
    if (channel !== 'SMS') throw badRequest(`Invalid Channel: ${channel}; supported values: [SMS]`);
    const brand = required(body, 'BrandName');
    if (brand.length > MAX_BRAND) throw badRequest(`BrandName can contain up to ${MAX_BRAND} characters`);
    const detail: Record<string, string> = {};
    for (const name of ['EntityId', 'Language', 'TemplateId']) {
      const v = str(body, name);
      if (v !== undefined) detail[name] = v;
    }
    return {
      appId: label(raw, 'application-id'),
      brand,
      destination: required(body, 'DestinationIdentity'),
      origination: required(body, 'OriginationIdentity'),
      referenceId: required(body, 'ReferenceId'),
      codeLength: integer(body, 'CodeLength', CODE_LENGTH, DEFAULTS.codeLength),
      validityPeriod: integer(body, 'ValidityPeriod', VALIDITY_MINUTES, DEFAULTS.validityPeriod),
      allowedAttempts: integer(
        body,
        'AllowedAttempts',
        { min: 1, max: MAX_ATTEMPTS },
        DEFAULTS.allowedAttempts,
      ),
      detail,
    };
  };

  const send = defineOperation<{ appId: string; raw: Record<string, unknown> }, OutputOf<'SendOTPMessage'>>({
    name: 'SendOTPMessage',
    action: 'mobiletargeting:SendOTPMessage',
    http: {
      method: 'POST',
      path: '/v1/apps/{application-id}/otp',
      payload: 'SendOTPMessageRequestParameters',
    },
    output: { payload: 'MessageResponse' },
    parse: (raw) => ({ appId: label(raw, 'application-id'), raw }),
    ...onApp(c),
    async handler(request, ctx) {
      const i = readSend(request.raw);
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

  const verify = defineOperation<
    { appId: string; destination: string; otp: string; referenceId: string },
    OutputOf<'VerifyOTPMessage'>
  >({
    name: 'VerifyOTPMessage',
    action: 'mobiletargeting:VerifyOTPMessage',
    http: {
      method: 'POST',
      path: '/v1/apps/{application-id}/verify-otp',
      payload: 'VerifyOTPMessageRequestParameters',
    },
    output: { payload: 'VerificationResponse' },
    parse(raw) {
      const body = payload(raw, 'VerifyOTPMessageRequestParameters');
      return {
        appId: label(raw, 'application-id'),
        destination: required(body, 'DestinationIdentity'),
        otp: required(body, 'Otp'),
        referenceId: required(body, 'ReferenceId'),
      };
    },
    ...onApp(c),
    async handler(i, ctx) {
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
