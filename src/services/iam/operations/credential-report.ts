/**
 * The credential report's CSV (id_credentials_getting-report.html, "Understanding the report
 * format"): one row for the root user (`<root_account>`) and one per IAM user, 22 columns, dates in
 * ISO 8601 as IAM writes them (`2024-01-01T00:00:00+00:00`), booleans `true`/`false`, and the
 * page's `N/A`, `not_supported` and `no_information` where it says:
 * - password_enabled is `not_supported` for the root user; password_last_used is `no_information`
 *   when the password was never used, `N/A` when the user has none; password_last_changed and
 *   password_next_rotation are `not_supported` for the root user, `N/A` without a password;
 *   password_next_rotation is the last change plus the password policy's MaxPasswordAge, `N/A`
 *   when the policy sets none;
 * - access_key_N_* (keys in creation order) and cert_N_* (certificates in upload order):
 *   `_active` true when present and Active; `_last_rotated` the creation date, `N/A` when the user
 *   has no such active key or certificate (the page's words); `_last_used_*` `N/A` when never used.
 * Pinpost's root user has no password and no MFA device here; its access keys are listed.
 */
import type { IamStore } from '../store.js';
import { loginProfilesOf } from './login-profile-operations.js';
import { mfaDevicesOf } from './mfa-device-shapes.js';
import { signingCertificatesOf } from './signing-certificate-operations.js';
import { accountSettingsOf } from './account-settings-operations.js';

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

const NA = 'N/A';
const DAY_MS = 24 * 60 * 60 * 1000;

/** `2024-01-01T00:00:00+00:00`: seconds, UTC written as an offset. */
export const reportTime = (d: Date): string => `${d.toISOString().slice(0, 19)}+00:00`;

interface KeyLike {
  Status: string;
  CreateDate?: Date;
  AccessKeyId?: string;
}

async function accessKeyColumns(store: IamStore, keys: readonly KeyLike[]): Promise<string[]> {
  const sorted = [...keys].sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0));
  const out: string[] = [];
  for (let n = 0; n < 2; n++) {
    const k = sorted[n];
    const active = k?.Status === 'Active';
    const used = k?.AccessKeyId ? await store.accessKeys.lastUsed(k.AccessKeyId) : undefined;
    out.push(
      String(active),
      active && k.CreateDate ? reportTime(k.CreateDate) : NA,
      used?.LastUsedDate ? reportTime(used.LastUsedDate) : NA,
      used?.LastUsedDate ? used.Region : NA,
      used?.LastUsedDate ? used.ServiceName : NA,
    );
  }
  return out;
}

function certificateColumns(certs: readonly { Status: string; UploadDate: Date }[]): string[] {
  const sorted = [...certs].sort((a, b) => a.UploadDate.getTime() - b.UploadDate.getTime());
  const out: string[] = [];
  for (let n = 0; n < 2; n++) {
    const active = sorted[n]?.Status === 'Active';
    out.push(String(active), active ? reportTime(sorted[n]!.UploadDate) : NA);
  }
  return out;
}

/** A CSV field: IAM names and ARNs need no quoting, but a comma or quote would. */
const field = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The report's text for the account, from what the store holds now. */
export async function credentialReportCsv(
  store: IamStore,
  account: string,
  partition: string,
): Promise<string> {
  const rows: string[][] = [[...CREDENTIAL_REPORT_COLUMNS]];
  const created = (await store.accounts.get(account))?.CreateDate ?? store.clock();
  rows.push([
    '<root_account>',
    `arn:${partition}:iam::${account}:root`,
    reportTime(created),
    'not_supported',
    'no_information',
    'not_supported',
    'not_supported',
    'false',
    ...(await accessKeyColumns(store, await store.accessKeys.list(account, null))),
    ...certificateColumns([]),
  ]);
  const profiles = loginProfilesOf(store);
  const mfa = mfaDevicesOf(store);
  const certificates = signingCertificatesOf(store);
  const maxAge = (await accountSettingsOf(store).passwordPolicy(account))?.MaxPasswordAge;
  let marker: string | undefined;
  do {
    const page = await store.users.list(account, { marker, maxItems: 1000 });
    for (const u of page.items) {
      const profile = await profiles.get(u.UserId);
      const changed = profile?.CreateDate;
      const certs = (await certificates.list(u.UserId, { maxItems: 1000 })).items;
      rows.push([
        u.UserName,
        u.Arn,
        reportTime(u.CreateDate),
        String(profile !== undefined),
        !profile ? NA : u.PasswordLastUsed ? reportTime(u.PasswordLastUsed) : 'no_information',
        changed ? reportTime(changed) : NA,
        changed && maxAge ? reportTime(new Date(changed.getTime() + maxAge * DAY_MS)) : NA,
        String((await mfa.countForUser(u.UserId)) > 0),
        ...(await accessKeyColumns(store, await store.accessKeys.list(account, u.UserName))),
        ...certificateColumns(certs),
      ]);
    }
    marker = page.isTruncated ? page.marker : undefined;
  } while (marker);
  return rows.map((r) => r.map(field).join(',')).join('\n');
}
