#!/usr/bin/env -S node --max-semi-space-size=32
/**
 * `pinpost <command>`: the one executable. Each command lives in its own module and is loaded only
 * when asked for, so `pinpost policy validate` does not pay for the server's start-up.
 *
 * The young generation may grow to 32 MB a semi-space (V8's default is 16 MB): a server's requests
 * and a campaign's sends allocate short-lived objects fast, and with room for more of them to die
 * young a campaign used less CPU a message: in 7 interleaved pairs of runs (10,000 endpoints) 5
 * favoured it, by a median of 0.13 ms (7%) — this machine's speed drifted by more than that between
 * runs. A V8 heap limit is fixed when the process starts, so it is a flag here and in `npm start`
 * (the benches start the server with this line's flags), not a setting.
 */
import { CliUsageError, runCli } from './run.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliUsageError) {
      process.stderr.write(`pinpost: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`pinpost: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
