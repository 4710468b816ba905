#!/usr/bin/env node
/**
 * `pinpost <command>`: the one executable. Each command lives in its own module and is loaded only
 * when asked for, so `pinpost policy validate` does not pay for the server's start-up.
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
