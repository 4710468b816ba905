/**
 * `pinpost policy explain [--format text|json] [FILE|-]`: for one request in SimulateCustomPolicy's
 * shape (one action on one resource, usually), why it is allowed or denied, step by step through
 * AWS's evaluation logic, in words (iam/policy/explain-request.ts). Exit 0 when every request is
 * allowed, 1 when one is denied, 2 for input that cannot be used.
 */
import { explainRequest, explanationText } from '../iam/policy/explain-request.js';
import { SimulationInputError, type SimulationInput } from '../iam/policy/simulate.js';
import { flagValue, parseArgs, readInput } from './policy-args.js';
import { CliUsageError } from './run.js';

export function explainCommand(argv: string[]): number {
  const args = parseArgs(argv, ['format']);
  const format = flagValue(args, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new CliUsageError(`unknown format \`${format}\`; use text or json`);
  const text = readInput(args.positional[0]);
  let input: SimulationInput;
  try {
    input = JSON.parse(text) as SimulationInput;
  } catch {
    throw new CliUsageError(
      'the request is not JSON (a SimulateCustomPolicy request: PolicyInputList, ActionNames, …)',
    );
  }
  if (!Array.isArray(input.ActionNames) || input.ActionNames.length === 0)
    throw new CliUsageError('the request names no action: give `ActionNames` with one action');
  let explanations;
  try {
    explanations = explainRequest(input);
  } catch (err) {
    if (err instanceof SimulationInputError) {
      process.stderr.write(JSON.stringify({ Error: { Code: err.code, Message: err.message } }) + '\n');
      return 1;
    }
    throw err;
  }
  if (format === 'json') process.stdout.write(JSON.stringify(explanations) + '\n');
  else process.stdout.write(explanations.map((e) => explanationText(e).join('\n')).join('\n\n') + '\n');
  return explanations.every((e) => e.decision === 'allowed') ? 0 : 1;
}
