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
import { count, date, iso } from './store-shared.js';

export type CertificateStatus = 'Active' | 'Inactive';

export interface StoredSigningCertificate {
  CertificateId: string;
  CertificateBody: string;
  Status: CertificateStatus;
  UploadDate: Date;
}

interface Row {
  certificate_id: string;
  certificate_body: string;
  status: string;
  upload_date: string;
}

const COLUMNS = 'certificate_id, certificate_body, status, upload_date';
const toCertificate = (r: Row): StoredSigningCertificate => ({
  CertificateId: r.certificate_id,
  CertificateBody: r.certificate_body,
  Status: r.status as CertificateStatus,
  UploadDate: date(r.upload_date),
});

/** 32 characters of [A-Z2-7] (certificateIdType: 24–128 word characters). */
export function newSigningCertificateId(): string {
  let s = '';
  for (const b of randomBytes(32)) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return s;
}

/** Users' X.509 signing certificates, keyed by the user's unique id so a rename keeps them. */
export class SigningCertificateRepo {
  constructor(private readonly db: Database) {}

  async create(
    accountId: string,
    userId: string,
    c: { fingerprint: string; body: string; now: Date },
  ): Promise<StoredSigningCertificate> {
    const id = newSigningCertificateId();
    await this.db.run(
      `INSERT INTO iam_signing_certificates (${COLUMNS}, account_id, user_id, fingerprint) VALUES (?, ?, 'Active', ?, ?, ?, ?)`,
      [id, c.body, iso(c.now), accountId, userId, c.fingerprint],
    );
    return { CertificateId: id, CertificateBody: c.body, Status: 'Active', UploadDate: c.now };
  }

  async get(userId: string, id: string): Promise<StoredSigningCertificate | undefined> {
    const r = await this.db.get<Row>(
      `SELECT ${COLUMNS} FROM iam_signing_certificates WHERE user_id = ? AND certificate_id = ?`,
      [userId, id],
    );
    return r && toCertificate(r);
  }

  /** Whether any user of the account has this certificate. */
  async fingerprintTaken(accountId: string, fingerprint: string): Promise<boolean> {
    return (
      (await count(
        this.db,
        'SELECT count(*) AS n FROM iam_signing_certificates WHERE account_id = ? AND fingerprint = ?',
        [accountId, fingerprint],
      )) > 0
    );
  }

  async list(userId: string, req: PageRequest): Promise<Page<StoredSigningCertificate>> {
    const size = pageSize(req);
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM iam_signing_certificates WHERE user_id = ? AND certificate_id > ? ORDER BY certificate_id LIMIT ?`,
      [userId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.certificate_id, toCertificate);
  }

  async setStatus(userId: string, id: string, status: CertificateStatus): Promise<void> {
    await this.db.run(
      'UPDATE iam_signing_certificates SET status = ? WHERE user_id = ? AND certificate_id = ?',
      [status, userId, id],
    );
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const r = await this.db.run(
      'DELETE FROM iam_signing_certificates WHERE user_id = ? AND certificate_id = ?',
      [userId, id],
    );
    return r.changes > 0;
  }

  count(userId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_signing_certificates WHERE user_id = ?', [userId]);
  }
}
