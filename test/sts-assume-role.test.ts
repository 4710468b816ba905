/**
 * AssumeRole through @aws-sdk/client-sts against a running Pinpost: who may assume a role under
 * each trust-policy shape (API_AssumeRole.html; reference_policies_evaluation-logic-cross-account.html;
 * id_roles_create_for-user_externalid.html), and what the session may then do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ROOT, startTestServer, type Credentials, type TestServer } from './support/server.js';
import {
  ACCOUNT,
  addOtherAccount,
  ADMINISTRATOR_ACCESS,
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
before(async () => {
  server = await startTestServer();
  await addOtherAccount(server);
});
after(() => server.close());

const denied = (who: string, roleArn: string) =>
  awsError(
    'AccessDenied',
    `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
  );

describe('AssumeRole: trust policy shapes', () => {
  it('a trust policy naming the user ARN suffices within the account, with no identity policy', async () => {
    const user = await makeUser(server, 'direct-user');
    const roleArn = await makeRole(server, 'DirectRole', { trust: trust({ AWS: user.arn }) });
    const out = await server
      .sts(user.creds)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 's1' }));
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
    assert.equal(out.Credentials!.SecretAccessKey!.length, 40);
    assert.ok(out.Credentials!.SessionToken!.length > 100);
    assert.ok(out.Credentials!.Expiration instanceof Date);
    const role = (await server.runtime.iam.roles.get(ACCOUNT, 'DirectRole'))!;
    assert.equal(out.AssumedRoleUser!.AssumedRoleId, `${role.RoleId}:s1`);
    assert.match(out.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:s1$/);
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/DirectRole/s1`);
    assert.equal(out.PackedPolicySize, undefined);
    // The role records its use (GetRole's RoleLastUsed).
    assert.ok((await server.runtime.iam.roles.get(ACCOUNT, 'DirectRole'))!.RoleLastUsed?.LastUsedDate);
  });

  it("a trust policy naming the account delegates to the caller's identity policy", async () => {
    const roleArn = await makeRole(server, 'AccountTrust', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const without = await makeUser(server, 'no-allow');
    await assert.rejects(
      server
        .sts(without.creds)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss-session' })),
      denied(without.arn, roleArn),
    );
    const withAllow = await makeUser(server, 'with-allow', { p: policy(allow('sts:AssumeRole', roleArn)) });
    const out = await server
      .sts(withAllow.creds)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss-session' }));
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/AccountTrust/ss-session`);
  });

  it('an identity allow alone is not enough: the trust policy must allow (even for an administrator)', async () => {
    const roleArn = await makeRole(server, 'ServiceOnly', {
      trust: trust({ Service: 'pinpoint.amazonaws.com' }),
    });
    const administrator = await makeCaller(server, 'administrator', { managed: [ADMINISTRATOR_ACCESS] });
    await assert.rejects(
      server
        .sts(administrator.creds)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss-session' })),
      denied(administrator.arn, roleArn),
    );
    const admin = await makeUser(server, 'admin', { p: policy(allow('*')) });
    await assert.rejects(
      server
        .sts(admin.creds)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss-session' })),
      denied(admin.arn, roleArn),
    );
  });

  it('across accounts both the trust policy and the caller’s identity policy must allow', async () => {
    const roleArn = await makeRole(server, 'CrossRole', { trust: trust({ AWS: OTHER }) });
    const other = await makeUser(server, 'other-user', {}, OTHER);
    await assert.rejects(
      server
        .sts(other.creds)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'xx-session' })),
      denied(other.arn, roleArn),
    );
    const allowed = await makeUser(
      server,
      'other-allowed',
      { p: policy(allow('sts:AssumeRole', roleArn)) },
      OTHER,
    );
    const out = await server
      .sts(allowed.creds)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'xx-session' }));
    // The session belongs to the role's account.
    assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/CrossRole/xx-session`);
    const who = await server.sts(sessionCreds(out)).send(new GetCallerIdentityCommand({}));
    assert.equal(who.Account, ACCOUNT);
    // A user made by the other account's root through the IAM API, allowed sts:AssumeRole on `*`
    // by its own identity policy: the trust names its account.
    const caller = await makeCaller(server, 'other-caller', { root: OTHER_ROOT });
    const viaApi = await server
      .sts(caller.creds)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'rr-session' }));
    assert.equal(viaApi.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/CrossRole/rr-session`);
  });

  it('a trust policy naming only this account refuses another account, whatever its identity policy', async () => {
    const roleArn = await makeRole(server, 'LocalOnly', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const other = await makeUser(server, 'other-admin', { p: policy(allow('*')) }, OTHER);
    await assert.rejects(
      server
        .sts(other.creds)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'xx-session' })),
      denied(other.arn, roleArn),
    );
  });

  it('ExternalId: required by the trust policy, refused when missing or wrong (sts:ExternalId)', async () => {
    const user = await makeUser(server, 'vendor');
    const roleArn = await makeRole(server, 'VendorRole', {
      trust: trust({ AWS: user.arn }, { StringEquals: { 'sts:ExternalId': 'Unique-Id-42' } }),
    });
    const sts = server.sts(user.creds);
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'vv-session' })),
      denied(user.arn, roleArn),
    );
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'vv-session',
          ExternalId: 'Unique-Id-43',
        }),
      ),
      denied(user.arn, roleArn),
    );
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'vv-session', ExternalId: 'Unique-Id-42' }),
    );
    assert.match(out.Credentials!.AccessKeyId!, /^ASIA/);
  });

  it('sts:RoleSessionName in the trust policy condition', async () => {
    const user = await makeUser(server, 'named');
    const roleArn = await makeRole(server, 'NamedSessions', {
      trust: trust({ AWS: user.arn }, { StringLike: { 'sts:RoleSessionName': 'ci-*' } }),
    });
    const sts = server.sts(user.creds);
    await assert.rejects(
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'me' })),
      denied(user.arn, roleArn),
    );
    await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ci-build-7' }));
  });

  it('a role that does not exist answers AccessDenied, not NoSuchEntity, even to a caller allowed on *', async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/NoSuchRole`;
    const caller = await makeCaller(server, 'missing-role-caller', { managed: [ADMINISTRATOR_ACCESS] });
    await assert.rejects(
      server
        .sts(caller.creds)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss-session' })),
      denied(caller.arn, roleArn),
    );
  });
});

describe('AssumeRole: the root user', () => {
  // API_AssumeRole.html: "You cannot use AWS account root user credentials to call AssumeRole."
  // AWS answers before reading any trust policy, for any role (kubeflow/testing#961).
  const rootRefused = awsError('AccessDenied', 'Roles may not be assumed by root accounts.');

  it('root user credentials cannot call AssumeRole: own role, another account’s role, a missing role (API_AssumeRole.html; kubeflow/testing#961)', async () => {
    const own = await makeRole(server, 'RootTrusted', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const theirs = await makeRole(server, 'TrustsOurAccount', {
      account: OTHER,
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    });
    const ours = await makeRole(server, 'TrustsOtherAccount', {
      trust: trust({ AWS: `arn:aws:iam::${OTHER}:root` }),
    });
    const missing = `arn:aws:iam::${ACCOUNT}:role/NoSuchRootRole`;
    const attempts: [Credentials, string][] = [
      [ROOT, own],
      [ROOT, theirs],
      [OTHER_ROOT, ours],
      [ROOT, missing],
      [OTHER_ROOT, missing],
    ];
    const before = await server.runtime.sts.sessions.count();
    for (const [creds, roleArn] of attempts)
      await assert.rejects(
        server.sts(creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'root-session' })),
        rootRefused,
        `${creds.accessKeyId} on ${roleArn}`,
      );
    assert.equal(await server.runtime.sts.sessions.count(), before, 'no session written');
    assert.equal(
      (await server.runtime.iam.roles.get(ACCOUNT, 'RootTrusted'))!.RoleLastUsed?.LastUsedDate,
      undefined,
    );

    // The same roles are assumable by a user of the trusted account allowed by its identity policy:
    // the refusal is about the root user, not the trust policies.
    const ourCaller = await makeCaller(server, 'root-test-caller');
    const theirCaller = await makeCaller(server, 'root-test-caller', { root: OTHER_ROOT });
    for (const [creds, roleArn] of [
      [ourCaller.creds, own],
      [ourCaller.creds, theirs],
      [theirCaller.creds, ours],
    ] as const)
      await server
        .sts(creds)
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'user-session' }));
    assert.equal(await server.runtime.sts.sessions.count(), before + 3);
  });
});

describe('AssumeRole: what the session may do', () => {
  const probe = new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' });

  it("the session has the role's permissions, and only them (AccessDenied names the assumed-role ARN)", async () => {
    const user = await makeUser(server, 'perm-user', { p: policy(allow('*')) });
    const roleArn = await makeRole(server, 'Narrow', { trust: trust({ AWS: user.arn }) });
    const out = await server
      .sts(user.creds)
      .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'nn-session' }));
    await assert.rejects(
      server.sts(sessionCreds(out)).send(probe),
      awsError(
        'AccessDenied',
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/Narrow/nn-session is not authorized to perform: sts:GetAccessKeyInfo because no identity-based policy allows the sts:GetAccessKeyInfo action`,
      ),
    );
    const wideArn = await makeRole(server, 'Wide', {
      trust: trust({ AWS: user.arn }),
      policies: { p: policy(allow('sts:GetAccessKeyInfo')) },
    });
    const wide = await server
      .sts(user.creds)
      .send(new AssumeRoleCommand({ RoleArn: wideArn, RoleSessionName: 'ww-session' }));
    assert.equal((await server.sts(sessionCreds(wide)).send(probe)).Account, ACCOUNT);
  });

  it('a session policy limits the session further, and cannot widen it', async () => {
    const user = await makeUser(server, 'sp-user');
    const roleArn = await makeRole(server, 'Scoped', {
      trust: trust({ AWS: user.arn }),
      policies: { p: policy(allow(['sts:GetAccessKeyInfo'])) },
    });
    const sts = server.sts(user.creds);
    const limited = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'limited',
        Policy: policy(allow('sts:GetSessionToken')),
      }),
    );
    assert.equal(typeof limited.PackedPolicySize, 'number');
    assert.ok(limited.PackedPolicySize! > 0 && limited.PackedPolicySize! <= 100);
    await assert.rejects(
      server.sts(sessionCreds(limited)).send(probe),
      awsError(
        'AccessDenied',
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/Scoped/limited is not authorized to perform: sts:GetAccessKeyInfo because no session policy allows the sts:GetAccessKeyInfo action`,
      ),
    );
    const same = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'same', Policy: policy(allow('sts:*')) }),
    );
    await server.sts(sessionCreds(same)).send(probe);
    // A managed session policy (PolicyArns) bounds the same way.
    const managed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'managed',
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }],
      }),
    );
    await server.sts(sessionCreds(managed)).send(probe);
  });

  it('session tags are aws:PrincipalTag/* in the role policy; passing them needs sts:TagSession', async () => {
    const user = await makeUser(server, 'tagger');
    const roleArn = await makeRole(server, 'Tagged', {
      trust: trust({ AWS: user.arn }, undefined, ['sts:AssumeRole', 'sts:TagSession']),
      policies: {
        p: policy(
          allow('sts:GetAccessKeyInfo', '*', {
            Condition: { StringEquals: { 'aws:PrincipalTag/team': 'mail' } },
          }),
        ),
      },
    });
    const sts = server.sts(user.creds);
    const mail = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'tt-session',
        Tags: [{ Key: 'team', Value: 'mail' }],
      }),
    );
    assert.equal(typeof mail.PackedPolicySize, 'number');
    await server.sts(sessionCreds(mail)).send(probe);
    const other = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: 'tt-session',
        Tags: [{ Key: 'team', Value: 'web' }],
      }),
    );
    await assert.rejects(
      server.sts(sessionCreds(other)).send(probe),
      awsError('AccessDenied', /sts:GetAccessKeyInfo/),
    );

    const noTagSession = await makeRole(server, 'NoTagSession', { trust: trust({ AWS: user.arn }) });
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({
          RoleArn: noTagSession,
          RoleSessionName: 'tt-session',
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
      awsError(
        'AccessDenied',
        `User: ${user.arn} is not authorized to perform: sts:TagSession on resource: ${noTagSession}`,
      ),
    );
  });

  it('aws:RequestTag/* and multivalued aws:TagKeys reach the trust policy', async () => {
    const user = await makeUser(server, 'req-tagger');
    const roleArn = await makeRole(server, 'RequestTags', {
      trust: trust(
        { AWS: user.arn },
        {
          StringEquals: { 'aws:RequestTag/project': 'pinpost' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['project', 'team'] },
        },
        ['sts:AssumeRole', 'sts:TagSession'],
      ),
    });
    const sts = server.sts(user.creds);
    const send = (tags: { Key: string; Value: string }[]) =>
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'rr-session', Tags: tags }));
    await send([
      { Key: 'project', Value: 'pinpost' },
      { Key: 'team', Value: 'mail' },
    ]);
    await assert.rejects(send([{ Key: 'project', Value: 'other' }]), denied(user.arn, roleArn));
    await assert.rejects(
      send([
        { Key: 'project', Value: 'pinpost' },
        { Key: 'cost', Value: '1' },
      ]),
      denied(user.arn, roleArn),
    );
  });

  it('SourceIdentity needs sts:SetSourceIdentity and is returned', async () => {
    const user = await makeUser(server, 'src-user');
    const plain = await makeRole(server, 'NoSourceIdentity', { trust: trust({ AWS: user.arn }) });
    const sts = server.sts(user.creds);
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({ RoleArn: plain, RoleSessionName: 'ss-session', SourceIdentity: 'alice' }),
      ),
      awsError(
        'AccessDenied',
        `User: ${user.arn} is not authorized to perform: sts:SetSourceIdentity on resource: ${plain}`,
      ),
    );
    const roleArn = await makeRole(server, 'WithSourceIdentity', {
      trust: trust({ AWS: user.arn }, { StringEquals: { 'sts:SourceIdentity': 'alice' } }, [
        'sts:AssumeRole',
        'sts:SetSourceIdentity',
      ]),
    });
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss-session', SourceIdentity: 'alice' }),
    );
    assert.equal(out.SourceIdentity, 'alice');
    await assert.rejects(
      sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss-session', SourceIdentity: 'mallory' }),
      ),
      denied(user.arn, roleArn),
    );
  });
});

describe('AssumeRole: role chaining', () => {
  it('a session may assume another role for at most one hour; transitive tags and the source identity carry over', async () => {
    const user = await makeUser(server, 'chainer');
    const secondArn = await makeRole(server, 'Second', {
      trust: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
      maxSessionDuration: 7200,
      policies: {
        p: policy(
          allow('sts:GetAccessKeyInfo', '*', {
            Condition: { StringEquals: { 'aws:PrincipalTag/team': 'mail', 'aws:SourceIdentity': 'alice' } },
          }),
        ),
      },
    });
    const firstArn = await makeRole(server, 'First', {
      trust: trust({ AWS: user.arn }, undefined, [
        'sts:AssumeRole',
        'sts:TagSession',
        'sts:SetSourceIdentity',
      ]),
      policies: { p: policy(allow('sts:AssumeRole', secondArn)) },
    });
    const first = await server.sts(user.creds).send(
      new AssumeRoleCommand({
        RoleArn: firstArn,
        RoleSessionName: 'one',
        Tags: [
          { Key: 'team', Value: 'mail' },
          { Key: 'temp', Value: 'x' },
        ],
        TransitiveTagKeys: ['team'],
        SourceIdentity: 'alice',
      }),
    );
    const chained = server.sts(sessionCreds(first));
    await assert.rejects(
      chained.send(
        new AssumeRoleCommand({ RoleArn: secondArn, RoleSessionName: 'two', DurationSeconds: 7200 }),
      ),
      awsError(
        'ValidationError',
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      ),
    );
    const second = await chained.send(new AssumeRoleCommand({ RoleArn: secondArn, RoleSessionName: 'two' }));
    assert.equal(second.SourceIdentity, 'alice');
    const issued = second.Credentials!.Expiration!.getTime() - Date.now();
    assert.ok(issued <= 3600_000 && issued > 3500_000, `${issued}`);
    const stored = (await server.runtime.sts.sessions.find(second.Credentials!.AccessKeyId!))!.session;
    assert.deepEqual(stored.tags, [{ Key: 'team', Value: 'mail' }]);
    assert.deepEqual(stored.transitiveTagKeys, ['team']);
    assert.equal(stored.chained, true);
    // The role policy sees the inherited tag and source identity.
    await server
      .sts(sessionCreds(second))
      .send(new GetAccessKeyInfoCommand({ AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' }));
  });
});
