/**
 * Shared by the test/wire-*.test.ts suites: a server on port 0 with a few fake operations (an
 * awsQuery one under `sts`, restJson ones under SES v2's `/v2/email/`), known credentials, and a
 * client-side SigV4 signer (the SDK's own, with the SDK's own SHA-256) for hand-built requests.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import pino from 'pino';
import { parseConfig, type ServerConfig } from '../src/server/config.js';
import { startServer, type RunningServer, type ServerDeps } from '../src/server/http.js';
import {
  chainResolvers,
  type CredentialResolver,
  type ResolvedCredentials,
} from '../src/wire/credentials.js';
import { defineOperation, type Authorizer, type ServiceDefinition } from '../src/wire/operation.js';
import { rootPrincipal } from '../src/wire/principal.js';

export const ACCOUNT = '000000000000';
export const USER_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const USER_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const SESSION_KEY = 'ASIAIOSFODNN7SESSION';
export const SESSION_SECRET = 'session-secret';
export const SESSION_TOKEN = 'FwoGZXIvYXdzEXAMPLETOKEN';
export const EXPIRED_KEY = 'ASIAIOSFODNN7EXPIRED';
export const EXPIRED_TOKEN = 'FwoGZXIvYXdzEXPIREDTOKEN';

/** The account's root key, `test`/`test`. */
export const rootTestKey: CredentialResolver = {
  resolve: (accessKeyId) =>
    accessKeyId === 'test'
      ? { accessKeyId, secretAccessKey: 'test', principal: rootPrincipal(ACCOUNT) }
      : undefined,
};

/** Keys beyond root: an IAM user, a live session and an expired one. */
export const testKeys: CredentialResolver = {
  resolve(accessKeyId): ResolvedCredentials | undefined {
    const user = { account: ACCOUNT, isRoot: false, kind: 'User' as const };
    if (accessKeyId === USER_KEY) {
      return {
        accessKeyId,
        secretAccessKey: USER_SECRET,
        principal: {
          ...user,
          arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
          userId: 'AIDAEXAMPLEALICE',
          userName: 'alice',
        },
      };
    }
    const session = {
      account: ACCOUNT,
      isRoot: false,
      kind: 'AssumedRole' as const,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Sender/s1`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/Sender`,
      userId: 'AROAEXAMPLESENDER:s1',
    };
    if (accessKeyId === SESSION_KEY) {
      return {
        accessKeyId,
        secretAccessKey: SESSION_SECRET,
        sessionToken: SESSION_TOKEN,
        expiration: new Date(Date.now() + 3600_000),
        principal: session,
      };
    }
    if (accessKeyId === EXPIRED_KEY) {
      return {
        accessKeyId,
        secretAccessKey: SESSION_SECRET,
        sessionToken: EXPIRED_TOKEN,
        expiration: new Date(Date.now() - 60_000),
        principal: session,
      };
    }
    return undefined;
  },
};

/** Allows root and anything whose action is not `ses:DeleteEmailIdentity`; records each call. */
export function recordingAuthorizer(calls: string[]): Authorizer {
  return {
    authorize({ principal, action, resources }) {
      calls.push(action);
      if (principal.isRoot || action !== 'ses:DeleteEmailIdentity') return { allowed: true };
      return {
        allowed: false,
        message: `User: ${principal.arn} is not authorized to perform: ${action} on resource: ${resources[0]}`,
      };
    },
  };
}

export const stsLike: ServiceDefinition = {
  id: 'sts',
  signingName: 'sts',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  version: '2011-06-15',
  operations: [
    defineOperation({
      name: 'GetCallerIdentity',
      action: 'sts:GetCallerIdentity',
      resources: () => ['*'],
      handler: (_input, ctx) => ({
        UserId: ctx.principal!.userId,
        Account: ctx.principal!.account,
        Arn: ctx.principal!.arn,
      }),
    }),
    defineOperation({
      name: 'Echo',
      action: 'sts:Echo',
      resources: () => ['*'],
      handler: (input: Record<string, unknown>) => ({
        Input: JSON.stringify(input),
        When: new Date(Date.UTC(2019, 2, 26, 19, 12, 51)),
        Flag: true,
        Items: ['a', 'b'],
      }),
    }),
    defineOperation({
      name: 'DeleteThing',
      action: 'sts:DeleteThing',
      resources: () => ['*'],
      handler: () => undefined,
    }),
  ],
};

export const sesV2Like: ServiceDefinition = {
  id: 'sesv2',
  signingName: 'ses',
  protocol: 'restJson',
  pathPrefix: '/v2/',
  jsonErrorShape: 'message',
  operations: [
    defineOperation({
      name: 'CreateEmailIdentity',
      action: 'ses:CreateEmailIdentity',
      http: { method: 'POST', path: '/v2/email/identities' },
      resources: (input: { EmailIdentity: string }, ctx) => [
        `arn:aws:ses:${ctx.region}:${ctx.account}:identity/${input.EmailIdentity}`,
      ],
      handler: (input: { EmailIdentity: string }) => ({
        IdentityType: 'EMAIL_ADDRESS',
        Echo: input.EmailIdentity,
      }),
    }),
    defineOperation({
      name: 'GetEmailIdentity',
      action: 'ses:GetEmailIdentity',
      http: { method: 'GET', path: '/v2/email/identities/{EmailIdentity}', query: { Verbose: 'verbose' } },
      resources: () => ['*'],
      handler: (input: Record<string, unknown>) => ({ Input: input, CreatedAt: new Date(1_000_000_000) }),
    }),
    defineOperation({
      name: 'DeleteEmailIdentity',
      action: 'ses:DeleteEmailIdentity',
      http: { method: 'DELETE', path: '/v2/email/identities/{EmailIdentity}' },
      resources: () => ['*'],
      handler: () => ({}),
    }),
  ],
};

export const pinpointLike: ServiceDefinition = {
  id: 'pinpoint',
  signingName: 'mobiletargeting',
  protocol: 'restJson',
  jsonErrorShape: 'Message+RequestID',
  operations: [
    defineOperation({
      name: 'CreateApp',
      action: 'mobiletargeting:CreateApp',
      http: { method: 'POST', path: '/v1/apps', successCode: 201, payload: 'CreateApplicationRequest' },
      output: { payload: 'ApplicationResponse' },
      resources: () => ['*'],
      handler: (input: { CreateApplicationRequest: { Name: string } }) => ({
        ApplicationResponse: { Id: 'app1', Name: input.CreateApplicationRequest.Name },
      }),
    }),
  ],
};

export interface Harness {
  server: RunningServer;
  calls: string[];
  close(): Promise<void>;
}

export async function startHarness(
  overrides: Partial<ServerConfig> = {},
  authorizer?: Authorizer,
  deps: Partial<ServerDeps> = {},
): Promise<Harness> {
  const calls: string[] = [];
  const config = { ...parseConfig(['--port', '0', '--data', ':memory:'], {}), ...overrides };
  const server = await startServer(config, [stsLike, sesV2Like, pinpointLike], {
    credentials: chainResolvers(rootTestKey, testKeys),
    authorizer: authorizer ?? recordingAuthorizer(calls),
    log: pino({ level: 'silent' }),
    ...deps,
  });
  return { server, calls, close: () => server.close(100) };
}

export interface SignOptions {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  service?: string;
  region?: string;
  signingDate?: Date;
}

/** Signs a request the way the SDK does (Authorization header). */
export async function signedFetch(
  base: string,
  req: {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
  },
  opts: SignOptions = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const url = new URL(req.path, base);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: opts.accessKeyId ?? 'test',
      secretAccessKey: opts.secretAccessKey ?? 'test',
      sessionToken: opts.sessionToken,
    },
    region: opts.region ?? 'us-east-1',
    service: opts.service ?? 'sts',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: req.query ?? {},
      headers: { host: url.host, ...(req.headers ?? {}) },
      body: req.body,
    },
    { signingDate: opts.signingDate },
  );
  const qs = new URLSearchParams(req.query ?? {}).toString();
  const res = await fetch(`${base}${url.pathname}${qs ? `?${qs}` : ''}`, {
    method: req.method,
    headers: signed.headers,
    body: req.body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A form-encoded awsQuery call to the fake STS. */
export function queryCall(
  base: string,
  form: Record<string, string>,
  opts: SignOptions = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  return signedFetch(
    base,
    {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams(form).toString(),
    },
    opts,
  );
}

/** A presigned GET URL for the fake STS (query auth), or for `opts.path` of another service. */
export async function presignedUrl(
  base: string,
  query: Record<string, string>,
  opts: SignOptions & { expiresIn?: number; path?: string } = {},
): Promise<string> {
  const url = new URL(opts.path ?? '/', base);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: opts.accessKeyId ?? 'test',
      secretAccessKey: opts.secretAccessKey ?? 'test',
      sessionToken: opts.sessionToken,
    },
    region: opts.region ?? 'us-east-1',
    service: opts.service ?? 'sts',
    sha256: Sha256,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers: { host: url.host },
    },
    { signingDate: opts.signingDate, expiresIn: opts.expiresIn ?? 900 },
  );
  const qs = new URLSearchParams(signed.query as Record<string, string>).toString();
  return `${base}${url.pathname}?${qs}`;
}

/** `<Code>X</Code>` and `<Message>Y</Message>` of an awsQuery error body. */
export function xmlError(text: string): { code?: string; message?: string; type?: string } {
  const unescape = (s?: string) =>
    s
      ?.replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1],
    message: unescape(/<Message>([^<]*)<\/Message>/.exec(text)?.[1]),
    type: /<Type>([^<]*)<\/Type>/.exec(text)?.[1],
  };
}
