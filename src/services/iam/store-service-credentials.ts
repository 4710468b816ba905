import { randomBytes } from 'node:crypto';
import {
  decodeMarker,
  pageSize,
  toPage,
  type Database,
  type Page,
  type PageRequest,
} from '../../store/index.js';
import { ID_ALPHABET } from './ids.js';
import { count, iso, optDate, date } from './store-shared.js';

export type ServiceCredentialStatus = 'Active' | 'Inactive' | 'Expired';

export interface StoredServiceCredential {
  ServiceSpecificCredentialId: string;
  UserId: string;
  ServiceName: string;
  /** `<user>-at-<account>` as made at creation (ServiceUserName, or a Bedrock/Logs key's alias). */
  ServiceUserName: string;
  Status: ServiceCredentialStatus;
  CreateDate: Date;
  ExpirationDate?: Date;
}

interface Row {
  credential_id: string;
  user_id: string;
  service_name: string;
  service_user_name: string;
  status: string;
  create_date: string;
  expiration_date: string | null;
}

const COLUMNS =
  'credential_id, user_id, service_name, service_user_name, status, create_date, expiration_date';

const toCredential = (r: Row): StoredServiceCredential => {
  const c: StoredServiceCredential = {
    ServiceSpecificCredentialId: r.credential_id,
    UserId: r.user_id,
    ServiceName: r.service_name,
    ServiceUserName: r.service_user_name,
    Status: r.status as ServiceCredentialStatus,
    CreateDate: date(r.create_date),
  };
  const exp = optDate(r.expiration_date);
  if (exp) c.ExpirationDate = exp;
  return c;
};

/**
 * Service-specific credential ids: `ACCA` and 17 more id characters, 21 in all, as the example of
 * API_CreateServiceSpecificCredential.html (`ACCAEXAMPLE123EXAMPLE`).
 */
export function newServiceCredentialId(): string {
  let s = 'ACCA';
  for (const b of randomBytes(17)) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return s;
}

/** Users' service-specific credentials, keyed by the user's unique id so a rename keeps them. */
export class ServiceCredentialRepo {
  constructor(private readonly db: Database) {}

  async create(
    accountId: string,
    c: Omit<StoredServiceCredential, 'ServiceSpecificCredentialId'>,
    secretHash: string,
  ): Promise<StoredServiceCredential> {
    const id = newServiceCredentialId();
    await this.db.run(
      `INSERT INTO iam_service_specific_credentials (${COLUMNS}, account_id, secret_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        c.UserId,
        c.ServiceName,
        c.ServiceUserName,
        c.Status,
        iso(c.CreateDate),
        c.ExpirationDate ? iso(c.ExpirationDate) : null,
        accountId,
        secretHash,
      ],
    );
    return { ServiceSpecificCredentialId: id, ...c };
  }

  async get(userId: string, id: string): Promise<StoredServiceCredential | undefined> {
    const r = await this.db.get<Row>(
      `SELECT ${COLUMNS} FROM iam_service_specific_credentials WHERE user_id = ? AND credential_id = ?`,
      [userId, id],
    );
    return r && toCredential(r);
  }

  /** A user's credentials (or every user's of the account, `userId` null), by id, one service or all. */
  async list(
    accountId: string,
    userId: string | null,
    serviceName: string | undefined,
    req: PageRequest,
  ): Promise<Page<StoredServiceCredential>> {
    const size = pageSize(req);
    const where = ['account_id = ?', 'credential_id > ?'];
    const params: (string | number)[] = [accountId, decodeMarker(req.marker)];
    if (userId !== null) {
      where.push('user_id = ?');
      params.push(userId);
    }
    if (serviceName !== undefined) {
      where.push('service_name = ?');
      params.push(serviceName);
    }
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM iam_service_specific_credentials WHERE ${where.join(' AND ')} ORDER BY credential_id LIMIT ?`,
      [...params, size + 1],
    );
    return toPage(rows, size, (r) => r.credential_id, toCredential);
  }

  countForService(userId: string, serviceName: string): Promise<number> {
    return count(
      this.db,
      'SELECT count(*) AS n FROM iam_service_specific_credentials WHERE user_id = ? AND service_name = ?',
      [userId, serviceName],
    );
  }

  countForUser(userId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_service_specific_credentials WHERE user_id = ?', [
      userId,
    ]);
  }

  async setStatus(userId: string, id: string, status: ServiceCredentialStatus): Promise<void> {
    await this.db.run(
      'UPDATE iam_service_specific_credentials SET status = ? WHERE user_id = ? AND credential_id = ?',
      [status, userId, id],
    );
  }

  async setSecret(userId: string, id: string, secretHash: string): Promise<void> {
    await this.db.run(
      'UPDATE iam_service_specific_credentials SET secret_hash = ? WHERE user_id = ? AND credential_id = ?',
      [secretHash, userId, id],
    );
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const r = await this.db.run(
      'DELETE FROM iam_service_specific_credentials WHERE user_id = ? AND credential_id = ?',
      [userId, id],
    );
    return r.changes > 0;
  }
}
