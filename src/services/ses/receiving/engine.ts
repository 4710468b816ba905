/**
 * Runs the account's active receipt rule set on one received message, as SES does
 * (dg/receiving-email-concepts.html): IP filters first, then the recipients the account may receive
 * for (a verified domain identity, and at least one enabled rule of the active set matching), then
 * every enabled rule in order whose recipient conditions match one of them, each rule's actions in
 * order, until a StopAction. What Pinpost performs:
 * - AddHeaderAction: the header is added at the top of the message the later actions see;
 * - S3Action: the message is written under the import root, `<root>/<bucket>/<prefix><messageId>`;
 * - BounceAction: a bounce from the rule's Sender to the envelope sender, through the outbox;
 * - StopAction: no later rule runs.
 * SNS, Lambda, WorkMail and Connect actions are recorded as not performed (Pinpost has none of
 * those services). ScanEnabled records PASS verdicts: Pinpost has no spam or virus scanner.
 */
import { writeObject } from '../../../net/import-root-writer.js';
import { newSesMessageId } from '../../../mail/message-id.js';
import type { MimePort, OutboxPort, SesScope } from '../ports.js';
import type { ReceiptActionDoc, ReceiptFilterDoc, ReceiptRuleSetDoc } from '../control/receipt-model.js';
import { ACTION_TYPES } from '../control/receipt-model.js';
import { blockedBy, domainOfAddress, recipientMatches, verifiedDomainFor } from './match.js';

export interface InboundMessage {
  scope: SesScope;
  envelopeFrom: string;
  recipients: string[];
  raw: Buffer;
  sourceIp: string;
  /** Whether the message arrived over TLS (a rule with TlsPolicy Require refuses it otherwise). */
  tls: boolean;
}

export interface ReceiptState {
  ruleSet?: ReceiptRuleSetDoc;
  filters: ReceiptFilterDoc[];
  /** The account's verified domain identities, lower-cased. */
  verifiedDomains: ReadonlySet<string>;
}

export interface ActionOutcome {
  rule: string;
  action: string;
  performed: boolean;
  detail: string;
}

export type ReceiptRun =
  | { accepted: false; reason: string; refused: string[] }
  | {
      accepted: true;
      messageId: string;
      ruleSet: string;
      recipients: string[];
      refused: string[];
      /** The message as the actions left it (headers added). */
      raw: Buffer;
      actions: ActionOutcome[];
      verdicts?: Record<string, { status: 'PASS' }>;
      stoppedBy?: string;
    };

export interface ReceivingDeps {
  importRoot?: string;
  mime?: MimePort;
  outbox?: OutboxPort;
  now(): Date;
}

/** The recipients the account receives mail for, and those it refuses. */
function accepting(msg: InboundMessage, state: ReceiptState) {
  const rules = (state.ruleSet?.rules ?? []).filter((r) => r.Enabled);
  const recipients: string[] = [];
  const refused: string[] = [];
  for (const rcpt of msg.recipients) {
    const domain = verifiedDomainFor(domainOfAddress(rcpt), state.verifiedDomains);
    const ok = domain !== undefined && rules.some((r) => recipientMatches(r.Recipients, rcpt));
    (ok ? recipients : refused).push(rcpt);
  }
  return { recipients, refused };
}

const VERDICTS = ['SpamVerdict', 'VirusVerdict', 'SPFVerdict', 'DKIMVerdict', 'DMARCVerdict'];

export async function runReceipt(
  deps: ReceivingDeps,
  msg: InboundMessage,
  state: ReceiptState,
): Promise<ReceiptRun> {
  const block = blockedBy(state.filters, msg.sourceIp);
  if (block)
    return {
      accepted: false,
      reason: `Mail from \`${msg.sourceIp}\` is refused by the IP filter \`${block.Name}\``,
      refused: msg.recipients,
    };
  if (!state.ruleSet)
    return {
      accepted: false,
      reason: 'No receipt rule set is active in this account and region',
      refused: msg.recipients,
    };
  const { recipients, refused } = accepting(msg, state);
  if (recipients.length === 0)
    return {
      accepted: false,
      reason:
        'No recipient is at a verified domain of this account and matched by an enabled rule of the active rule set',
      refused,
    };
  const messageId = newSesMessageId(msg.scope.region, deps.now());
  let raw = msg.raw;
  const actions: ActionOutcome[] = [];
  let scanned = false;
  let stoppedBy: string | undefined;
  for (const rule of state.ruleSet.rules) {
    if (!rule.Enabled || !recipients.some((r) => recipientMatches(rule.Recipients, r))) continue;
    if (rule.TlsPolicy === 'Require' && !msg.tls) {
      actions.push({
        rule: rule.Name,
        action: 'TlsPolicy',
        performed: false,
        detail: 'Require: the message did not arrive over TLS; the rule set stops',
      });
      stoppedBy = rule.Name;
      break;
    }
    scanned ||= rule.ScanEnabled;
    let stop = false;
    for (const a of rule.Actions) {
      const outcome = await perform(deps, msg, messageId, raw, a);
      raw = outcome.raw;
      actions.push({ rule: rule.Name, ...outcome.result });
      if (a.StopAction) stop = true;
    }
    if (stop) {
      stoppedBy = rule.Name;
      break;
    }
  }
  return {
    accepted: true,
    messageId,
    ruleSet: state.ruleSet.name,
    recipients,
    refused,
    raw,
    actions,
    verdicts: scanned ? Object.fromEntries(VERDICTS.map((v) => [v, { status: 'PASS' as const }])) : undefined,
    stoppedBy,
  };
}

async function perform(
  deps: ReceivingDeps,
  msg: InboundMessage,
  messageId: string,
  raw: Buffer,
  a: ReceiptActionDoc,
): Promise<{ raw: Buffer; result: Omit<ActionOutcome, 'rule'> }> {
  const type = ACTION_TYPES.find((t) => a[t] !== undefined) ?? 'StopAction';
  const done = (detail: string, performed = true) => ({ raw, result: { action: type, performed, detail } });
  if (a.AddHeaderAction) {
    const { HeaderName, HeaderValue } = a.AddHeaderAction;
    return {
      raw: Buffer.concat([Buffer.from(`${HeaderName}: ${HeaderValue}\r\n`), raw]),
      result: { action: type, performed: true, detail: `added \`${HeaderName}\`` },
    };
  }
  if (a.S3Action) {
    const { BucketName, ObjectKeyPrefix = '' } = a.S3Action;
    const key = `${ObjectKeyPrefix}${messageId}`;
    // A file already there, or a link put in the way, fails the action, not the reception.
    const written =
      deps.importRoot === undefined
        ? undefined
        : await writeObject(deps.importRoot, BucketName, key, raw).catch(() => undefined);
    return written
      ? done(`wrote s3://${BucketName}/${key}`)
      : done(`could not write s3://${BucketName}/${key} under the import root`, false);
  }
  if (a.BounceAction) {
    if (!deps.mime || !deps.outbox) return done('no outbox to send the bounce through', false);
    const b = a.BounceAction;
    const bounceId = newSesMessageId(msg.scope.region, deps.now());
    const bounce = await deps.mime.build({
      from: b.Sender,
      to: [msg.envelopeFrom],
      cc: [],
      bcc: [],
      replyTo: [],
      subject: 'Delivery Status Notification (Failure)',
      text: `${b.SmtpReplyCode}${b.StatusCode ? ` ${b.StatusCode}` : ''} ${b.Message}\r\n`,
      headers: [],
      attachments: [],
      messageId: bounceId,
      date: deps.now(),
    });
    await deps.outbox.enqueue({
      messageId: bounceId,
      scope: msg.scope,
      envelopeFrom: b.Sender,
      recipients: [msg.envelopeFrom],
      raw: bounce,
    });
    return done(`bounced to \`${msg.envelopeFrom}\` as message ${bounceId}`);
  }
  if (a.StopAction) return done('stopped the rule set');
  return done(`not performed: Pinpost has no ${type.replace(/Action$/, '')} to deliver to`, false);
}
