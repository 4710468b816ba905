/**
 * `pinpost policy simulate [--jsonl] [FILE|-]`: IAM's SimulateCustomPolicy shape offline. With
 * `--jsonl`, one request a line in and one result a line out, streamed: lines are read in chunks
 * and results written in batches, and a run keeps its compiled policies and policy sets by text
 * (iam/policy/simulator.ts), so a batch where the same policies recur parses and compiles each
 * once, reads a policy text repeated verbatim without unescaping it again (policy-lines.ts), and
 * writes results from templates of their shape (policy-results.ts).
 */
import { createReadStream } from 'node:fs';
import { SimulationInputError, type SimulationInput } from '../iam/policy/simulate.js';
import { Simulator } from '../iam/policy/simulator.js';
import { parseArgs, readInput } from './policy-args.js';
import { RequestLines } from './policy-lines.js';
import { ResultWriter } from './policy-results.js';

function simulateOne(
  simulator: Simulator,
  text: string,
  lines: RequestLines = new RequestLines(),
  writer: ResultWriter = new ResultWriter(),
): { ok: boolean; json: string } {
  try {
    const input = lines.parse(text) as SimulationInput;
    return { ok: true, json: writer.json(simulator.simulate(input)) };
  } catch (err) {
    if (err instanceof SimulationInputError) {
      return { ok: false, json: JSON.stringify({ Error: { Code: err.code, Message: err.message } }) };
    }
    if (err instanceof SyntaxError) {
      return {
        ok: false,
        json: JSON.stringify({ Error: { Code: 'InvalidInput', Message: 'Input is not JSON.' } }),
      };
    }
    throw err;
  }
}

/** Output in batches of about this many characters: one write per batch, waiting when stdout is full. */
const BATCH = 1 << 16;

async function streamJsonl(path: string | undefined, simulator: Simulator): Promise<void> {
  // The operator's own file from the command line (or stdin), like readInput: not a request's input.
  const input =
    path === undefined || path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  input.setEncoding('utf8');
  const lines = new RequestLines();
  const writer = new ResultWriter();
  let pending = '';
  let out = '';
  const flush = async () => {
    if (out === '') return;
    const text = out;
    out = '';
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  };
  const line = (l: string) => {
    if (l.trim() !== '') out += simulateOne(simulator, l, lines, writer).json + '\n';
  };
  for await (const chunk of input as AsyncIterable<string>) {
    pending += chunk;
    let start = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
      line(pending.slice(start, nl));
      start = nl + 1;
      if (out.length >= BATCH) await flush();
    }
    pending = pending.slice(start);
  }
  line(pending);
  await flush();
}

export async function simulateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, []);
  const simulator = new Simulator();
  if (args.flags.has('jsonl')) {
    await streamJsonl(args.positional[0], simulator);
    return 0;
  }
  const r = simulateOne(simulator, readInput(args.positional[0]));
  (r.ok ? process.stdout : process.stderr).write(r.json + '\n');
  return r.ok ? 0 : 1;
}
