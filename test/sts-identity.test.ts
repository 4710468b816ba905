/**
 * GetCallerIdentity (API_GetCallerIdentity.html), GetSessionToken (API_GetSessionToken.html),
 * GetAccessKeyInfo (API_GetAccessKeyInfo.html) and the expiry of session credentials, through
 * @aws-sdk/client-sts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
} from '@aws-sdk/client-sts';
import { startTestServer, type Credentials, type TestServer } from './support/server.js';
import {
  ACCOUNT,
  addOtherAccount,
  allow,
  awsError,
  makeCaller,
  makeRole,
  makeUser,
  OTHER,
  OTHER_ROOT,
  policy,
  sessionCreds,
  trust,
} from './sts-fixtures.js';

let server: TestServer;
/**
 * An IAM user allowed sts:AssumeRole on `*`, to assume the roles trusting the account: root user
 * credentials cannot call AssumeRole (API_AssumeRole.html).
 */
let caller: Credentials;
before(async () => {
  server = await startTestServer();
  await addOtherAccount(server);
  caller = (await makeCaller(server, 'caller')).creds;
});
after(() => server.close());

describe('GetCallerIdentity', () => {
  it('root: the account id is the UserId', async () => {
    assert.deepEqual(pick(await server.sts().send(new GetCallerIdentityCommand({}))), {
      UserId: ACCOUNT,
      Account: ACCOUNT,
      Arn: `arn:aws:iam::${ACCOUNT}:root`,
    });
  });

  it('a user: its AIDA id and ARN — even when a policy explicitly denies sts:GetCallerIdentity', async () => {
    const user = await makeUser(server, 'denied-everything', {
      deny: policy({ Effect: 'Deny', Action: '*', Resource: '*' }),
    });
    const out = await server.sts(user.creds).send(new GetCallerIdentityCommand({}));
    const stored = (await server.runtime.iam.users.get(ACCOUNT, 'denied-everything'))!;
    assert.deepEqual(pick(out), { UserId: stored.UserId, Account: ACCOUNT, Arn: user.arn });
    assert.match(out.UserId!, /^AIDA[A-Z2-7]{17}$/);
  });

  it('a role session: AROA…:session and the assumed-role ARN', async () => {
    const roleArn = await makeRole(server, 'WhoAmI', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const s = await server
      .sts(caller)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'me-session' }));
    const out = await server.sts(sessionCreds(s)).send(new GetCallerIdentityCommand({}));
    const role = (await server.runtime.iam.roles.get(ACCOUNT, 'WhoAmI'))!;
    assert.deepEqual(pick(out), {
      UserId: `${role.RoleId}:me-session`,
      Account: ACCOUNT,
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/WhoAmI/me-session`,
    });
  });

  it("another account's root", async () => {
    const out = await server.sts(OTHER_ROOT).send(new GetCallerIdentityCommand({}));
    assert.deepEqual(pick(out), { UserId: OTHER, Account: OTHER, Arn: `arn:aws:iam::${OTHER}:root` });
  });
});

describe('GetSessionToken', () => {
  it("a user's session acts as the user, with the user's permissions; 12 hours by default", async () => {
    const user = await makeUser(server, 'mfa-less', { p: policy(allow('sts:GetAccessKeyInfo')) });
    const out = await server.sts(user.creds).send(new GetSessionTokenCommand({}));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
    const left = out.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(left > 43100_000 && left <= 43200_000, `${left}`);
    const session = server.sts(sessionCreds(out));
    const who = await session.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, user.arn);
    assert.equal(
      (await session.send(new GetAccessKeyInfoCommand({ AccessKeyId: user.creds.accessKeyId }))).Account,
      ACCOUNT,
    );
  });

  it('a user without the permission is refused with its own ARN in the text', async () => {
    const user = await makeUser(server, 'plain-user');
    const out = await server.sts(user.creds).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    await assert.rejects(
      server
        .sts(sessionCreds(out))
        .send(new GetAccessKeyInfoCommand({ AccessKeyId: user.creds.accessKeyId })),
      awsError(
        'AccessDenied',
        `User: ${user.arn} is not authorized to perform: sts:GetAccessKeyInfo because no identity-based policy allows the sts:GetAccessKeyInfo action`,
      ),
    );
  });

  it('DurationSeconds 900–129600; the root user is held to one hour', async () => {
    const user = await makeUser(server, 'long-session');
    const sts = server.sts(user.creds);
    await assert.rejects(
      sts.send(new GetSessionTokenCommand({ DurationSeconds: 129601 })),
      awsError(
        'ValidationError',
        "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
      ),
    );
    const long = await sts.send(new GetSessionTokenCommand({ DurationSeconds: 129600 }));
    assert.ok(long.Credentials!.Expiration!.getTime() - Date.now() > 129500_000);
    const root = await server.sts().send(new GetSessionTokenCommand({ DurationSeconds: 7200 }));
    const left = root.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(left > 3500_000 && left <= 3600_000, `${left}`);
    const who = await server.sts(sessionCreds(root)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  it('refuses session credentials, and needs no permission', async () => {
    const user = await makeUser(server, 'denied-gst', {
      deny: policy({ Effect: 'Deny', Action: 'sts:*', Resource: '*' }),
    });
    const first = await server.sts(user.creds).send(new GetSessionTokenCommand({}));
    await assert.rejects(
      server.sts(sessionCreds(first)).send(new GetSessionTokenCommand({})),
      awsError('AccessDenied', 'Cannot call GetSessionToken with session credentials'),
    );
    const roleArn = await makeRole(server, 'NoNesting', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const s = await server
      .sts(caller)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'nest' }));
    await assert.rejects(
      server.sts(sessionCreds(s)).send(new GetSessionTokenCommand({})),
      awsError('AccessDenied', 'Cannot call GetSessionToken with session credentials'),
    );
  });
});

describe('GetAccessKeyInfo', () => {
  it("answers the account of a user's key, a session key, and another account's key", async () => {
    const sts = server.sts();
    const user = await makeUser(server, 'other-owner', {}, OTHER);
    assert.equal(
      (await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: user.creds.accessKeyId }))).Account,
      OTHER,
    );
    const roleArn = await makeRole(server, 'KeyInfo', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const s = await server
      .sts(caller)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ki' + '-s' }));
    assert.equal(
      (await sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: s.Credentials!.AccessKeyId }))).Account,
      ACCOUNT,
    );
    await assert.rejects(
      sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIA' })),
      awsError(
        'ValidationError',
        "1 validation error detected: Value 'AKIA' at 'accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 16",
      ),
    );
  });
});

describe('session expiry', () => {
  it('a session past its Expiration answers ExpiredToken', async () => {
    const roleArn = await makeRole(server, 'ShortLived', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const sts = server.runtime.sts;
    const fresh = await server
      .sts(caller)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'fresh', DurationSeconds: 900 }));
    // Issue the next 900-second session as if 901 seconds ago: it has just expired.
    sts.clock = () => new Date(Date.now() - 901_000);
    try {
      const old = await server
        .sts(caller)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'old', DurationSeconds: 900 }));
      assert.ok(old.Credentials!.Expiration!.getTime() < Date.now());
      await assert.rejects(
        server.sts(sessionCreds(old)).send(new GetCallerIdentityCommand({})),
        awsError('ExpiredToken', 'The security token included in the request is expired'),
      );
    } finally {
      sts.clock = () => new Date();
    }
    assert.equal(
      (await server.sts(sessionCreds(fresh)).send(new GetCallerIdentityCommand({}))).UserId?.endsWith(
        ':fresh',
      ),
      true,
    );
  });
});

function pick(o: { UserId?: string; Account?: string; Arn?: string }) {
  return { UserId: o.UserId, Account: o.Account, Arn: o.Arn };
}
