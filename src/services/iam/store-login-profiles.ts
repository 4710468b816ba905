import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Database } from '../../store/index.js';
import { date, iso } from './store-shared.js';

const scrypt = promisify(scryptCallback) as (
  password: string,
  salt: Buffer,
  keylen: number,
) => Promise<Buffer>;

export interface StoredLoginProfile {
  CreateDate: Date;
  PasswordResetRequired: boolean;
}

/** A password as stored: never the text, a salted scrypt hash (`scrypt:<salt>:<hash>`, base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt:${salt.toString('base64')}:${hash.toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, salt, hash] = stored.split(':');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

/**
 * Users' login profiles (console passwords), one per user, keyed by the user's unique id so a
 * renamed user keeps its profile. Callers hash the password (hashPassword) before any write.
 */
export class LoginProfileRepo {
  constructor(private readonly db: Database) {}

  async get(userId: string): Promise<StoredLoginProfile | undefined> {
    const r = await this.db.get<{ create_date: string; password_reset_required: number }>(
      'SELECT create_date, password_reset_required FROM iam_login_profiles WHERE user_id = ?',
      [userId],
    );
    return r && { CreateDate: date(r.create_date), PasswordResetRequired: r.password_reset_required !== 0 };
  }

  async create(userId: string, passwordHash: string, resetRequired: boolean, now: Date): Promise<void> {
    await this.db.run(
      'INSERT INTO iam_login_profiles (user_id, create_date, password_hash, password_reset_required) VALUES (?, ?, ?, ?)',
      [userId, iso(now), passwordHash, resetRequired ? 1 : 0],
    );
  }

  async update(userId: string, change: { passwordHash?: string; resetRequired?: boolean }): Promise<void> {
    if (change.passwordHash !== undefined)
      await this.db.run('UPDATE iam_login_profiles SET password_hash = ? WHERE user_id = ?', [
        change.passwordHash,
        userId,
      ]);
    if (change.resetRequired !== undefined)
      await this.db.run('UPDATE iam_login_profiles SET password_reset_required = ? WHERE user_id = ?', [
        change.resetRequired ? 1 : 0,
        userId,
      ]);
  }

  /** The stored hash (ChangePassword checks the old password against it). */
  async passwordHash(userId: string): Promise<string | undefined> {
    const r = await this.db.get<{ password_hash: string }>(
      'SELECT password_hash FROM iam_login_profiles WHERE user_id = ?',
      [userId],
    );
    return r?.password_hash;
  }

  /**
   * ChangePassword's write: the new hash only where the old one is still stored, so a change
   * made meanwhile is not overwritten; clears PasswordResetRequired, which the change satisfies.
   */
  async replaceHash(userId: string, oldHash: string, newHash: string): Promise<boolean> {
    const r = await this.db.run(
      'UPDATE iam_login_profiles SET password_hash = ?, password_reset_required = 0 WHERE user_id = ? AND password_hash = ?',
      [newHash, userId, oldHash],
    );
    return r.changes > 0;
  }

  async delete(userId: string): Promise<boolean> {
    const r = await this.db.run('DELETE FROM iam_login_profiles WHERE user_id = ?', [userId]);
    return r.changes > 0;
  }

  /** DeleteUser refuses while the user has one (API_DeleteUser.html). */
  async exists(userId: string): Promise<boolean> {
    return (await this.get(userId)) !== undefined;
  }
}
