/**
 * Virtual MFA devices through @aws-sdk/client-iam, on a clock the test holds still: the seed and
 * QR code CreateVirtualMFADevice returns, enabling with two consecutive TOTP codes computed here
 * from that seed (RFC 6238: HMAC-SHA-1, 30-second steps, 6 digits), refusals that leave nothing,
 * resync, tags, listing by assignment status with paging, DeleteUser and DeleteVirtualMFADevice
 * refused while a device is enabled, the account summary's counts, read-after-delete, and
 * authorization on the device's and the user's ARNs; and STS GetSessionToken with the device's
 * code giving a session that satisfies aws:MultiFactorAuthPresent. Each case names the AWS page it follows.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  GetMFADeviceCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListUsersCommand,
  ListVirtualMFADevicesCommand,
  PutUserPolicyCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let iam: IAMClient;
const ACCOUNT = '000000000000';
/** The server's clock: 10 s into a 30 s step, so codes of this step and the next are the pair. */
const now = new Date('2026-03-01T12:00:10Z');

before(async () => {
  server = await startTestServer({}, { clock: () => now });
  iam = server.iam();
});
after(() => server.close());

async function failure(
  fn: () => Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await fn();
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  assert.fail('expected the call to fail');
}

/** RFC 4648 base32 to bytes. */
function fromBase32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The TOTP code of a base32 seed at a moment (RFC 6238 with RFC 4226's truncation). */
function totp(seed: string, at: Date, stepsAhead = 0): string {
  const counter = Math.floor(at.getTime() / 30000) + stepsAhead;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', fromBase32(seed)).update(msg).digest();
  const o = mac[19] & 0xf;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function createDevice(name: string, extra: { Path?: string } = {}) {
  const d = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, ...extra })))
    .VirtualMFADevice!;
  return { serial: d.SerialNumber!, seed: Buffer.from(d.Base32StringSeed!).toString('ascii'), device: d };
}

const enable = (UserName: string, serial: string, seed: string, at = now) =>
  iam.send(
    new EnableMFADeviceCommand({
      UserName,
      SerialNumber: serial,
      AuthenticationCode1: totp(seed, at),
      AuthenticationCode2: totp(seed, at, 1),
    }),
  );

const listed = async (AssignmentStatus?: 'Assigned' | 'Unassigned' | 'Any') =>
  ((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus }))).VirtualMFADevices ?? []).map(
    (d) => [d.SerialNumber, d.User?.UserName, d.EnableDate?.toISOString()],
  );

describe('virtual MFA device lifecycle (API_CreateVirtualMFADevice.html … API_DeleteVirtualMFADevice.html)', () => {
  it('creates with seed and QR code, enables, resyncs, tags, deactivates, deletes, and is gone after', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ann' }));
    const { serial, seed, device } = await createDevice('ann-phone', { Path: '/people/' });
    assert.equal(serial, `arn:aws:iam::${ACCOUNT}:mfa/people/ann-phone`);
    // Base32StringSeed is a blob holding the base32 text (API_VirtualMFADevice.html).
    assert.match(seed, /^[A-Z2-7]{64}$/);
    const png = Buffer.from(device.QRCodePNG!);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    const dup = await failure(() =>
      iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'ANN-PHONE' })),
    );
    assert.deepEqual(dup, {
      name: 'EntityAlreadyExistsException',
      message: 'MFADevice entity at the same path and name already exists.',
      status: 409,
    });
    assert.deepEqual(await listed('Unassigned'), [[serial, undefined, undefined]]);
    assert.deepEqual(await listed('Assigned'), []);

    // Wrong codes (a code of the wrong step, the pair swapped) leave the device unassigned.
    for (const [c1, c2] of [
      [totp(seed, now, 5), totp(seed, now, 6)],
      [totp(seed, now, 1), totp(seed, now)],
    ]) {
      const bad = await failure(() =>
        iam.send(
          new EnableMFADeviceCommand({
            UserName: 'ann',
            SerialNumber: serial,
            AuthenticationCode1: c1,
            AuthenticationCode2: c2,
          }),
        ),
      );
      assert.deepEqual(bad, {
        name: 'InvalidAuthenticationCodeException',
        message: 'Authentication code for device is not valid.',
        status: 403,
      });
    }
    assert.deepEqual(await listed('Assigned'), []);

    await enable('ann', serial, seed);
    const enabledAt = now.toISOString();
    assert.deepEqual(await listed('Assigned'), [[serial, 'ann', enabledAt]]);
    assert.deepEqual(await listed(), [[serial, 'ann', enabledAt]]);
    assert.deepEqual(
      (await iam.send(new ListMFADevicesCommand({ UserName: 'ann' }))).MFADevices?.map((d) => [
        d.UserName,
        d.SerialNumber,
        d.EnableDate?.toISOString(),
      ]),
      [['ann', serial, enabledAt]],
    );
    const got = await iam.send(new GetMFADeviceCommand({ UserName: 'ann', SerialNumber: serial }));
    assert.deepEqual([got.UserName, got.SerialNumber], ['ann', serial]);

    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    assert.deepEqual(await failure(() => enable('bob', serial, seed)), {
      name: 'EntityAlreadyExistsException',
      message: 'MFA Device is already in use.',
      status: 409,
    });
    const summary = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.equal(summary.MFADevices, 1);
    assert.equal(summary.MFADevicesInUse, 1);

    // API_DeleteUser.html: MFA devices go first; API_DeleteVirtualMFADevice.html: deactivate first.
    assert.deepEqual(await failure(() => iam.send(new DeleteUserCommand({ UserName: 'ann' }))), {
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete MFA device first.',
      status: 409,
    });
    const stillInUse = await failure(() =>
      iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })),
    );
    assert.equal(stillInUse.name, 'DeleteConflictException');

    // Resync (API_ResyncMFADevice.html): codes from a device five minutes fast still fit.
    const fast = new Date(now.getTime() + 5 * 60_000);
    await iam.send(
      new ResyncMFADeviceCommand({
        UserName: 'ann',
        SerialNumber: serial,
        AuthenticationCode1: totp(seed, fast),
        AuthenticationCode2: totp(seed, fast, 1),
      }),
    );
    const badResync = await failure(() =>
      iam.send(
        new ResyncMFADeviceCommand({
          UserName: 'ann',
          SerialNumber: serial,
          AuthenticationCode1: totp(seed, fast, 1),
          AuthenticationCode2: totp(seed, fast, 1),
        }),
      ),
    );
    assert.equal(badResync.name, 'InvalidAuthenticationCodeException');

    // Tags (API_TagMFADevice.html, API_UntagMFADevice.html, API_ListMFADeviceTags.html).
    await iam.send(
      new TagMFADeviceCommand({
        SerialNumber: serial,
        Tags: [
          { Key: 'team', Value: 'ops' },
          { Key: 'kind', Value: 'phone' },
        ],
      }),
    );
    await iam.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['kind'] }));
    assert.deepEqual((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags, [
      { Key: 'team', Value: 'ops' },
    ]);

    // Deactivating keeps the device, unassigned (API_DeactivateMFADevice.html).
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'ann', SerialNumber: serial }));
    assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'ann' }))).MFADevices, []);
    assert.deepEqual(await listed('Unassigned'), [[serial, undefined, undefined]]);
    assert.equal(
      (await failure(() => iam.send(new GetMFADeviceCommand({ UserName: 'ann', SerialNumber: serial }))))
        .name,
      'NoSuchEntityException',
    );

    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    const gone = {
      name: 'NoSuchEntityException',
      message: `VirtualMFADevice with serial number ${serial} does not exist.`,
      status: 404,
    };
    assert.deepEqual(
      await failure(() => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }))),
      gone,
    );
    assert.deepEqual(
      await failure(() => iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))),
      gone,
    );
    assert.deepEqual(await failure(() => enable('ann', serial, seed)), gone);
    assert.deepEqual(await listed(), []);
    assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.MFADevices, 0);
    await iam.send(new DeleteUserCommand({ UserName: 'ann' }));
    await iam.send(new DeleteUserCommand({ UserName: 'bob' }));
  });

  it('creates with tags returned; a device of an unknown user, bad codes and bad input change nothing', async () => {
    const { serial, seed, device } = await createDevice('tagged');
    assert.equal(device.Tags, undefined);
    const tagged = (
      await iam.send(
        new CreateVirtualMFADeviceCommand({
          VirtualMFADeviceName: 'with-tags',
          Tags: [{ Key: 'owner', Value: 'me' }],
        }),
      )
    ).VirtualMFADevice!;
    assert.deepEqual(tagged.Tags, [{ Key: 'owner', Value: 'me' }]);
    assert.deepEqual(
      (await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: tagged.SerialNumber }))).Tags,
      [{ Key: 'owner', Value: 'me' }],
    );

    assert.deepEqual(await failure(() => enable('nobody', serial, seed)), {
      name: 'NoSuchEntityException',
      message: 'The user with name nobody cannot be found.',
      status: 404,
    });
    const short = await failure(() =>
      iam.send(
        new EnableMFADeviceCommand({
          UserName: 'nobody',
          SerialNumber: serial,
          AuthenticationCode1: '12345',
          AuthenticationCode2: '123456',
        }),
      ),
    );
    assert.equal(short.name, 'ValidationError');
    const badName = await failure(() =>
      iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'has space' })),
    );
    assert.equal(badName.name, 'ValidationError');
    assert.deepEqual((await listed('Assigned')).length, 0);
    assert.deepEqual(
      (await listed()).map((d) => d[0]),
      [serial, tagged.SerialNumber].sort(),
    );
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: tagged.SerialNumber }));
  });

  it('lists in pages (API_ListVirtualMFADevices.html: Marker, MaxItems, IsTruncated)', async () => {
    const serials = [];
    for (const n of ['p1', 'p2', 'p3']) serials.push((await createDevice(n)).serial);
    const first = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    assert.equal(first.VirtualMFADevices?.length, 2);
    const second = await iam.send(new ListVirtualMFADevicesCommand({ MaxItems: 2, Marker: first.Marker }));
    assert.equal(second.IsTruncated, false);
    assert.deepEqual(
      [...first.VirtualMFADevices!, ...second.VirtualMFADevices!].map((d) => d.SerialNumber),
      serials.sort(),
    );
    for (const s of serials) await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: s }));
  });
});

describe('authorization (list_awsidentityandaccessmanagementiam.html: mfa and user resource types)', () => {
  it('a user needs the action on the device or user ARN; a refused create leaves nothing', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }));
    const dev = server.iam({
      accessKeyId: AccessKey!.AccessKeyId!,
      secretAccessKey: AccessKey!.SecretAccessKey!,
    });

    const denied = await failure(() =>
      dev.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dev' })),
    );
    assert.equal(denied.name, 'AccessDenied');
    assert.match(
      denied.message,
      new RegExp(`iam:CreateVirtualMFADevice on resource: arn:aws:iam::${ACCOUNT}:mfa/dev`),
    );
    assert.deepEqual(await listed(), []);

    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'own-mfa',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices'],
              Resource: [`arn:aws:iam::${ACCOUNT}:mfa/dev`, `arn:aws:iam::${ACCOUNT}:user/dev`],
            },
          ],
        }),
      }),
    );
    const d = (await dev.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'dev' })))
      .VirtualMFADevice!;
    const seed = Buffer.from(d.Base32StringSeed!).toString('ascii');
    await dev.send(
      new EnableMFADeviceCommand({
        UserName: 'dev',
        SerialNumber: d.SerialNumber,
        AuthenticationCode1: totp(seed, now),
        AuthenticationCode2: totp(seed, now, 1),
      }),
    );
    // Without UserName, ListMFADevices lists the caller's own (API_ListMFADevices.html).
    assert.deepEqual(
      (await dev.send(new ListMFADevicesCommand({}))).MFADevices?.map((x) => x.SerialNumber),
      [d.SerialNumber],
    );
    const other = await failure(() =>
      dev.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'x' })),
    );
    assert.equal(other.name, 'AccessDenied');
    const deleteDenied = await failure(() =>
      dev.send(new DeactivateMFADeviceCommand({ SerialNumber: d.SerialNumber })),
    );
    assert.equal(deleteDenied.name, 'AccessDenied');
    assert.match(
      deleteDenied.message,
      new RegExp(`iam:DeactivateMFADevice on resource: arn:aws:iam::${ACCOUNT}:user/dev`),
    );
    assert.equal((await listed('Assigned')).length, 1);
  });
});

describe('STS GetSessionToken with SerialNumber and TokenCode (API_GetSessionToken.html)', () => {
  it('a session made with a valid code carries aws:MultiFactorAuthPresent true; others do not', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'mfa-user' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'mfa-user' }));
    const longTerm = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'mfa-user',
        PolicyName: 'list-with-mfa',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iam:ListUsers',
              Resource: '*',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        }),
      }),
    );
    const { serial, seed } = await createDevice('mfa-user');
    await enable('mfa-user', serial, seed);
    const sts = server.sts(longTerm);

    const wrong = await failure(() =>
      sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totp(seed, now, 4) })),
    );
    assert.deepEqual(wrong, {
      name: 'AccessDenied',
      message:
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
      status: 403,
    });
    assert.equal(
      (await failure(() => sts.send(new GetSessionTokenCommand({ SerialNumber: serial })))).name,
      'AccessDenied',
    );

    const withMfa = (
      await sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: totp(seed, now) }))
    ).Credentials!;
    const mfaIam = server.iam({
      accessKeyId: withMfa.AccessKeyId!,
      secretAccessKey: withMfa.SecretAccessKey!,
      sessionToken: withMfa.SessionToken!,
    });
    assert.ok((await mfaIam.send(new ListUsersCommand({}))).Users?.some((u) => u.UserName === 'mfa-user'));

    const plain = (await sts.send(new GetSessionTokenCommand({}))).Credentials!;
    const plainIam = server.iam({
      accessKeyId: plain.AccessKeyId!,
      secretAccessKey: plain.SecretAccessKey!,
      sessionToken: plain.SessionToken!,
    });
    assert.equal((await failure(() => plainIam.send(new ListUsersCommand({})))).name, 'AccessDenied');
    assert.equal(
      (await failure(() => server.iam(longTerm).send(new ListUsersCommand({})))).name,
      'AccessDenied',
    );
  });
});
