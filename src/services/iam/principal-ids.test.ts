import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { bindPrincipals, missingPrincipal, PrincipalDirectory, showPrincipals } from './principal-ids.js';
import { ACCOUNT, closeIamStores, memoryIamStore } from './store-test-helpers.js';

after(closeIamStores);

const trustOf = (...aws: string[]) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: aws }, Action: 'sts:AssumeRole' }],
  });
const userArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:user${path}${name}`;

test('users and roles are stored by unique id and shown by their current ARN; the rest as written', async () => {
  const iam = await memoryIamStore();
  const dir = new PrincipalDirectory(iam.db);
  const carol = await iam.users.create(ACCOUNT, { UserName: 'carol', Path: '/team/' });
  const role = await iam.roles.create(ACCOUNT, { RoleName: 'R', AssumeRolePolicyDocument: trustOf(ACCOUNT) });
  const others = [
    ACCOUNT,
    `arn:aws:iam::${ACCOUNT}:root`,
    `arn:aws:sts::${ACCOUNT}:assumed-role/R/s`,
    'arn:aws:iam::999999999999:user/elsewhere',
  ];
  const written = trustOf(carol.Arn, role.Arn, ...others);
  assert.equal(await missingPrincipal(dir, written), undefined);
  const stored = await bindPrincipals(dir, written);
  assert.equal(stored, trustOf(carol.UserId, role.RoleId, ...others));
  assert.equal(await showPrincipals(dir, stored), written);

  // A renamed user keeps its id: the policy follows it (IAM User Guide, Using_Renaming.html).
  await iam.users.update(ACCOUNT, 'carol', { NewUserName: 'dave', NewPath: '/' });
  assert.equal(await showPrincipals(dir, stored), trustOf(userArn('dave'), role.Arn, ...others));

  // A deleted entity's id stays; a new one with the same name is not it.
  await iam.users.delete(ACCOUNT, 'dave');
  await iam.users.create(ACCOUNT, { UserName: 'carol', Path: '/team/' });
  assert.equal(await showPrincipals(dir, stored), trustOf(carol.UserId, role.Arn, ...others));
  assert.equal(await missingPrincipal(dir, stored), carol.UserId, 'an orphaned id cannot be written back');
});

test('a user or role that does not exist, or exists under another path, is the missing principal', async () => {
  const iam = await memoryIamStore();
  const dir = new PrincipalDirectory(iam.db);
  await iam.users.create(ACCOUNT, { UserName: 'carol', Path: '/team/' });
  assert.equal(await missingPrincipal(dir, trustOf(userArn('carol'))), userArn('carol'));
  assert.equal(
    await missingPrincipal(dir, trustOf(userArn('nobody', '/team/'))),
    userArn('nobody', '/team/'),
  );
  assert.equal(await missingPrincipal(dir, trustOf('AROAAAAAAAAAAAAAAAAAA')), 'AROAAAAAAAAAAAAAAAAAA');
  assert.equal(await missingPrincipal(dir, trustOf(userArn('carol', '/team/'))), undefined);
  // Accounts this server does not hold cannot be checked.
  assert.equal(await missingPrincipal(dir, trustOf('arn:aws:iam::999999999999:role/Any')), undefined);
});
