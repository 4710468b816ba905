/**
 * The default account lives in the partition of `--region` (README, "Partitions"): a fresh data
 * directory takes the region's partition; one whose account holds IAM entities keeps its own, and
 * a start with a region of another partition fails with PINPOST_PARTITION_CHANGED.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { asStartFailure } from '../src/cli/start-failures.js';
import { createRuntime } from '../src/services/runtime.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'pinpost-partition-'));
  dirs.push(d);
  return d;
};

test('a fresh data directory’s account takes the region’s partition; with entities it keeps it', async () => {
  const data = dataDir();
  const gov = await createRuntime({ data, region: 'us-gov-west-1' });
  assert.equal(await gov.iam.accounts.partitionOf('000000000000'), 'aws-us-gov');
  await gov.iam.users.create('000000000000', { UserName: 'alice' });
  await gov.close();

  let failure: unknown;
  try {
    const rt = await createRuntime({ data, region: 'us-east-1' });
    await rt.close();
  } catch (err) {
    failure = err;
  }
  const shown = asStartFailure(failure);
  assert.equal(shown?.code, 'PINPOST_PARTITION_CHANGED');
  assert.equal(
    shown?.message,
    "account `000000000000` in this data directory lives in partition `aws-us-gov` (its IAM entities' ARNs name it), not `aws`, the partition of `--region` (PINPOST_REGION): start with a region of `aws-us-gov`, or pass another `--data`",
  );

  const again = await createRuntime({ data, region: 'us-gov-east-1' });
  assert.equal(
    (await again.iam.users.get('000000000000', 'alice'))?.Arn,
    'arn:aws-us-gov:iam::000000000000:user/alice',
  );
  await again.close();
});
