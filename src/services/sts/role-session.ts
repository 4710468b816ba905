/**
 * What the operations that issue a role session share: the RoleArn read as a role's, and — for the
 * two AWS runs unsigned, AssumeRoleWithSAML and AssumeRoleWithWebIdentity — the session issued
 * once authorized (the proof their `bodyPrincipal` verified is kept for the steps after it by
 * RequestContext.once).
 */
import type { RequestContext } from '../../wire/context.js';
import type { AwsError } from '../../wire/errors.js';
import { findRoleByArn, parseRoleArn } from '../iam/authz/trust-provider.js';
import type { Tag } from '../iam/model.js';
import type { StsDeps } from './deps.js';
import { exceedsMaxSessionDuration, invalidRequestArn } from './errors.js';
import type { Session } from './model.js';
import { requestPartition } from '../shared/request-partition.js';
import { checkPolicyArns, checkSessionPolicy, packSession } from './session-policies.js';
import { checkSessionTags } from './session-tags.js';

/** The account of the role a RoleArn names; ValidationError when it names no role. */
export function roleAccount(roleArn: string): string {
  const role = parseRoleArn(roleArn);
  if (!role) throw invalidRequestArn();
  return role.account;
}

/** A federated session as the request and its proof ask for it. */
export interface FederatedAsk {
  roleArn: string;
  account: string;
  sessionName: string;
  durationSeconds: number;
  /** The latest end the proof allows (a SAML assertion's SessionNotOnOrAfter), and its error once past. */
  endsBy?: { at: Date; passed(): AwsError };
  policy?: string;
  policyArns: string[];
  tags: Tag[];
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /** The operation's AccessDenied for a role gone since it was authorized. */
  denied(): AwsError;
}

export interface FederatedSession {
  session: Session;
  /** What the response reports as PackedPolicySize, when session policies or tags were passed. */
  packedPolicySize?: number;
}

/**
 * Issues the role session once authorized: the role's MaxSessionDuration, the session policies and
 * the packed size checked first, then the session and the role's last use written together.
 */
export async function issueFederatedSession(
  deps: StsDeps,
  ctx: RequestContext,
  ask: FederatedAsk,
): Promise<FederatedSession> {
  const role = await findRoleByArn(deps.store, ask.roleArn);
  if (!role) throw ask.denied();
  if (ask.durationSeconds > role.MaxSessionDuration) throw exceedsMaxSessionDuration();
  checkSessionTags(ask.tags, ask.transitiveTagKeys);
  if (ask.policy !== undefined) checkSessionPolicy(ask.policy, requestPartition(ctx));
  await checkPolicyArns(deps.store, ask.account, ask.policyArns);
  const packed = packSession(ask.policy, ask.policyArns, ask.tags);
  const now = deps.sts.clock();
  const left = ask.endsBy && Math.floor((ask.endsBy.at.getTime() - now.getTime()) / 1000);
  const duration = left === undefined ? ask.durationSeconds : Math.min(ask.durationSeconds, left);
  if (duration <= 0) throw ask.endsBy!.passed();
  const session = await deps.store.transaction(async () => {
    const s = await deps.sts.sessions.create(
      {
        kind: 'AssumedRole',
        accountId: ask.account,
        roleArn: role.Arn,
        roleId: role.RoleId,
        roleName: role.RoleName,
        sessionName: ask.sessionName,
        durationSeconds: duration,
        policy: ask.policy,
        policyArns: ask.policyArns,
        tags: ask.tags,
        transitiveTagKeys: ask.transitiveTagKeys,
        sourceIdentity: ask.sourceIdentity,
        chained: false,
      },
      now,
    );
    await deps.store.roles.recordUse(role.RoleId, now, ctx.region ?? deps.region);
    return s;
  });
  const passed = ask.policy !== undefined || ask.policyArns.length > 0 || ask.tags.length > 0;
  return { session, ...(passed && { packedPolicySize: packed.size }) };
}
