/**
 * The input members SimulateCustomPolicy and SimulatePrincipalPolicy share (API_SimulateCustomPolicy.html),
 * as the model types them (the model step checked them), and the mapping of the policy engine's
 * refusals to IAM's errors.
 */
import type { ContextEntry, EvaluationResult } from '../../../iam/policy/simulate.js';
import { SimulationInputError } from '../../../iam/policy/simulate.js';
import { asQueryMap } from '../../../wire/query/query-map.js';
import type { EvaluationResult as EvaluationResultOutput, InputOf } from '../../../wire/model/types/iam.js';
import { invalidInput } from '../errors.js';

/** The members SimulateCustomPolicy and SimulatePrincipalPolicy share, as the model types them. */
export type SimulationRequest = Omit<InputOf<'SimulatePrincipalPolicy'>, 'PolicySourceArn'>;

/** ContextEntries as the engine reads them (the model leaves each member optional). */
export function contextEntriesOf(entries: SimulationRequest['ContextEntries']): ContextEntry[] | undefined {
  return entries?.map((e) => ({
    ContextKeyName: e.ContextKeyName as string,
    ContextKeyValues: e.ContextKeyValues ?? [],
    ContextKeyType: e.ContextKeyType as string,
  }));
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
