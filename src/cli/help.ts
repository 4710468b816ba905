/** The help texts, made from the flag table the parser reads (src/server/flags.ts). */
import { START_FLAGS, type StartFlag } from '../server/flags.js';

const WIDTH = 100;

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines;
}

function flagEntry(flag: StartFlag): string[] {
  const usage = flag.value ? `${flag.name} ${flag.value}` : flag.name;
  const shown = flag.shownDefault ?? (flag.value === undefined ? 'off' : flag.fallback);
  return [`  ${usage}   (env ${flag.env}; default ${shown})`, ...wrap(flag.meaning, '      ')];
}

export function startHelp(): string {
  return [
    'usage: pinpost start [flags]',
    '',
    ...wrap(
      'Starts Pinpost: the AWS APIs (SES v1 and v2, Pinpoint, IAM, STS) over HTTP and the SES SMTP interface. ' +
        'It prints one ready line on stdout once both listen, logs JSON lines on stderr, and stops gracefully on ' +
        'SIGTERM or SIGINT. A start that fails prints one line naming the cause and exits 1. ' +
        'Each flag may be set by its environment variable instead; a flag wins over its variable. ' +
        'Flags shown without a value are switches: `--flag` turns one on, `--flag=true|false` says which, ' +
        'and its variable takes `true` or `false`.',
      '',
    ),
    '',
    'flags:',
    ...START_FLAGS.flatMap(flagEntry),
    '',
  ].join('\n');
}

/** The commands, one line each: what a bare `pinpost` prints. */
export function commandsHelp(): string {
  return [
    'usage:',
    '  pinpost start [flags]      start the server (flags below)',
    '  pinpost policy validate --type identity|managed|resource|trust|boundary|scp|rcp|session [FILE|DIR|GLOB|-]...',
    '      [--format text|json|sarif] [--partition P] [--ignore CODE,...] [--fail-on error|security-warning|warning|suggestion|none]',
    '  pinpost policy validate --jsonl [FILE|-]   (`policy lint` is the same command)',
    '  pinpost policy simulate [--jsonl] [FILE|-]',
    '  pinpost policy explain [--format text|json] [FILE|-]   why one request is allowed or denied',
    '  pinpost smtp-password [--region R]   the SES SMTP password of AWS_SECRET_ACCESS_KEY (or stdin)',
    '  pinpost --version          print the version',
    '  pinpost --help             print this help and the start flags (`pinpost start --help`: the flags only)',
    '',
  ].join('\n');
}

export function mainHelp(): string {
  return `${commandsHelp()}\n${startHelp()}`;
}
