/**
 * Carries out a checked send: renders templates, builds (or stamps) the MIME message, enforces size,
 * then in ONE transaction checks the quotas, records the message and its events and hands it to the
 * outbox — so a refused send writes nothing and queues nothing, and an accepted one is queued exactly once.
 * Every write of that transaction (the caller's onCommit and the event listeners' included) is
 * awaited inside it, in order.
 */
import type { Database } from '../../../store/index.js';
import type { SesControl } from '../control/index.js';
import type { MimePort, OutboxPort } from '../ports.js';
import type { HtmlTracking } from '../tracking/index.js';
import { trackRawHtml } from '../tracking/raw-html.js';
import { domainOf } from './addresses.js';
import { checkSend, type CheckedSend } from './checks.js';
import * as e from './errors.js';
import { renderingFailureDetail, sendDetail } from './event-details.js';
import { messageIdHeader, newSesMessageId } from '../../../mail/message-id.js';
import { simulatorEvents, suppressedBounce, type ImmediateEvent } from './outcomes.js';
import type { Quotas } from './quota.js';
import { stampRaw } from './raw-message.js';
import { recipientsOf, type SendRequest } from './request.js';
import type { MailObject, SendingStore } from './store.js';
import { renderTemplate } from './template.js';
import { renderLimits } from '../../render-limits.js';

/** quotas.html: 10 MB for v1, 40 MB for v2, after encoding. */
export const SIZE_LIMITS = { v1: 10_485_760, v2: 41_943_040 } as const;

export interface EngineDeps {
  db: Database;
  control: Pick<SesControl, 'identities' | 'configSets' | 'account' | 'suppression'>;
  mime: MimePort;
  outbox: OutboxPort;
  store: SendingStore;
  quotas: Quotas;
  clock: () => Date;
  /** Open and click tracking of the HTML part, when the configuration set asks for it. */
  tracking?: HtmlTracking;
}

export class SendingEngine {
  constructor(private readonly deps: EngineDeps) {}

  /** Checks and sends; returns SES's MessageId or throws SES's error. */
  async send(req: SendRequest): Promise<string> {
    const { deps } = this;
    const checked = await checkSend(deps.control, req);
    const now = deps.clock();
    const messageId = newSesMessageId(req.scope.region, now);
    const configurationSetName = checked.configSet?.name;
    const mail = mailObject(req, checked, messageId, now);

    let content = req.content;
    if (content.kind === 'template') {
      const result = renderTemplate(content.template, content.data, renderLimits(SIZE_LIMITS[req.api]));
      if (!result.ok) {
        // SES accepts the call and reports the failure only as an event (API_SendTemplatedEmail.html).
        const detail = renderingFailureDetail(mail, content.template.TemplateName, result.errorMessage);
        await deps.db.transaction(async () => {
          await deps.store.addMessage({
            messageId,
            scope: req.scope,
            sentAt: now,
            counted: 0,
            configurationSetName,
            mail,
          });
          await this.record(req, messageId, now, configurationSetName, {
            type: 'RENDERING_FAILURE',
            detail,
            counted: true,
          });
          await req.onCommit?.({ MessageId: messageId });
        });
        return messageId;
      }
      content = {
        kind: 'simple',
        ...result.rendered,
        headers: content.headers,
        attachments: content.attachments,
      };
    }

    const raw =
      content.kind === 'raw'
        ? await this.signed(
            this.trackedRaw(stampRaw(content.data, messageIdHeader(messageId), now), req, messageId, checked),
            checked,
          )
        : await deps.mime.build({
            from: req.from.raw,
            to: req.to,
            cc: req.cc,
            bcc: req.bcc,
            replyTo: req.replyTo,
            subject: content.subject,
            text: content.text,
            html: deps.tracking
              ? deps.tracking.apply(content.html, {
                  scope: req.scope,
                  messageId,
                  configSet: checked.configSet,
                  always: req.trackOpensAndClicks,
                })
              : content.html,
            headers: content.headers,
            attachments: content.attachments,
            messageId: messageIdHeader(messageId),
            date: now,
            dkim: checked.signer.dkim,
          });
    const limit = SIZE_LIMITS[req.api];
    if (raw.length > limit) throw e.messageTooLong(req.api, limit, raw.length);

    const counted = checked.suppressed.length + checked.deliver.length;
    const immediate: ImmediateEvent[] = [
      { type: 'SEND', detail: sendDetail(mail), counted: true },
      ...checked.simulated.flatMap((s) => simulatorEvents(mail, now, s.address, s.scenario)),
      ...checked.suppressed.map((a) => suppressedBounce(mail, now, a)),
    ];
    // The send rate is taken before the transaction: on PostgreSQL its bucket is shared by every
    // process, a row held only while its one statement runs (quota.ts). The 24-hour quota still
    // answers first when both are used up, and a send it refuses gives the rate back.
    if (!(await deps.quotas.takeRate(req.scope, checked.account, counted, now))) {
      if (await deps.quotas.dailyExceeded(req.scope, checked.account, now))
        throw e.dailyQuotaExceeded(req.api);
      throw e.rateExceeded(req.api);
    }
    let overDaily = false;
    try {
      await deps.db.transaction(async () => {
        // Checked in the transaction that records the send: no other send's rows slip in between.
        if (counted > 0 && (await deps.quotas.dailyExceeded(req.scope, checked.account, now))) {
          overDaily = true;
          throw e.dailyQuotaExceeded(req.api);
        }
        await deps.store.addMessage({
          messageId,
          scope: req.scope,
          sentAt: now,
          counted,
          configurationSetName,
          mail,
        });
        for (const ev of immediate) await this.record(req, messageId, now, configurationSetName, ev);
        if (checked.deliver.length > 0) {
          await deps.outbox.enqueue({
            messageId,
            scope: req.scope,
            envelopeFrom: req.feedbackAddress ?? req.from.address,
            recipients: checked.deliver,
            raw,
            configurationSetName,
          });
        }
        await req.onCommit?.({ MessageId: messageId });
      });
    } catch (err) {
      if (overDaily) await deps.quotas.giveBackRate(req.scope, checked.account, counted);
      throw err;
    }
    return messageId;
  }

  /** A raw message's HTML parts, tracked as a built message's HTML is (tracking/raw-html.ts). */
  private trackedRaw(raw: Buffer, req: SendRequest, messageId: string, checked: CheckedSend): Buffer {
    const tracking = this.deps.tracking;
    if (!tracking) return raw;
    const message = {
      scope: req.scope,
      messageId,
      configSet: checked.configSet,
      always: req.trackOpensAndClicks,
    };
    return trackRawHtml(raw, (html) => tracking.apply(html, message) ?? html);
  }

  /** Signed with the key of the identity authorized for the From address (CheckedSend.signer). */
  private async signed(raw: Buffer, checked: CheckedSend): Promise<Buffer> {
    return checked.signer.dkim ? this.deps.mime.sign(raw, checked.signer.dkim) : raw;
  }

  private record(
    req: SendRequest,
    messageId: string,
    at: Date,
    cs: string | undefined,
    ev: ImmediateEvent,
  ): Promise<void> {
    const event = {
      messageId,
      scope: req.scope,
      eventType: ev.type,
      timestamp: at,
      configurationSetName: cs,
      detail: ev.detail,
    };
    return this.deps.store.addEvent(event, ev.counted);
  }
}

function mailObject(req: SendRequest, checked: CheckedSend, messageId: string, now: Date): MailObject {
  const subject = req.content.kind === 'simple' ? req.content.subject : undefined;
  const headers = [
    { name: 'From', value: req.from.raw },
    ...(req.to.length ? [{ name: 'To', value: req.to.join(', ') }] : []),
    ...(req.cc.length ? [{ name: 'Cc', value: req.cc.join(', ') }] : []),
    ...(subject !== undefined ? [{ name: 'Subject', value: subject }] : []),
    { name: 'Message-ID', value: messageIdHeader(messageId) },
  ];
  const tags: Record<string, string[]> = {
    'ses:operation': [req.operation],
    'ses:from-domain': [domainOf(req.from.address)],
    'ses:caller-identity': [req.callerIdentity],
  };
  if (checked.configSet) tags['ses:configuration-set'] = [checked.configSet.name];
  if (req.sourceIp) tags['ses:source-ip'] = [req.sourceIp];
  for (const t of req.tags) tags[t.Name] = [t.Value];
  return {
    timestamp: now.toISOString(),
    source: req.from.raw,
    sourceArn: req.identityArn,
    sendingAccountId: req.scope.account,
    messageId,
    destination: recipientsOf(req),
    headersTruncated: false,
    headers,
    commonHeaders: {
      from: [req.from.raw],
      ...(req.to.length ? { to: req.to } : {}),
      ...(req.cc.length ? { cc: req.cc } : {}),
      messageId: messageIdHeader(messageId),
      ...(subject !== undefined ? { subject } : {}),
    },
    tags,
  };
}
