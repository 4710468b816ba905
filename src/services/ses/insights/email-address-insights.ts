/**
 * SES v2 GetEmailAddressInsights (API_GetEmailAddressInsights.html): "validation insights about a
 * specific email address, including syntax validation, DNS record checks, mailbox existence, and
 * other deliverability factors", as MailboxValidation with a confidence verdict per check.
 *
 * Pinpost's honest equivalent, from what it knows of the address and nothing it would have to look
 * up (a request never reaches the network, DESIGN.md): HasValidSyntax from SES's own address parser;
 * MailboxExists HIGH when Pinpost delivered to the address, LOW when it bounced permanently or is
 * on the account's suppression list for BOUNCE, MEDIUM when Pinpost has no evidence either way;
 * IsRoleAddress from the local part (admin@, support@, info@ …: the model's examples and the
 * RFC 2142 mailbox names). HasValidDnsRecords, IsDisposable and IsRandomInput are left out: Pinpost
 * resolves no DNS and keeps no list of disposable domains. IsValid is LOW when the syntax is invalid
 * or the mailbox known not to exist, HIGH when delivered to, MEDIUM otherwise. Authorized on "*"
 * (list_sesv2 names no resource type for it).
 */
import type { Database } from '../../../store/index.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import type { InputOf, OutputOf } from '../../../wire/model/types/sesv2.js';
import { scopeOf } from '../control/input.js';
import type { SuppressionDoc } from '../control/model.js';
import { ControlStore } from '../control/store.js';
import { suppressionKey } from '../control/suppression.js';
import type { SesScope } from '../ports.js';
import { parseAddress } from '../sending/addresses.js';
import { recipientsOf } from './message-insights.js';

type Verdict = 'LOW' | 'MEDIUM' | 'HIGH';

/** Role mailboxes: the model's examples (admin@, support@, info@) and RFC 2142's names. */
const ROLES = new Set([
  'abuse',
  'admin',
  'billing',
  'contact',
  'help',
  'hostmaster',
  'info',
  'marketing',
  'noc',
  'noreply',
  'no-reply',
  'postmaster',
  'sales',
  'security',
  'support',
  'webmaster',
]);

/** What Pinpost's delivery recorded for the address: delivered to, bounced permanently. */
async function outcomes(db: Database, scope: SesScope, address: string) {
  // Only events whose detail mentions the address (a prefilter; each is then read exactly).
  const like = `%${address.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.all<{ event_type: string; detail: string }>(
    `SELECT event_type, detail FROM ses_events
     WHERE account = ? AND region = ? AND event_type IN ('DELIVERY', 'BOUNCE') AND lower(detail) LIKE ? ESCAPE '\\'`,
    [scope.account, scope.region, like],
  );
  let delivered = false;
  let bounced = false;
  for (const r of rows) {
    const detail = JSON.parse(r.detail) as { bounce?: { bounceType?: string } };
    const named = (recipientsOf({ eventType: r.event_type, detail }) ?? []).some(
      (x) => x.toLowerCase() === address,
    );
    if (!named) continue;
    if (r.event_type === 'DELIVERY') delivered = true;
    else if (detail.bounce?.bounceType === 'Permanent') bounced = true;
  }
  return { delivered, bounced };
}

export function emailAddressInsightsOperation(db: Database, now?: () => Date): OperationSpec {
  const store = new ControlStore(db, now);
  return defineOperation<InputOf<'GetEmailAddressInsights'>, OutputOf<'GetEmailAddressInsights'>>({
    name: 'GetEmailAddressInsights',
    action: 'ses:GetEmailAddressInsights',
    resources: () => ['*'],
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const parsed = parseAddress(i.EmailAddress.trim());
      const verdict = (v: Verdict) => ({ ConfidenceVerdict: v });
      if (!parsed || parsed.address !== i.EmailAddress.trim())
        return {
          MailboxValidation: { IsValid: verdict('LOW'), Evaluations: { HasValidSyntax: verdict('LOW') } },
        };
      const address = parsed.address.toLowerCase();
      const suppressed = (await store.get<SuppressionDoc>(scope, 'suppression', suppressionKey(address)))
        ?.doc;
      const { delivered, bounced } = await outcomes(db, scope, address);
      const exists: Verdict =
        bounced || suppressed?.Reason === 'BOUNCE' ? 'LOW' : delivered ? 'HIGH' : 'MEDIUM';
      const local = address.slice(0, address.lastIndexOf('@'));
      return {
        MailboxValidation: {
          IsValid: verdict(exists),
          Evaluations: {
            HasValidSyntax: verdict('HIGH'),
            MailboxExists: verdict(exists),
            IsRoleAddress: verdict(ROLES.has(local.split('+', 1)[0]) ? 'HIGH' : 'LOW'),
          },
        },
      };
    },
  });
}
