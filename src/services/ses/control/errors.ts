/**
 * SES's errors. Codes and statuses from the models' `error` traits (sesv2/2019-09-27:
 * NotFoundException 404, AlreadyExistsException 400, BadRequestException 400,
 * LimitExceededException 400, TooManyRequestsException 429, ConflictException 409; ses/2010-12-01:
 * TemplateDoesNotExist 400, AlreadyExists 400, ConfigurationSetDoesNotExist 400, …, all Sender).
 * Texts are AWS's where a reply from AWS has been published (each cites where); the rest are
 * marked as Pinpost's wording.
 */
import { AwsError } from '../../../wire/errors.js';

const err = (code: string, status: number, message: string): AwsError =>
  new AwsError({ code, status, message, type: status >= 500 ? 'Receiver' : 'Sender' });

// ---- v2 (restJson1: x-amzn-ErrorType is the shape name) ------------------------------------
export const notFound = (message: string) => err('NotFoundException', 404, message);
export const alreadyExists = (message: string) => err('AlreadyExistsException', 400, message);
export const badRequest = (message: string) => err('BadRequestException', 400, message);
export const limitExceeded = (message: string) => err('LimitExceededException', 400, message);
export const accessDenied = (message: string) => err('AccessDeniedException', 403, message);

// ---- v1 (awsQuery: the model's error.code) ---------------------------------------------------
export const templateDoesNotExist = (name: string) =>
  // "TemplateDoesNotExist: Template example_name_dev_production does not exist"
  // (Enase/serverless-ses-template#5, a reply from AWS quoted).
  err('TemplateDoesNotExist', 400, `Template ${name} does not exist.`);
export const v1AlreadyExists = (message: string) => err('AlreadyExists', 400, message);
export const invalidTemplate = (message: string) => err('InvalidTemplate', 400, message);
export const configSetDoesNotExist = (name: string) =>
  err('ConfigurationSetDoesNotExist', 400, `Configuration set <${name}> does not exist.`);
export const configSetAlreadyExists = (name: string) =>
  err('ConfigurationSetAlreadyExists', 400, `Configuration set <${name}> already exists.`);
export const invalidConfigurationSet = (message: string) => err('InvalidConfigurationSet', 400, message);
export const eventDestinationAlreadyExists = (set: string, name: string) =>
  err('EventDestinationAlreadyExists', 400, eventDestinationExistsText(set, name));
export const eventDestinationDoesNotExist = (set: string, name: string) =>
  err('EventDestinationDoesNotExist', 400, eventDestinationMissingText(set, name));
export const invalidPolicy = (message: string) => err('InvalidPolicy', 400, message);
export const v1LimitExceeded = (message: string) => err('LimitExceeded', 400, message);
export const missingRenderingAttribute = (message: string) => err('MissingRenderingAttribute', 400, message);
export const invalidRenderingParameter = (message: string) => err('InvalidRenderingParameter', 400, message);
export const invalidParameterValue = (message: string) => err('InvalidParameterValue', 400, message);
export const customVerificationTemplateExists = (message: string) =>
  err('CustomVerificationEmailTemplateAlreadyExists', 400, message);
export const customVerificationTemplateMissing = (message: string) =>
  err('CustomVerificationEmailTemplateDoesNotExist', 400, message);
export const fromEmailAddressNotVerified = (message: string) =>
  err('FromEmailAddressNotVerified', 400, message);

// ---- texts shared by v1 and v2 ---------------------------------------------------------------
export const templateMissingText = (name: string) => `Template ${name} does not exist.`;
export const templateExistsText = (name: string) => `Template ${name} already exists.`;
export const configSetMissingText = (name: string) => `Configuration set <${name}> does not exist.`;
export const configSetExistsText = (name: string) => `Configuration set <${name}> already exists.`;
export const eventDestinationExistsText = (set: string, name: string) =>
  `An event destination with name <${name}> already exists for configuration set <${set}>.`;
export const eventDestinationMissingText = (set: string, name: string) =>
  `An event destination with name <${name}> does not exist for configuration set <${set}>.`;
/** "AlreadyExistsException: Email identity predictablemedia.com already exist." (sst#4556, from AWS). */
export const identityExistsText = (name: string) => `Email identity ${name} already exist.`;
export const identityMissingText = (name: string) => `Identity ${name} does not exist.`;
export const suppressionMissingText = (address: string) =>
  `Email address ${address} does not exist on your suppression list.`;
export const contactListMissingText = (name: string) => `List with name: ${name} doesn't exist.`;
export const contactMissingText = (address: string) => `${address} doesn't exist in List.`;
export const contactExistsText = (address: string) => `${address} already exists in List.`;

// ---- receipt rules and filters (v1). Texts as AWS answers them: "Rule set does not exist: null"
// (boto/botocore#1759, a reply from AWS quoted); "Cannot delete active rule set: <name>"
// (localstack's SES tests, recorded against AWS); "Rule set already exists: <name>", "Rule already
// exists: <name>", "Rule does not exist: <name>", "Too many filters", "Invalid CIDR block",
// "Exactly one action type must be specified for each ReceiptAction", "Stop action, if any, must
// be placed at the end of the actions list" (floci-io/floci#2128, #3119, #3163, probed against AWS);
// "Could not write to bucket: <bucket>" (aws/aws-cdk#3726, from AWS). "Filter already exists: <name>"
// is Pinpost's wording (AWS's code, its text not published).
export const ruleSetDoesNotExist = (name: string) =>
  err('RuleSetDoesNotExist', 400, `Rule set does not exist: ${name}`);
export const ruleDoesNotExist = (name: string) =>
  err('RuleDoesNotExist', 400, `Rule does not exist: ${name}`);
export const ruleSetAlreadyExists = (name: string) =>
  err('AlreadyExists', 400, `Rule set already exists: ${name}`);
export const ruleAlreadyExists = (name: string) => err('AlreadyExists', 400, `Rule already exists: ${name}`);
export const filterAlreadyExists = (name: string) =>
  err('AlreadyExists', 400, `Filter already exists: ${name}`);
export const cannotDeleteActive = (name: string) =>
  err('CannotDelete', 400, `Cannot delete active rule set: ${name}`);
export const invalidS3Configuration = (bucket: string) =>
  err('InvalidS3Configuration', 400, `Could not write to bucket: ${bucket}`);

// ---- v1 configuration set options. The model's codes; texts as floci-io/floci answers them
// ("Domain <d> is not verified under this account." checked there against AWS; the other two are
// that peer's wording, AWS's not published).
export const invalidTrackingOptions = (message: string) => err('InvalidTrackingOptions', 400, message);
export const trackingOptionsAlreadyExist = (set: string) =>
  err(
    'TrackingOptionsAlreadyExistsException',
    400,
    `Configuration set <${set}> already has tracking options.`,
  );
export const trackingOptionsDoNotExist = (set: string) =>
  err(
    'TrackingOptionsDoesNotExistException',
    400,
    `There are no tracking options for configuration set <${set}>`,
  );
