/**
 * The README is executable documentation: its Quick start ready line is what `pinpost start`
 * prints, and its ```sh blocks, run in order in one bash session against a fresh `pinpost start`
 * (in an empty folder, as a user would, with the AWS CLI, curl and python3), print what the README
 * shows on their `#>` lines and exit as it says (test/support/readme-steps.ts has the rules).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { matchesShown, readmeSteps, type ReadmeStep } from './support/readme-steps.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const MAIN = join(REPO, 'src', 'cli', 'main.ts');
const TSX = import.meta.resolve('tsx');

/** The environment of the user's shell: nothing of the test runner's AWS or Pinpost settings. */
function userEnv(home: string, bin: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('AWS_') && !k.startsWith('PINPOST_')) env[k] = v;
  }
  return { ...env, HOME: home, PATH: `${bin}:${env.PATH ?? ''}`, PINPOST_LOG_LEVEL: 'warn' };
}

describe('README.md', { timeout: 900_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ReturnType<typeof spawn>;
  let readyLine: string;
  let port: string;
  let smtpPort: string;

  before(async () => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'pinpost-readme-')));
    const work = join(dir, 'work');
    const bin = join(dir, 'bin');
    mkdirSync(work);
    mkdirSync(bin);
    mkdirSync(join(dir, 'home'));
    // `npx pinpost` in the checkout runs its own CLI: the same here, from the sources.
    writeFileSync(
      join(bin, 'npx'),
      `#!/bin/sh\nif [ "$1" = pinpost ]; then shift; exec "${process.execPath}" --import "${TSX}" "${MAIN}" "$@"; fi\n` +
        `echo "README test: only \\\`npx pinpost\\\` is available" >&2; exit 127\n`,
    );
    chmodSync(join(bin, 'npx'), 0o755);
    env = userEnv(join(dir, 'home'), bin);
    // The server starts where the user works, as `npm start` does in the checkout (.pinpost/ there).
    server = spawn(process.execPath, ['--import', TSX, MAIN, 'start', '--port', '0', '--smtp-port', '0'], {
      cwd: work,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    server.stdout!.setEncoding('utf8');
    readyLine = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      server.once('exit', (code) => reject(new Error(`pinpost exited with ${code} before it was ready`)));
    });
    port = /127\.0\.0\.1:(\d+) \|/.exec(readyLine)![1];
    smtpPort = /\| smtp 127\.0\.0\.1:(\d+) \|/.exec(readyLine)![1];
  });

  after(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  /** The README's ports (4566, 2587) as this run's. */
  const localize = (text: string) => text.replace(/\b4566\b/g, port).replace(/\b2587\b/g, smtpPort);

  it('Quick start: the ready line is what `pinpost start` prints', () => {
    const shown = /^pinpost ready at .*$/m.exec(README)![0];
    const actual = readyLine.replace(/\| data \S+$/, '| data /path/to/checkout/.pinpost');
    assert.equal(actual, localize(shown));
  });

  it('every shell block prints what the README shows and exits as it says', async () => {
    const steps = readmeSteps(README);
    assert.ok(steps.length > 30, `expected the README's shell examples, found ${steps.length} steps`);
    const script = [
      'exec 2>&1',
      ...steps.map(
        (s, i) => `printf '\\n@@STEP ${i}@@\\n'\n${localize(s.command)}\nprintf '\\n@@RC ${i} %d@@\\n' $?`,
      ),
    ].join('\n');
    // From a file, stdin closed: a command that reads stdin must not swallow the script.
    const file = join(dir, 'readme.sh');
    writeFileSync(file, script);
    const bash = spawn('bash', ['--noprofile', '--norc', file], {
      cwd: join(dir, 'work'),
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    bash.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
    const [code] = (await once(bash, 'close')) as [number | null];
    assert.equal(code, 0, `bash ended with ${code}:\n${output.slice(-2000)}`);
    const failures: string[] = [];
    steps.forEach((step, i) => {
      const problem = check(step, i, output);
      if (problem) failures.push(problem);
    });
    assert.deepEqual(failures, []);
  });

  function check(step: ReadmeStep, i: number, output: string): string | undefined {
    const start = output.indexOf(`\n@@STEP ${i}@@\n`);
    const endMark = new RegExp(`\\n@@RC ${i} (\\d+)@@\\n`).exec(output);
    const where = `README.md:${step.line}: ${step.command.split('\n')[0]}`;
    if (start < 0 || !endMark) return `${where}\n  did not run`;
    const text = output.slice(start + `\n@@STEP ${i}@@\n`.length, endMark.index);
    const lines = text.split('\n').map((l) => l.trimEnd());
    while (lines.length && lines[0] === '') lines.shift();
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    const rc = Number(endMark[1]);
    const exitOk = step.exitCode === 'nonzero' ? rc !== 0 : rc === step.exitCode;
    const expected = step.expected.map(localize);
    const outputOk = expected.length === 0 || matchesShown(expected, lines);
    if (exitOk && outputOk) return undefined;
    return `${where}\n  exit ${rc} (README: ${step.exitCode})\n  printed:\n${lines.map((l) => `    ${l}`).join('\n')}\n  README shows:\n${expected.map((l) => `    ${l}`).join('\n')}`;
  }
});
