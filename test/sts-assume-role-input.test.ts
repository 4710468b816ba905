/**
 * AssumeRole's refusals of bad input, with AWS's codes and texts (API_AssumeRole.html; the STS
 * model's constraints; the SDK names modelled errors by their shape, MalformedPolicyDocumentException
 * for the wire code MalformedPolicyDocument), and proof that a refused request writes no session.
 * The caller is an IAM user allowed sts:AssumeRole and sts:TagSession: root user credentials cannot
 * call AssumeRole at all (API_AssumeRole.html; see sts-assume-role.test.ts).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import {
  awsError,
  makeCaller,
  makeRole,
  makeUser,
  policy,
  allow,
  sessionCreds,
  trust,
  ACCOUNT,
} from './sts-fixtures.js';

let server: TestServer;
let caller: Credentials;
let roleArn: string;
let longRoleArn: string;
before(async () => {
  server = await startTestServer();
  // The roles trust the account, which delegates to the caller's identity policy.
  caller = (
    await makeCaller(server, 'caller', { policy: policy(allow(['sts:AssumeRole', 'sts:TagSession'])) })
  ).creds;
  const root = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
  roleArn = await makeRole(server, 'Plain', {
    trust: trust(root, undefined, ['sts:AssumeRole', 'sts:TagSession']),
  });
  longRoleArn = await makeRole(server, 'Long', { trust: trust(root), maxSessionDuration: 7200 });
});
after(() => server.close());

/** Sends as the caller and checks the error and that no session row was written. */
async function refused(
  input: Partial<AssumeRoleCommandInput>,
  check: (e: unknown) => boolean,
  as: Credentials = caller,
) {
  const before = await server.runtime.sts.sessions.count();
  await assert.rejects(
    server.sts(as).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ok-session', ...input })),
    check,
  );
  assert.equal(await server.runtime.sts.sessions.count(), before, 'no session written');
}

const oneValidation = (value: string, member: string, rule: string) =>
  awsError(
    'ValidationError',
    `1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: Member must ${rule}`,
  );

describe('AssumeRole input', () => {
  it('RoleSessionName: 2 to 64 characters of [\\w+=,.@-]', async () => {
    await refused(
      { RoleSessionName: 'a' },
      oneValidation("'a'", 'roleSessionName', 'have length greater than or equal to 2'),
    );
    await refused(
      { RoleSessionName: 'x'.repeat(65) },
      oneValidation(`'${'x'.repeat(65)}'`, 'roleSessionName', 'have length less than or equal to 64'),
    );
    await refused(
      { RoleSessionName: 'bad name' },
      oneValidation("'bad name'", 'roleSessionName', 'satisfy regular expression pattern: [\\w+=,.@-]*'),
    );
    const ok = await server
      .sts(caller)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'a+b=c,d.e@f-g_h' }));
    assert.match(ok.AssumedRoleUser!.Arn!, /assumed-role\/Plain\/a\+b=c,d\.e@f-g_h$/);
  });

  it('several violations are reported together, as AWS does', async () => {
    await refused(
      { RoleSessionName: 'a', DurationSeconds: 10 },
      awsError(
        'ValidationError',
        "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '10' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      ),
    );
  });

  it("DurationSeconds: at least 900, at most the role's MaxSessionDuration (default 3600), default one hour", async () => {
    await refused(
      { DurationSeconds: 899 },
      oneValidation("'899'", 'durationSeconds', 'have value greater than or equal to 900'),
    );
    await refused(
      { DurationSeconds: 43201 },
      oneValidation("'43201'", 'durationSeconds', 'have value less than or equal to 43200'),
    );
    await refused(
      { DurationSeconds: 3601 },
      awsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      ),
    );
    const sts = server.sts(caller);
    const def = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'default' }));
    const left = def.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(left > 3500_000 && left <= 3600_000, `${left}`);
    const long = await sts.send(
      new AssumeRoleCommand({ RoleArn: longRoleArn, RoleSessionName: 'long', DurationSeconds: 7200 }),
    );
    const longLeft = long.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(longLeft > 7100_000 && longLeft <= 7200_000, `${longLeft}`);
    const min = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'min', DurationSeconds: 900 }),
    );
    assert.ok(min.Credentials!.Expiration!.getTime() - Date.now() <= 900_000);
  });

  it('RoleArn and RoleSessionName are required', async () => {
    await refused(
      { RoleArn: undefined, RoleSessionName: undefined },
      awsError(
        'ValidationError',
        "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it('Policy: malformed → MalformedPolicyDocument; over 2,048 characters → ValidationError', async () => {
    await refused(
      { Policy: 'not json' },
      awsError('MalformedPolicyDocumentException', 'Syntax errors in policy.'),
    );
    await refused(
      { Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] }) },
      awsError('MalformedPolicyDocumentException', 'Policy statement must contain resources.'),
    );
    const long = policy(
      allow(
        's3:GetObject',
        Array.from({ length: 90 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`),
      ),
    );
    assert.ok(long.length > 2048);
    await refused(
      { Policy: long },
      awsError(
        'ValidationError',
        `1 validation error detected: Value '${long}' at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048`,
      ),
    );
  });

  it('PolicyArns: at most 10, each an existing policy', async () => {
    const arns = Array.from({ length: 11 }, () => ({ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    await refused(
      { PolicyArns: arns },
      awsError(
        'ValidationError',
        /at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10$/,
      ),
    );
    const missing = `arn:aws:iam::${ACCOUNT}:policy/NoSuchPolicy`;
    await refused(
      { PolicyArns: [{ arn: missing }] },
      awsError('InvalidParameterValue', `Policy ${missing} does not exist or is not attachable.`),
    );
  });

  it('Tags: at most 50, keys and values per the model, packed size within the limit', async () => {
    const tags = (n: number, len = 4) =>
      Array.from({ length: n }, (_, i) => ({
        Key: `k${i}`,
        Value: randomBytes(len).toString('hex').slice(0, len),
      }));
    await refused(
      { Tags: tags(51) },
      awsError(
        'ValidationError',
        /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/,
      ),
    );
    await refused(
      { Tags: [{ Key: 'bad*key', Value: 'v' }] },
      oneValidation(
        "'bad*key'",
        'tags.1.member.key',
        'satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
      ),
    );
    // Fifty long random tags are within the count but not within the packed space.
    await refused(
      { Tags: tags(50, 200) },
      awsError(
        'PackedPolicyTooLargeException',
        /^Packed size of session tags consumes \d{3,}% of allotted space\.$/,
      ),
    );
    const ok = await server
      .sts(caller)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tags', Tags: tags(10) }));
    assert.ok(ok.PackedPolicySize! > 0 && ok.PackedPolicySize! <= 100, String(ok.PackedPolicySize));
  });

  it('ExternalId and SourceIdentity follow the model', async () => {
    await refused(
      { ExternalId: 'x' },
      oneValidation("'x'", 'externalId', 'have length greater than or equal to 2'),
    );
    await refused(
      { SourceIdentity: 'no spaces' },
      oneValidation("'no spaces'", 'sourceIdentity', 'satisfy regular expression pattern: [\\w+=,.@-]*'),
    );
  });

  it('RoleArn naming no role: ValidationError before the role is looked up or the caller authorized', async () => {
    // The model takes any 20 to 2048 printable characters; STS then answers "Request ARN is
    // invalid" (physera/onelogin-aws-cli#12), also to a caller allowed nothing.
    const invalid = awsError('ValidationError', 'Request ARN is invalid');
    await refused({ RoleArn: 'nothing-valid-in-here' }, invalid);
    await refused({ RoleArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/example.com` }, invalid);
    const nobody = await makeUser(server, 'allowed-nothing');
    await refused({ RoleArn: 'nothing-valid-in-here' }, invalid, nobody.creds);
  });

  it('session tags: keys differing only in case, a transitive key naming no tag, a chained transitive tag passed again', async () => {
    await refused(
      {
        Tags: [
          { Key: 'Team', Value: 'a' },
          { Key: 'team', Value: 'b' },
        ],
      },
      awsError(
        'InvalidParameterValue',
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      ),
    );
    await refused(
      { Tags: [{ Key: 'team', Value: 'a' }], TransitiveTagKeys: ['TEAM', 'cost'] },
      awsError(
        'InvalidParameterValue',
        'The specified transitive tag key must be included in the requested tags.',
      ),
    );
    const chainArn = await makeRole(server, 'Chain', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, undefined, ['sts:AssumeRole', 'sts:TagSession']),
      policies: { p: policy(allow(['sts:AssumeRole', 'sts:TagSession'])) },
    });
    const first = await server.sts(caller).send(
      new AssumeRoleCommand({
        RoleArn: chainArn,
        RoleSessionName: 'first',
        Tags: [{ Key: 'team', Value: 'mail' }],
        TransitiveTagKeys: ['team'],
      }),
    );
    await refused(
      { Tags: [{ Key: 'Team', Value: 'other' }] },
      awsError(
        'InvalidParameterValue',
        "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session.",
      ),
      sessionCreds(first),
    );
  });
});
