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
import { checkConstraints } from '../../shared/constraints.js';
import type { IdentityPort, MimePort, OutboxPort } from '../ports.js';
import { notVerified } from '../sending/errors.js';
import { scopeOf } from '../control/input.js';
import type { OutputOf } from '../../../wire/model/types/ses.js';

type Raw = Record<string, unknown>;
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

interface Recipient {
  Recipient: string;
  BounceType?: string;
  Dsn?: Raw;
}

interface SendBounceInput {
  OriginalMessageId: string;
  BounceSender: string;
  Explanation?: string;
  MessageDsn?: Raw;
  recipients: Recipient[];
}

const s = (o: Raw | undefined, k: string) => (o && typeof o[k] === 'string' ? (o[k] as string) : undefined);
const asList = (v: unknown): Raw[] =>
  (Array.isArray(v) ? v : v && typeof v === 'object' ? [v] : []).map((x) => (x ?? {}) as Raw);
const obj = (o: Raw, k: string) => (o[k] && typeof o[k] === 'object' ? (o[k] as Raw) : undefined);

const rejected = (message: string) => new AwsError({ code: 'MessageRejected', status: 400, message });

function parse(raw: Raw): SendBounceInput {
  const list = asList(raw['BouncedRecipientInfoList']);
  checkConstraints([
    ['OriginalMessageId', s(raw, 'OriginalMessageId'), { required: true }],
    ['BounceSender', s(raw, 'BounceSender'), { required: true }],
    [
      'BouncedRecipientInfoList',
      raw['BouncedRecipientInfoList'] === undefined ? undefined : list,
      { required: true },
    ],
    ...list.flatMap((r, n) => [
      [`bouncedRecipientInfoList.${n + 1}.member.recipient`, s(r, 'Recipient'), { required: true }] as [
        string,
        unknown,
        object,
      ],
      [
        `bouncedRecipientInfoList.${n + 1}.member.bounceType`,
        s(r, 'BounceType'),
        { enum: Object.keys(STATUS) },
      ] as [string, unknown, object],
    ]),
  ]);
  return {
    OriginalMessageId: s(raw, 'OriginalMessageId') as string,
    BounceSender: s(raw, 'BounceSender') as string,
    Explanation: s(raw, 'Explanation'),
    MessageDsn: obj(raw, 'MessageDsn'),
    recipients: list.map((r) => ({
      Recipient: s(r, 'Recipient') as string,
      BounceType: s(r, 'BounceType'),
      Dsn: obj(r, 'RecipientDsnFields'),
    })),
  };
}

function extensionLines(o: Raw | undefined): string[] {
  return asList(o?.['ExtensionFields']).map((f) => `${s(f, 'Name')}: ${s(f, 'Value')}`);
}

function deliveryStatus(i: SendBounceInput, region: string, arrival: Date): string {
  const message = [
    `Reporting-MTA: dns; ${s(i.MessageDsn, 'ReportingMta') ?? `${region}.amazonses.com`}`,
    `Arrival-Date: ${(s(i.MessageDsn, 'ArrivalDate') ? new Date(s(i.MessageDsn, 'ArrivalDate') as string) : arrival).toUTCString()}`,
    ...extensionLines(i.MessageDsn),
  ];
  const perRecipient = i.recipients.map((r) =>
    [
      `Final-Recipient: rfc822; ${s(r.Dsn, 'FinalRecipient') ?? r.Recipient}`,
      `Action: ${s(r.Dsn, 'Action') ?? 'failed'}`,
      `Status: ${s(r.Dsn, 'Status') ?? STATUS[r.BounceType ?? 'Undefined']}`,
      ...(s(r.Dsn, 'RemoteMta') ? [`Remote-MTA: dns; ${s(r.Dsn, 'RemoteMta')}`] : []),
      ...(s(r.Dsn, 'DiagnosticCode') ? [`Diagnostic-Code: smtp; ${s(r.Dsn, 'DiagnosticCode')}`] : []),
      ...(s(r.Dsn, 'LastAttemptDate')
        ? [`Last-Attempt-Date: ${new Date(s(r.Dsn, 'LastAttemptDate') as string).toUTCString()}`]
        : []),
      ...extensionLines(r.Dsn),
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
  return defineOperation<SendBounceInput, OutputOf<'SendBounce'>>({
    name: 'SendBounce',
    action: 'ses:SendBounce',
    parse,
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
        `Your message to ${i.recipients.map((r) => r.Recipient).join(', ')} could not be delivered.`;
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
