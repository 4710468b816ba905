/**
 * Every `pinpost start` failure (issue 9, "CLI"): exit 1, one line on stderr naming the cause, no
 * stack trace, no ready line, nothing left running. Each through the real command.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { runCli, type Finished } from './support/cli.js';

let busy: Server;
let busyPort: number;
const dirs: string[] = [];
before(async () => {
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
after(() => {
  busy.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pinpost-start-'));
  dirs.push(d);
  return d;
}

/** Exit 1, nothing on stdout, exactly this one line on stderr. */
function failedWith(r: Finished, line: string): void {
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '', 'no ready line');
  assert.equal(r.stderr, `pinpost: ${line}\n`);
}

it(
  'the SMTP port in use: one line, exit 1, and no server left saying ready',
  { timeout: 30_000 },
  async () => {
    const r = await runCli(['start', '--port', '0', '--data', ':memory:', '--smtp-port', String(busyPort)]);
    failedWith(
      r,
      `PINPOST_SMTP_LISTEN_FAILED: cannot listen on \`127.0.0.1:${busyPort}\` for the SES SMTP interface: ` +
        'the port is already in use by another process (EADDRINUSE); choose another port with `--smtp-port` or ' +
        'PINPOST_SMTP_PORT; `0` picks a free one, `-1` turns SMTP off',
    );
  },
);

it('the HTTP port in use: one line, exit 1', { timeout: 30_000 }, async () => {
  const r = await runCli(['start', '--port', String(busyPort), '--data', ':memory:', '--smtp-port', '0']);
  failedWith(
    r,
    `PINPOST_LISTEN_FAILED: cannot listen on \`127.0.0.1:${busyPort}\` for HTTP: the port is already in use by ` +
      'another process (EADDRINUSE); choose another port with `--port` or PINPOST_PORT; `0` picks a free one',
  );
});

it('a file in place of the data directory, or among its parents', { timeout: 30_000 }, async () => {
  const file = join(tempDir(), 'not-a-dir');
  writeFileSync(file, 'x');
  failedWith(
    await runCli(['start', '--port', '0', '--smtp-port', '0', '--data', file]),
    `PINPOST_DATA_NOT_A_DIRECTORY: data directory \`${file}\` is a file, not a directory: pass another \`--data\` (or PINPOST_DATA), or move the file away`,
  );
  failedWith(
    await runCli(['start', '--port', '0', '--smtp-port', '0'], { PINPOST_DATA: join(file, 'sub') }),
    `PINPOST_DATA_CANNOT_CREATE: cannot create data directory \`${join(file, 'sub')}\`: a part of the path is a file, not a directory (ENOTDIR); pass another \`--data\` (or PINPOST_DATA)`,
  );
});

it(
  'a data directory that cannot be created or written (as an unprivileged user)',
  { timeout: 30_000 },
  async () => {
    const dir = join(tempDir(), 'read-only');
    mkdirSync(dir);
    chmodSync(dir, 0o555);
    chmodSync(join(dir, '..'), 0o755);
    // root writes anywhere: run the command as `nobody` then, as a user would be.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    failedWith(
      await runCli(['start', '--port', '0', '--smtp-port', '0', '--data', dir], {}, asUser),
      `PINPOST_DATA_NOT_WRITABLE: cannot write in data directory \`${dir}\`: permission denied (EACCES); pass another \`--data\` (or PINPOST_DATA)`,
    );
    failedWith(
      await runCli(['start', '--port', '0', '--smtp-port', '0', '--data', join(dir, 'data')], {}, asUser),
      `PINPOST_DATA_CANNOT_CREATE: cannot create data directory \`${join(dir, 'data')}\`: permission denied (EACCES); pass another \`--data\` (or PINPOST_DATA)`,
    );
    assert.deepEqual(readdirSync(dir), [], 'nothing written');
  },
);

it(
  'a data directory holding something else than a Pinpost database; the lock is released',
  { timeout: 30_000 },
  async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'pinpost.db'),
      'not sqlite at all, long enough to have a header page\n'.repeat(4),
    );
    failedWith(
      await runCli(['start', '--port', '0', '--smtp-port', '0', '--data', dir]),
      `PINPOST_DATA_NOT_A_DATABASE: \`${join(dir, 'pinpost.db')}\` is not a Pinpost database (file is not a database): pass another \`--data\` (or PINPOST_DATA), or move the file away`,
    );
    assert.deepEqual(readdirSync(dir), ['pinpost.db']);
  },
);

it(
  'the well-known root key beyond loopback: refused, exit 1, saying which flags and variables to set',
  { timeout: 30_000 },
  async () => {
    const line =
      'PINPOST_DEFAULT_ROOT_KEY_BEYOND_LOOPBACK: refusing to listen on `0.0.0.0` with the well-known root key ' +
      "`test`/`test`: anyone who reaches it would be the account's root user; set a key of your own with " +
      '`--root-access-key-id` and `--root-secret-access-key` (or PINPOST_ROOT_ACCESS_KEY_ID and ' +
      'PINPOST_ROOT_SECRET_ACCESS_KEY), or listen on loopback (`--host 127.0.0.1`)';
    const [both, secretOnly] = await Promise.all([
      runCli(['start', '--host', '0.0.0.0', '--port', '0', '--smtp-port', '0', '--data', ':memory:']),
      runCli(['start', '--port', '0', '--smtp-port', '0', '--data', ':memory:'], {
        PINPOST_HOST: '0.0.0.0',
        PINPOST_ROOT_ACCESS_KEY_ID: 'AKIAPINPOSTROOT00001',
      }),
    ]);
    failedWith(both, line);
    failedWith(secretOnly, line);
  },
);
