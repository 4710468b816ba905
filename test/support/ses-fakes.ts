/**
 * A Pinpost whose SES sending is real (operations, engine, store, IAM authorization) while the
 * control plane and mail delivery are in-memory fakes: the test decides which identities are
 * verified, which templates exist, the account's settings and the suppression list, and reads what
 * was queued for delivery. The clock is the test's.
 */
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import pino from 'pino';
import { parseConfig } from '../../src/server/config.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { testData } from './database.js';
import { createRuntime, type Runtime } from '../../src/services/runtime.js';
import type { SesControl } from '../../src/services/ses/control/index.js';
import type {
  AccountSendingRecord,
  ConfigSetRecord,
  IdentityRecord,
  MessageContent,
  OutgoingMessage,
  SesScope,
  SuppressionReason,
  TemplateRecord,
} from '../../src/services/ses/ports.js';
import { createSesSending, type SesSending } from '../../src/services/ses/sending/index.js';
import { sesV1Service } from '../../src/services/ses/service-v1.js';
import { sesV2Service } from '../../src/services/ses/service-v2.js';
import type { ServiceDefinition } from '../../src/wire/operation.js';
import { ROOT, type Credentials } from './server.js';

export { ROOT };
export const ACCOUNT = '000000000000';
export const REGION = 'us-east-1';
export const SCOPE: SesScope = { account: ACCOUNT, region: REGION };

const key = (scope: SesScope, name: string) => `${scope.account}/${scope.region}/${name.toLowerCase()}`;

export class FakeControl {
  identities = new Map<string, IdentityRecord>();
  templates = new Map<string, TemplateRecord>();
  configSets = new Map<string, ConfigSetRecord>();
  suppressed = new Map<string, { reason: SuppressionReason; lastUpdateTime: Date }>();
  account: AccountSendingRecord = {
    sendingEnabled: true,
    productionAccessEnabled: true,
    max24HourSend: 50_000,
    maxSendRate: 14,
    suppressedReasons: ['BOUNCE', 'COMPLAINT'],
  };

  /** Adds a verified (by default) identity in an account. */
  identity(name: string, opts: Partial<IdentityRecord> & { scope?: SesScope } = {}): IdentityRecord {
    const scope = opts.scope ?? SCOPE;
    const record: IdentityRecord = {
      identity: name,
      type: name.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN',
      arn: `arn:aws:ses:${scope.region}:${scope.account}:identity/${name}`,
      verified: true,
      policies: {},
      ...opts,
    };
    this.identities.set(key(scope, name), record);
    return record;
  }

  configSet(name: string, opts: Partial<ConfigSetRecord> = {}): void {
    this.configSets.set(key(SCOPE, name), {
      name,
      arn: `arn:aws:ses:${REGION}:${ACCOUNT}:configuration-set/${name}`,
      sendingEnabled: true,
      eventDestinations: [],
      ...opts,
    });
  }

  ports(): SesControl {
    return {
      identities: {
        find: async (scope, name) => this.identities.get(key(scope, name)),
        identityForAddress: async (scope, address) =>
          this.identities.get(key(scope, address)) ??
          this.identities.get(key(scope, address.slice(address.lastIndexOf('@') + 1))),
      },
      templates: {
        get: async (scope, name) => this.templates.get(`${scope.account}/${scope.region}/${name}`),
      },
      configSets: { get: async (scope, name) => this.configSets.get(key(scope, name)) },
      account: { get: async () => ({ ...this.account }) },
      suppression: {
        find: async (_scope, address) => this.suppressed.get(address.toLowerCase()),
        put: async (_scope, address, reason, now = new Date()) =>
          void this.suppressed.set(address.toLowerCase(), { reason, lastUpdateTime: now }),
      },
      v1Operations: () => [],
      v2Operations: () => [],
    };
  }
}

export interface SesHarness {
  url: string;
  control: FakeControl;
  /** Messages handed to the outbox, in order. */
  outbox: OutgoingMessage[];
  /** What MimePort.build was asked to build. */
  built: MessageContent[];
  sending: SesSending;
  runtime: Runtime;
  server: RunningServer;
  v1: ServiceDefinition;
  v2: ServiceDefinition;
  now: { value: Date };
  /** Makes the next outbox.enqueue throw (to test that nothing is half-written). */
  failNextEnqueue: boolean;
  ses(creds?: Credentials): SESClient;
  sesv2(creds?: Credentials): SESv2Client;
  iam(creds?: Credentials): IAMClient;
  sts(creds?: Credentials): STSClient;
  close(): Promise<void>;
}

export async function startSesHarness(): Promise<SesHarness> {
  const log = pino({ level: process.env.PINPOST_TEST_LOG ?? 'silent' });
  const config = parseConfig(['--port', '0', '--data', ':memory:'], {});
  const runtime = await createRuntime({ data: testData(), region: config.region, log });
  const control = new FakeControl();
  const outbox: OutgoingMessage[] = [];
  const built: MessageContent[] = [];
  const now = { value: new Date('2025-01-15T10:00:00Z') };
  const h = { failNextEnqueue: false };
  const sending = createSesSending(runtime.db, {
    control: control.ports(),
    authorizer: runtime.authorizer,
    clock: () => now.value,
    outbox: {
      enqueue: async (m) => {
        if (h.failNextEnqueue) {
          h.failNextEnqueue = false;
          throw new Error('outbox refused');
        }
        outbox.push(m);
      },
    },
    mime: {
      build: async (c) => {
        built.push(c);
        const head = [
          `From: ${c.from}`,
          `To: ${c.to.join(', ')}`,
          `Subject: ${c.subject}`,
          `Message-ID: ${c.messageId}`,
        ];
        const size = c.attachments.reduce((n, a) => n + a.content.length, 0);
        return Buffer.concat([
          Buffer.from(`${head.join('\r\n')}\r\n\r\n${c.text ?? c.html ?? ''}`),
          Buffer.alloc(Math.ceil(size * 1.37)),
        ]);
      },
      sign: async (raw) => Buffer.concat([Buffer.from('DKIM-Signature: v=1; a=rsa-sha256\r\n'), raw]),
    },
  });
  const v1 = sesV1Service(sending.v1Operations());
  const v2 = sesV2Service(sending.v2Operations());
  const services = [...runtime.services.filter((s) => s.signingName !== 'ses'), v1, v2];
  const server = await startServer(config, services, {
    credentials: runtime.credentials,
    authorizer: runtime.authorizer,
    log,
  });
  const client = (creds: Credentials) => ({
    endpoint: server.url,
    region: REGION,
    credentials: creds,
    maxAttempts: 1,
  });
  return Object.assign(h, {
    url: server.url,
    control,
    outbox,
    built,
    sending,
    runtime,
    server,
    v1,
    v2,
    now,
    ses: (creds = ROOT) => new SESClient(client(creds)),
    sesv2: (creds = ROOT) => new SESv2Client(client(creds)),
    iam: (creds = ROOT) => new IAMClient(client(creds)),
    sts: (creds = ROOT) => new STSClient(client(creds)),
    close: async () => {
      await server.close(100);
      await runtime.close();
    },
  });
}

/** Creates an IAM user with one inline policy and returns its access key. */
export async function userWithPolicy(h: SesHarness, name: string, policy: object): Promise<Credentials> {
  const iam = h.iam();
  const { CreateUserCommand, PutUserPolicyCommand, CreateAccessKeyCommand } =
    await import('@aws-sdk/client-iam');
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(
    new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: JSON.stringify(policy) }),
  );
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
}
