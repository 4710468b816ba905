/**
 * Shared by the test/sts*.test.ts suites: roles, users and keys set up through the IAM store (the
 * STS behaviour under test does not depend on how they were made), callers of AssumeRole made
 * through the IAM API (makeCaller), and small policy builders.
 */
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { STSServiceException } from '@aws-sdk/client-sts';
import { ROOT, type Credentials, type TestServer } from './support/server.js';

export const ACCOUNT = '000000000000';
export const OTHER = '111122223333';
export const OTHER_ROOT: Credentials = {
  accessKeyId: 'AKIAOTHERACCOUNTROOT',
  secretAccessKey: 'other-secret',
};

export const policy = (...statements: object[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

export const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

/** A trust policy statement allowing `actions` to `principal`, with an optional condition. */
export const trust = (principal: object, condition?: object, actions: string | string[] = 'sts:AssumeRole') =>
  policy({
    Effect: 'Allow',
    Principal: principal,
    Action: actions,
    ...(condition && { Condition: condition }),
  });

export interface RoleSetup {
  trust: string;
  account?: string;
  policies?: Record<string, string>;
  maxSessionDuration?: number;
  tags?: { Key: string; Value: string }[];
}

export async function makeRole(server: TestServer, name: string, setup: RoleSetup): Promise<string> {
  const account = setup.account ?? ACCOUNT;
  const iam = server.runtime.iam;
  const role = await iam.roles.create(account, {
    RoleName: name,
    AssumeRolePolicyDocument: setup.trust,
    MaxSessionDuration: setup.maxSessionDuration,
    Tags: setup.tags,
  });
  for (const [n, doc] of Object.entries(setup.policies ?? {}))
    await iam.inlinePolicies.put(account, 'role', name, n, doc);
  return role.Arn;
}

/** A user with an access key and the given inline policies; returns its ARN and credentials. */
export async function makeUser(
  server: TestServer,
  name: string,
  policies: Record<string, string> = {},
  account = ACCOUNT,
): Promise<{ arn: string; creds: Credentials }> {
  const iam = server.runtime.iam;
  const user = await iam.users.create(account, { UserName: name });
  for (const [n, doc] of Object.entries(policies))
    await iam.inlinePolicies.put(account, 'user', name, n, doc);
  const key = await iam.accessKeys.create(account, name);
  return { arn: user.Arn, creds: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
}

export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface CallerSetup {
  /** The root of the account the user is made in: ROOT (000000000000) unless given, e.g. OTHER_ROOT. */
  root?: Credentials;
  /** The user's inline identity policy; `sts:AssumeRole` on `*` unless given. */
  policy?: string;
  /** Managed policies to attach, e.g. ADMINISTRATOR_ACCESS. */
  managed?: string[];
}

/**
 * A legal caller of AssumeRole: an IAM user made through the IAM API by its account's root, with an
 * access key and an identity policy allowing what the test needs. Root user credentials cannot call
 * AssumeRole (API_AssumeRole.html), so a trust policy naming `arn:aws:iam::<account>:root` is
 * exercised through such a user: the trust delegates to the user's identity policy.
 */
export async function makeCaller(
  server: TestServer,
  name: string,
  setup: CallerSetup = {},
): Promise<{ arn: string; creds: Credentials }> {
  const iam = server.iam(setup.root ?? ROOT);
  const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
  const document = setup.policy ?? policy(allow('sts:AssumeRole'));
  await iam.send(
    new PutUserPolicyCommand({ UserName: name, PolicyName: 'caller', PolicyDocument: document }),
  );
  for (const arn of setup.managed ?? [])
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }));
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    arn: User!.Arn!,
    creds: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! },
  };
}

export async function addOtherAccount(server: TestServer): Promise<void> {
  await server.runtime.iam.accounts.create(OTHER, OTHER_ROOT.accessKeyId, OTHER_ROOT.secretAccessKey);
}

/** The SDK's credentials for an AssumeRole/GetSessionToken answer. */
export function sessionCreds(out: {
  Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string };
}): Credentials {
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** An assertion for assert.rejects: the AWS error code and exact message. */
export const awsError =
  (code: string, message: string | RegExp) =>
  (e: unknown): boolean => {
    // SDK errors carry the code as `name`; Pinpost's own AwsError (internal callers) as `code`.
    const err = e as STSServiceException & { code?: string };
    const got = err.code ?? err.name;
    if (got !== code) throw new Error(`expected ${code}, got ${got}: ${err.message}`);
    if (typeof message === 'string' ? err.message !== message : !message.test(err.message))
      throw new Error(`expected message ${String(message)}, got: ${err.message}`);
    return true;
  };
