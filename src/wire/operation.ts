/**
 * How a service plugs into the wire layer: a ServiceDefinition with an operation table. Each
 * operation declares what IAM authorizes (action, resource ARNs, condition keys); the framework
 * (pipeline.ts) authorizes before the handler runs, so no handler checks permissions itself.
 */
import type { RequestContext } from './context.js';
import type { ModelName } from './model/catalog.js';
import type { Violation } from './model/violations.js';
import type { Principal } from './principal.js';

export type Protocol = 'query' | 'restJson';

/** A context key's value as the policy engine reads it. */
export interface ContextKeyValue {
  values: string[];
  /** true for a multivalued key (e.g. `aws:TagKeys`). */
  list: boolean;
}

export interface OperationSpec<I = unknown, O = unknown> {
  /** The operation's name as the model spells it (`CreateRole`, `CreateEmailIdentity`). */
  name: string;
  /** The IAM action authorized for it, `service:Action` (`iam:CreateRole`, `ses:SendEmail`). */
  action: string;
  /**
   * The action when it depends on the request: SES v2 SendEmail with Raw content is authorized as
   * ses:SendRawEmail (list_amazonses.html). Defaults to `action`.
   */
  actionFor?(input: I, ctx: RequestContext): string;
  /** restJson1 only: the route (from the model's `http` trait). */
  http?: HttpBinding;
  /**
   * Constraints AWS holds the request to that its public model lacks (SES v1's receipt rule and
   * event destination names, an event destination's event types, STS's ten PolicyArns, SES's page
   * sizes and list limits): AWS words such a violation as the
   * model's own and reports it in the same error, after the model's (ValidationError "2 validation
   * errors detected: …", wording.ts). Given the model-typed input (a value of the wrong type is
   * absent from it), whatever the model found; the pipeline joins them to the model's violations.
   */
  violations?(input: I, ctx: RequestContext): Violation[];
  /**
   * The domain checks AWS makes before it authorizes (an address, a recipient list, an identity
   * ARN, a name's ends), on the model-typed input of a request the model
   * accepts, `violations` included: a malformed request is the model's ValidationError first, as
   * AWS's front end refuses it before the service reads it. (Pinpoint, whose model judges the body
   * once authorized: run before authorization on a request whose values have their types.) Checks
   * AWS makes once authorized belong in the handler.
   */
  check?(input: I, ctx: RequestContext): void | Promise<void>;
  /**
   * The exception to `check`: the service's own refusal of a value the model refuses too, which AWS
   * gives instead of the model's ValidationError. It runs before the model's verdict (on a request
   * whose values have their types), so its error wins. Only where a test pins AWS's words over the
   * model's: SES v2's "The ScalingMode parameter is invalid." (CreateDedicatedIpPool,
   * PutDedicatedIpPoolScalingAttributes) and PutConfigurationSetDeliveryOptions' members named
   * within DeliveryOptions ("deliveryOptions.MaxDeliverySeconds"), as Pinpost's readers answered
   * before the model step existed. Reads, never writes.
   */
  checkFirst?(input: I, ctx: RequestContext): void | Promise<void>;
  /** The ARNs to authorize (Service Authorization Reference); `['*']` when AWS lists none. */
  resources(input: I, ctx: RequestContext): string[] | Promise<string[]>;
  /**
   * Further actions AWS authorizes for this request, on the same resources with the same context
   * keys, after `action` (sts:AssumeRole also needs sts:TagSession when Tags are passed,
   * id_session-tags.html; sts:SetSourceIdentity with SourceIdentity,
   * id_credentials_temp_control-access_monitor.html). Each must be allowed.
   */
  additionalActions?(input: I, ctx: RequestContext): string[] | Promise<string[]>;
  /**
   * AWS requires no permission for this operation, and an explicit deny does not stop it
   * (sts:GetCallerIdentity, API_GetCallerIdentity.html; sts:GetSessionToken,
   * id_credentials_temp_control-access_getsessiontoken.html). The caller is still authenticated;
   * only the authorize step is skipped, because AWS has none to mirror.
   */
  noPermissionRequired?: boolean;
  /**
   * AWS runs this operation without a signature (the model's `auth: ["smithy.api#noAuth"]`:
   * sts:AssumeRoleWithWebIdentity, API_AssumeRoleWithWebIdentity.html, "Calling
   * AssumeRoleWithWebIdentity does not require the use of AWS security credentials"): the caller
   * proves who it is in the body (a web identity token), which `bodyPrincipal` verifies. The request is
   * authorized as the principal this returns; a signed request is still authenticated first.
   */
  bodyPrincipal?(input: I, ctx: RequestContext): Principal | Promise<Principal>;
  /**
   * Service-specific condition keys for this request (`iam:PassedToService`, `aws:RequestTag/k`,
   * `ses:FromAddress` …). Names as AWS writes them; the framework lower-cases them. The global keys
   * (`aws:PrincipalArn`, `aws:CurrentTime`, …) are added by the framework.
   */
  conditionKeys?(
    input: I,
    ctx: RequestContext,
  ): Record<string, ContextKeyValue> | Promise<Record<string, ContextKeyValue>>;
  /**
   * Runs the operation. Return undefined for an operation whose model has no output (awsQuery then
   * sends no `<XResult>` element, as IAM does for DeleteRole); `{}` for an empty output.
   */
  handler(input: I, ctx: RequestContext): Promise<O> | O;
  /** restJson1 only: where output members go. */
  output?: OutputBinding;
}

export interface HttpBinding {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  /**
   * The model's requestUri: labels `{Name}`, greedy labels `{Key+}`, optional literal query after
   * `?` (`/v1/apps/{application-id}/campaigns`).
   */
  path: string;
  /** The model's success status (Pinpoint CreateApp 201); 200 when absent. */
  successCode?: number;
  /** Input member → query-string name (`locationName` with `location: querystring`). */
  query?: Record<string, string>;
  /** Input member → header name (`location: header`). */
  headers?: Record<string, string>;
  /** The input member that is the whole JSON body (Pinpoint); otherwise body members merge in. */
  payload?: string;
}

export interface OutputBinding {
  /** The output member that is the whole JSON body (Pinpoint); otherwise the whole output is. */
  payload?: string;
  /** Output member → response header name. */
  headers?: Record<string, string>;
}

export interface ServiceDefinition {
  /** SigV4 signing name (credential scope's service): `iam`, `sts`, `ses`, `mobiletargeting`. */
  signingName: string;
  protocol: Protocol;
  /** A short name for logs and errors (`iam`, `sesv2`); defaults to signingName. */
  id?: string;
  /**
   * The AWS model (models/<model>/) the service answers by: requests are validated against it before
   * they are authorized (src/wire/model/). None for a service without one.
   */
  model?: ModelName;
  /** awsQuery: the namespace of responses (`https://iam.amazonaws.com/doc/2010-05-08/`). */
  xmlNamespace?: string;
  /** awsQuery: the API version sent as `Version` (`2010-05-08`). */
  version?: string;
  /**
   * Several services share a signing name (SES v1 and v2 are both `ses`): the one whose
   * pathPrefix starts the request path wins (`/v2/` → SES v2), else the one without a prefix.
   */
  pathPrefix?: string;
  /**
   * The AccessDenied text when the service words it its own way (SES v1: "User `arn' is not
   * authorized to perform `ses:SendEmail' on resource `arn'"); the authorizer's text otherwise
   * (also when this returns undefined).
   */
  accessDeniedMessage?(denial: DenialFacts): string | undefined;
  /** restJson1: the error body shape (`Message`+`RequestID` for Pinpoint, `message` for SES v2). */
  jsonErrorShape?: 'message' | 'Message+RequestID';
  operations: OperationSpec[];
}

/** Helper that keeps the handler's input/output types while storing the spec in a plain table. */
export function defineOperation<I, O>(spec: OperationSpec<I, O>): OperationSpec {
  return spec as unknown as OperationSpec;
}

export interface AuthorizeRequest {
  principal: Principal;
  action: string;
  resources: string[];
  /** Lower-cased context key name → value (IAM key names are case-insensitive). */
  contextKeys: Map<string, ContextKeyValue>;
  ctx: RequestContext;
}

/** A denial names the resource it was for, so a service can word it as it does (SES v1). */
export type AuthorizeResult = { allowed: true } | { allowed: false; message: string; resource?: string };

export interface DenialFacts {
  principalArn: string;
  action: string;
  resource: string;
}

/** Decides an authorized request (the IAM policy engine implements it). Must not throw. */
export interface Authorizer {
  /** Reads the principal's policies from the store, hence a promise. */
  authorize(req: AuthorizeRequest): Promise<AuthorizeResult> | AuthorizeResult;
}

/**
 * enforce: denials fail with AccessDenied. soft: denials are logged and the request proceeds.
 * off: any credentials are accepted unverified and nothing is authorized.
 */
export type IamMode = 'enforce' | 'soft' | 'off';
