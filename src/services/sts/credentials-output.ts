/** The Credentials shape of the STS model (AccessKeyId, SecretAccessKey, SessionToken, Expiration). */
import type { Credentials, Session } from './model.js';

export function credentialsOf(s: Session): Credentials {
  return {
    AccessKeyId: s.AccessKeyId,
    SecretAccessKey: s.SecretAccessKey,
    SessionToken: s.SessionToken,
    Expiration: s.Expiration,
  };
}
