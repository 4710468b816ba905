/**
 * SES v2 email identities: CreateEmailIdentity, GetEmailIdentity, DeleteEmailIdentity,
 * ListEmailIdentities (APIReference-V2/API_CreateEmailIdentity.html and siblings). Routes and
 * members from sesv2/2019-09-27.
 */
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { arnOf, requestTagKeys, resourceTagKeys } from './authz.js';
import type { ControlDeps } from './deps.js';
import { byoDkim, easyDkim } from './dkim.js';
import { alreadyExists, badRequest, configSetMissingText, identityExistsText, notFound } from './errors.js';
import { classifyV2, getIdentity, identityKey, newIdentity, requireIdentity } from './identities.js';
import { check, int, obj, pageSize, scopeOf, str, tags, type Raw } from './input.js';
import type { ConfigSetDoc, DkimState, IdentityDoc, Tag } from './model.js';
import { page } from './paging.js';
import { dkimAttributes, mailFromAttributes } from './shapes.js';
import { storeNewIdentity } from './verification.js';
import type { OutputOf } from '../../../wire/model/types/sesv2.js';

const ORIGINS = ['AWS_SES', 'EXTERNAL'];
const KEY_LENGTHS = ['RSA_1024_BIT', 'RSA_2048_BIT'];

interface CreateInput {
  EmailIdentity: string;
  Tags?: Tag[];
  ConfigurationSetName?: string;
  Signing?: { selector?: string; key?: string; length?: string; origin?: string };
}

export const identityName = (raw: Raw): string => {
  const name = str(raw, 'EmailIdentity');
  check('v2', [['EmailIdentity', name, { required: true, min: 1 }]]);
  return name as string;
};

export function v2IdentityOperations(deps: ControlDeps): OperationSpec[] {
  const create = defineOperation<CreateInput, OutputOf<'CreateEmailIdentity'>>({
    name: 'CreateEmailIdentity',
    action: 'ses:CreateEmailIdentity',
    http: { method: 'POST', path: '/v2/email/identities' },
    parse(raw) {
      const signing = obj(raw, 'DkimSigningAttributes');
      const s = signing && {
        selector: str(signing, 'DomainSigningSelector'),
        key: str(signing, 'DomainSigningPrivateKey'),
        length: str(signing, 'NextSigningKeyLength'),
        origin: str(signing, 'DomainSigningAttributesOrigin'),
      };
      check('v2', [
        ['EmailIdentity', str(raw, 'EmailIdentity'), { required: true, min: 1 }],
        ['DkimSigningAttributes.DomainSigningSelector', s?.selector, { min: 1, max: 63 }],
        ['DkimSigningAttributes.DomainSigningPrivateKey', s?.key, { min: 1, max: 20480 }],
        ['DkimSigningAttributes.NextSigningKeyLength', s?.length, { enum: KEY_LENGTHS }],
      ]);
      return {
        EmailIdentity: str(raw, 'EmailIdentity') as string,
        Tags: tags(raw),
        ConfigurationSetName: str(raw, 'ConfigurationSetName'),
        Signing: s,
      };
    },
    resources: (i, ctx) => [arnOf(deps, ctx, 'identity', i.EmailIdentity)],
    conditionKeys: (i) => requestTagKeys(i.Tags),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const type = classifyV2(i.EmailIdentity);
      const exists = async () => {
        if (await getIdentity(deps, scope, i.EmailIdentity))
          throw alreadyExists(identityExistsText(i.EmailIdentity));
        if (
          i.ConfigurationSetName &&
          !(await deps.store.get<ConfigSetDoc>(scope, 'configset', i.ConfigurationSetName))
        ) {
          throw notFound(configSetMissingText(i.ConfigurationSetName));
        }
      };
      await exists();
      const doc = newIdentity(deps, {
        name: i.EmailIdentity,
        type,
        tags: i.Tags,
        configurationSetName: i.ConfigurationSetName,
        dkim: type === 'DOMAIN' ? domainDkim(deps, i.Signing) : 'none',
      });
      await storeNewIdentity(deps, scope, doc, exists);
      return {
        IdentityType: doc.type,
        VerifiedForSendingStatus: doc.verificationStatus === 'SUCCESS',
        DkimAttributes: dkimAttributes(doc.dkim),
      };
    },
  });

  const get = defineOperation<{ EmailIdentity: string }, OutputOf<'GetEmailIdentity'>>({
    name: 'GetEmailIdentity',
    action: 'ses:GetEmailIdentity',
    http: { method: 'GET', path: '/v2/email/identities/{EmailIdentity}' },
    parse: (raw) => ({ EmailIdentity: identityName(raw) }),
    resources: (i, ctx) => [arnOf(deps, ctx, 'identity', i.EmailIdentity)],
    conditionKeys: (i, ctx) => resourceTagKeys(deps, ctx, 'identity', i.EmailIdentity),
    async handler(i, ctx) {
      const doc = (await requireIdentity(deps, scopeOf(ctx), i.EmailIdentity)).doc;
      return identityOutput(doc);
    },
  });

  const del = defineOperation<{ EmailIdentity: string }, OutputOf<'DeleteEmailIdentity'>>({
    name: 'DeleteEmailIdentity',
    action: 'ses:DeleteEmailIdentity',
    http: { method: 'DELETE', path: '/v2/email/identities/{EmailIdentity}' },
    parse: (raw) => ({ EmailIdentity: identityName(raw) }),
    resources: (i, ctx) => [arnOf(deps, ctx, 'identity', i.EmailIdentity)],
    conditionKeys: (i, ctx) => resourceTagKeys(deps, ctx, 'identity', i.EmailIdentity),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      await deps.store.transaction(async () => {
        // floci-io/floci#723 compared this text with AWS's answer.
        if (!(await deps.store.delete(scope, 'identity', identityKey(i.EmailIdentity)))) {
          throw notFound(`Email identity ${i.EmailIdentity} does not exist.`);
        }
        await deps.store.deleteTokens(scope, identityKey(i.EmailIdentity));
      });
      return {};
    },
  });

  const list = defineOperation<{ NextToken?: string; PageSize?: number }, OutputOf<'ListEmailIdentities'>>({
    name: 'ListEmailIdentities',
    action: 'ses:ListEmailIdentities',
    http: {
      method: 'GET',
      path: '/v2/email/identities',
      query: { NextToken: 'NextToken', PageSize: 'PageSize' },
    },
    parse: (raw) => ({ NextToken: str(raw, 'NextToken'), PageSize: int(raw, 'PageSize') }),
    resources: () => ['*'],
    async handler(i, ctx) {
      // "The value you specify has to be at least 0, and can be no more than 1000."
      const size = pageSize('v2', 'PageSize', i.PageSize, 100, 0, 1000);
      const p = await page<IdentityDoc>(deps.store, scopeOf(ctx), 'identity', i.NextToken, size);
      return {
        EmailIdentities: p.items.map(({ doc }) => ({
          IdentityType: doc.type,
          IdentityName: doc.name,
          SendingEnabled: doc.verificationStatus === 'SUCCESS',
          VerificationStatus: doc.verificationStatus,
        })),
        NextToken: p.nextToken,
      };
    },
  });

  // The SDK's current model routes it as POST /v2/email/list-identities with the members in the
  // body (@aws-sdk/client-sesv2 3.11xx); botocore's as GET with a query: both are answered.
  return [create, get, del, list, { ...list, http: { method: 'POST', path: '/v2/email/list-identities' } }];
}

/**
 * A new domain signs with Easy DKIM (2048-bit unless NextSigningKeyLength says otherwise) or, given a
 * selector and private key, with BYODKIM (API_DkimSigningAttributes.html).
 */
function domainDkim(deps: ControlDeps, s: CreateInput['Signing']): DkimState {
  if (s?.key || s?.origin === 'EXTERNAL') {
    if (!s.key || !s.selector) {
      // Pinpost's wording: BYODKIM needs both members (API_DkimSigningAttributes.html).
      throw badRequest('DomainSigningSelector and DomainSigningPrivateKey are required for BYODKIM.');
    }
    return byoDkim(s.selector, s.key, 'SUCCESS');
  }
  return easyDkim((s?.length as 'RSA_1024_BIT' | undefined) ?? 'RSA_2048_BIT', 'SUCCESS', deps.store.now());
}

export function identityOutput(doc: IdentityDoc) {
  return {
    IdentityType: doc.type,
    FeedbackForwardingStatus: doc.feedbackForwarding,
    VerifiedForSendingStatus: doc.verificationStatus === 'SUCCESS',
    DkimAttributes: dkimAttributes(doc.dkim),
    MailFromAttributes: mailFromAttributes(doc),
    Policies: doc.policies,
    Tags: doc.tags,
    ConfigurationSetName: doc.configurationSetName,
    VerificationStatus: doc.verificationStatus,
    VerificationInfo: {},
  };
}

export { ORIGINS, KEY_LENGTHS };
