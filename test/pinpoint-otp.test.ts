/**
 * SendOTPMessage and VerifyOTPMessage through @aws-sdk/client-pinpoint
 * (apireference/apps-application-id-otp.html, apps-application-id-verify-otp.html,
 * developerguide/send-validate-otp.html): the code is captured as an SMS in AWS's wording, of
 * CodeLength digits; VerifyOTPMessage answers Valid true once for it, false for a wrong code, after
 * AllowedAttempts wrong tries, and after ValidityPeriod minutes on Pinpost's (manual) clock.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAppCommand,
  SendOTPMessageCommand,
  UpdateSmsChannelCommand,
  VerifyOTPMessageCommand,
  type PinpointClient,
  type SendOTPMessageRequestParameters,
} from '@aws-sdk/client-pinpoint';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { startTestServer, type TestServer } from './support/server.js';
import { fail } from './support/failure.js';

let server: TestServer;
let pp: PinpointClient;
let appId: string;
before(async () => {
  server = await startTestServer({ clock: 'manual' });
  pp = server.pinpoint();
  appId = (await pp.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'otp' } })))
    .ApplicationResponse!.Id!;
  await pp.send(new UpdateSmsChannelCommand({ ApplicationId: appId, SMSChannelRequest: { Enabled: true } }));
});
after(async () => {
  await server.close();
});

const params = (destination: string, extra: Partial<SendOTPMessageRequestParameters> = {}) => ({
  BrandName: 'ExampleCorp',
  Channel: 'SMS',
  DestinationIdentity: destination,
  OriginationIdentity: '+15555550000',
  ReferenceId: 'login',
  ...extra,
});

/** Sends an OTP and reads its code from the captured SMS. */
async function sendOtp(destination: string, extra: Partial<SendOTPMessageRequestParameters> = {}) {
  const out = await pp.send(
    new SendOTPMessageCommand({
      ApplicationId: appId,
      SendOTPMessageRequestParameters: params(destination, extra),
    }),
  );
  const result = out.MessageResponse!.Result![destination];
  const res = await fetch(
    `${server.url}/_pinpost/messages?channel=SMS&destination=${encodeURIComponent(destination)}&limit=1`,
  );
  const [message] = ((await res.json()) as { messages: { body: string; messageId: string }[] }).messages;
  const code = /^This is your One Time Password: (\d+) from ExampleCorp$/.exec(message.body)?.[1];
  assert.ok(code, message.body);
  assert.equal(message.messageId, result.MessageId);
  return { result, code };
}

const verify = async (destination: string, Otp: string, ReferenceId = 'login') =>
  (
    await pp.send(
      new VerifyOTPMessageCommand({
        ApplicationId: appId,
        VerifyOTPMessageRequestParameters: { DestinationIdentity: destination, Otp, ReferenceId },
      }),
    )
  ).VerificationResponse!.Valid;

const other = (code: string) => code.replace(/^./, (d) => String((Number(d) + 1) % 10));

describe('SendOTPMessage and VerifyOTPMessage', () => {
  test('the code is sent (SUCCESSFUL 200) with CodeLength digits, and is valid once', async () => {
    const { result, code } = await sendOtp('+15555550001', { CodeLength: 8 });
    assert.equal(result.DeliveryStatus, 'SUCCESSFUL');
    assert.equal(result.StatusCode, 200);
    assert.equal(code.length, 8);
    assert.equal(await verify('+15555550001', code, 'other-reference'), false);
    assert.equal(await verify('+15555550001', code), true);
    assert.equal(await verify('+15555550001', code), false);
  });

  test('a wrong code is Valid false; after AllowedAttempts wrong tries the right one is too', async () => {
    const { code } = await sendOtp('+15555550002', { AllowedAttempts: 2 });
    assert.equal(code.length, 6);
    assert.equal(await verify('+15555550002', other(code)), false);
    assert.equal(await verify('+15555550002', other(code)), false);
    assert.equal(await verify('+15555550002', code), false);
  });

  test('the code expires after ValidityPeriod minutes on the clock', async () => {
    const first = await sendOtp('+15555550003', { ValidityPeriod: 5 });
    await server.advance(4 * 60);
    assert.equal(await verify('+15555550003', first.code), true);
    const second = await sendOtp('+15555550003', { ValidityPeriod: 5 });
    await server.advance(5 * 60);
    assert.equal(await verify('+15555550003', second.code), false);
  });

  test('bad parameters are BadRequestException and send nothing', async () => {
    const bad: [Partial<SendOTPMessageRequestParameters>, RegExp][] = [
      [{ Channel: 'EMAIL' }, /Channel/],
      [{ CodeLength: 4 }, /CodeLength/],
      [{ ValidityPeriod: 61 }, /ValidityPeriod/],
      [{ AllowedAttempts: 6 }, /AllowedAttempts/],
      [{ BrandName: 'x'.repeat(21) }, /BrandName/],
      [{ ReferenceId: '' }, /ReferenceId/],
    ];
    for (const [extra, message] of bad) {
      const e = await fail(
        pp.send(
          new SendOTPMessageCommand({
            ApplicationId: appId,
            SendOTPMessageRequestParameters: params('+15555550004', extra),
          }),
        ),
      );
      assert.equal(e.name, 'BadRequestException');
      assert.match(e.message, message);
    }
    const res = await fetch(`${server.url}/_pinpost/messages?destination=%2B15555550004`);
    assert.deepEqual(((await res.json()) as { messages: unknown[] }).messages, []);
  });

  test('a missing app is NotFoundException; a user without permission is denied', async () => {
    const e = await fail(
      pp.send(
        new SendOTPMessageCommand({
          ApplicationId: 'f'.repeat(32),
          SendOTPMessageRequestParameters: params('+1555'),
        }),
      ),
    );
    assert.deepEqual(e, { name: 'NotFoundException', message: 'Application not found', status: 404 });
    const iam = server.iam();
    await iam.send(new CreateUserCommand({ UserName: 'otp-user' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'otp-user' }))).AccessKey!;
    const user = server.pinpoint({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const denied = await fail(
      user.send(
        new VerifyOTPMessageCommand({
          ApplicationId: appId,
          VerifyOTPMessageRequestParameters: {
            DestinationIdentity: '+1555',
            Otp: '123456',
            ReferenceId: 'login',
          },
        }),
      ),
    );
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(denied.message, /mobiletargeting:VerifyOTPMessage/);
  });
});
