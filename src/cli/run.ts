/** Routes `pinpost <command> [args]` to the module that implements it. */

/** A command line that does not say what pinpost should do; exits 2. */
export class CliUsageError extends Error {}

const USAGE = `usage:
  pinpost start [--host H] [--port P] [--data DIR|:memory:] [--region R] [--iam enforce|soft|off]
  pinpost policy validate --type identity|managed|resource|trust|boundary|scp|rcp|session [FILE|-]
  pinpost policy validate --jsonl [FILE|-]
  pinpost policy simulate [--jsonl] [FILE|-]`;

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start': {
      const { startCommand } = await import('./start.js');
      return startCommand(rest);
    }
    case 'policy': {
      const { policyCommand } = await import('./policy.js');
      return policyCommand(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      throw new CliUsageError(`unknown command \`${command}\`\n${USAGE}`);
  }
}
