/**
 * The input members SimulateCustomPolicy and SimulatePrincipalPolicy share (API_SimulateCustomPolicy.html),
 * checked against the model (policyDocumentType, ActionNameType, ResourceNameType, ContextEntry,
 * maxItemsType, markerType), and the mapping of the policy engine's refusals to IAM's errors.
 */
import type { ContextEntry, EvaluationResult } from '../../../iam/policy/simulate.js';
import { SimulationInputError } from '../../../iam/policy/simulate.js';
import { asQueryMap } from '../../../wire/query/query-map.js';
import type { EvaluationResult as EvaluationResultOutput } from '../../../wire/model/types/iam.js';
import { checkConstraints, type Constraint } from '../../shared/constraints.js';
import { invalidInput } from '../errors.js';
import {
  list,
  MODEL,
  paging,
  pagingConstraints,
  required,
  str,
  strings,
  type Paging,
  type Raw,
} from './user-input.js';

export interface SimulationRequest extends Paging {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: ContextEntry[];
  ResourceHandlingOption?: string;
}

const each = (
  name: string,
  values: readonly unknown[] | undefined,
  c: Constraint,
): [string, unknown, Constraint][] => (values ?? []).map((v, n) => [`${name}.${n + 1}.member`, v, c]);

export function parseSimulation(raw: Raw, policyListRequired: boolean): SimulationRequest {
  const entries = list(raw, 'ContextEntries')?.map((e) => {
    const o = (e ?? {}) as Record<string, unknown>;
    return {
      ContextKeyName: o['ContextKeyName'] as string,
      ContextKeyValues: strings(o, 'ContextKeyValues') ?? [],
      ContextKeyType: o['ContextKeyType'] as string,
    };
  });
  const input: SimulationRequest = {
    PolicyInputList: strings(raw, 'PolicyInputList'),
    PermissionsBoundaryPolicyInputList: strings(raw, 'PermissionsBoundaryPolicyInputList'),
    ActionNames: strings(raw, 'ActionNames')!,
    ResourceArns: strings(raw, 'ResourceArns'),
    ResourcePolicy: str(raw, 'ResourcePolicy'),
    ResourceOwner: str(raw, 'ResourceOwner'),
    CallerArn: str(raw, 'CallerArn'),
    ContextEntries: entries,
    ResourceHandlingOption: str(raw, 'ResourceHandlingOption'),
    ...paging(raw),
  };
  checkConstraints([
    ['PolicyInputList', input.PolicyInputList, policyListRequired ? required({}) : {}],
    ...each('policyInputList', input.PolicyInputList, MODEL.policyDocument),
    ...each(
      'permissionsBoundaryPolicyInputList',
      input.PermissionsBoundaryPolicyInputList,
      MODEL.policyDocument,
    ),
    ['ActionNames', input.ActionNames, required({})],
    ...each('actionNames', input.ActionNames, MODEL.actionName),
    ...each('resourceArns', input.ResourceArns, MODEL.resourceName),
    ['ResourcePolicy', input.ResourcePolicy, MODEL.policyDocument],
    ['ResourceOwner', input.ResourceOwner, MODEL.resourceName],
    ['CallerArn', input.CallerArn, MODEL.resourceName],
    ...(entries ?? []).flatMap((e, n): [string, unknown, Constraint][] => [
      [`contextEntries.${n + 1}.member.contextKeyName`, e.ContextKeyName, MODEL.contextKeyName],
      [`contextEntries.${n + 1}.member.contextKeyType`, e.ContextKeyType, MODEL.contextKeyType],
    ]),
    ['ResourceHandlingOption', input.ResourceHandlingOption, MODEL.resourceHandlingOption],
    ...pagingConstraints(input),
  ]);
  return input;
}

/**
 * The engine's refusals as IAM sends them. The IAM model lists only InvalidInput (and
 * PolicyEvaluation) for the simulation and context-key operations, so a malformed policy is an
 * InvalidInput carrying the validator's text, not a MalformedPolicyDocument.
 */
export function asIamError(err: unknown): unknown {
  if (err instanceof SimulationInputError) return invalidInput(err.message);
  return err;
}

type Decisions = NonNullable<EvaluationResultOutput['EvalDecisionDetails']>;

/**
 * EvalDecisionDetails is a map in the model (EvalDecisionDetailsType): sent as entry/key/value.
 * The QueryMap marker tells today's XML writer so; it stands in the model's map type here.
 */
const decisions = (m: Record<string, string> | undefined): Decisions | undefined =>
  m && (asQueryMap(m) as unknown as Decisions);

/** A result as the model's EvaluationResult. */
export function resultOut(r: EvaluationResult): EvaluationResultOutput {
  return {
    ...r,
    EvalDecisionDetails: decisions(r.EvalDecisionDetails),
    ResourceSpecificResults: r.ResourceSpecificResults?.map((s) => ({
      ...s,
      EvalDecisionDetails: decisions(s.EvalDecisionDetails),
    })),
  };
}
