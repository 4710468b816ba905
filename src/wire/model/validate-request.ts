/**
 * The pipeline's model step: a decoded request checked against its operation's input shape before
 * authorization, as AWS's front end refuses a malformed request before it authorizes it (issue 14:
 * AttachRolePolicy with a non-ARN is a ValidationError, not AccessDenied) — except Pinpoint,
 * checked once authorized (Phase). The pipeline lets the operation's own reading (`parse`) speak
 * first when it refuses the request too. Services that name no `model`, operations their model does
 * not know, and models without a wording here, pass.
 */
import type { AwsError } from '../errors.js';
import type { OperationSpec, ServiceDefinition } from '../operation.js';
import type { ModelName } from './catalog.js';
import { loadModel } from './load.js';
import type { ServiceView } from './lookup.js';
import { queryReader, restJsonReader } from './reader.js';
import { findViolations } from './walk.js';
import { errorFor, type Wording } from './wording.js';
import { decodeInput, typeErrorFor } from './decode-input.js';

/**
 * When the model step runs: before authorization for the services that refuse a malformed request
 * before authorizing it (the awsQuery services, and SES v2 whose own checks run there too); after it
 * for Pinpoint, which authorizes a request before it reads the body (issue 10: a journey operation
 * with an empty body is AccessDenied to a user without permissions).
 */
export type Phase = 'beforeAuthorization' | 'afterAuthorization';

const RULES: Partial<Record<ModelName, { wording: Wording; phase: Phase }>> = {
  accessanalyzer: { wording: 'accessanalyzer', phase: 'beforeAuthorization' },
  iam: { wording: 'validationError', phase: 'beforeAuthorization' },
  sts: { wording: 'validationError', phase: 'beforeAuthorization' },
  ses: { wording: 'validationError', phase: 'beforeAuthorization' },
  sesv2: { wording: 'sesv2', phase: 'beforeAuthorization' },
  pinpoint: { wording: 'pinpoint', phase: 'afterAuthorization' },
};

/** The violations' error for this request, or undefined when it satisfies the model. */
export function modelError(
  view: ServiceView,
  wording: Wording,
  operation: string,
  raw: Record<string, unknown>,
): AwsError | undefined {
  const shapeName = view.inputShapeName(operation);
  if (!shapeName) return undefined;
  if (wording === 'pinpoint') {
    // Pinpoint reads the body (the payload member) and names members within it.
    const payload = view.shape(shapeName).payload;
    if (!payload) return undefined;
    const member = view.members(shapeName).find((m) => m.name === payload)!;
    const body = raw[payload];
    const value =
      body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const found = findViolations(view, member.ref.shape, value, restJsonReader, { requiredOnly: true });
    return found.length ? errorFor(wording, found) : undefined;
  }
  const reader = view.protocol === 'query' ? queryReader : restJsonReader;
  const found = findViolations(view, shapeName, raw, reader);
  return found.length ? errorFor(wording, found) : undefined;
}

/** The service's validation error when the request breaks its model (in its `phase`), else undefined. */
export async function requestModelError(
  service: ServiceDefinition,
  operation: OperationSpec,
  raw: Record<string, unknown>,
  phase: Phase,
): Promise<AwsError | undefined> {
  const name = service.model;
  if (!name) return undefined;
  const rules = RULES[name];
  if (!rules || rules.phase !== phase) return undefined;
  const view = await loadModel(name);
  if (!view.operation(operation.name)) return undefined;
  return modelError(view, rules.wording, operation.name, raw);
}

/**
 * The model-typed input of an operation that declares no `parse` (decode-input.ts), with the error
 * for a value of the wrong type, to be thrown in the service's `phase` like the model's other
 * refusals. A service without a model, or an operation its model does not know, gets `raw` as is.
 */
export async function typedRequest(
  service: ServiceDefinition,
  operation: OperationSpec,
  raw: Record<string, unknown>,
): Promise<{ input: Record<string, unknown>; error?: AwsError; phase: Phase }> {
  const name = service.model;
  const rules = name ? RULES[name] : undefined;
  if (!name || !rules) return { input: raw, phase: 'beforeAuthorization' };
  const view = await loadModel(name);
  const shapeName = view.inputShapeName(operation.name);
  if (!view.operation(operation.name)) return { input: raw, phase: rules.phase };
  if (!shapeName) return { input: {}, phase: rules.phase };
  const reader = view.protocol === 'query' ? queryReader : restJsonReader;
  const { value, errors } = decodeInput(view, shapeName, raw, reader);
  return {
    input: value,
    error: errors.length ? typeErrorFor(rules.wording, errors) : undefined,
    phase: rules.phase,
  };
}
