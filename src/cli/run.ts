/** Routes `pinpost <command> [args]` to the module that implements it. */

/** A command line that does not say what pinpost should do; exits 2. */
export class CliUsageError extends Error {}

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
    case 'smtp-password': {
      const { smtpPasswordCommand } = await import('./smtp-password.js');
      return smtpPasswordCommand(rest);
    }
    case '--version':
    case '-v':
    case 'version': {
      const { packageVersion } = await import('../server/version.js');
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    case 'help':
    case '--help':
    case '-h': {
      const { mainHelp } = await import('./help.js');
      process.stdout.write(mainHelp());
      return 0;
    }
    case undefined: {
      const { commandsHelp } = await import('./help.js');
      process.stderr.write(commandsHelp());
      return 2;
    }
    default:
      throw new CliUsageError(
        `unknown command \`${command}\`; \`pinpost --help\` lists the commands (start, policy, smtp-password)`,
      );
  }
}
