/**
 * Runs a simulation request with the SDK, every page of results (MaxItems/Marker), and, where a
 * denial's reason depends on it, whether the identity-based policies alone allow (a second
 * SimulateCustomPolicy without the boundary), so the AccessDenied text names the right policy kind.
 */
import {
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { clients } from '../../aws/clients.js';
import type { SimulationRequest } from './simulator-request.js';

export async function runSimulation(request: SimulationRequest): Promise<EvaluationResult[]> {
  const iam = clients().iam;
  const out: EvaluationResult[] = [];
  let Marker: string | undefined;
  for (;;) {
    const r =
      request.operation === 'SimulatePrincipalPolicy'
        ? await iam.send(new SimulatePrincipalPolicyCommand({ ...request.input, Marker }))
        : await iam.send(new SimulateCustomPolicyCommand({ ...request.input, Marker }));
    out.push(...(r.EvaluationResults ?? []));
    if (!r.IsTruncated || !r.Marker) return out;
    Marker = r.Marker;
  }
}

/** Per result (same order), whether the identity policies alone allow; only asked when a boundary said no. */
export async function identityVerdicts(
  request: SimulationRequest,
  results: readonly EvaluationResult[],
  identityTexts: readonly string[],
): Promise<(boolean | undefined)[]> {
  const needed = results.some(
    (r) =>
      r.EvalDecision === 'implicitDeny' &&
      r.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary === false,
  );
  if (!needed) return results.map(() => undefined);
  if (identityTexts.length === 0) return results.map(() => false);
  const { PermissionsBoundaryPolicyInputList: _b, ...rest } = request.input;
  void _b;
  const { PolicySourceArn: _s, ...input } = rest as typeof rest & { PolicySourceArn?: string };
  void _s;
  const again = await runSimulation({
    operation: 'SimulateCustomPolicy',
    input: { ...input, PolicyInputList: [...identityTexts] },
  });
  return again.map((r) => r.EvalDecision === 'allowed');
}

/** The context keys the policies use (GetContextKeysForPrincipalPolicy / GetContextKeysForCustomPolicy). */
export async function contextKeysOf(request: SimulationRequest): Promise<string[]> {
  const iam = clients().iam;
  if (request.operation === 'SimulatePrincipalPolicy') {
    const r = await iam.send(
      new GetContextKeysForPrincipalPolicyCommand({
        PolicySourceArn: request.input.PolicySourceArn,
        PolicyInputList: request.input.PolicyInputList,
      }),
    );
    return r.ContextKeyNames ?? [];
  }
  const r = await iam.send(
    new GetContextKeysForCustomPolicyCommand({ PolicyInputList: request.input.PolicyInputList }),
  );
  return r.ContextKeyNames ?? [];
}
