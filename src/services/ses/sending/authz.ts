/**
 * What a send authorizes, as SES does it (Service Authorization Reference, list_amazonses.html):
 * the action on the sending identity's ARN (required), the configuration set's ARN when one is used,
 * and the template's ARN for templated sends; condition keys ses:FromAddress, ses:FromDisplayName,
 * ses:Recipients (multivalued), ses:FeedbackAddress and ses:ApiVersion — except for v2
 * SendBulkEmail, whose only SES key is ses:ApiVersion. The identity ARN is the From address's own
 * identity, else its domain's, else the address itself (the ARN SES's AccessDenied names for an
 * unverified sender, e.g. cloudposse/terraform-aws-ses#40), or the caller's *Arn parameter for
 * cross-account sends (sending-authorization.html).
 */
import type { ContextKeyValue } from '../../../wire/operation.js';
import type { ResourcePolicy, ResourcePolicyProvider } from '../../iam/authz/authorizer.js';
import type { IdentityPort, SesScope } from '../ports.js';
import { partitionIdOfRegion } from '../../../iam/policy/partitions.js';

export const sesArn = (scope: SesScope, type: string, name: string): string =>
  `arn:${partitionIdOfRegion(scope.region)}:ses:${scope.region}:${scope.account}:${type}/${name}`;

export interface SendAuthorization {
  identityArn: string;
  /**
   * Every sender identity (senders.ts): the Source's first, then the raw From header's and the
   * Return-Path's when they are other identities. Each is authorized, as SES checks each named
   * identity's sending authorization (sending-authorization-delegate-sender-tasks-email.html); for
   * identities of the caller's own account this is Pinpost's rule (AWS documents only the Source's
   * identity as the resource): no send uses an identity the caller may not send from.
   */
  senderIdentityArns: string[];
  configurationSetArn?: string;
  templateArn?: string;
  from: { address: string; name: string };
  recipients: string[];
  feedbackAddress?: string;
  apiVersion: '1' | '2';
  /** v2 SendBulkEmail documents only ses:ApiVersion. */
  addressKeys: boolean;
}

export const resourcesOf = (a: SendAuthorization): string[] =>
  [...a.senderIdentityArns, a.configurationSetArn, a.templateArn].filter((r): r is string => r !== undefined);

const one = (v: string): ContextKeyValue => ({ values: [v], list: false });

export function conditionKeysOf(a: SendAuthorization): Record<string, ContextKeyValue> {
  const keys: Record<string, ContextKeyValue> = { 'ses:ApiVersion': one(a.apiVersion) };
  if (!a.addressKeys) return keys;
  keys['ses:FromAddress'] = one(a.from.address);
  if (a.from.name) keys['ses:FromDisplayName'] = one(a.from.name);
  keys['ses:Recipients'] = { values: a.recipients, list: true };
  if (a.feedbackAddress) keys['ses:FeedbackAddress'] = one(a.feedbackAddress);
  return keys;
}

/** The identity ARN of a From address in the sender's own account. */
export async function identityArnFor(
  identities: IdentityPort,
  scope: SesScope,
  address: string,
): Promise<string> {
  return (await identities.identityForAddress(scope, address))?.arn ?? sesArn(scope, 'identity', address);
}

const IDENTITY_ARN = /^arn:[^:]+:ses:([^:]+):(\d{12}):identity\/(.+)$/;

export function parseIdentityArn(arn: string): { scope: SesScope; identity: string } | undefined {
  const m = IDENTITY_ARN.exec(arn);
  return m ? { scope: { region: m[1], account: m[2] }, identity: m[3] } : undefined;
}

/**
 * The identity's sending authorization policies as its resource-based policy for ses:Send*
 * (sending-authorization.html): within the account an identity policy or this one may allow; across
 * accounts both must (the policy engine applies reference_policies_evaluation-logic-cross-account.html).
 * Several policies are merged into one document; their Sids are dropped, since each policy was
 * validated on its own and Sids only need to be unique within one.
 */
export function identityPolicyProvider(identities: IdentityPort): ResourcePolicyProvider {
  return async (action, resourceArn): Promise<ResourcePolicy | undefined> => {
    if (!action.toLowerCase().startsWith('ses:send')) return undefined;
    const parsed = parseIdentityArn(resourceArn);
    if (!parsed) return undefined;
    const identity = await identities.find(parsed.scope, parsed.identity);
    const texts = Object.values(identity?.policies ?? {});
    if (!identity || texts.length === 0) return undefined;
    return {
      id: `${identity.arn}/policies/${Object.keys(identity.policies).sort().join(',')}`,
      type: 'resource',
      text: texts.length === 1 ? texts[0] : mergePolicies(texts),
      owner: parsed.scope.account,
      required: false,
    };
  };
}

function mergePolicies(texts: string[]): string {
  const statements: unknown[] = [];
  for (const text of texts) {
    try {
      const doc = JSON.parse(text) as { Statement?: unknown };
      const list = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
      for (const s of list) {
        if (s && typeof s === 'object') {
          const { Sid: _sid, ...rest } = s as Record<string, unknown>;
          statements.push(rest);
        }
      }
    } catch {
      // A stored policy that no longer parses grants nothing.
    }
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
