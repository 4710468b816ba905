import type { Database } from '../../store/index.js';
import type { Tag } from '../iam/model.js';
import {
  assumedRoleArn,
  federatedUserArn,
  newSecretAccessKey,
  newSessionAccessKeyId,
  newSessionToken,
} from '../iam/ids.js';
import { partitionOfAccount } from '../iam/store-shared.js';
import type { NewSession, Session, SessionKind } from './model.js';

interface SessionRow {
  access_key_id: string;
  account_id: string;
  kind: SessionKind;
  secret_access_key: string;
  session_token: string;
  expiration: number;
  issued_at: number;
  arn: string;
  principal_id: string;
  role_arn: string | null;
  role_id: string | null;
  role_name: string | null;
  session_name: string | null;
  user_id: string | null;
  policy: string | null;
  policy_arns: string;
  tags: string;
  transitive_tag_keys: string;
  source_identity: string | null;
  chained: number;
  source_access_key_id: string | null;
  mfa_authenticated_at: number | null;
}

const COLUMNS =
  'access_key_id, account_id, kind, secret_access_key, session_token, expiration, issued_at, arn, principal_id, ' +
  'role_arn, role_id, role_name, session_name, user_id, policy, policy_arns, tags, transitive_tag_keys, ' +
  'source_identity, chained, source_access_key_id, mfa_authenticated_at';

/**
 * How long an expired session is kept so that its use is answered with ExpiredToken rather than
 * with an unknown key. Past that it is deleted by the lazy sweep in {@link SessionRepo.create}.
 */
export const EXPIRED_SESSION_RETENTION_MS = 24 * 60 * 60 * 1000;

function toSession(r: SessionRow): Session {
  const s: Session = {
    kind: r.kind,
    accountId: r.account_id,
    AccessKeyId: r.access_key_id,
    SecretAccessKey: r.secret_access_key,
    SessionToken: r.session_token,
    Expiration: new Date(r.expiration),
    issuedAt: new Date(r.issued_at),
    Arn: r.arn,
    principalId: r.principal_id,
    policyArns: JSON.parse(r.policy_arns) as string[],
    tags: JSON.parse(r.tags) as Tag[],
    transitiveTagKeys: JSON.parse(r.transitive_tag_keys) as string[],
    chained: r.chained === 1,
  };
  if (r.role_arn !== null) s.roleArn = r.role_arn;
  if (r.role_id !== null) s.roleId = r.role_id;
  if (r.role_name !== null) s.roleName = r.role_name;
  if (r.session_name !== null) s.sessionName = r.session_name;
  if (r.kind !== 'AssumedRole') s.userId = r.user_id;
  if (r.policy !== null) s.policy = r.policy;
  if (r.source_identity !== null) s.sourceIdentity = r.source_identity;
  if (r.source_access_key_id !== null) s.sourceAccessKeyId = r.source_access_key_id;
  if (r.mfa_authenticated_at !== null) s.mfaAuthenticatedAt = new Date(r.mfa_authenticated_at);
  return s;
}

/** The principal's ARN and id, as STS derives them (API_AssumeRole.html, AssumedRoleUser). */
function identity(input: NewSession, partition: string): { Arn: string; principalId: string } {
  switch (input.kind) {
    case 'AssumedRole':
      if (!input.roleName || !input.roleId || !input.sessionName)
        throw new Error('assumed-role session needs its role and name');
      return {
        Arn: assumedRoleArn(partition, input.accountId, input.roleName, input.sessionName),
        principalId: `${input.roleId}:${input.sessionName}`,
      };
    case 'FederatedUser':
      if (!input.sessionName) throw new Error('federated session needs the user name');
      // GetFederationToken: FederatedUserId is <account>:<name> (API_GetFederationToken.html).
      return {
        Arn: federatedUserArn(partition, input.accountId, input.sessionName),
        principalId: `${input.accountId}:${input.sessionName}`,
      };
    case 'SessionToken':
      if (!input.Arn || !input.principalId)
        throw new Error('session-token session needs the caller ARN and id');
      return { Arn: input.Arn, principalId: input.principalId };
  }
}

/** A session found by key, and whether it has expired at the time asked. */
export interface FoundSession {
  session: Session;
  expired: boolean;
}

export class SessionRepo {
  constructor(private readonly db: Database) {}

  /** Issues temporary credentials: ASIA… key id, 40-character secret, opaque token. */
  async create(input: NewSession, now = new Date()): Promise<Session> {
    const { Arn, principalId } = identity(input, await partitionOfAccount(this.db, input.accountId));
    const accessKeyId = newSessionAccessKeyId();
    return this.db.transaction(async () => {
      await this.prune(now);
      await this.db.run(
        `INSERT INTO sts_sessions (${COLUMNS}) VALUES (${COLUMNS.split(',')
          .map(() => '?')
          .join(', ')})`,
        [
          accessKeyId,
          input.accountId,
          input.kind,
          newSecretAccessKey(),
          newSessionToken(),
          now.getTime() + input.durationSeconds * 1000,
          now.getTime(),
          Arn,
          principalId,
          input.roleArn ?? null,
          input.roleId ?? null,
          input.roleName ?? null,
          input.sessionName ?? null,
          input.kind !== 'AssumedRole' ? (input.userId ?? null) : null,
          input.policy ?? null,
          JSON.stringify(input.policyArns),
          JSON.stringify(input.tags),
          JSON.stringify(input.transitiveTagKeys),
          input.sourceIdentity ?? null,
          input.chained ? 1 : 0,
          input.sourceAccessKeyId ?? null,
          input.mfaAuthenticatedAt?.getTime() ?? null,
        ],
      );
      return (await this.find(accessKeyId, now))!.session;
    });
  }

  /** By access key id, expired or not: the caller answers ExpiredToken for an expired one. */
  async find(accessKeyId: string, now = new Date()): Promise<FoundSession | undefined> {
    const r = await this.db.get<SessionRow>(`SELECT ${COLUMNS} FROM sts_sessions WHERE access_key_id = ?`, [
      accessKeyId,
    ]);
    return r && { session: toSession(r), expired: r.expiration <= now.getTime() };
  }

  /** Deletes sessions expired for longer than the retention; returns how many. */
  async prune(now = new Date()): Promise<number> {
    const r = await this.db.run('DELETE FROM sts_sessions WHERE expiration < ?', [
      now.getTime() - EXPIRED_SESSION_RETENTION_MS,
    ]);
    return r.changes;
  }

  async count(): Promise<number> {
    const r = await this.db.get<{ n: number }>('SELECT count(*) AS n FROM sts_sessions');
    return r?.n ?? 0;
  }
}

/** STS's persistence. Open the database with `stsMigrations` among its migrations. */
export class StsStore {
  readonly sessions: SessionRepo;
  /**
   * The time sessions are issued at. Tests set it to the past to obtain a session already expired
   * (a 900-second session issued 901 seconds ago) instead of waiting fifteen minutes.
   */
  clock: () => Date = () => new Date();
  constructor(readonly db: Database) {
    this.sessions = new SessionRepo(db);
  }
}

export { stsMigrations } from './store-migrations.js';
