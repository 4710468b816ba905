/**
 * `pinpost smtp-password [--region R]`: the SES SMTP password of the secret access key in
 * `AWS_SECRET_ACCESS_KEY` (or read from stdin when the variable is unset), for the SMTP interface's
 * AUTH, by SES's documented derivation (smtp-credentials.html). The secret is taken from the
 * environment or stdin, never from the command line, where it would show in the process list.
 */
import { smtpPasswordFor } from '../services/ses/smtp/password.js';
import { CliUsageError } from './run.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function smtpPasswordCommand(args: string[], env = process.env): Promise<number> {
  let region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--region' && args[i + 1] !== undefined) region = args[++i];
    else if (arg.startsWith('--region=')) region = arg.slice('--region='.length);
    else throw new CliUsageError(`unknown argument \`${arg}\`; usage: pinpost smtp-password [--region R]`);
  }
  if (!REGION.test(region))
    throw new CliUsageError(`invalid region \`${region}\`: expected a region such as \`us-east-1\``);
  const secret = env.AWS_SECRET_ACCESS_KEY ?? (await readStdin());
  if (!secret) throw new CliUsageError('no secret access key: set AWS_SECRET_ACCESS_KEY or pass it on stdin');
  process.stdout.write(`${smtpPasswordFor(secret, region)}\n`);
  return 0;
}
