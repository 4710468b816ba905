import { randomBytes, randomInt } from 'node:crypto';

/**
 * Identifiers that look like AWS's. Unique ids are 21 characters: a 4-letter prefix telling the
 * entity type, then 17 characters (IAM User Guide, reference_identifiers.html, "Understanding
 * unique ID prefixes": AGPA group, AIDA IAM user, AKIA access key, ANPA managed policy, AROA role,
 * ASIA temporary (AWS STS) keys). Access key ids are 20 characters (AKIA + 16, as in the
 * documentation's AKIAIOSFODNN7EXAMPLE). The alphabet is RFC 4648 base32 (A–Z, 2–7), which is
 * what real ids use.
 */
export const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export type UniqueIdPrefix = 'AIDA' | 'AROA' | 'AGPA' | 'ANPA';

function randomChars(n: number, alphabet = ID_ALPHABET): string {
  const bytes = randomBytes(n);
  let s = '';
  // 256 is a multiple of 32, so `% 32` is unbiased for the base32 alphabet.
  for (let i = 0; i < n; i++) s += alphabet[bytes[i] % alphabet.length];
  return s;
}

export const newUserId = (): string => 'AIDA' + randomChars(17);
export const newRoleId = (): string => 'AROA' + randomChars(17);
export const newGroupId = (): string => 'AGPA' + randomChars(17);
export const newPolicyId = (): string => 'ANPA' + randomChars(17);

/** Long-term key of a user or of the root user. */
export const newAccessKeyId = (): string => 'AKIA' + randomChars(16);
/** Temporary key issued by STS. */
export const newSessionAccessKeyId = (): string => 'ASIA' + randomChars(16);

const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** 40 characters of the base64 alphabet, like wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY. */
export const newSecretAccessKey = (): string => randomChars(40, SECRET_ALPHABET);

/**
 * An opaque session token. Real ones are long base64 blobs (several hundred characters) that
 * clients pass back verbatim; this one carries 256 random bytes, so it cannot be guessed.
 */
export const newSessionToken = (): string => 'IQoJb3JpZ2luX2Vj' + randomBytes(256).toString('base64');

/** A random 12-digit AWS account id. */
export const newAccountId = (): string => String(randomInt(0, 1_000_000_000_000)).padStart(12, '0');

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
export const UNIQUE_ID_PATTERN = /^(AIDA|AROA|AGPA|ANPA)[A-Z2-7]{17}$/;
export const ACCESS_KEY_ID_PATTERN = /^(AKIA|ASIA)[A-Z2-7]{16}$/;

/**
 * IAM and STS ARNs (IAM User Guide, reference_identifiers.html#identifiers-arns):
 * arn:<partition>:iam::<account>:user|group|role|policy<path><name>, …:iam::<account>:root,
 * arn:<partition>:sts::<account>:assumed-role/<role-name>/<session-name>,
 * arn:<partition>:sts::<account>:federated-user/<name>, in the account's partition. The path sits
 * between the type and the name; an assumed-role ARN carries no path.
 */
export type IamArnType = 'user' | 'group' | 'role' | 'policy';

export function iamArn(
  partition: string,
  accountId: string,
  type: IamArnType,
  path: string,
  name: string,
): string {
  return `arn:${partition}:iam::${accountId}:${type}${path}${name}`;
}

export function rootArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:root`;
}

export function assumedRoleArn(
  partition: string,
  accountId: string,
  roleName: string,
  sessionName: string,
): string {
  return `arn:${partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`;
}

export function federatedUserArn(partition: string, accountId: string, name: string): string {
  return `arn:${partition}:sts::${accountId}:federated-user/${name}`;
}

/** The partition an IAM or STS ARN names (`arn:<partition>:…`). */
export const partitionOfArn = (arn: string): string => arn.slice(4, arn.indexOf(':', 4));

/** AWS managed policies live in the pseudo-account `aws` of each partition. */
export const awsManagedPolicyArnPrefix = (partition: string): string => `arn:${partition}:iam::aws:policy/`;
