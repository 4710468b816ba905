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

export type SshKeyStatus = 'Active' | 'Inactive';

export interface StoredSshPublicKey {
  SSHPublicKeyId: string;
  Fingerprint: string;
  /** OpenSSH form (`ssh-rsa <base64>`). */
  Body: string;
  Status: SshKeyStatus;
  UploadDate: Date;
}

interface Row {
  ssh_public_key_id: string;
  fingerprint: string;
  body: string;
  status: string;
  upload_date: string;
}

const toKey = (r: Row): StoredSshPublicKey => ({
  SSHPublicKeyId: r.ssh_public_key_id,
  Fingerprint: r.fingerprint,
  Body: r.body,
  Status: r.status as SshKeyStatus,
  UploadDate: date(r.upload_date),
});

/** SSH public key ids are 20 characters starting `APKA` (API_SSHPublicKey.html's examples). */
export function newSshPublicKeyId(): string {
  let s = 'APKA';
  for (const b of randomBytes(16)) s += ID_ALPHABET[b % ID_ALPHABET.length];
  return s;
}

/** A user's SSH public keys, keyed by the user's unique id so a rename keeps them. */
export class SshPublicKeyRepo {
  constructor(private readonly db: Database) {}

  async create(userId: string, key: Omit<StoredSshPublicKey, 'SSHPublicKeyId'>): Promise<StoredSshPublicKey> {
    const id = newSshPublicKeyId();
    await this.db.run(
      'INSERT INTO iam_ssh_public_keys (ssh_public_key_id, user_id, fingerprint, body, status, upload_date) VALUES (?, ?, ?, ?, ?, ?)',
      [id, userId, key.Fingerprint, key.Body, key.Status, iso(key.UploadDate)],
    );
    return { SSHPublicKeyId: id, ...key };
  }

  async get(userId: string, keyId: string): Promise<StoredSshPublicKey | undefined> {
    const r = await this.db.get<Row>(
      'SELECT ssh_public_key_id, fingerprint, body, status, upload_date FROM iam_ssh_public_keys WHERE user_id = ? AND ssh_public_key_id = ?',
      [userId, keyId],
    );
    return r && toKey(r);
  }

  async byFingerprint(userId: string, fingerprint: string): Promise<StoredSshPublicKey | undefined> {
    const r = await this.db.get<Row>(
      'SELECT ssh_public_key_id, fingerprint, body, status, upload_date FROM iam_ssh_public_keys WHERE user_id = ? AND fingerprint = ?',
      [userId, fingerprint],
    );
    return r && toKey(r);
  }

  async list(userId: string, req: PageRequest): Promise<Page<StoredSshPublicKey>> {
    const size = pageSize(req);
    const rows = await this.db.all<Row>(
      'SELECT ssh_public_key_id, fingerprint, body, status, upload_date FROM iam_ssh_public_keys WHERE user_id = ? AND ssh_public_key_id > ? ORDER BY ssh_public_key_id LIMIT ?',
      [userId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.ssh_public_key_id, toKey);
  }

  async setStatus(userId: string, keyId: string, status: SshKeyStatus): Promise<void> {
    await this.db.run(
      'UPDATE iam_ssh_public_keys SET status = ? WHERE user_id = ? AND ssh_public_key_id = ?',
      [status, userId, keyId],
    );
  }

  async delete(userId: string, keyId: string): Promise<boolean> {
    const r = await this.db.run(
      'DELETE FROM iam_ssh_public_keys WHERE user_id = ? AND ssh_public_key_id = ?',
      [userId, keyId],
    );
    return r.changes > 0;
  }

  count(userId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_ssh_public_keys WHERE user_id = ?', [userId]);
  }
}
