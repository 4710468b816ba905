/**
 * SES v1 SendBounce (APIReference/API_SendBounce.html): a bounce to the sender of mail the account
 * received (POST /_pinpost/ses/inbound), up to 24 hours after it arrived, From the BounceSender,
 * which must be a verified identity (MessageRejected otherwise, as sending words it). The bounce is
 * a DSN (RFC 3464): the explanation as text, and a `message/delivery-status` part with the
 * per-message and per-recipient fields given (or chosen: `Reporting-MTA: dns; <region>.amazonses.com`,
 * the Action `failed` and a status from the BounceType). It goes out through the outbox.
 * ses:SendBounce has no resource type in list_amazonses.html ("*").
 */
import { newSesMessageId } from '../../../mail/message-id.js';
import type { MailboxStore } from '../../../mail/mailbox/store.js';
import { defineOperation, type OperationSpec } from '../../../wire/operation.js';
import { AwsError } from '../../../wire/errors.js';
import type { IdentityPort, MimePort, OutboxPort } from '../ports.js';
import { notVerified } from '../sending/errors.js';
import { scopeOf } from '../sending/caller.js';
import type { ExtensionField, InputOf, OutputOf } from '../../../wire/model/types/ses.js';

type Input = InputOf<'SendBounce'>;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Pinpost's choice of RFC 3463 status per BounceType (SES chooses its own; not published). */
const STATUS: Record<string, string> = {
  DoesNotExist: '5.1.1',
  MessageTooLarge: '5.3.4',
  ExceededQuota: '5.2.2',
  ContentRejected: '5.6.0',
  Undefined: '5.0.0',
  TemporaryFailure: '4.0.0',
};

const rejected = (message: string) => new AwsError({ code: 'MessageRejected', status: 400, message });

const extensionLines = (fields: ExtensionField[] | undefined): string[] =>
  (fields ?? []).map((f) => `${f.Name}: ${f.Value}`);

function deliveryStatus(i: Input, region: string, arrival: Date): string {
  const dsn = i.MessageDsn;
  const message = [
    `Reporting-MTA: dns; ${dsn?.ReportingMta ?? `${region}.amazonses.com`}`,
    `Arrival-Date: ${(dsn?.ArrivalDate ?? arrival).toUTCString()}`,
    ...extensionLines(dsn?.ExtensionFields),
  ];
  const perRecipient = i.BouncedRecipientInfoList.map(({ Recipient, BounceType, RecipientDsnFields: r }) =>
    [
      `Final-Recipient: rfc822; ${r?.FinalRecipient ?? Recipient}`,
      `Action: ${r?.Action ?? 'failed'}`,
      `Status: ${r?.Status ?? STATUS[BounceType ?? 'Undefined']}`,
      ...(r?.RemoteMta ? [`Remote-MTA: dns; ${r.RemoteMta}`] : []),
      ...(r?.DiagnosticCode ? [`Diagnostic-Code: smtp; ${r.DiagnosticCode}`] : []),
      ...(r?.LastAttemptDate ? [`Last-Attempt-Date: ${r.LastAttemptDate.toUTCString()}`] : []),
      ...extensionLines(r?.ExtensionFields),
    ].join('\r\n'),
  );
  return [message.join('\r\n'), ...perRecipient].join('\r\n\r\n') + '\r\n';
}

export interface SendBounceDeps {
  mailbox: MailboxStore;
  identities: IdentityPort;
  mime: MimePort;
  outbox: OutboxPort;
  now(): Date;
}

export function sendBounceOperation(deps: SendBounceDeps): OperationSpec {
  return defineOperation<Input, OutputOf<'SendBounce'>>({
    name: 'SendBounce',
    action: 'ses:SendBounce',
    resources: () => ['*'],
    conditionKeys: () => ({ 'ses:ApiVersion': { values: ['1'], list: false } }),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      const original = await deps.mailbox.find(i.OriginalMessageId, scope.account);
      const now = deps.now();
      // Only mail received (no outbox row) in this region, within 24 hours; the text is Pinpost's.
      if (
        !original ||
        original.outboxId >= 0 ||
        original.region !== scope.region ||
        now.getTime() - original.receivedAt.getTime() > DAY_MS
      )
        throw rejected(
          `No message \`${i.OriginalMessageId}\` was received by this account in the last 24 hours.`,
        );
      const sender = await deps.identities.identityForAddress(scope, i.BounceSender);
      if (!sender?.verified) throw notVerified(scope.region, [i.BounceSender]);
      const messageId = newSesMessageId(scope.region, now);
      const explanation =
        i.Explanation ??
        `Your message to ${i.BouncedRecipientInfoList.map((r) => r.Recipient).join(', ')} could not be delivered.`;
      const raw = await deps.mime.build({
        from: i.BounceSender,
        to: [original.envelopeFrom],
        cc: [],
        bcc: [],
        replyTo: [],
        subject: 'Delivery Status Notification (Failure)',
        text: `${explanation}\r\n`,
        headers: [],
        attachments: [
          {
            filename: 'delivery-status.txt',
            content: Buffer.from(deliveryStatus(i, scope.region, original.receivedAt)),
            contentType: 'message/delivery-status',
          },
        ],
        messageId,
        date: now,
      });
      await deps.outbox.enqueue({
        messageId,
        scope,
        envelopeFrom: i.BounceSender,
        recipients: [original.envelopeFrom],
        raw,
      });
      return { MessageId: messageId };
    },
  });
}
