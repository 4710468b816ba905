/**
 * The pipeline's model step: a decoded request read by its operation's input shape, in one walk
 * (decode-input.ts): typed, and checked against the model's constraints before authorization, as
 * AWS's front end refuses a malformed request before it authorizes it (issue 14: AttachRolePolicy
 * with a non-ARN is a ValidationError, not AccessDenied) — except Pinpoint, checked once authorized
 * (Phase). An operation's own `violations` (constraints AWS holds a request to that the public model
 * lacks) join the model's in the same error. Services that name no `model`, operations their model
 * does not know, and models without a wording here, pass.
 */
import type { AwsError } from '../errors.js';
import type { OperationSpec, ServiceDefinition } from '../operation.js';
import type { ModelName } from './catalog.js';
import { loadModel } from './load.js';
import type { ServiceView } from './lookup.js';
import { queryReader, restJsonReader } from './reader.js';
import type { Violation } from './violations.js';
import { errorFor, type Wording } from './wording.js';
import { decodeInput, typeErrorFor, type TypeError } from './decode-input.js';

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

/** A request as its model reads it: the typed input and the model's verdict on it. */
export interface ModelReading {
  /** The model-typed input (decode-input.ts); `raw` as is where no model applies. */
  input: Record<string, unknown>;
  /** When the verdict is given (Phase). */
  phase: Phase;
  /** The model's constraints the request breaks, in the model's order (Pinpoint's: within the body). */
  violations: Violation[];
  /** Values of the wrong type. */
  typeErrors: TypeError[];
  /** How the service words a refusal; undefined where no model applies. */
  wording?: Wording;
}

/**
 * The service's refusal of a reading, or undefined when the model accepts it: the model's violations
 * with `more` (the operation's own) joined after them in one error, else the values of the wrong
 * type. Without a model's wording, `more` is worded as awsQuery's ValidationError.
 */
export function refusalOf(reading: ModelReading, more: readonly Violation[] = []): AwsError | undefined {
  const found = [...reading.violations, ...more];
  const wording = reading.wording ?? 'validationError';
  if (found.length) return errorFor(wording, found);
  if (reading.typeErrors.length) return typeErrorFor(wording, reading.typeErrors);
  return undefined;
}

/** The reading of `raw` as `shapeName` of `view`, in the service's wording. */
function read(
  view: ServiceView,
  wording: Wording,
  phase: Phase,
  operation: string,
  raw: Record<string, unknown>,
): ModelReading {
  const shapeName = view.inputShapeName(operation);
  if (!shapeName) return { input: {}, phase, violations: [], typeErrors: [], wording };
  const reader = view.protocol === 'query' ? queryReader : restJsonReader;
  if (wording !== 'pinpoint') {
    const { value, errors, violations } = decodeInput(view, shapeName, raw, reader);
    return { input: value, phase, violations, typeErrors: errors, wording };
  }
  // Pinpoint checks only the body (the payload member), for required members only, and names them
  // from within it; a missing body is an empty one.
  const { value, errors, violations } = decodeInput(view, shapeName, raw, reader, 'requiredOnly');
  const payload = view.shape(shapeName).payload;
  let inBody: Violation[] = [];
  if (payload) {
    const body = raw[payload];
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      inBody = violations
        .filter((v) => v.path[0]?.kind === 'member' && v.path[0].name === payload && v.path.length > 1)
        .map((v) => ({ ...v, path: v.path.slice(1) }));
    } else {
      const member = view.members(shapeName).find((m) => m.name === payload)!;
      inBody = decodeInput(view, member.ref.shape, {}, restJsonReader, 'requiredOnly').violations;
    }
  }
  return { input: value, phase, violations: inBody, typeErrors: errors, wording };
}

/** The violations' error for this request, or undefined when it satisfies the model's constraints. */
export function modelError(
  view: ServiceView,
  wording: Wording,
  operation: string,
  raw: Record<string, unknown>,
): AwsError | undefined {
  const { violations } = read(view, wording, 'beforeAuthorization', operation, raw);
  return violations.length ? errorFor(wording, violations) : undefined;
}

/**
 * The request read by its service's model: typed, with the model's violations and type errors to
 * be refused in the service's `phase`. A service without a model, or an operation its model does
 * not know, gets `raw` as is and no verdict.
 */
export async function readRequest(
  service: ServiceDefinition,
  operation: OperationSpec,
  raw: Record<string, unknown>,
): Promise<ModelReading> {
  return service.model
    ? readByModel(service.model, operation.name, raw)
    : { input: raw, phase: 'beforeAuthorization', violations: [], typeErrors: [] };
}

/** `raw` read as `model`'s `operation` (readRequest), for a request one operation makes of another. */
export async function readByModel(
  model: ModelName,
  operation: string,
  raw: Record<string, unknown>,
): Promise<ModelReading> {
  const rules = RULES[model];
  const none = (phase: Phase): ModelReading => ({ input: raw, phase, violations: [], typeErrors: [] });
  if (!rules) return none('beforeAuthorization');
  const view = await loadModel(model);
  if (!view.operation(operation)) return none(rules.phase);
  return read(view, rules.wording, rules.phase, operation, raw);
}

/**
 * The model-typed input of an operation, with the error for a value of the wrong type (the model's
 * other violations aside): what a test that calls an operation directly hands it.
 */
export async function typedRequest(
  service: ServiceDefinition,
  operation: OperationSpec,
  raw: Record<string, unknown>,
): Promise<{ input: Record<string, unknown>; error?: AwsError; phase: Phase }> {
  const reading = await readRequest(service, operation, raw);
  const error = reading.typeErrors.length
    ? typeErrorFor(reading.wording ?? 'validationError', reading.typeErrors)
    : undefined;
  return { input: reading.input, error, phase: reading.phase };
}
