/**
 * Virtual MFA devices as IAM answers them (IAM model shapes VirtualMFADevice and MFADevice,
 * API_VirtualMFADevice.html, API_MFADevice.html), the seed and QR code CreateVirtualMFADevice
 * returns, and the texts the operations share:
 * - "MFADevice entity at the same path and name already exists." (EntityAlreadyExists; CloudTrail
 *   records of CreateVirtualMFADevice quote it, and the console shows it);
 * - "Authentication code for device is not valid." (InvalidAuthenticationCode, 403; what the
 *   console and CLI show for EnableMFADevice with wrong codes);
 * - "Cannot delete entity, must delete MFA device first." (DeleteConflict from DeleteUser;
 *   rebuy-de/aws-nuke#405 quotes it);
 * - "VirtualMFADevice with serial number X does not exist.", "MFA Device is already in use.",
 *   "MFA Device invalid for user." (NoSuchEntity / EntityAlreadyExists) are the texts of ctyun's
 *   OOS IAM, which copies IAM's; not checked against IAM itself.
 * DeleteVirtualMFADevice of an enabled device is DeleteConflict (the model's error; the API page:
 * "You must deactivate a user's virtual MFA device before you can delete it"); IAM's text for it
 * was not found, so Pinpost's says what to do.
 */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { deleteConflict, entityAlreadyExists, invalidAuthenticationCode, noSuchEntity } from '../errors.js';
import type { IamStore } from '../store.js';
import { MfaDeviceRepo, type StoredMfaDevice } from '../store-mfa-devices.js';
import { base32Decode, base32Encode, hotp, timeStep } from '../totp.js';
import { userOut } from '../handlers/user-shapes.js';
import type { User } from '../model.js';
import type { MFADevice, VirtualMFADevice } from '../../../wire/model/types/iam.js';

/** id_credentials_mfa.html: a user can have "up to eight MFA devices of any combination". */
export const MFA_DEVICES_PER_USER = 8;

export const mfaDevicesOf = (store: IamStore) => new MfaDeviceRepo(store.db);

export const mfaDeviceExists = () =>
  entityAlreadyExists('MFADevice entity at the same path and name already exists.');
export const noSuchMfaDevice = (serial: string) =>
  noSuchEntity(`VirtualMFADevice with serial number ${serial} does not exist.`);
export const mfaDeviceInUse = () => entityAlreadyExists('MFA Device is already in use.');
export const mfaDeviceNotUsers = () => noSuchEntity('MFA Device invalid for user.');
export const badAuthenticationCode = () =>
  invalidAuthenticationCode('Authentication code for device is not valid.');
export const mustDeactivateMfaDevice = (serial: string) =>
  deleteConflict(`Cannot delete entity, the MFA device ${serial} must be deactivated first.`);
export const mustDeleteMfaDevice = () =>
  deleteConflict('Cannot delete entity, must delete MFA device first.');

/**
 * A new seed: 40 random bytes, 64 base32 characters, as long as the seeds IAM hands out (the
 * console's "show secret key" text is 64 characters).
 */
export const newSeed = (): string => base32Encode(randomBytes(40));

/**
 * The key URI IAM's QR codes carry, decoded from one made by CreateVirtualMFADevice:
 * `otpauth://totp/Amazon%20Web%20Services:<device name>@<account alias or id>?secret=<seed>&issuer=Amazon%20Web%20Services`.
 */
export function keyUri(deviceName: string, accountLabel: string, seed: string): string {
  const issuer = encodeURIComponent('Amazon Web Services');
  const label = `${issuer}:${encodeURIComponent(`${deviceName}@${accountLabel}`)}`;
  return `otpauth://totp/${label}?secret=${seed}&issuer=${issuer}`;
}

export const qrCodePng = (uri: string): Promise<Buffer> => QRCode.toBuffer(uri, { type: 'png' });

/** VirtualMFADevice in lists: the seed and QR code only ever at creation, tags never (API_ListVirtualMFADevices.html). */
export function virtualDeviceOutput(d: StoredMfaDevice, user: User | undefined): VirtualMFADevice {
  const out: VirtualMFADevice = { SerialNumber: d.SerialNumber };
  if (user) out.User = userOut(user, false);
  if (d.EnableDate) out.EnableDate = d.EnableDate;
  return out;
}

/** An enabled device (listed by user, so EnableDate is set). */
export function mfaDeviceOutput(user: User, d: StoredMfaDevice): MFADevice {
  return { UserName: user.UserName, SerialNumber: d.SerialNumber, EnableDate: d.EnableDate as Date };
}

/**
 * Whether `code` is the current TOTP code (a step either side allowed, for clocks a little
 * apart) of the virtual MFA device `serial` enabled for the user with this unique id: STS's check
 * of a SerialNumber and TokenCode (API_GetSessionToken.html).
 */
export async function mfaCodeValid(
  store: IamStore,
  accountId: string,
  userId: string,
  serial: string,
  code: string,
): Promise<boolean> {
  const d = await mfaDevicesOf(store).get(accountId, serial);
  if (!d || d.UserId !== userId) return false;
  const key = base32Decode(d.Seed);
  const current = timeStep(store.clock());
  return [current - 1, current, current + 1].some((step) => hotp(key, step) === code);
}
