/**
 * SES v1 identities over the same store as v2: VerifyEmailIdentity, VerifyEmailAddress,
 * VerifyDomainIdentity, VerifyDomainDkim, DeleteIdentity, DeleteVerifiedEmailAddress,
 * ListIdentities, ListVerifiedEmailAddresses, GetIdentityVerificationAttributes,
 * GetIdentityDkimAttributes, SetIdentityDkimEnabled, GetIdentityMailFromDomainAttributes,
 * SetIdentityMailFromDomain (APIReference/API_*.html). The v1 model declares no not-found errors
 * for these: verifying twice and deleting what is absent succeed, as on AWS. These actions have no
 * resource type in list_amazonses.html, so they authorize on "*".
 */
import { asQueryMap } from '../../../wire/query/query-map.js';
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
    if (getIdentity(deps, scope, address)) return;
    const doc = newIdentity(deps, { name: address, type: 'EMAIL_ADDRESS' });
    await storeNewIdentity(deps, scope, doc, () => undefined);
  };
  /** The domain identity, created (v1-style: verification token, no DKIM yet) when absent. */
  const domainIdentity = (ctx: RequestContext, domain: string): IdentityDoc => {
    checkV1Domain(domain);
    const scope = scopeOf(ctx);
    return deps.store.transaction(() => {
      const found = getIdentity(deps, scope, domain)?.doc;
      const doc =
        found ?? newIdentity(deps, { name: domain, type: 'DOMAIN', dkim: 'none', verificationToken: true });
      if (!doc.verificationToken) doc.verificationToken = verificationToken();
      saveIdentity(deps, scope, doc);
      return doc;
    });
  };
  const remove = (ctx: RequestContext, name: string) => {
    const scope = scopeOf(ctx);
    deps.store.transaction(() => {
      deps.store.delete(scope, 'identity', identityKey(name));
      deps.store.deleteTokens(scope, identityKey(name));
    });
  };
  const many = (ctx: RequestContext, names: string[]) =>
    names.flatMap((n) => {
      const d = getIdentity(deps, scopeOf(ctx), n)?.doc;
      return d ? [[n, d] as const] : [];
    });

  return [
    defineOperation<{ EmailAddress: string }, unknown>({
      name: 'VerifyEmailIdentity',
      action: 'ses:VerifyEmailIdentity',
      parse: (raw) => ({ EmailAddress: need(raw, 'EmailAddress') }),
      resources: any,
      handler: async (i, ctx) => (await verifyEmail(ctx, i.EmailAddress), {}),
    }),
    defineOperation<{ EmailAddress: string }, unknown>({
      name: 'VerifyEmailAddress',
      action: 'ses:VerifyEmailAddress',
      parse: (raw) => ({ EmailAddress: need(raw, 'EmailAddress') }),
      resources: any,
      handler: async (i, ctx) => void (await verifyEmail(ctx, i.EmailAddress)),
    }),
    defineOperation<{ Domain: string }, unknown>({
      name: 'VerifyDomainIdentity',
      action: 'ses:VerifyDomainIdentity',
      parse: (raw) => ({ Domain: need(raw, 'Domain') }),
      resources: any,
      handler: (i, ctx) => ({ VerificationToken: domainIdentity(ctx, i.Domain).verificationToken }),
    }),
    defineOperation<{ Domain: string }, unknown>({
      name: 'VerifyDomainDkim',
      action: 'ses:VerifyDomainDkim',
      parse: (raw) => ({ Domain: need(raw, 'Domain') }),
      resources: any,
      handler(i, ctx) {
        const doc = domainIdentity(ctx, i.Domain);
        if (!doc.dkim.privateKeyPem) {
          doc.dkim = easyDkim('RSA_2048_BIT', 'SUCCESS', deps.store.now());
          saveIdentity(deps, scopeOf(ctx), doc);
        }
        return { DkimTokens: doc.dkim.tokens };
      },
    }),
    defineOperation<{ Identity: string }, unknown>({
      name: 'DeleteIdentity',
      action: 'ses:DeleteIdentity',
      parse: (raw) => ({ Identity: need(raw, 'Identity') }),
      resources: any,
      handler: (i, ctx) => (remove(ctx, i.Identity), {}),
    }),
    defineOperation<{ EmailAddress: string }, unknown>({
      name: 'DeleteVerifiedEmailAddress',
      action: 'ses:DeleteVerifiedEmailAddress',
      parse: (raw) => ({ EmailAddress: need(raw, 'EmailAddress') }),
      resources: any,
      handler: (i, ctx) => void remove(ctx, i.EmailAddress),
    }),
    defineOperation<{ IdentityType?: string; NextToken?: string; MaxItems?: number }, unknown>({
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
      handler(i, ctx) {
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
          const p = page<IdentityDoc>(deps.store, scopeOf(ctx), 'identity', token, size - out.length);
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
    defineOperation<unknown, unknown>({
      name: 'ListVerifiedEmailAddresses',
      action: 'ses:ListVerifiedEmailAddresses',
      resources: any,
      handler(_i, ctx) {
        const rows = deps.store.list<IdentityDoc>(scopeOf(ctx), 'identity');
        return {
          VerifiedEmailAddresses: rows
            .filter((r) => r.doc.type === 'EMAIL_ADDRESS' && r.doc.verificationStatus === 'SUCCESS')
            .map((r) => r.doc.name),
        };
      },
    }),
    defineOperation<{ Identities: string[] }, unknown>({
      name: 'GetIdentityVerificationAttributes',
      action: 'ses:GetIdentityVerificationAttributes',
      parse: (raw) => ({ Identities: identities(raw) }),
      resources: any,
      handler: (i, ctx) => ({
        VerificationAttributes: asQueryMap(
          Object.fromEntries(
            many(ctx, i.Identities).map(([n, d]) => [
              n,
              { VerificationStatus: v1Status(d.verificationStatus), VerificationToken: d.verificationToken },
            ]),
          ),
        ),
      }),
    }),
    defineOperation<{ Identities: string[] }, unknown>({
      name: 'GetIdentityDkimAttributes',
      action: 'ses:GetIdentityDkimAttributes',
      parse: (raw) => ({ Identities: identities(raw) }),
      resources: any,
      handler: (i, ctx) => ({
        DkimAttributes: asQueryMap(
          Object.fromEntries(
            many(ctx, i.Identities).map(([n, d]) => [
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
    defineOperation<{ Identity: string; DkimEnabled: boolean }, unknown>({
      name: 'SetIdentityDkimEnabled',
      action: 'ses:SetIdentityDkimEnabled',
      parse(raw) {
        const enabled = bool(raw, 'DkimEnabled');
        check('v1', [['DkimEnabled', enabled, { required: true }]]);
        return { Identity: need(raw, 'Identity'), DkimEnabled: enabled as boolean };
      },
      resources: any,
      handler(i, ctx) {
        const scope = scopeOf(ctx);
        deps.store.transaction(() => {
          const doc = getIdentity(deps, scope, i.Identity)?.doc;
          if (!doc) throw missingIdentity(i.Identity);
          if (i.DkimEnabled && doc.type === 'DOMAIN' && !doc.dkim.privateKeyPem) {
            doc.dkim = easyDkim('RSA_2048_BIT', 'SUCCESS', deps.store.now());
          }
          doc.dkim.signingEnabled = i.DkimEnabled;
          saveIdentity(deps, scope, doc);
        });
        return {};
      },
    }),
    defineOperation<{ Identities: string[] }, unknown>({
      name: 'GetIdentityMailFromDomainAttributes',
      action: 'ses:GetIdentityMailFromDomainAttributes',
      parse: (raw) => ({ Identities: identities(raw) }),
      resources: any,
      handler: (i, ctx) => ({
        MailFromDomainAttributes: asQueryMap(
          Object.fromEntries(
            many(ctx, i.Identities)
              .filter(([, d]) => d.mailFrom)
              .map(([n, d]) => [
                n,
                {
                  MailFromDomain: d.mailFrom?.domain,
                  MailFromDomainStatus: 'Success',
                  BehaviorOnMXFailure:
                    d.mailFrom?.behavior === 'REJECT_MESSAGE' ? 'RejectMessage' : 'UseDefaultValue',
                },
              ]),
          ),
        ),
      }),
    }),
    defineOperation<{ Identity: string; MailFromDomain?: string; Behavior?: string }, unknown>({
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
      handler(i, ctx) {
        const scope = scopeOf(ctx);
        deps.store.transaction(() => {
          const doc = getIdentity(deps, scope, i.Identity)?.doc;
          if (!doc) throw missingIdentity(i.Identity);
          setMailFrom(
            doc,
            i.MailFromDomain,
            i.Behavior === 'RejectMessage' ? 'REJECT_MESSAGE' : 'USE_DEFAULT_VALUE',
            invalidParameterValue,
          );
          saveIdentity(deps, scope, doc);
        });
        return {};
      },
    }),
  ];
}
