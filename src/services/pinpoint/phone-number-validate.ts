/**
 * PhoneNumberValidate (POST /v1/phone/number/validate, apireference/phone-number-validate.html;
 * pinpoint userguide channels-sms-validate). AWS answers from carrier data; Pinpost answers from
 * the phone-number library libphonenumber-js with its full ("max") metadata, which knows each
 * country's numbering plan but not carriers or places. So Carrier, City, County, ZipCode and
 * Timezone are never sent (the library has no carrier or geocoding data, and a country's time
 * zone is not one in general), and PREPAID (5) is never answered: no numbering plan tells it.
 *
 * PhoneType follows the library's type: MOBILE → MOBILE (0), FIXED_LINE → LANDLINE (1), VOIP →
 * VOIP (2), other valid types (toll-free, premium rate, shared cost, personal, pager, UAN,
 * voicemail) → OTHER (4), and an impossible or unparseable number → INVALID (3). Where a plan
 * does not tell mobile from fixed lines (FIXED_LINE_OR_MOBILE: the US, Canada and other +1
 * countries, among others) Pinpost answers MOBILE, so SMS to such numbers is not refused; AWS would
 * know from the carrier.
 *
 * As in AWS's example ("4085550100" answered as Romania, +40), a number without `+` and without
 * IsoCountryCode is read as starting with its country code. Country names are the English names
 * of the region codes (Intl.DisplayNames), as AWS's "United States".
 */
import parsePhoneNumber, { type CountryCode, type NumberType } from 'libphonenumber-js/max';
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { badRequest } from './errors.js';
import { pinpointArn, scopeOf } from './input.js';
import type { InputOf, OutputOf } from '../../wire/model/types/pinpoint.js';

const PHONE_TYPES = [
  'MOBILE',
  'LANDLINE',
  'VOIP',
  'INVALID',
  'OTHER',
  'PREPAID',
] as const satisfies readonly string[];
type PhoneType = (typeof PHONE_TYPES)[number];

function phoneTypeOf(type: NumberType): PhoneType {
  if (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') return 'MOBILE';
  if (type === 'FIXED_LINE') return 'LANDLINE';
  if (type === 'VOIP') return 'VOIP';
  return type === undefined ? 'INVALID' : 'OTHER';
}

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

export interface NumberValidateResponse {
  CleansedPhoneNumberE164?: string;
  CleansedPhoneNumberNational?: string;
  Country?: string;
  CountryCodeIso2?: string;
  CountryCodeNumeric?: string;
  OriginalCountryCodeIso2?: string;
  OriginalPhoneNumber: string;
  PhoneType: PhoneType;
  PhoneTypeCode: number;
}

/** What Pinpoint answers for a number, from the library's numbering plans. */
export function validatePhoneNumber(phoneNumber: string, isoCountryCode?: string): NumberValidateResponse {
  const original: Pick<NumberValidateResponse, 'OriginalPhoneNumber' | 'OriginalCountryCodeIso2'> = {
    OriginalPhoneNumber: phoneNumber,
    ...(isoCountryCode !== undefined ? { OriginalCountryCodeIso2: isoCountryCode } : {}),
  };
  const country = isoCountryCode?.toUpperCase() as CountryCode | undefined;
  const text =
    country === undefined && !phoneNumber.trim().startsWith('+') ? `+${phoneNumber.trim()}` : phoneNumber;
  let parsed: ReturnType<typeof parsePhoneNumber> | undefined;
  try {
    parsed = parsePhoneNumber(text, country);
  } catch {
    // An unknown country code or text that is no number: invalid, as below.
    parsed = undefined;
  }
  if (!parsed) return { ...original, PhoneType: 'INVALID', PhoneTypeCode: PHONE_TYPES.indexOf('INVALID') };
  const type: PhoneType = parsed.isValid() ? phoneTypeOf(parsed.getType()) : 'INVALID';
  const iso2 = parsed.country;
  return {
    CleansedPhoneNumberE164: parsed.number,
    CleansedPhoneNumberNational: parsed.nationalNumber,
    ...(iso2 ? { Country: countryNames.of(iso2), CountryCodeIso2: iso2 } : {}),
    CountryCodeNumeric: parsed.countryCallingCode,
    ...original,
    PhoneType: type,
    PhoneTypeCode: PHONE_TYPES.indexOf(type),
  };
}

export function phoneNumberValidateOperations(): OperationSpec[] {
  // The body is read once authorized: Pinpoint authorizes a request before it reads it.
  const validate = defineOperation<InputOf<'PhoneNumberValidate'>, OutputOf<'PhoneNumberValidate'>>({
    name: 'PhoneNumberValidate',
    action: 'mobiletargeting:PhoneNumberValidate',
    // The phone-number-validate resource type (list_amazonpinpoint.html):
    // arn:${Partition}:mobiletargeting:${Region}:${Account}:phone/number/validate.
    resources: (_i, ctx) => [pinpointArn(scopeOf(ctx), 'phone/number/validate')],
    handler({ NumberValidateRequest: body }) {
      const phone = body.PhoneNumber;
      // The model's documentation: "The phone number that you provide should include a valid
      // numeric country code. Otherwise, the operation might result in an error." Pinpost's text.
      if (phone === undefined || phone.trim() === '') throw badRequest('PhoneNumber is required');
      return { NumberValidateResponse: validatePhoneNumber(phone, body.IsoCountryCode) };
    },
  });
  return [validate];
}
