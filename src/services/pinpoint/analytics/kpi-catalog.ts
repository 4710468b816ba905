/**
 * The catalog of standard metrics (developerguide/analytics-standard-metrics.html): every kpi-name
 * the page lists for applications (campaigns, transactional email and SMS) and for campaigns, and
 * each email metric's formula as its description states it. kpis.ts computes them.
 */

/** What a measure counts: events, distinct messages, or distinct recipients (endpoint or address). */
export interface Measure {
  types: string[];
  count: 'events' | 'messages' | 'recipients';
}

export type Formula =
  | { kind: 'value'; m: Measure }
  | { kind: 'rate'; num: Measure; den: Measure }
  | { kind: 'difference'; from: Measure; minus: Measure }
  | { kind: 'none' };

export type Population = 'campaigns' | 'transactional' | 'campaign';
export type Group = 'none' | 'campaign' | 'activity' | 'date';

const messages = (...types: string[]): Measure => ({ types, count: 'messages' });
const events = (...types: string[]): Measure => ({ types, count: 'events' });
const recipients = (...types: string[]): Measure => ({ types, count: 'recipients' });
const value = (m: Measure): Formula => ({ kind: 'value', m });
const rate = (num: Measure, den: Measure): Formula => ({ kind: 'rate', num, den });
export const NONE: Formula = { kind: 'none' };

const SENT = messages('_email.send');
const DELIVERED = messages('_email.delivered');
const HARD = messages('_email.hardbounce');

/** Each metric's formula, from its description on the standard-metrics page. */
export const BASE: Record<Population, Record<string, Formula>> = {
  // "Application metrics for campaigns"
  campaigns: {
    'successful-delivery-rate': rate(DELIVERED, SENT),
    'email-open-rate': rate(messages('_email.open'), DELIVERED),
    'unique-deliveries': value(recipients('_email.delivered')),
    // "the number of messages that were sent by a campaign, minus the number … due to a hard bounce"
    'successful-deliveries': { kind: 'difference', from: SENT, minus: HARD },
    'push-open-rate': NONE,
  },
  // "Application metrics for transactional email messages" (and SMS, which has no data here)
  transactional: {
    'txn-emails-clicked': value(events('_email.click')),
    'txn-emails-complaint-rate': rate(messages('_email.complaint'), SENT),
    'txn-emails-with-complaints': value(messages('_email.complaint')),
    // "the number of messages that were sent, minus … a soft or hard bounce or because they were rejected"
    'txn-emails-delivered': {
      kind: 'difference',
      from: SENT,
      minus: messages('_email.softbounce', '_email.hardbounce', '_email.rejected'),
    },
    'txn-emails-delivery-rate': rate(DELIVERED, SENT),
    'txn-emails-hard-bounced': value(HARD),
    'txn-emails-opened': value(messages('_email.open')),
    'txn-emails-sent': value(SENT),
    'txn-emails-soft-bounced': value(messages('_email.softbounce')),
    'txn-emails-unique-clicks': value(recipients('_email.click')),
    'txn-emails-unique-opens': value(recipients('_email.open')),
    ...Object.fromEntries(
      [
        'txn-sms-average-price',
        'txn-sms-average-price-by-parts',
        'txn-sms-delivered',
        'txn-sms-error-distribution',
        'txn-sms-delivery-rate',
        'txn-sms-delivered-by-parts',
        'txn-sms-sent-by-parts',
        'txn-sms-sent',
        'txn-sms-total-price',
      ].map((n) => [n, NONE]),
    ),
  },
  // "Campaign metrics"
  campaign: {
    'hard-bounce-rate': rate(HARD, SENT),
    'successful-delivery-rate': rate(DELIVERED, SENT),
    'email-open-rate': rate(messages('_email.open'), DELIVERED),
    'direct-email-opens': value(messages('_email.open')),
    'unique-deliveries': value(recipients('_email.delivered')),
    clicks: value(events('_email.click')),
    'successful-deliveries': { kind: 'difference', from: SENT, minus: HARD },
    'attempted-deliveries': value(SENT),
    'push-open-rate': NONE,
    'direct-push-opens': NONE,
    'sms-spend': NONE,
  },
};

/** The kpi-name values the standard-metrics page lists, per population. */
const NAMES: Record<Population, string[]> = {
  campaigns: [
    'successful-delivery-rate',
    'successful-delivery-rate-grouped-by-date',
    'email-open-rate',
    'email-open-rate-grouped-by-campaign',
    'unique-deliveries',
    'unique-deliveries-grouped-by-campaign',
    'unique-deliveries-grouped-by-date',
    'successful-deliveries-grouped-by-campaign',
    'push-open-rate',
    'push-open-rate-grouped-by-campaign',
  ],
  transactional: [
    ...[
      'clicked',
      'complaint-rate',
      'with-complaints',
      'delivered',
      'delivery-rate',
      'hard-bounced',
      'opened',
      'sent',
      'soft-bounced',
      'unique-clicks',
      'unique-opens',
    ].flatMap((n) => [`txn-emails-${n}`, `txn-emails-${n}-grouped-by-date`]),
    'txn-sms-average-price-grouped-by-country',
    'txn-sms-average-price-by-parts-grouped-by-country',
    'txn-sms-delivered',
    'txn-sms-delivered-grouped-by-country',
    'txn-sms-delivered-grouped-by-date',
    'txn-sms-error-distribution',
    'txn-sms-delivery-rate',
    'txn-sms-delivery-rate-grouped-by-date',
    'txn-sms-delivered-by-parts',
    'txn-sms-delivered-by-parts-grouped-by-country',
    'txn-sms-sent-by-parts',
    'txn-sms-sent-by-parts-grouped-by-country',
    'txn-sms-sent',
    'txn-sms-sent-grouped-by-country',
    'txn-sms-sent-grouped-by-date',
    'txn-sms-total-price-grouped-by-country',
  ],
  campaign: [
    'hard-bounce-rate',
    'hard-bounce-rate-grouped-by-campaign-activity',
    'successful-delivery-rate',
    'successful-delivery-rate-grouped-by-campaign-activity',
    'successful-delivery-rate-grouped-by-date',
    'email-open-rate',
    'email-open-rate-grouped-by-campaign-activity',
    'direct-email-opens-grouped-by-campaign-activity',
    'unique-deliveries',
    'unique-deliveries-grouped-by-campaign-activity',
    'unique-deliveries-grouped-by-date',
    'clicks-grouped-by-campaign-activity',
    'successful-deliveries-grouped-by-campaign-activity',
    'attempted-deliveries-grouped-by-campaign-activity',
    'push-open-rate',
    'push-open-rate-grouped-by-campaign-activity',
    'direct-push-opens-grouped-by-campaign-activity',
    'sms-spend',
  ],
};

/** The population an application metric reads: `txn-` metrics transactional sends, others campaigns. */
export const applicationPopulation = (name: string): Population =>
  name.startsWith('txn-') ? 'transactional' : 'campaigns';

export const isKpiName = (population: Population, name: string): boolean => NAMES[population].includes(name);
