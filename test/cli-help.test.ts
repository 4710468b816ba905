/**
 * `pinpost --version`, `pinpost --help` and `pinpost start --help` (issue 9, "CLI"): exit 0, the
 * package's version, every start flag with its variable and default, from the parser's own table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { START_FLAGS } from '../src/server/flags.js';
import { runCli } from './support/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

it('pinpost --version prints the package version and exits 0', { timeout: 30_000 }, async () => {
  const r = await runCli(['--version']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${pkg.version}\n`);
  assert.equal(r.stderr, '');
});

it(
  'pinpost --help and pinpost start --help exit 0 and show every flag with its variable and default',
  { timeout: 30_000 },
  async () => {
    const [main, start] = await Promise.all([runCli(['--help']), runCli(['start', '--help'])]);
    for (const r of [main, start]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      for (const flag of START_FLAGS) {
        const usage = flag.value ? `${flag.name} ${flag.value}` : flag.name;
        const shown = flag.shownDefault ?? (flag.value === undefined ? 'off' : flag.fallback);
        assert.ok(
          r.stdout.includes(`  ${usage}   (env ${flag.env}; default ${shown})\n`),
          `${flag.name} in\n${r.stdout}`,
        );
      }
    }
    // The flags a new user looked for, by name.
    for (const name of [
      '--smtp-port',
      '--log-level',
      '--transport',
      '--smtp-relay',
      '--ses-sandbox',
      '--ses-verification',
      '--ses-upstream',
      '--ses-max-send-rate',
      '--ses-max-24h-send',
      '--root-access-key-id',
      '--root-secret-access-key',
      '--import-root',
      '--allow-private-egress',
      '--max-connections',
    ])
      assert.match(start.stdout, new RegExp(`^  ${name}[ =]`, 'm'));
    assert.match(main.stdout, /^ {2}pinpost policy validate /m);
    assert.match(main.stdout, /^ {2}pinpost --version /m);
  },
);

it(
  'a bare pinpost lists the commands on stderr and exits 2; an unknown command exits 2',
  { timeout: 30_000 },
  async () => {
    const bare = await runCli([]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^usage:\n {2}pinpost start \[flags\]/);
    const unknown = await runCli(['stat']);
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'pinpost: unknown command `stat`; `pinpost --help` lists the commands (start, policy, smtp-password)\n',
    );
  },
);

it('a switch given a value is refused with what to write instead, exit 2', { timeout: 30_000 }, async () => {
  const r = await runCli(['start', '--ses-sandbox', 'true']);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    'pinpost: PINPOST_SWITCH_TAKES_NO_VALUE: flag `--ses-sandbox` takes no value (got `true`): write `--ses-sandbox` to turn it on, `--ses-sandbox=false` to turn it off\n',
  );
});
