/** Output shapes shared by several operations (sesv2/2019-09-27 DkimAttributes, MailFromAttributes). */
import type { DkimAttributes, MailFromAttributes } from '../../../wire/model/types/sesv2.js';
import type { DkimState, IdentityDoc } from './model.js';

export function dkimAttributes(d: DkimState): DkimAttributes {
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

/**
 * MailFromAttributes; with no custom domain AWS still answers the behaviour alone (moto#9771 quotes
 * AWS), though the model marks the domain and its status required: hence the cast.
 */
export function mailFromAttributes(doc: IdentityDoc): MailFromAttributes {
  return doc.mailFrom
    ? {
        MailFromDomain: doc.mailFrom.domain,
        MailFromDomainStatus: 'SUCCESS',
        BehaviorOnMxFailure: doc.mailFrom.behavior,
      }
    : ({ BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' } as MailFromAttributes);
}
