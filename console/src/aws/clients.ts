/**
 * AWS SDK v3 clients for the signed-in session, pointed at this server (`location.origin`): every
 * console action is an ordinary AWS call signed in the browser, so IAM decides as for any client.
 * One retry at most: a denial or a validation error is shown at once, not retried.
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { IAMClient } from '@aws-sdk/client-iam';
import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { STSClient } from '@aws-sdk/client-sts';
import { requireSession, type Credentials } from '../session.js';

export interface Clients {
  iam: IAMClient;
  sts: STSClient;
  sesv2: SESv2Client;
  ses: SESClient;
  pinpoint: PinpointClient;
  accessanalyzer: AccessAnalyzerClient;
}

function config(credentials: Credentials, region: string) {
  return { endpoint: location.origin, region, credentials, maxAttempts: 1 };
}

/** An STS client for credentials not yet signed in (the sign-in check). */
export function stsFor(credentials: Credentials, region: string): STSClient {
  return new STSClient(config(credentials, region));
}

let cached: { key: string; clients: Clients } | undefined;

/** The session's clients (made once per credentials and region). */
export function clients(): Clients {
  const s = requireSession();
  const key = JSON.stringify([s.credentials, s.region]);
  if (cached?.key === key) return cached.clients;
  const c = config(s.credentials, s.region);
  const made: Clients = {
    iam: new IAMClient(c),
    sts: new STSClient(c),
    sesv2: new SESv2Client(c),
    ses: new SESClient(c),
    pinpoint: new PinpointClient(c),
    accessanalyzer: new AccessAnalyzerClient(c),
  };
  cached = { key, clients: made };
  return made;
}
