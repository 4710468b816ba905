import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PARTITIONS,
  isPartition,
  isServicePrincipal,
  partitionOfRegion,
  servicePrincipalName,
} from './partitions.js';

// Facts from botocore data/partitions.json and data/endpoints.json (see partitions.ts).
test('PARTITIONS lists the eight partitions botocore knows (partitions.json)', () => {
  assert.deepEqual(
    PARTITIONS.map((p) => p.id),
    ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'],
  );
});

test('every listed region matches its partition regionRegex (partitions.json)', () => {
  for (const p of PARTITIONS) for (const r of p.regions) assert.match(r, p.regionRegex, `${p.id} ${r}`);
});

const regionCases: [string, string | undefined][] = [
  ['us-east-1', 'aws'],
  ['eu-west-3', 'aws'],
  ['cn-northwest-1', 'aws-cn'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-iso-east-1', 'aws-iso'],
  ['us-isob-east-1', 'aws-iso-b'],
  ['eu-isoe-west-1', 'aws-iso-e'],
  ['us-isof-south-1', 'aws-iso-f'],
  ['eusc-de-east-1', 'aws-eusc'],
  // Not listed yet, resolved by regionRegex as botocore does (partitions.json regionRegex)
  ['ap-northeast-9', 'aws'],
  ['us-gov-north-7', 'aws-us-gov'],
  ['mars-central-1', undefined],
];
for (const [region, partition] of regionCases) {
  test(`partitionOfRegion(${region}) is ${partition} (partitions.json)`, () => {
    assert.equal(partitionOfRegion(region)?.id, partition);
  });
}

test('isPartition knows aws-us-gov and refuses aws-gov (partitions.json)', () => {
  assert.equal(isPartition('aws-us-gov'), true);
  assert.equal(isPartition('aws-gov'), false);
});

test('dnsSuffix per partition (partitions.json outputs.dnsSuffix)', () => {
  const bySuffix = Object.fromEntries(PARTITIONS.map((p) => [p.id, p.dnsSuffix]));
  assert.equal(bySuffix['aws-cn'], 'amazonaws.com.cn');
  assert.equal(bySuffix['aws-iso'], 'c2s.ic.gov');
  assert.equal(bySuffix['aws-eusc'], 'amazonaws.eu');
});

// reference_policies_elements_principal.html ("AWS service principals"); aws-cn: see partitions.ts
test('servicePrincipalName: pinpoint.amazonaws.com in aws and aws-cn', () => {
  assert.equal(servicePrincipalName('pinpoint'), 'pinpoint.amazonaws.com');
  assert.equal(servicePrincipalName('pinpoint', 'aws-cn'), 'pinpoint.amazonaws.com');
  assert.throws(() => servicePrincipalName('pinpoint', 'aws-moon'));
});

const principalCases: [string, boolean][] = [
  ['pinpoint.amazonaws.com', true],
  ['vpc-flow-logs.amazonaws.com', true],
  ['logs.us-east-1.amazonaws.com', true],
  ['eks.amazonaws.com.cn', false],
  ['pinpoint', false],
  ['Pinpoint.amazonaws.com', false],
  ['.amazonaws.com', false],
];
for (const [name, ok] of principalCases) {
  test(`isServicePrincipal(${name}) is ${ok} (reference_policies_elements_principal.html)`, () => {
    assert.equal(isServicePrincipal(name), ok);
  });
}
