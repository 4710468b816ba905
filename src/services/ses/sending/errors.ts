/**
 * SES's sending errors, per API: v1 (awsQuery) codes from ses/2010-12-01 (`error.code`), v2
 * (restJson1) codes and statuses from sesv2/2019-09-27. Texts as SES sends them, with the report
 * each was taken from; where none was found verbatim the comment says so.
 */
import { AwsError } from '../../../wire/errors.js';

export type Api = 'v1' | 'v2';

/** v1 InvalidParameterValue (CommonErrors) / v2 BadRequestException (400). */
export const badParameter = (api: Api, message: string): AwsError =>
  new AwsError({
    code: api === 'v1' ? 'InvalidParameterValue' : 'BadRequestException',
    status: 400,
    message,
  });

/**
 * "Email address is not verified. The following identities failed the check in region US-EAST-1:
 * a@b.c, d@e.f" (django-ses/django-ses#120, the XML body SES sent; sul-dlss/dlme#813). MessageRejected
 * in both APIs (400). The region is upper-cased; senders and, in the sandbox, recipients are listed.
 */
export const notVerified = (region: string, identities: string[]): AwsError =>
  new AwsError({
    code: 'MessageRejected',
    status: 400,
    message: `Email address is not verified. The following identities failed the check in region ${region.toUpperCase()}: ${identities.join(', ')}`,
  });

/** "Recipient count exceeds 50." (doubleunion/arooo#243: InvalidParameterValue; quotas.html). */
export const tooManyRecipients = (api: Api): AwsError => badParameter(api, 'Recipient count exceeds 50.');

/**
 * "Message length is more than 10485760 bytes long: '12078147'." (aws/aws-sdk-go-v2#1774,
 * InvalidParameterValue). v2 allows 40 MB (quotas.html); the same wording with its limit.
 */
export const messageTooLong = (api: Api, limit: number, length: number): AwsError =>
  badParameter(api, `Message length is more than ${limit} bytes long: '${length}'.`);

/** An address SES cannot parse: "Missing final '@domain'" (anymail/django-anymail#281). */
export const badAddress = (api: Api): AwsError => badParameter(api, "Missing final '@domain'");

/** A send with no recipient at all. Text not found verbatim; SES requires at least one. */
export const noRecipients = (api: Api): AwsError => badParameter(api, "Missing required header 'To'.");

/**
 * v1 Throttling / v2 TooManyRequestsException (429): "Maximum sending rate exceeded."
 * (awsdocs/amazon-ses-developer-guide#60 for v1; pm-pmaas/etailors_amazon_ses#117 for v2's 429 body).
 */
export const rateExceeded = (api: Api): AwsError =>
  api === 'v1'
    ? new AwsError({ code: 'Throttling', status: 400, message: 'Maximum sending rate exceeded.' })
    : new AwsError({
        code: 'TooManyRequestsException',
        status: 429,
        message: 'Maximum sending rate exceeded.',
      });

/** "Daily message quota exceeded." — same codes as the rate (manage-sending-quotas.html). */
export const dailyQuotaExceeded = (api: Api): AwsError =>
  api === 'v1'
    ? new AwsError({ code: 'Throttling', status: 400, message: 'Daily message quota exceeded.' })
    : new AwsError({
        code: 'TooManyRequestsException',
        status: 429,
        message: 'Daily message quota exceeded.',
      });

/**
 * Account sending disabled (UpdateAccountSendingEnabled / PutAccountSendingAttributes): v1
 * AccountSendingPausedException, v2 SendingPausedException (both 400 in the models). The text is not
 * found verbatim; it follows the models' documentation ("email sending is disabled for your entire
 * Amazon SES account").
 */
export const accountPaused = (api: Api): AwsError =>
  new AwsError({
    code: api === 'v1' ? 'AccountSendingPausedException' : 'SendingPausedException',
    status: 400,
    message: 'Email sending is disabled for your entire Amazon SES account.',
  });

/** Configuration set sending disabled: v1 ConfigurationSetSendingPausedException, v2 SendingPausedException. */
export const configSetPaused = (api: Api, name: string): AwsError =>
  new AwsError({
    code: api === 'v1' ? 'ConfigurationSetSendingPausedException' : 'SendingPausedException',
    status: 400,
    message: `Email sending is disabled for the configuration set ${name}.`,
  });

/**
 * "Configuration set <notifuse-…> does not exist." (Notifuse/notifuse#162, v1 ConfigurationSetDoesNotExist);
 * v2 NotFoundException (404).
 */
export const configSetNotFound = (api: Api, name: string): AwsError =>
  new AwsError({
    code: api === 'v1' ? 'ConfigurationSetDoesNotExist' : 'NotFoundException',
    status: api === 'v1' ? 400 : 404,
    message: `Configuration set <${name}> does not exist.`,
  });

/**
 * "Template MauticTemplate-93-… does not exist" (mautic/mautic#6977, the XML body SES sent:
 * TemplateDoesNotExist, 400); v2 NotFoundException (404).
 */
export const templateNotFound = (api: Api, name: string): AwsError =>
  new AwsError({
    code: api === 'v1' ? 'TemplateDoesNotExist' : 'NotFoundException',
    status: api === 'v1' ? 400 : 404,
    message: `Template ${name} does not exist`,
  });

/** Template data that is not a JSON object. Text not found verbatim. */
export const badTemplateData = (api: Api): AwsError =>
  badParameter(api, 'Template data must be a JSON object.');

/**
 * An address sent under an identity it does not belong to: "The address 'Example support
 * <support.dev@example.com>' does not align with the given ARN 'arn:aws:ses:eu-west-1:XXX:identity/
 * support.dev@example.com'" (SES's text as quoted in aws/aws-sdk-js#1146; the address as given, the
 * ARN as given, no final period). The report quotes no code; InvalidParameterValue (v2
 * BadRequestException) is SES's code for the other errors about a send's parameter values, such as
 * "Invalid ARN <>." (aws/aws-sdk-php#1716) and "Missing final '@domain'".
 */
export const notAligned = (api: Api, address: string, arn: string): AwsError =>
  badParameter(api, `The address '${address}' does not align with the given ARN '${arn}'`);

/** A *Arn parameter that is no SES identity ARN: "Invalid ARN <>." (aws/aws-sdk-php#1716, InvalidParameterValue). */
export const invalidArn = (api: Api, arn: string): AwsError => badParameter(api, `Invalid ARN <${arn}>.`);
