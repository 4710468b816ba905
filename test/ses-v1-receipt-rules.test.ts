/**
 * SES v1 receipt rule sets, receipt rules and IP filters through @aws-sdk/client-ses
 * (APIReference/API_CreateReceiptRuleSet.html, API_CreateReceiptRule.html,
 * API_CreateReceiptFilter.html and siblings): lifecycles, ordering, AWS's errors and texts,
 * refusals that leave nothing behind, and IAM.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v1 from '@aws-sdk/client-ses';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pinpost-receipt-'));
  await mkdir(join(root, 'inbound-bucket'));
  server = await startTestServer({}, { importRoot: root });
});
after(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

const names = (rules: v1.ReceiptRule[] | undefined) => (rules ?? []).map((r) => r.Name);

test('rule set lifecycle: create, describe, list, clone, activate, CannotDelete while active, delete, not found after', async () => {
  const c = server.ses();
  await c.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: 'life' }));
  const dup = await fail(c.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: 'life' })));
  assert.deepEqual(dup, {
    name: 'AlreadyExistsException',
    message: 'Rule set already exists: life',
    status: 400,
  });

  const described = await c.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 'life' }));
  assert.equal(described.Metadata?.Name, 'life');
  assert.ok(described.Metadata?.CreatedTimestamp instanceof Date);
  assert.deepEqual(described.Rules ?? [], []);

  await c.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 'life', Rule: { Name: 'r1', Enabled: true } }));
  await c.send(new v1.CloneReceiptRuleSetCommand({ RuleSetName: 'life-copy', OriginalRuleSetName: 'life' }));
  assert.deepEqual(
    names((await c.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 'life-copy' }))).Rules),
    ['r1'],
  );
  const cloneMissing = await fail(
    c.send(new v1.CloneReceiptRuleSetCommand({ RuleSetName: 'x2', OriginalRuleSetName: 'nope' })),
  );
  assert.deepEqual(cloneMissing, {
    name: 'RuleSetDoesNotExistException',
    message: 'Rule set does not exist: nope',
    status: 400,
  });
  const cloneOnto = await fail(
    c.send(new v1.CloneReceiptRuleSetCommand({ RuleSetName: 'life-copy', OriginalRuleSetName: 'life' })),
  );
  assert.equal(cloneOnto.name, 'AlreadyExistsException');

  const listed = await c.send(new v1.ListReceiptRuleSetsCommand({}));
  assert.deepEqual(
    listed.RuleSets?.map((s) => s.Name).filter((n) => n?.startsWith('life')),
    ['life', 'life-copy'],
  );

  assert.deepEqual((await c.send(new v1.DescribeActiveReceiptRuleSetCommand({}))).Metadata, undefined);
  await c.send(new v1.SetActiveReceiptRuleSetCommand({ RuleSetName: 'life' }));
  const active = await c.send(new v1.DescribeActiveReceiptRuleSetCommand({}));
  assert.equal(active.Metadata?.Name, 'life');
  assert.deepEqual(names(active.Rules), ['r1']);
  const cannot = await fail(c.send(new v1.DeleteReceiptRuleSetCommand({ RuleSetName: 'life' })));
  assert.deepEqual(cannot, {
    name: 'CannotDeleteException',
    message: 'Cannot delete active rule set: life',
    status: 400,
  });
  assert.equal(
    (await c.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 'life' }))).Metadata?.Name,
    'life',
  );
  const activateMissing = await fail(c.send(new v1.SetActiveReceiptRuleSetCommand({ RuleSetName: 'ghost' })));
  assert.equal(activateMissing.message, 'Rule set does not exist: ghost');
  assert.equal((await c.send(new v1.DescribeActiveReceiptRuleSetCommand({}))).Metadata?.Name, 'life');

  // An empty name is refused as AWS refuses it (boto/botocore#1759).
  const empty = await fail(c.send(new v1.SetActiveReceiptRuleSetCommand({ RuleSetName: '' })));
  assert.deepEqual(empty, {
    name: 'InvalidParameterValue',
    message: 'ruleSetName must not be empty',
    status: 400,
  });
  // No RuleSetName: no rule set is active any more.
  await c.send(new v1.SetActiveReceiptRuleSetCommand({}));
  assert.equal((await c.send(new v1.DescribeActiveReceiptRuleSetCommand({}))).Metadata, undefined);
  await c.send(new v1.DeleteReceiptRuleSetCommand({ RuleSetName: 'life' }));
  await c.send(new v1.DeleteReceiptRuleSetCommand({ RuleSetName: 'life-copy' }));
  const gone = await fail(c.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 'life' })));
  assert.deepEqual(gone, {
    name: 'RuleSetDoesNotExistException',
    message: 'Rule set does not exist: life',
    status: 400,
  });
  // Deleting a rule set that is not there answers success, as AWS does.
  await c.send(new v1.DeleteReceiptRuleSetCommand({ RuleSetName: 'life' }));
});

test('rules: created first or After, described with defaults, updated in place, moved, reordered, deleted', async () => {
  const c = server.ses();
  await c.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: 'order' }));
  await c.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 'order', Rule: { Name: 'a' } }));
  await c.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 'order', Rule: { Name: 'b' } }));
  await c.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 'order', After: 'a', Rule: { Name: 'c' } }));
  const order = async () =>
    names((await c.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 'order' }))).Rules);
  assert.deepEqual(await order(), ['b', 'a', 'c']);

  const plain = (await c.send(new v1.DescribeReceiptRuleCommand({ RuleSetName: 'order', RuleName: 'a' })))
    .Rule;
  assert.deepEqual(plain, {
    Name: 'a',
    Enabled: false,
    TlsPolicy: 'Optional',
    ScanEnabled: false,
    Actions: [],
  });

  await c.send(
    new v1.UpdateReceiptRuleCommand({
      RuleSetName: 'order',
      Rule: {
        Name: 'a',
        Enabled: true,
        TlsPolicy: 'Require',
        ScanEnabled: true,
        Recipients: ['z@example.com', 'example.org'],
        Actions: [
          { AddHeaderAction: { HeaderName: 'X-Seen', HeaderValue: 'yes' } },
          { SNSAction: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t' } },
          { StopAction: { Scope: 'RuleSet' } },
        ],
      },
    }),
  );
  const updated = (await c.send(new v1.DescribeReceiptRuleCommand({ RuleSetName: 'order', RuleName: 'a' })))
    .Rule;
  assert.equal(updated?.TlsPolicy, 'Require');
  assert.deepEqual(updated?.Recipients, ['example.org', 'z@example.com']);
  assert.deepEqual(updated?.Actions, [
    { AddHeaderAction: { HeaderName: 'X-Seen', HeaderValue: 'yes' } },
    { SNSAction: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Encoding: 'UTF-8' } },
    { StopAction: { Scope: 'RuleSet' } },
  ]);
  assert.deepEqual(await order(), ['b', 'a', 'c']);

  await c.send(new v1.SetReceiptRulePositionCommand({ RuleSetName: 'order', RuleName: 'b', After: 'c' }));
  assert.deepEqual(await order(), ['a', 'c', 'b']);
  await c.send(new v1.SetReceiptRulePositionCommand({ RuleSetName: 'order', RuleName: 'c' }));
  assert.deepEqual(await order(), ['c', 'a', 'b']);
  await c.send(new v1.ReorderReceiptRuleSetCommand({ RuleSetName: 'order', RuleNames: ['b', 'c', 'a'] }));
  assert.deepEqual(await order(), ['b', 'c', 'a']);

  const reorderUnknown = await fail(
    c.send(new v1.ReorderReceiptRuleSetCommand({ RuleSetName: 'order', RuleNames: ['b', 'c', 'zz'] })),
  );
  assert.deepEqual(reorderUnknown, {
    name: 'RuleDoesNotExistException',
    message: 'Rule does not exist: zz',
    status: 400,
  });
  const reorderPartial = await fail(
    c.send(new v1.ReorderReceiptRuleSetCommand({ RuleSetName: 'order', RuleNames: ['b', 'c'] })),
  );
  assert.equal(reorderPartial.name, 'InvalidParameterValue');
  assert.deepEqual(await order(), ['b', 'c', 'a']);

  await c.send(new v1.DeleteReceiptRuleCommand({ RuleSetName: 'order', RuleName: 'c' }));
  assert.deepEqual(await order(), ['b', 'a']);
  const gone = await fail(c.send(new v1.DescribeReceiptRuleCommand({ RuleSetName: 'order', RuleName: 'c' })));
  assert.deepEqual(gone, {
    name: 'RuleDoesNotExistException',
    message: 'Rule does not exist: c',
    status: 400,
  });
  await c.send(new v1.DeleteReceiptRuleCommand({ RuleSetName: 'order', RuleName: 'c' }));
  const inMissingSet = await fail(
    c.send(new v1.DeleteReceiptRuleCommand({ RuleSetName: 'nope', RuleName: 'c' })),
  );
  assert.equal(inMissingSet.name, 'RuleSetDoesNotExistException');
});

test('rule refusals are AWS errors and leave the set as it was', async () => {
  const c = server.ses();
  await c.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: 'refuse' }));
  await c.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 'refuse', Rule: { Name: 'kept' } }));
  const create = (rule: v1.ReceiptRule, extra: { After?: string; RuleSetName?: string } = {}) =>
    fail(c.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 'refuse', Rule: rule, ...extra })));

  assert.deepEqual(await create({ Name: 'kept' }), {
    name: 'AlreadyExistsException',
    message: 'Rule already exists: kept',
    status: 400,
  });
  assert.equal((await create({ Name: 'x' }, { After: 'missing' })).message, 'Rule does not exist: missing');
  assert.equal(
    (await create({ Name: 'x' }, { RuleSetName: 'missing' })).name,
    'RuleSetDoesNotExistException',
  );
  const badName = await create({ Name: 'bad name' });
  assert.equal(badName.name, 'ValidationError');
  assert.match(
    badName.message,
    /at 'rule\.name' failed to satisfy constraint: Member must satisfy regular expression pattern/,
  );
  const badTls = await create({ Name: 'x', TlsPolicy: 'Sometimes' as v1.TlsPolicy });
  assert.match(badTls.message, /rule\.tlsPolicy.*\[Require, Optional\]/);
  // A name's characters are refused with the model's violations in one ValidationError, before the
  // service's own checks (floci-io/floci#3119, probed against AWS).
  const both = await create({
    Name: 'bad name',
    TlsPolicy: 'Sometimes' as v1.TlsPolicy,
    Actions: [
      { StopAction: { Scope: 'RuleSet' } },
      { AddHeaderAction: { HeaderName: 'A', HeaderValue: 'b' } },
    ],
  });
  assert.equal(both.name, 'ValidationError');
  assert.match(both.message, /^2 validation errors detected: .*'rule\.tlsPolicy'.*'rule\.name'/);
  const stopFirst = await create({
    Name: 'x',
    Actions: [
      { StopAction: { Scope: 'RuleSet' } },
      { AddHeaderAction: { HeaderName: 'A', HeaderValue: 'b' } },
    ],
  });
  assert.deepEqual(stopFirst, {
    name: 'InvalidParameterValue',
    message: 'Stop action, if any, must be placed at the end of the actions list',
    status: 400,
  });
  const two = await create({
    Name: 'x',
    Actions: [{ StopAction: { Scope: 'RuleSet' }, AddHeaderAction: { HeaderName: 'A', HeaderValue: 'b' } }],
  });
  assert.equal(two.message, 'Exactly one action type must be specified for each ReceiptAction');
  const noBucket = await create({ Name: 'x', Actions: [{ S3Action: { BucketName: 'no-such-bucket' } }] });
  assert.deepEqual(noBucket, {
    name: 'InvalidS3ConfigurationException',
    message: 'Could not write to bucket: no-such-bucket',
    status: 400,
  });
  const escape = await create({ Name: 'x', Actions: [{ S3Action: { BucketName: '..' } }] });
  assert.equal(escape.name, 'InvalidS3ConfigurationException');
  const bounce = await create({
    Name: 'x',
    Actions: [{ BounceAction: { SmtpReplyCode: '550', Message: 'no', Sender: 'nobody@unverified.example' } }],
  });
  assert.deepEqual(bounce, {
    name: 'InvalidParameterValue',
    message: 'Identity is not verified: nobody@unverified.example',
    status: 400,
  });
  const tooMany = await create({
    Name: 'x',
    Actions: Array.from({ length: 11 }, (_, n) => ({
      AddHeaderAction: { HeaderName: `X-${n}`, HeaderValue: 'v' },
    })),
  });
  assert.equal(tooMany.name, 'LimitExceededException');
  const updateMissing = await fail(
    c.send(new v1.UpdateReceiptRuleCommand({ RuleSetName: 'refuse', Rule: { Name: 'ghost' } })),
  );
  assert.equal(updateMissing.message, 'Rule does not exist: ghost');

  const set = await c.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 'refuse' }));
  assert.deepEqual(names(set.Rules), ['kept']);

  // With the bucket under the import root and a verified bounce sender, the same actions are stored.
  await c.send(new v1.VerifyDomainIdentityCommand({ Domain: 'verified.example' }));
  await c.send(
    new v1.CreateReceiptRuleCommand({
      RuleSetName: 'refuse',
      Rule: {
        Name: 'ok',
        Actions: [
          { S3Action: { BucketName: 'inbound-bucket', ObjectKeyPrefix: 'mail/' } },
          { BounceAction: { SmtpReplyCode: '550', Message: 'no', Sender: 'postmaster@verified.example' } },
        ],
      },
    }),
  );
  const ok = (await c.send(new v1.DescribeReceiptRuleCommand({ RuleSetName: 'refuse', RuleName: 'ok' })))
    .Rule;
  assert.deepEqual(ok?.Actions?.[0], {
    S3Action: { BucketName: 'inbound-bucket', ObjectKeyPrefix: 'mail/' },
  });
});

test('a rule set holds at most 200 rules; an account at most 40 rule sets', async () => {
  const c = server.ses();
  const eu = new v1.SESClient({
    endpoint: server.url,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  for (let n = 0; n < 40; n++) await eu.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: `s${n}` }));
  const over = await fail(eu.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: 's40' })));
  assert.equal(over.name, 'LimitExceededException');
  const page1 = await eu.send(new v1.ListReceiptRuleSetsCommand({}));
  assert.equal(page1.RuleSets?.length, 40);
  // Rule sets are per region: none of these is in us-east-1.
  assert.equal((await fail(c.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 's0' })))).status, 400);

  for (let n = 0; n < 200; n++)
    await eu.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 's0', Rule: { Name: `r${n}` } }));
  const full = await fail(
    eu.send(new v1.CreateReceiptRuleCommand({ RuleSetName: 's0', Rule: { Name: 'r200' } })),
  );
  assert.equal(full.name, 'LimitExceededException');
  assert.equal(
    (await eu.send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 's0' }))).Rules?.length,
    200,
  );
});

test('IP filters: create, list, duplicate, CIDR checks, delete', async () => {
  const c = server.ses();
  await c.send(
    new v1.CreateReceiptFilterCommand({
      Filter: { Name: 'block-net', IpFilter: { Policy: 'Block', Cidr: '10.0.0.0/8' } },
    }),
  );
  await c.send(
    new v1.CreateReceiptFilterCommand({
      Filter: { Name: 'allow-one', IpFilter: { Policy: 'Allow', Cidr: '10.1.2.3' } },
    }),
  );
  await c.send(
    new v1.CreateReceiptFilterCommand({
      Filter: { Name: 'v6', IpFilter: { Policy: 'Block', Cidr: '2001:db8::/32' } },
    }),
  );
  const dup = await fail(
    c.send(
      new v1.CreateReceiptFilterCommand({
        Filter: { Name: 'v6', IpFilter: { Policy: 'Allow', Cidr: '1.2.3.4' } },
      }),
    ),
  );
  assert.equal(dup.name, 'AlreadyExistsException');
  for (const cidr of ['10.0.0.0/33', '300.1.1.1', '10.0.0.0/', 'example.com', '2001:db8::/129']) {
    const bad = await fail(
      c.send(
        new v1.CreateReceiptFilterCommand({
          Filter: { Name: 'bad', IpFilter: { Policy: 'Block', Cidr: cidr } },
        }),
      ),
    );
    assert.deepEqual(
      bad,
      { name: 'InvalidParameterValue', message: 'Invalid CIDR block', status: 400 },
      cidr,
    );
  }
  const listed = await c.send(new v1.ListReceiptFiltersCommand({}));
  assert.deepEqual(listed.Filters, [
    { Name: 'allow-one', IpFilter: { Policy: 'Allow', Cidr: '10.1.2.3' } },
    { Name: 'block-net', IpFilter: { Policy: 'Block', Cidr: '10.0.0.0/8' } },
    { Name: 'v6', IpFilter: { Policy: 'Block', Cidr: '2001:db8::/32' } },
  ]);
  await c.send(new v1.DeleteReceiptFilterCommand({ FilterName: 'v6' }));
  await c.send(new v1.DeleteReceiptFilterCommand({ FilterName: 'v6' }));
  assert.deepEqual(
    (await c.send(new v1.ListReceiptFiltersCommand({}))).Filters?.map((f) => f.Name),
    ['allow-one', 'block-net'],
  );
});

test('an IAM user without permission is denied every receipt operation, and nothing is created', async () => {
  const iam = server.iam();
  await iam.send(new CreateUserCommand({ UserName: 'no-receipt' }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'no-receipt' }))).AccessKey;
  const denied = server.ses({
    accessKeyId: key?.AccessKeyId ?? '',
    secretAccessKey: key?.SecretAccessKey ?? '',
  });
  const refusal = await fail(denied.send(new v1.CreateReceiptRuleSetCommand({ RuleSetName: 'denied-set' })));
  assert.equal(refusal.name, 'AccessDenied');
  assert.equal(refusal.status, 403);
  assert.match(refusal.message, /user\/no-receipt.*ses:CreateReceiptRuleSet/);
  assert.equal((await fail(denied.send(new v1.ListReceiptFiltersCommand({})))).name, 'AccessDenied');
  const filter = await fail(
    denied.send(
      new v1.CreateReceiptFilterCommand({
        Filter: { Name: 'd', IpFilter: { Policy: 'Block', Cidr: '1.1.1.1' } },
      }),
    ),
  );
  assert.match(filter.message, /ses:CreateReceiptFilter/);
  assert.equal(
    (await fail(server.ses().send(new v1.DescribeReceiptRuleSetCommand({ RuleSetName: 'denied-set' })))).name,
    'RuleSetDoesNotExistException',
  );
});
