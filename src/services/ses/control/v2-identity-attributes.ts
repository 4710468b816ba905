/**
 * SES v2 identity settings: PutEmailIdentityDkimAttributes, PutEmailIdentityDkimSigningAttributes,
 * PutEmailIdentityMailFromAttributes, PutEmailIdentityFeedbackAttributes,
 * PutEmailIdentityConfigurationSetAttributes (APIReference-V2/API_PutEmailIdentity*.html).
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import { byoDkim, easyDkim } from './dkim.js';
import { badRequest, configSetMissingText, notFound } from './errors.js';
import { domainOf, getIdentity, isEmail, requireIdentity, saveIdentity } from './identities.js';
import { scopeOf } from './input.js';
import type { IdentityDoc } from './model.js';
import type { RequestContext } from '../../../wire/context.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';

/** Reads, changes and writes one identity in a transaction. */
function change(
  deps: ControlDeps,
  ctx: RequestContext,
  name: string,
  fn: (doc: IdentityDoc) => IdentityDoc | Promise<IdentityDoc>,
): Promise<IdentityDoc> {
  const scope = scopeOf(ctx);
  return deps.store.transaction(async () => {
    const next = await fn(structuredClone((await requireIdentity(deps, scope, name)).doc));
    await saveIdentity(deps, scope, next);
    return next;
  });
}

export function v2IdentityAttributeOperations(deps: ControlDeps): OperationSpec[] {
  const common = {
    resources: (i: { EmailIdentity: string }, ctx: RequestContext) => [
      arnOf(deps, ctx, 'identity', i.EmailIdentity),
    ],
    conditionKeys: (i: { EmailIdentity: string }, ctx: RequestContext) =>
      resourceTagKeys(deps, ctx, 'identity', i.EmailIdentity),
  };

  const dkim = defineOperation<
    InputOf<'PutEmailIdentityDkimAttributes'>,
    OutputOf<'PutEmailIdentityDkimAttributes'>
  >({
    name: 'PutEmailIdentityDkimAttributes',
    action: 'ses:PutEmailIdentityDkimAttributes',
    ...common,
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const enabled = i.SigningEnabled ?? false;
      const found = await getIdentity(deps, scope, i.EmailIdentity);
      if (found?.doc.type === 'DOMAIN') {
        await change(deps, ctx, i.EmailIdentity, (doc) => {
          // A v1 domain has no key until DKIM is first enabled.
          if (enabled && !doc.dkim.privateKeyPem)
            doc.dkim = easyDkim('RSA_2048_BIT', 'SUCCESS', deps.store.now());
          doc.dkim.signingEnabled = enabled;
          return doc;
        });
        return {};
      }
      // DKIM belongs to the domain: for an address whose domain is an identity AWS answers 200 and
      // changes nothing; otherwise "Domain X is not verified for DKIM signing." (floci-io/floci#723,
      // compared with AWS's answers).
      const domain = isEmail(i.EmailIdentity) ? domainOf(i.EmailIdentity) : i.EmailIdentity;
      if (found && (await getIdentity(deps, scope, domain))?.doc.type === 'DOMAIN') return {};
      throw badRequest(`Domain ${domain} is not verified for DKIM signing.`);
    },
  });

  const signing = defineOperation<
    InputOf<'PutEmailIdentityDkimSigningAttributes'>,
    OutputOf<'PutEmailIdentityDkimSigningAttributes'>
  >({
    name: 'PutEmailIdentityDkimSigningAttributes',
    action: 'ses:PutEmailIdentityDkimSigningAttributes',
    ...common,
    async handler(i, ctx) {
      const s = i.SigningAttributes;
      const doc = await change(deps, ctx, i.EmailIdentity, (d) => {
        if (d.type !== 'DOMAIN')
          throw badRequest(`Domain ${i.EmailIdentity} is not verified for DKIM signing.`);
        if (i.SigningAttributesOrigin === 'EXTERNAL') {
          if (!s?.DomainSigningSelector || !s.DomainSigningPrivateKey) {
            throw badRequest('DomainSigningSelector and DomainSigningPrivateKey are required for BYODKIM.');
          }
          d.dkim = byoDkim(s.DomainSigningSelector, s.DomainSigningPrivateKey, 'SUCCESS');
        } else {
          d.dkim = easyDkim(s?.NextSigningKeyLength ?? 'RSA_2048_BIT', 'SUCCESS', deps.store.now());
        }
        return d;
      });
      return { DkimStatus: doc.dkim.status, DkimTokens: doc.dkim.tokens };
    },
  });

  const mailFrom = defineOperation<
    InputOf<'PutEmailIdentityMailFromAttributes'>,
    OutputOf<'PutEmailIdentityMailFromAttributes'>
  >({
    name: 'PutEmailIdentityMailFromAttributes',
    action: 'ses:PutEmailIdentityMailFromAttributes',
    ...common,
    async handler(i, ctx) {
      await change(deps, ctx, i.EmailIdentity, (d) => {
        setMailFrom(d, i.MailFromDomain, i.BehaviorOnMxFailure ?? 'USE_DEFAULT_VALUE', badRequest);
        return d;
      });
      return {};
    },
  });

  const feedback = defineOperation<
    InputOf<'PutEmailIdentityFeedbackAttributes'>,
    OutputOf<'PutEmailIdentityFeedbackAttributes'>
  >({
    name: 'PutEmailIdentityFeedbackAttributes',
    action: 'ses:PutEmailIdentityFeedbackAttributes',
    ...common,
    async handler(i, ctx) {
      await change(deps, ctx, i.EmailIdentity, (d) => ({
        ...d,
        feedbackForwarding: i.EmailForwardingEnabled ?? false,
      }));
      return {};
    },
  });

  const configSet = defineOperation<
    InputOf<'PutEmailIdentityConfigurationSetAttributes'>,
    OutputOf<'PutEmailIdentityConfigurationSetAttributes'>
  >({
    name: 'PutEmailIdentityConfigurationSetAttributes',
    action: 'ses:PutEmailIdentityConfigurationSetAttributes',
    ...common,
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      // An empty name, as an absent one, detaches the configuration set.
      const name = i.ConfigurationSetName || undefined;
      await change(deps, ctx, i.EmailIdentity, async (d) => {
        if (name && !(await deps.store.get(scope, 'configset', name))) {
          throw notFound(configSetMissingText(name));
        }
        return { ...d, configurationSetName: name };
      });
      return {};
    },
  });

  return [dkim, signing, mailFrom, feedback, configSet];
}

/**
 * Sets or clears (empty or absent domain) the custom MAIL FROM domain, which must be a subdomain of
 * the identity's domain (dg/mail-from.html: "The MAIL FROM domain must be a subdomain of the parent
 * identity"). Shared with v1 SetIdentityMailFromDomain.
 */
export function setMailFrom(
  d: IdentityDoc,
  domain: string | undefined,
  behavior: 'USE_DEFAULT_VALUE' | 'REJECT_MESSAGE',
  fail: (message: string) => Error,
): void {
  if (!domain) {
    d.mailFrom = undefined;
    return;
  }
  const parent = (d.type === 'DOMAIN' ? d.name : domainOf(d.name)).toLowerCase();
  if (!domain.toLowerCase().endsWith(`.${parent}`)) {
    throw fail(
      `Provided MAIL-FROM domain '${domain}' is not subdomain of the domain of the identity '${d.name}'.`,
    );
  }
  d.mailFrom = { domain, behavior };
}
