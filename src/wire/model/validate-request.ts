/**
 * The pipeline's model step: a decoded request checked against its operation's input shape, before
 * the operation's own reading (`parse`), authorization and any lookup, as AWS's front end refuses a
 * malformed request before it authorizes it (issue 14: AttachRolePolicy with a non-ARN is a
 * ValidationError, not AccessDenied). Operations the model does not know, and services without a
 * model wording here (Access Analyzer, whose ValidationException carries a field list), pass.
 */
import { AwsError } from '../errors.js';
import type { OperationSpec, ServiceDefinition } from '../operation.js';
import { isModelName, type ModelName } from './catalog.js';
import { loadModel } from './load.js';
import type { ServiceView } from './lookup.js';
import { queryReader, restJsonReader } from './reader.js';
import { findViolations } from './walk.js';
import { errorFor, type Wording } from './wording.js';

const WORDING: Partial<Record<ModelName, Wording>> = {
  iam: 'validationError',
  sts: 'validationError',
  ses: 'validationError',
  sesv2: 'sesv2',
  pinpoint: 'pinpoint',
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

/** Throws the service's validation error when the request breaks its model. */
export async function validateRequest(
  service: ServiceDefinition,
  operation: OperationSpec,
  raw: Record<string, unknown>,
): Promise<void> {
  const id = service.id ?? service.signingName;
  if (!isModelName(id)) return;
  const wording = WORDING[id];
  if (!wording) return;
  const view = await loadModel(id);
  if (!view.operation(operation.name)) return;
  const error = modelError(view, wording, operation.name, raw);
  if (error) throw error;
}
