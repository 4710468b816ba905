import {
  decodeMarker,
  pageSize,
  toPage,
  type Database,
  type Page,
  type PageRequest,
  type SqlValue,
} from '../../store/index.js';
import type { Tag } from './model.js';
import { count, date, insertUnique, iso, nameKey, optDate, parseTags, tagsText } from './store-shared.js';

export interface StoredMfaDevice {
  SerialNumber: string;
  DeviceName: string;
  Path: string;
  /** The seed in base32, as the device's app holds it. */
  Seed: string;
  CreateDate: Date;
  /** The unique id of the user the device is enabled for, if any. */
  UserId?: string;
  EnableDate?: Date;
  Tags: Tag[];
}

interface Row {
  serial_number: string;
  device_name: string;
  path: string;
  seed: string;
  create_date: string;
  user_id: string | null;
  enable_date: string | null;
  tags: string;
}

const COLUMNS = 'serial_number, device_name, path, seed, create_date, user_id, enable_date, tags';

const toDevice = (r: Row): StoredMfaDevice => ({
  SerialNumber: r.serial_number,
  DeviceName: r.device_name,
  Path: r.path,
  Seed: r.seed,
  CreateDate: date(r.create_date),
  UserId: r.user_id ?? undefined,
  EnableDate: optDate(r.enable_date),
  Tags: parseTags(r.tags),
});

export type AssignmentStatus = 'Assigned' | 'Unassigned' | 'Any';

/**
 * An account's virtual MFA devices, found by serial number (the device's ARN) within the account.
 * Users are linked by unique id, so a renamed user keeps its devices.
 */
export class MfaDeviceRepo {
  constructor(private readonly db: Database) {}

  async create(accountId: string, d: Omit<StoredMfaDevice, 'UserId' | 'EnableDate'>): Promise<void> {
    await insertUnique(
      this.db,
      'MFA device',
      d.DeviceName,
      'INSERT INTO iam_mfa_devices (serial_number, account_id, device_name, name_key, path, seed, create_date, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [
        d.SerialNumber,
        accountId,
        d.DeviceName,
        nameKey(d.DeviceName),
        d.Path,
        d.Seed,
        iso(d.CreateDate),
        tagsText(d.Tags),
      ],
    );
  }

  async get(accountId: string, serial: string): Promise<StoredMfaDevice | undefined> {
    const r = await this.db.get<Row>(
      `SELECT ${COLUMNS} FROM iam_mfa_devices WHERE account_id = ? AND serial_number = ?`,
      [accountId, serial],
    );
    return r && toDevice(r);
  }

  async byName(accountId: string, name: string): Promise<StoredMfaDevice | undefined> {
    const r = await this.db.get<Row>(
      `SELECT ${COLUMNS} FROM iam_mfa_devices WHERE account_id = ? AND name_key = ?`,
      [accountId, nameKey(name)],
    );
    return r && toDevice(r);
  }

  /** ListVirtualMFADevices: keyset pages on the serial number. */
  async list(accountId: string, status: AssignmentStatus, req: PageRequest): Promise<Page<StoredMfaDevice>> {
    const size = pageSize(req);
    const filter =
      status === 'Assigned'
        ? ' AND user_id IS NOT NULL'
        : status === 'Unassigned'
          ? ' AND user_id IS NULL'
          : '';
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM iam_mfa_devices WHERE account_id = ? AND serial_number > ?${filter} ORDER BY serial_number LIMIT ?`,
      [accountId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.serial_number, toDevice);
  }

  /** ListMFADevices: the devices enabled for a user. */
  async listForUser(userId: string, req: PageRequest): Promise<Page<StoredMfaDevice>> {
    const size = pageSize(req);
    const rows = await this.db.all<Row>(
      `SELECT ${COLUMNS} FROM iam_mfa_devices WHERE user_id = ? AND serial_number > ? ORDER BY serial_number LIMIT ?`,
      [userId, decodeMarker(req.marker), size + 1],
    );
    return toPage(rows, size, (r) => r.serial_number, toDevice);
  }

  async assign(accountId: string, serial: string, userId: string | null, at: Date | null): Promise<void> {
    await this.db.run(
      'UPDATE iam_mfa_devices SET user_id = ?, enable_date = ? WHERE account_id = ? AND serial_number = ?',
      [userId, at && iso(at), accountId, serial] as SqlValue[],
    );
  }

  async setTags(accountId: string, serial: string, tags: readonly Tag[]): Promise<void> {
    await this.db.run('UPDATE iam_mfa_devices SET tags = ? WHERE account_id = ? AND serial_number = ?', [
      tagsText(tags),
      accountId,
      serial,
    ]);
  }

  async delete(accountId: string, serial: string): Promise<void> {
    await this.db.run('DELETE FROM iam_mfa_devices WHERE account_id = ? AND serial_number = ?', [
      accountId,
      serial,
    ]);
  }

  /** DeleteUser refuses while a user has one; EnableMFADevice counts against the per-user quota. */
  countForUser(userId: string): Promise<number> {
    return count(this.db, 'SELECT count(*) AS n FROM iam_mfa_devices WHERE user_id = ?', [userId]);
  }

  /** GetAccountSummary's MFADevices and MFADevicesInUse. */
  async counts(accountId: string): Promise<{ all: number; inUse: number }> {
    const all = await count(this.db, 'SELECT count(*) AS n FROM iam_mfa_devices WHERE account_id = ?', [
      accountId,
    ]);
    const inUse = await count(
      this.db,
      'SELECT count(*) AS n FROM iam_mfa_devices WHERE account_id = ? AND user_id IS NOT NULL',
      [accountId],
    );
    return { all, inUse };
  }
}
