/**
 * SES v1 identities over the same store as v2: VerifyEmailIdentity, VerifyEmailAddress,
 * VerifyDomainIdentity, VerifyDomainDkim, DeleteIdentity, DeleteVerifiedEmailAddress,
 * ListIdentities, ListVerifiedEmailAddresses, GetIdentityVerificationAttributes,
 * GetIdentityDkimAttributes, SetIdentityDkimEnabled, GetIdentityMailFromDomainAttributes,
 * SetIdentityMailFromDomain (APIReference/API_*.html). The v1 model declares no not-found errors
 * for these: verifying twice and deleting what is absent succeed, as on AWS. These actions have no
 * resource type in list_amazonses.html, so they authorize on "*".
 */
import { v1Map } from './v1-output.js';
import type { RequestContext } from '../../../wire/context.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { ControlDeps } from './deps.js';
import { easyDkim, verificationToken } from './dkim.js';
import { invalidParameterValue } from './errors.js';
import {
  checkV1Domain,
  checkV1Email,
  getIdentity,
  identityKey,
  newIdentity,
  saveIdentity,
  v1Status,
} from './identities.js';
import { pageSizeViolations, scopeOf } from './input.js';
import type { IdentityDoc } from './model.js';
import { page } from './paging.js';
import { storeNewIdentity } from './verification.js';
import { memberPath, memberViolations } from '../../../wire/model/violations.js';
import { setMailFrom } from './v2-identity-attributes.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';

const any = () => ['*'];
/**
 * API_GetIdentityVerificationAttributes.html: "up to 100 identities at a time". The model states no
 * bound, so it is checked here, before authorization, where the request's other constraints are.
 */
export const atMost100Identities = (i: { Identities?: string[] }) =>
  memberViolations(memberPath('Identities'), i.Identities, { maxLength: 100 });
export const missingIdentity = (name: string) => invalidParameterValue(`Identity <${name}> does not exist.`);

export function v1IdentityOperations(deps: ControlDeps): OperationSpec[] {
  /** Creates an address identity unless it exists (then nothing changes, as SES answers). */
  const verifyEmail = async (ctx: RequestContext, address: string) => {
    checkV1Email(address);
    const scope = scopeOf(ctx);
    if (await getIdentity(deps, scope, address)) return;
    const doc = newIdentity(deps, { name: address, type: 'EMAIL_ADDRESS' });
    await storeNewIdentity(deps, scope, doc, () => Promise.resolve());
  };
  /** The domain identity, created (v1-style: verification token, no DKIM yet) when absent. */
  const domainIdentity = (
    ctx: RequestContext,
    domain: string,
  ): Promise<IdentityDoc & { verificationToken: string }> => {
    checkV1Domain(domain);
    const scope = scopeOf(ctx);
    return deps.store.transaction(async () => {
      const found = (await getIdentity(deps, scope, domain))?.doc;
      const doc =
        found ?? newIdentity(deps, { name: domain, type: 'DOMAIN', dkim: 'none', verificationToken: true });
      const token = doc.verificationToken ?? verificationToken();
      doc.verificationToken = token;
      await saveIdentity(deps, scope, doc);
      return { ...doc, verificationToken: token };
    });
  };
  const remove = (ctx: RequestContext, name: string) => {
    const scope = scopeOf(ctx);
    return deps.store.transaction(async () => {
      await deps.store.delete(scope, 'identity', identityKey(name));
      await deps.store.deleteTokens(scope, identityKey(name));
    });
  };
  const many = async (ctx: RequestContext, names: string[]) => {
    const found: (readonly [string, IdentityDoc])[] = [];
    for (const n of names) {
      const d = (await getIdentity(deps, scopeOf(ctx), n))?.doc;
      if (d) found.push([n, d] as const);
    }
    return found;
  };

  return [
    defineOperation<InputOf<'VerifyEmailIdentity'>, OutputOf<'VerifyEmailIdentity'>>({
      name: 'VerifyEmailIdentity',
      action: 'ses:VerifyEmailIdentity',
      resources: any,
      handler: async (i, ctx) => (await verifyEmail(ctx, i.EmailAddress), {}),
    }),
    defineOperation<InputOf<'VerifyEmailAddress'>, OutputOf<'VerifyEmailAddress'>>({
      name: 'VerifyEmailAddress',
      action: 'ses:VerifyEmailAddress',
      resources: any,
      handler: async (i, ctx) => void (await verifyEmail(ctx, i.EmailAddress)),
    }),
    defineOperation<InputOf<'VerifyDomainIdentity'>, OutputOf<'VerifyDomainIdentity'>>({
      name: 'VerifyDomainIdentity',
      action: 'ses:VerifyDomainIdentity',
      resources: any,
      handler: async (i, ctx) => ({
        VerificationToken: (await domainIdentity(ctx, i.Domain)).verificationToken,
      }),
    }),
    defineOperation<InputOf<'VerifyDomainDkim'>, OutputOf<'VerifyDomainDkim'>>({
      name: 'VerifyDomainDkim',
      action: 'ses:VerifyDomainDkim',
      resources: any,
      async handler(i, ctx) {
        const doc = await domainIdentity(ctx, i.Domain);
        if (!doc.dkim.privateKeyPem) {
          doc.dkim = easyDkim('RSA_2048_BIT', 'SUCCESS', deps.store.now());
          await saveIdentity(deps, scopeOf(ctx), doc);
        }
        return { DkimTokens: doc.dkim.tokens };
      },
    }),
    defineOperation<InputOf<'DeleteIdentity'>, OutputOf<'DeleteIdentity'>>({
      name: 'DeleteIdentity',
      action: 'ses:DeleteIdentity',
      resources: any,
      handler: async (i, ctx) => (await remove(ctx, i.Identity), {}),
    }),
    defineOperation<InputOf<'DeleteVerifiedEmailAddress'>, OutputOf<'DeleteVerifiedEmailAddress'>>({
      name: 'DeleteVerifiedEmailAddress',
      action: 'ses:DeleteVerifiedEmailAddress',
      resources: any,
      handler: async (i, ctx) => void (await remove(ctx, i.EmailAddress)),
    }),
    defineOperation<InputOf<'ListIdentities'>, OutputOf<'ListIdentities'>>({
      name: 'ListIdentities',
      action: 'ses:ListIdentities',
      violations: (i) => pageSizeViolations('MaxItems', i.MaxItems, 1, 1000),
      resources: any,
      async handler(i, ctx) {
        // "The maximum number of identities per page. Possible values are 1-1000 inclusive."
        const size = i.MaxItems ?? 1000;
        const type =
          i.IdentityType === 'EmailAddress'
            ? 'EMAIL_ADDRESS'
            : i.IdentityType === 'Domain'
              ? 'DOMAIN'
              : undefined;
        // Filter while paging: read pages until one is full of the asked type or the list ends.
        const out: string[] = [];
        let token = i.NextToken;
        let next: string | undefined;
        for (;;) {
          const p = await page<IdentityDoc>(deps.store, scopeOf(ctx), 'identity', token, size - out.length);
          out.push(...p.items.filter((r) => !type || r.doc.type === type).map((r) => r.doc.name));
          if (!p.nextToken) break;
          if (out.length >= size) {
            next = p.nextToken;
            break;
          }
          token = p.nextToken;
        }
        return { Identities: out, NextToken: next };
      },
    }),
    defineOperation<InputOf<'ListVerifiedEmailAddresses'>, OutputOf<'ListVerifiedEmailAddresses'>>({
      name: 'ListVerifiedEmailAddresses',
      action: 'ses:ListVerifiedEmailAddresses',
      resources: any,
      async handler(_i, ctx) {
        const rows = await deps.store.list<IdentityDoc>(scopeOf(ctx), 'identity');
        return {
          VerifiedEmailAddresses: rows
            .filter((r) => r.doc.type === 'EMAIL_ADDRESS' && r.doc.verificationStatus === 'SUCCESS')
            .map((r) => r.doc.name),
        };
      },
    }),
    defineOperation<
      InputOf<'GetIdentityVerificationAttributes'>,
      OutputOf<'GetIdentityVerificationAttributes'>
    >({
      name: 'GetIdentityVerificationAttributes',
      action: 'ses:GetIdentityVerificationAttributes',
      violations: atMost100Identities,
      resources: any,
      handler: async (i, ctx) => ({
        VerificationAttributes: v1Map(
          Object.fromEntries(
            (await many(ctx, i.Identities)).map(([n, d]) => [
              n,
              { VerificationStatus: v1Status(d.verificationStatus), VerificationToken: d.verificationToken },
            ]),
          ),
        ),
      }),
    }),
    defineOperation<InputOf<'GetIdentityDkimAttributes'>, OutputOf<'GetIdentityDkimAttributes'>>({
      name: 'GetIdentityDkimAttributes',
      action: 'ses:GetIdentityDkimAttributes',
      violations: atMost100Identities,
      resources: any,
      handler: async (i, ctx) => ({
        DkimAttributes: v1Map(
          Object.fromEntries(
            (await many(ctx, i.Identities)).map(([n, d]) => [
              n,
              {
                DkimEnabled: d.dkim.signingEnabled,
                DkimVerificationStatus: v1Status(d.dkim.status),
                DkimTokens:
                  d.type === 'DOMAIN' && d.dkim.origin === 'AWS_SES' && d.dkim.tokens.length
                    ? d.dkim.tokens
                    : undefined,
              },
            ]),
          ),
        ),
      }),
    }),
    defineOperation<InputOf<'SetIdentityDkimEnabled'>, OutputOf<'SetIdentityDkimEnabled'>>({
      name: 'SetIdentityDkimEnabled',
      action: 'ses:SetIdentityDkimEnabled',
      resources: any,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const doc = (await getIdentity(deps, scope, i.Identity))?.doc;
          if (!doc) throw missingIdentity(i.Identity);
          if (i.DkimEnabled && doc.type === 'DOMAIN' && !doc.dkim.privateKeyPem) {
            doc.dkim = easyDkim('RSA_2048_BIT', 'SUCCESS', deps.store.now());
          }
          doc.dkim.signingEnabled = i.DkimEnabled;
          await saveIdentity(deps, scope, doc);
        });
        return {};
      },
    }),
    defineOperation<
      InputOf<'GetIdentityMailFromDomainAttributes'>,
      OutputOf<'GetIdentityMailFromDomainAttributes'>
    >({
      name: 'GetIdentityMailFromDomainAttributes',
      action: 'ses:GetIdentityMailFromDomainAttributes',
      violations: atMost100Identities,
      resources: any,
      handler: async (i, ctx) => ({
        MailFromDomainAttributes: v1Map(
          Object.fromEntries(
            (await many(ctx, i.Identities)).flatMap(([n, d]) =>
              d.mailFrom
                ? [
                    [
                      n,
                      {
                        MailFromDomain: d.mailFrom.domain,
                        MailFromDomainStatus: 'Success' as const,
                        BehaviorOnMXFailure:
                          d.mailFrom.behavior === 'REJECT_MESSAGE'
                            ? ('RejectMessage' as const)
                            : ('UseDefaultValue' as const),
                      },
                    ] as const,
                  ]
                : [],
            ),
          ),
        ),
      }),
    }),
    defineOperation<InputOf<'SetIdentityMailFromDomain'>, OutputOf<'SetIdentityMailFromDomain'>>({
      name: 'SetIdentityMailFromDomain',
      action: 'ses:SetIdentityMailFromDomain',
      resources: any,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const doc = (await getIdentity(deps, scope, i.Identity))?.doc;
          if (!doc) throw missingIdentity(i.Identity);
          setMailFrom(
            doc,
            i.MailFromDomain,
            i.BehaviorOnMXFailure === 'RejectMessage' ? 'REJECT_MESSAGE' : 'USE_DEFAULT_VALUE',
            invalidParameterValue,
          );
          await saveIdentity(deps, scope, doc);
        });
        return {};
      },
    }),
  ];
}
