/**
 * How Pinpost's own engines assume a role as an AWS service: the Pinpoint engine assumes an app's
 * OrchestrationSendingRoleArn as `pinpoint.amazonaws.com` (Pinpoint developer guide,
 * permissions-ses.html). It goes through the pipeline's `invoke`, so the same operation, the same
 * authorize step and the same trust policy decide it as for an SDK caller; the service sets
 * aws:SourceAccount and aws:SourceArn for the resource it acts for (confused-deputy.html), which a
 * trust policy can require.
 */
import type { CredentialResolver } from '../../wire/credentials.js';
import type { ContextKeyValue, ServiceDefinition } from '../../wire/operation.js';
import type { Pipeline } from '../../wire/pipeline.js';
import type { Principal } from '../../wire/principal.js';
import { parseRoleArn } from '../iam/authz/trust-provider.js';
import type { AssumeRoleOutput } from './assume-role.js';
import type { Credentials } from './model.js';

export interface ServiceAssumeDeps {
  /** The running server's pipeline (`RunningServer.pipeline`). */
  pipeline: Pick<Pipeline, 'invoke'>;
  /** The STS service definition the pipeline serves (from the runtime's services). */
  sts: ServiceDefinition;
  /** The runtime's credential resolver, to turn the new session into its Principal. */
  credentials: CredentialResolver;
}

export interface AssumeRoleAsServiceRequest {
  /** The service principal, e.g. `pinpoint.amazonaws.com`. */
  servicePrincipal: string;
  roleArn: string;
  roleSessionName: string;
  /** The account owning the resource the service acts for (`aws:SourceAccount`). */
  sourceAccount: string;
  /** The resource the service acts for, e.g. the Pinpoint app or campaign ARN (`aws:SourceArn`). */
  sourceArn: string;
  durationSeconds?: number;
  region?: string;
}

export interface ServiceSession {
  credentials: Credentials;
  assumedRoleUser: { AssumedRoleId: string; Arn: string };
  /** The session as the authorizer sees it, for the service's later internal calls. */
  principal: Principal;
}

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

/** The service principal as a caller: it acts in the account whose role it assumes. */
function servicePrincipal(name: string, account: string): Principal {
  return { account, arn: name, kind: 'Service', userId: name, isRoot: false };
}

/**
 * Assumes `roleArn` as the service. Resolves to the session, or rejects with the AwsError AWS would
 * give (AccessDenied "User: pinpoint.amazonaws.com is not authorized to perform: sts:AssumeRole on
 * resource: …" when the trust policy does not allow it).
 */
export async function assumeRoleAsService(
  deps: ServiceAssumeDeps,
  req: AssumeRoleAsServiceRequest,
): Promise<ServiceSession> {
  const account = parseRoleArn(req.roleArn)?.account ?? req.sourceAccount;
  const input: Record<string, unknown> = { RoleArn: req.roleArn, RoleSessionName: req.roleSessionName };
  if (req.durationSeconds !== undefined) input['DurationSeconds'] = String(req.durationSeconds);
  const out = (await deps.pipeline.invoke({
    service: deps.sts,
    operation: 'AssumeRole',
    input,
    principal: servicePrincipal(req.servicePrincipal, account),
    region: req.region,
    contextKeys: { 'aws:SourceAccount': one(req.sourceAccount), 'aws:SourceArn': one(req.sourceArn) },
  })) as AssumeRoleOutput;
  const resolved = await deps.credentials.resolve(out.Credentials.AccessKeyId);
  if (!resolved) throw new Error(`session ${out.Credentials.AccessKeyId} vanished after it was issued`);
  return {
    credentials: out.Credentials,
    assumedRoleUser: out.AssumedRoleUser,
    principal: resolved.principal,
  };
}
