/**
 * Whether a password satisfies the account's password policy, with IAM's PasswordPolicyViolation
 * texts (quoted from CreateLoginProfile answers: "Password should have a minimum length of 8",
 * "Password should meet 1 more of the following requirements: Password should have at least one
 * uppercase letter, Password should have at least one symbol").
 *
 * Without a custom policy the default applies (id_credentials_passwords_account-policy.html,
 * "Default password policy"): at least 8 characters and at least three of uppercase letters,
 * lowercase letters, numbers and the symbols ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '. With a
 * custom policy: its MinimumPasswordLength and each character type it requires. The first rule
 * broken is reported (AWS's wording for several custom-policy violations at once was not found).
 */
import { passwordPolicyViolation } from '../errors.js';
import type { StoredPasswordPolicy } from '../store-account-settings.js';

const SYMBOLS = new Set("!@#$%^&*()_+-=[]{}|'");

const CLASSES = [
  { test: (c: string) => c >= 'A' && c <= 'Z', text: 'Password should have at least one uppercase letter' },
  { test: (c: string) => c >= 'a' && c <= 'z', text: 'Password should have at least one lowercase letter' },
  { test: (c: string) => c >= '0' && c <= '9', text: 'Password should have at least one number' },
  { test: (c: string) => SYMBOLS.has(c), text: 'Password should have at least one symbol' },
] as const;

const DEFAULT_MINIMUM_LENGTH = 8;
const DEFAULT_CLASSES_REQUIRED = 3;

/** The violated rule's text, or undefined when the password is acceptable. */
export function passwordProblem(
  password: string,
  policy: StoredPasswordPolicy | undefined,
): string | undefined {
  const chars = [...password];
  const has = CLASSES.map((c) => chars.some(c.test));
  if (!policy) {
    if (chars.length < DEFAULT_MINIMUM_LENGTH)
      return `Password should have a minimum length of ${DEFAULT_MINIMUM_LENGTH}`;
    const met = has.filter(Boolean).length;
    if (met >= DEFAULT_CLASSES_REQUIRED) return undefined;
    const missing = CLASSES.filter((_, i) => !has[i]).map((c) => c.text);
    return `Password should meet ${DEFAULT_CLASSES_REQUIRED - met} more of the following requirements: ${missing.join(', ')}`;
  }
  if (chars.length < policy.MinimumPasswordLength)
    return `Password should have a minimum length of ${policy.MinimumPasswordLength}`;
  const required = [
    policy.RequireUppercaseCharacters,
    policy.RequireLowercaseCharacters,
    policy.RequireNumbers,
    policy.RequireSymbols,
  ];
  const broken = CLASSES.findIndex((_, i) => required[i] && !has[i]);
  return broken === -1 ? undefined : CLASSES[broken].text;
}

export function requireAcceptablePassword(password: string, policy: StoredPasswordPolicy | undefined): void {
  const problem = passwordProblem(password, policy);
  if (problem) throw passwordPolicyViolation(problem);
}
