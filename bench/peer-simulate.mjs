// The peer's side of the CLI bench (bench/policy-cli.ts): @cloud-copilot/iam-simulate has no
// command of its own, so this is the smallest one — read the same JSON lines `pinpost policy
// simulate --jsonl` reads (SimulateCustomPolicy requests), run each through runSimulation, write
// one JSON result a line. Start-up (loading the package and its IAM data) is part of the run.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { runSimulation } from '@cloud-copilot/iam-simulate';

const ACCOUNT = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/;
let out = '';
for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const r = JSON.parse(line);
  const resource = r.ResourceArns?.[0] ?? '*';
  const owner = ACCOUNT.exec(resource)?.[1] ?? ACCOUNT.exec(r.CallerArn ?? '')?.[1];
  const simulation = {
    request: {
      principal: r.CallerArn,
      action: r.ActionNames[0],
      resource: { resource, accountId: owner },
      contextVariables: {},
    },
    identityPolicies: (r.PolicyInputList ?? []).map((p, i) => ({
      name: `PolicyInputList.${i + 1}`,
      policy: JSON.parse(p),
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  out += JSON.stringify(await runSimulation(simulation, {})) + '\n';
  if (out.length > 1 << 16) {
    if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    out = '';
  }
}
process.stdout.write(out);
