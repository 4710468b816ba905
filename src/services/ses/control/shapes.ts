/** Output shapes shared by several operations (sesv2/2019-09-27 DkimAttributes, MailFromAttributes). */
import type { DkimState, IdentityDoc } from './model.js';

export function dkimAttributes(d: DkimState) {
  return {
    SigningEnabled: d.signingEnabled,
    Status: d.status,
    Tokens: d.tokens.length ? d.tokens : undefined,
    SigningAttributesOrigin: d.origin,
    NextSigningKeyLength: d.nextKeyLength,
    CurrentSigningKeyLength: d.currentKeyLength,
    LastKeyGenerationTimestamp: d.lastKeyGeneration ? new Date(d.lastKeyGeneration) : undefined,
  };
}

/** MailFromAttributes; with no custom domain AWS still answers the behaviour (moto#9771 quotes AWS). */
export function mailFromAttributes(doc: IdentityDoc) {
  return doc.mailFrom
    ? {
        MailFromDomain: doc.mailFrom.domain,
        MailFromDomainStatus: 'SUCCESS',
        BehaviorOnMxFailure: doc.mailFrom.behavior,
      }
    : { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' };
}
