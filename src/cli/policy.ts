/**
 * `pinpost policy validate | lint | simulate | explain`: the policy engine offline. Each command
 * lives in its own module (policy-validate.ts, policy-simulate.ts, policy-explain.ts). The output
 * formats are a contract with checks outside this repository: keep them exactly.
 */
import { CliUsageError } from './run.js';

export async function policyCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    // `lint` is `validate` by the name linters go by: the same findings, formats and exit codes.
    case 'validate':
    case 'lint': {
      const { validateCommand } = await import('./policy-validate.js');
      return validateCommand(rest);
    }
    case 'simulate': {
      const { simulateCommand } = await import('./policy-simulate.js');
      return simulateCommand(rest);
    }
    case 'explain': {
      const { explainCommand } = await import('./policy-explain.js');
      return explainCommand(rest);
    }
    default:
      throw new CliUsageError(
        `unknown policy command \`${sub ?? ''}\`; use \`validate\`, \`lint\`, \`simulate\` or \`explain\``,
      );
  }
}
