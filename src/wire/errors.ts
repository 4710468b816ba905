/**
 * AWS's errors, as the services send them on the wire. Codes, statuses and texts are AWS's; each
 * factory cites where it was taken from. Pinpost's own errors (bad flags, config) are elsewhere
 * (src/server/errors.ts) so that an AWS code never leaks into the CLI and vice versa.
 *
 * Common errors: https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html,
 * https://docs.aws.amazon.com/ses/latest/APIReference/CommonErrors.html.
 */

/** Who is at fault, as awsQuery's `<Error><Type>` says it. */
export type ErrorType = 'Sender' | 'Receiver';

export interface AwsErrorInit {
  /** The code as awsQuery services send it (`<Code>`), e.g. `NoSuchEntity`, `AccessDenied`. */
  code: string;
  status: number;
  message?: string;
  type?: ErrorType;
  /**
   * The code restJson1 services send for the same failure when it differs (`x-amzn-ErrorType`),
   * e.g. `AccessDeniedException` for `AccessDenied`, `UnrecognizedClientException` for
   * `InvalidClientTokenId`. Undefined means the same code.
   */
  jsonCode?: string;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /**
   * Members of the error's model shape beyond its message, sent in a restJson1 body (Access
   * Analyzer's ValidationException `reason` and `fieldList`). awsQuery errors carry none.
   */
  fields?: Record<string, unknown>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;
  readonly jsonCode: string;
  readonly headers: Record<string, string>;
  readonly fields: Record<string, unknown>;
  /** undefined when AWS sends no message at all (the body then has none). */
  readonly awsMessage: string | undefined;

  constructor(init: AwsErrorInit) {
    super(init.message ?? init.code);
    this.name = 'AwsError';
    this.code = init.code;
    this.status = init.status;
    this.type = init.type ?? (init.status >= 500 ? 'Receiver' : 'Sender');
    this.jsonCode = init.jsonCode ?? init.code;
    this.headers = init.headers ?? {};
    this.fields = init.fields ?? {};
    this.awsMessage = init.message;
  }

  /** The code to send for a protocol: awsQuery keeps `code`, restJson1 uses `jsonCode`. */
  codeFor(protocol: 'query' | 'restJson'): string {
    return protocol === 'query' ? this.code : this.jsonCode;
  }
}

export const isAwsError = (e: unknown): e is AwsError => e instanceof AwsError;

// ---- request-level errors shared by every service ------------------------------------------------

/**
 * An Action the service does not have. Status and text as IAM and STS send them, e.g.
 * "Could not find operation Foo for version 2010-05-08" (CommonErrors: InvalidAction, 400).
 */
export const invalidAction = (action: string, version: string | undefined): AwsError =>
  new AwsError({
    code: 'InvalidAction',
    status: 400,
    message: `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
  });

/** A query request with no Action (CommonErrors: MissingAction, 400). */
export const missingAction = (): AwsError =>
  new AwsError({ code: 'MissingAction', status: 400, message: 'Missing Action' });

/** CommonErrors: InvalidParameterValue, 400. */
export const invalidParameterValue = (message: string): AwsError =>
  new AwsError({ code: 'InvalidParameterValue', status: 400, message });

/** CommonErrors: InvalidParameterCombination, 400. */
export const invalidParameterCombination = (message: string): AwsError =>
  new AwsError({ code: 'InvalidParameterCombination', status: 400, message });

/** CommonErrors: MissingParameter, 400. */
export const missingParameter = (message: string): AwsError =>
  new AwsError({ code: 'MissingParameter', status: 400, message });

/**
 * Constraint violations. awsQuery services send `ValidationError` (IAM, STS, SES v1:
 * "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must
 * not be null"); restJson1 services send `ValidationException` (Pinpoint uses BadRequestException
 * in its model; the service raises its own) — CommonErrors: ValidationError, 400.
 */
export const validationError = (message: string): AwsError =>
  new AwsError({ code: 'ValidationError', jsonCode: 'ValidationException', status: 400, message });

/**
 * An IAM denial. IAM/STS/SES v1 send `AccessDenied` (403); restJson1 services send
 * `AccessDeniedException` (403). The message is the authorizer's ("User: arn:… is not authorized
 * to perform: iam:CreateRole on resource: …").
 */
export const accessDenied = (message: string): AwsError =>
  new AwsError({ code: 'AccessDenied', jsonCode: 'AccessDeniedException', status: 403, message });

/** CommonErrors: InternalFailure, 500. */
export const internalFailure = (): AwsError =>
  new AwsError({
    code: 'InternalFailure',
    status: 500,
    type: 'Receiver',
    message: 'The request processing has failed because of an unknown error, exception or failure.',
  });

/** CommonErrors: ServiceUnavailable, 503 (sent while the server shuts down). */
export const serviceUnavailable = (): AwsError =>
  new AwsError({
    code: 'ServiceUnavailable',
    status: 503,
    type: 'Receiver',
    message: 'The request has failed due to a temporary failure of the server.',
  });

/** CommonErrors: ThrottlingException, 400 ("Rate exceeded" is the text AWS sends). */
export const throttling = (): AwsError =>
  new AwsError({
    code: 'Throttling',
    jsonCode: 'ThrottlingException',
    status: 400,
    message: 'Rate exceeded',
  });

/**
 * A body over the service's limit (body-limits.ts), refused from its Content-Length before it is
 * read. CommonErrors of restJson services: RequestEntityTooLargeException, 413. Pinpoint's model
 * names its own 413 error `PayloadTooLargeException` (pinpoint/2016-12-01/service-2.json), passed
 * as `jsonCode`. The awsQuery services list no such error; they answer the same code and status.
 */
export const requestEntityTooLarge = (jsonCode = 'RequestEntityTooLargeException'): AwsError =>
  new AwsError({
    code: 'RequestEntityTooLarge',
    jsonCode,
    status: 413,
    message: 'Request entity too large',
  });

/**
 * A query string or form AWS cannot read: CommonErrors, InvalidQueryParameter, 400, "The AWS query
 * string is malformed or does not adhere to AWS standards." Sent for keys or pair counts past the
 * awsQuery decoder's bounds (query/decode.ts).
 */
export const invalidQueryParameter = (): AwsError =>
  new AwsError({
    code: 'InvalidQueryParameter',
    status: 400,
    message: 'The AWS query string is malformed or does not adhere to AWS standards.',
  });

/**
 * A restJson1 request matching no route. Coral answers 404 with `UnknownOperationException` and no
 * message (soto-project/soto#580: "code: notFound, body: <UnknownOperationException/>"). We keep
 * code and status but send the service's JSON error body so SDKs can parse it.
 */
export const unknownOperation = (): AwsError =>
  new AwsError({ code: 'UnknownOperationException', status: 404 });
