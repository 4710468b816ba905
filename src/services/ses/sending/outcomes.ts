/**
 * The events a send produces at once (the mailbox simulator's scenarios, suppressed recipients) —
 * send-an-email-from-console.html, "Using the mailbox simulator": success → Delivery; bounce → a hard
 * bounce (550 5.1.1 user unknown; the address is not added to the suppression list); ooto →
 * Delivery and an automatic response (a Transient bounce, as SES reports it); complaint → Delivery
 * and a Complaint; suppressionlist → a hard bounce as if the address were on the suppression list.
 */
import type { SesEventType } from '../ports.js';
import type { SimulatorScenario } from './addresses.js';
import { bounceDetail, complaintDetail, deliveryDetail } from './event-details.js';
import type { MailObject } from './store.js';

export interface ImmediateEvent {
  type: SesEventType;
  detail: Record<string, unknown>;
  /** Counted in GetSendStatistics (the simulator's are not: it does not affect your metrics). */
  counted: boolean;
}

const SIMULATED_DELIVERY = '250 2.6.0 Message received';

export function simulatorEvents(
  mail: MailObject,
  at: Date,
  address: string,
  s: SimulatorScenario,
): ImmediateEvent[] {
  const delivered: ImmediateEvent = {
    type: 'DELIVERY',
    detail: deliveryDetail(mail, at, [address], SIMULATED_DELIVERY),
    counted: false,
  };
  switch (s) {
    case 'success':
      return [delivered];
    case 'bounce':
      return [
        {
          type: 'BOUNCE',
          counted: false,
          detail: bounceDetail(mail, at, 'Permanent', 'General', [
            {
              emailAddress: address,
              action: 'failed',
              status: '5.1.1',
              diagnosticCode: 'smtp; 550 5.1.1 user unknown',
            },
          ]),
        },
      ];
    case 'ooto':
      return [
        delivered,
        {
          type: 'BOUNCE',
          counted: false,
          detail: bounceDetail(mail, at, 'Transient', 'General', [{ emailAddress: address }]),
        },
      ];
    case 'complaint':
      return [delivered, { type: 'COMPLAINT', counted: false, detail: complaintDetail(mail, at, [address]) }];
    case 'suppressionlist':
      return [suppressedBounce(mail, at, address, false)];
  }
}

/** A recipient on the suppression list: accepted, never delivered, a Permanent bounce. */
export function suppressedBounce(
  mail: MailObject,
  at: Date,
  address: string,
  counted = true,
): ImmediateEvent {
  return {
    type: 'BOUNCE',
    counted,
    detail: bounceDetail(mail, at, 'Permanent', 'OnAccountSuppressionList', [
      {
        emailAddress: address,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode:
          'Amazon SES has suppressed sending to this address because it is on the account-level suppression list.',
      },
    ]),
  };
}
