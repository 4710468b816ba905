/**
 * The SES SMTP interface through real clients (nodemailer, Python's smtplib) against a Pinpost
 * whose SES v1 SendRawEmail is a recording fake: the real IAM store, credentials and policy engine,
 * the real pipeline. What is asserted is what SES documents (troubleshoot-smtp.html's reply codes)
 * and what reaches SendRawEmail, for whom.
 */
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { parseConfig } from '../src/server/config.js';
import { startServer, type RunningServer } from '../src/server/http.js';
import { testData } from './support/database.js';
import { createRuntime, type Runtime } from '../src/services/runtime.js';
import { sesV1Service } from '../src/services/ses/service-v1.js';
import { selfSignedCertificate } from '../src/services/ses/smtp/certificate.js';
import { createSmtpInterface, smtpPasswordFor, type SmtpInterface } from '../src/services/ses/smtp/index.js';
import { AwsError } from '../src/wire/errors.js';
import { defineOperation, type ServiceDefinition } from '../src/wire/operation.js';
import type { Principal } from '../src/wire/principal.js';
import { IAMClient } from '@aws-sdk/client-iam';

const REGION = 'us-east-1';
const ACCOUNT = '000000000000';
const SENDER = 'sender@example.com';
const identityArn = (address: string) => `arn:aws:ses:${REGION}:${ACCOUNT}:identity/${address}`;

interface Invocation {
  input: Record<string, unknown>;
  principal: Principal;
  region: string;
}

/** SendRawEmail as a fake: authorized like SES's (on the Source's identity), recording each call. */
function fakeSendRawEmail(invocations: Invocation[]) {
  return defineOperation<Record<string, unknown>, { MessageId: string }>({
    name: 'SendRawEmail',
    action: 'ses:SendRawEmail',
    resources: (input) => [identityArn(String(input['Source']))],
    handler(input, ctx) {
      const source = String(input['Source']);
      if (source.startsWith('unverified@')) {
        throw new AwsError({
          code: 'MessageRejected',
          status: 400,
          message: `Email address is not verified. The following identities failed the check in region US-EAST-1: ${source}`,
        });
      }
      if (source.startsWith('throttled@')) {
        throw new AwsError({ code: 'Throttling', status: 400, message: 'Maximum sending rate exceeded.' });
      }
      invocations.push({ input, principal: ctx.principal!, region: ctx.region! });
      return { MessageId: `0100-fake-${invocations.length}` };
    },
  });
}

interface SmtpUserKeys {
  arn: string;
  accessKeyId: string;
  password: string;
}

let runtime: Runtime;
let server: RunningServer;
let smtp: SmtpInterface;
let port: number;
let iam: IAMClient;
const tls = selfSignedCertificate(['localhost', '127.0.0.1']);
const invocations: Invocation[] = [];
let sender: SmtpUserKeys;
let noPolicy: SmtpUserKeys;

async function createSmtpUser(name: string, policy?: object): Promise<SmtpUserKeys> {
  const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
  if (policy) {
    await iam.send(
      new PutUserPolicyCommand({
        UserName: name,
        PolicyName: 'smtp',
        PolicyDocument: JSON.stringify(policy),
      }),
    );
  }
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return {
    arn: User!.Arn!,
    accessKeyId: AccessKey!.AccessKeyId!,
    password: smtpPasswordFor(AccessKey!.SecretAccessKey!, REGION),
  };
}

before(async () => {
  const log = pino({ level: 'silent' });
  runtime = await createRuntime({ data: testData(), region: REGION, log });
  const base = runtime.ses.v1;
  const sesV1: ServiceDefinition = sesV1Service([
    ...base.operations.filter((o) => o.name !== 'SendRawEmail'),
    fakeSendRawEmail(invocations),
  ]);
  const services = runtime.services.map((s) => (s === base ? sesV1 : s));
  const config = parseConfig(['--port', '0', '--data', ':memory:', '--region', REGION], {});
  server = await startServer(config, services, {
    credentials: runtime.credentials,
    authorizer: runtime.authorizer,
    log,
  });
  smtp = createSmtpInterface({
    host: '127.0.0.1',
    port: 0,
    region: REGION,
    pipeline: server.pipeline,
    sesV1,
    credentials: runtime.credentials,
    log,
    tls,
  });
  port = (await smtp.start()).port;
  iam = new IAMClient({
    endpoint: server.url,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  // smtp-credentials.html's policy for SMTP users.
  sender = await createSmtpUser('ses-smtp-user', {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }],
  });
  noPolicy = await createSmtpUser('no-policy');
});

after(async () => {
  await smtp.stop();
  await server.close(100);
  await runtime.close();
});

const transport = (user: { accessKeyId: string; password: string } | undefined, extra: object = {}) =>
  nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: user && { user: user.accessKeyId, pass: user.password },
    tls: { ca: tls.cert },
    ...extra,
  });

const message = (from: string, to: string[], extra: object = {}) => ({
  from,
  to,
  subject: 'Hello over SMTP',
  text: 'Sent through the SES SMTP interface.',
  ...extra,
});

/** nodemailer's SMTP error: the code and the whole reply line. */
async function refusal(promise: Promise<unknown>): Promise<{ code: number; response: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { responseCode: number; response: string };
    return { code: e.responseCode, response: e.response };
  }
  assert.fail('the SMTP interface accepted what it should refuse');
}

describe('nodemailer as client', () => {
  it('AUTH PLAIN over STARTTLS: 250 Ok <MessageId>, and SendRawEmail got the envelope and the bytes as the user', async () => {
    const before = invocations.length;
    const info = await transport(sender, { requireTLS: true, authMethod: 'PLAIN' }).sendMail(
      message(SENDER, ['a@example.com', 'b@example.com']),
    );
    assert.equal(invocations.length, before + 1);
    const call = invocations.at(-1)!;
    assert.equal(info.response, `250 Ok 0100-fake-${invocations.length}`);
    assert.equal(call.input['Source'], SENDER);
    assert.deepEqual(call.input['Destinations'], ['a@example.com', 'b@example.com']);
    const raw = Buffer.from(String((call.input['RawMessage'] as { Data: string }).Data), 'base64').toString();
    assert.match(raw, /^Subject: Hello over SMTP\r$/m);
    assert.match(raw, /Sent through the SES SMTP interface\./);
    assert.equal(call.principal.arn, sender.arn);
    assert.equal(call.region, REGION);
  });

  it('AUTH LOGIN in clear text from loopback works too', async () => {
    const before = invocations.length;
    const info = await transport(sender, { ignoreTLS: true, authMethod: 'LOGIN' }).sendMail(
      message(SENDER, ['c@example.com']),
    );
    assert.equal(info.response, `250 Ok 0100-fake-${before + 1}`);
    assert.deepEqual(invocations.at(-1)!.input['Destinations'], ['c@example.com']);
  });

  it('a wrong password, an unknown key and the raw secret get 535 Authentication Credentials Invalid', async () => {
    const before = invocations.length;
    for (const user of [
      { accessKeyId: sender.accessKeyId, password: smtpPasswordFor('not-the-secret', REGION) },
      { accessKeyId: sender.accessKeyId, password: sender.password.slice(1) },
      { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', password: sender.password },
      { accessKeyId: 'test', password: 'test' },
    ]) {
      for (const authMethod of ['PLAIN', 'LOGIN']) {
        assert.deepEqual(
          await refusal(transport(user, { authMethod }).sendMail(message(SENDER, ['a@example.com']))),
          {
            code: 535,
            response: '535 Authentication Credentials Invalid',
          },
        );
      }
    }
    assert.equal(invocations.length, before);
  });

  it('the root key test/test authenticates with its derived password', async () => {
    const root = { accessKeyId: 'test', password: smtpPasswordFor('test', REGION) };
    const info = await transport(root).sendMail(message(SENDER, ['root@example.com']));
    assert.match(info.response, /^250 Ok 0100-fake-\d+$/);
    assert.equal(invocations.at(-1)!.principal.arn, `arn:aws:iam::${ACCOUNT}:root`);
  });

  it('sending without AUTH gets 530 Authentication required', async () => {
    assert.deepEqual(await refusal(transport(undefined).sendMail(message(SENDER, ['a@example.com']))), {
      code: 530,
      response: '530 Authentication required',
    });
  });

  it('a user no policy allows ses:SendRawEmail gets 554 Access denied, and SendRawEmail never runs', async () => {
    const before = invocations.length;
    assert.deepEqual(await refusal(transport(noPolicy).sendMail(message(SENDER, ['a@example.com']))), {
      code: 554,
      response: `554 Access denied: User \`${noPolicy.arn}' is not authorized to perform \`ses:SendRawEmail' on resource \`${identityArn(SENDER)}'`,
    });
    assert.equal(invocations.length, before);
  });

  it("SendRawEmail's MessageRejected and Throttling become 554 Message rejected and 454 Throttling failure", async () => {
    assert.deepEqual(
      await refusal(transport(sender).sendMail(message('unverified@example.com', ['a@example.com']))),
      {
        code: 554,
        response:
          '554 Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: unverified@example.com',
      },
    );
    assert.deepEqual(
      await refusal(transport(sender).sendMail(message('throttled@example.com', ['a@example.com']))),
      {
        code: 454,
        response: '454 Throttling failure: Maximum sending rate exceeded.',
      },
    );
  });

  it('a message over 10 MB gets 552 Message is too long.', async () => {
    const before = invocations.length;
    const big = 'x'.repeat(10 * 1024 * 1024);
    assert.deepEqual(
      await refusal(transport(sender).sendMail(message(SENDER, ['a@example.com'], { text: big }))),
      {
        code: 552,
        response: '552 Message is too long.',
      },
    );
    assert.equal(invocations.length, before);
  });

  it('a deactivated access key no longer authenticates', async () => {
    const user = await createSmtpUser('rotated', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'ses:SendRawEmail', Resource: '*' }],
    });
    await transport(user).sendMail(message(SENDER, ['a@example.com']));
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: 'rotated', AccessKeyId: user.accessKeyId, Status: 'Inactive' }),
    );
    assert.deepEqual(await refusal(transport(user).sendMail(message(SENDER, ['a@example.com']))), {
      code: 535,
      response: '535 Authentication Credentials Invalid',
    });
  });
});

// ---- Python's smtplib -----------------------------------------------------------------------------

const PYTHON_CLIENT = `
import json, smtplib, ssl, sys
cfg = json.loads(sys.argv[1])
out = {}
s = smtplib.SMTP(cfg["host"], cfg["port"], timeout=30)
try:
    s.ehlo()
    if cfg.get("cafile"):
        s.starttls(context=ssl.create_default_context(cafile=cfg["cafile"]))
        s.ehlo()
        out["tls"] = s.sock.version()
    if cfg["method"] == "LOGIN":
        s.user, s.password = cfg["user"], cfg["password"]
        code, resp = s.auth("LOGIN", s.auth_login)
    else:
        s.login(cfg["user"], cfg["password"])
    s.mail(cfg["from"])
    for rcpt in cfg["to"]:
        s.rcpt(rcpt)
    code, resp = s.data(cfg["message"].encode())
    out["data"] = [code, resp.decode()]
except smtplib.SMTPResponseException as e:
    out["error"] = [e.smtp_code, e.smtp_error.decode()]
finally:
    s.quit()
print(json.dumps(out))
`;

function smtplib(cfg: Record<string, unknown>): Promise<Record<string, unknown>> {
  const message = `From: ${String(cfg['from'])}\r\nTo: py@example.com\r\nSubject: From smtplib\r\n\r\nHello from Python.\r\n`;
  const args = JSON.stringify({ host: '127.0.0.1', port, message, ...cfg });
  return new Promise((resolve, reject) => {
    execFile('python3', ['-c', PYTHON_CLIENT, args], (err, stdout, stderr) => {
      if (err) reject(new Error(`python3 failed: ${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}

describe("Python's smtplib as client", () => {
  const cafile = join(mkdtempSync(join(tmpdir(), 'pinpost-smtp-')), 'ca.pem');
  before(() => writeFileSync(cafile, tls.cert));

  it('STARTTLS (certificate verified) then AUTH PLAIN; the message reaches SendRawEmail', async () => {
    const before = invocations.length;
    const out = await smtplib({
      cafile,
      method: 'PLAIN',
      user: sender.accessKeyId,
      password: sender.password,
      from: SENDER,
      to: ['py@example.com'],
    });
    assert.match(String(out['tls']), /^TLSv1\.[23]$/);
    assert.deepEqual(out['data'], [250, `Ok 0100-fake-${before + 1}`]);
    const call = invocations.at(-1)!;
    assert.equal(call.principal.arn, sender.arn);
    assert.deepEqual(call.input['Destinations'], ['py@example.com']);
    const raw = Buffer.from(String((call.input['RawMessage'] as { Data: string }).Data), 'base64').toString();
    assert.match(raw, /^Subject: From smtplib\r$/m);
  });

  it('AUTH LOGIN in clear text from loopback', async () => {
    const out = await smtplib({
      method: 'LOGIN',
      user: sender.accessKeyId,
      password: sender.password,
      from: SENDER,
      to: ['py@example.com'],
    });
    assert.deepEqual(out['data'], [250, `Ok 0100-fake-${invocations.length}`]);
  });

  it('a wrong password: 535 Authentication Credentials Invalid', async () => {
    for (const method of ['PLAIN', 'LOGIN']) {
      const out = await smtplib({
        method,
        user: sender.accessKeyId,
        password: smtpPasswordFor('wrong', REGION),
        from: SENDER,
        to: ['py@example.com'],
      });
      assert.deepEqual(out, { error: [535, 'Authentication Credentials Invalid'] });
    }
  });

  it('a user without ses:SendRawEmail: 554 Access denied after DATA', async () => {
    const out = await smtplib({
      method: 'PLAIN',
      user: noPolicy.accessKeyId,
      password: noPolicy.password,
      from: SENDER,
      to: ['py@example.com'],
    });
    assert.deepEqual(out['data'], [
      554,
      `Access denied: User \`${noPolicy.arn}' is not authorized to perform \`ses:SendRawEmail' on resource \`${identityArn(SENDER)}'`,
    ]);
  });
});
