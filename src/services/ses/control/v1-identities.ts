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
import { bool, check, int, pageSize, scopeOf, str, strings, type Raw } from './input.js';
import type { IdentityDoc } from './model.js';
import { page } from './paging.js';
import { storeNewIdentity } from './verification.js';
import { setMailFrom } from './v2-identity-attributes.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/ses.js';

const any = () => ['*'];
const need = (raw: Raw, name: string) => {
  const v = str(raw, name);
  check('v1', [[name, v, { required: true }]]);
  return v as string;
};
const identities = (raw: Raw) => {
  const list = strings(raw, 'Identities');
  // API_GetIdentityVerificationAttributes.html: "up to 100 identities at a time".
  check('v1', [['Identities', list, { required: true, max: 100 }]]);
  return list as string[];
};
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
    defineOperation<{ EmailAddress: string }, OutputOf<'VerifyEmailIdentity'>>({
      name: 'VerifyEmailIdentity',
      action: 'ses:VerifyEmailIdentity',
      parse: (raw) => ({ EmailAddress: need(raw, 'EmailAddress') }),
      resources: any,
      handler: async (i, ctx) => (await verifyEmail(ctx, i.EmailAddress), {}),
    }),
    defineOperation<{ EmailAddress: string }, OutputOf<'VerifyEmailAddress'>>({
      name: 'VerifyEmailAddress',
      action: 'ses:VerifyEmailAddress',
      parse: (raw) => ({ EmailAddress: need(raw, 'EmailAddress') }),
      resources: any,
      handler: async (i, ctx) => void (await verifyEmail(ctx, i.EmailAddress)),
    }),
    defineOperation<{ Domain: string }, OutputOf<'VerifyDomainIdentity'>>({
      name: 'VerifyDomainIdentity',
      action: 'ses:VerifyDomainIdentity',
      parse: (raw) => ({ Domain: need(raw, 'Domain') }),
      resources: any,
      handler: async (i, ctx) => ({
        VerificationToken: (await domainIdentity(ctx, i.Domain)).verificationToken,
      }),
    }),
    defineOperation<{ Domain: string }, OutputOf<'VerifyDomainDkim'>>({
      name: 'VerifyDomainDkim',
      action: 'ses:VerifyDomainDkim',
      parse: (raw) => ({ Domain: need(raw, 'Domain') }),
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
    defineOperation<{ Identity: string }, OutputOf<'DeleteIdentity'>>({
      name: 'DeleteIdentity',
      action: 'ses:DeleteIdentity',
      parse: (raw) => ({ Identity: need(raw, 'Identity') }),
      resources: any,
      handler: async (i, ctx) => (await remove(ctx, i.Identity), {}),
    }),
    defineOperation<{ EmailAddress: string }, OutputOf<'DeleteVerifiedEmailAddress'>>({
      name: 'DeleteVerifiedEmailAddress',
      action: 'ses:DeleteVerifiedEmailAddress',
      parse: (raw) => ({ EmailAddress: need(raw, 'EmailAddress') }),
      resources: any,
      handler: async (i, ctx) => void (await remove(ctx, i.EmailAddress)),
    }),
    defineOperation<
      { IdentityType?: string; NextToken?: string; MaxItems?: number },
      OutputOf<'ListIdentities'>
    >({
      name: 'ListIdentities',
      action: 'ses:ListIdentities',
      parse(raw) {
        const input = {
          IdentityType: str(raw, 'IdentityType'),
          NextToken: str(raw, 'NextToken'),
          MaxItems: int(raw, 'MaxItems'),
        };
        check('v1', [['IdentityType', input.IdentityType, { enum: ['EmailAddress', 'Domain'] }]]);
        return input;
      },
      resources: any,
      async handler(i, ctx) {
        // "The maximum number of identities per page. Possible values are 1-1000 inclusive."
        const size = pageSize('v1', 'MaxItems', i.MaxItems, 1000, 1, 1000);
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
    defineOperation<{ Identities: string[] }, OutputOf<'GetIdentityVerificationAttributes'>>({
      name: 'GetIdentityVerificationAttributes',
      action: 'ses:GetIdentityVerificationAttributes',
      parse: (raw) => ({ Identities: identities(raw) }),
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
    defineOperation<{ Identities: string[] }, OutputOf<'GetIdentityDkimAttributes'>>({
      name: 'GetIdentityDkimAttributes',
      action: 'ses:GetIdentityDkimAttributes',
      parse: (raw) => ({ Identities: identities(raw) }),
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
    defineOperation<{ Identity: string; DkimEnabled: boolean }, OutputOf<'SetIdentityDkimEnabled'>>({
      name: 'SetIdentityDkimEnabled',
      action: 'ses:SetIdentityDkimEnabled',
      parse(raw) {
        const enabled = bool(raw, 'DkimEnabled');
        check('v1', [['DkimEnabled', enabled, { required: true }]]);
        return { Identity: need(raw, 'Identity'), DkimEnabled: enabled as boolean };
      },
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
    defineOperation<{ Identities: string[] }, OutputOf<'GetIdentityMailFromDomainAttributes'>>({
      name: 'GetIdentityMailFromDomainAttributes',
      action: 'ses:GetIdentityMailFromDomainAttributes',
      parse: (raw) => ({ Identities: identities(raw) }),
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
    defineOperation<
      { Identity: string; MailFromDomain?: string; Behavior?: string },
      OutputOf<'SetIdentityMailFromDomain'>
    >({
      name: 'SetIdentityMailFromDomain',
      action: 'ses:SetIdentityMailFromDomain',
      parse(raw) {
        const input = {
          Identity: need(raw, 'Identity'),
          MailFromDomain: str(raw, 'MailFromDomain'),
          Behavior: str(raw, 'BehaviorOnMXFailure'),
        };
        check('v1', [
          ['BehaviorOnMXFailure', input.Behavior, { enum: ['UseDefaultValue', 'RejectMessage'] }],
        ]);
        return input;
      },
      resources: any,
      async handler(i, ctx) {
        const scope = scopeOf(ctx);
        await deps.store.transaction(async () => {
          const doc = (await getIdentity(deps, scope, i.Identity))?.doc;
          if (!doc) throw missingIdentity(i.Identity);
          setMailFrom(
            doc,
            i.MailFromDomain,
            i.Behavior === 'RejectMessage' ? 'REJECT_MESSAGE' : 'USE_DEFAULT_VALUE',
            invalidParameterValue,
          );
          await saveIdentity(deps, scope, doc);
        });
        return {};
      },
    }),
  ];
}
