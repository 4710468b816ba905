/**
 * Pinpost's own IAM actions: what a principal needs to call Pinpost's internal routes beyond
 * loopback. They are authorized like any AWS action (identity policies, boundaries, SCPs, session
 * policies), on the resource `arn:<partition>:pinpost:<region>:<account>:<resource>`. Documented in
 * the README ("Pinpost's own routes"); `pinpost:*` allows them all.
 */
export const PINPOST_ACTIONS = {
  /** List, search, read and wait for captured mail (`GET /_aws/ses`, `GET /_pinpost/mailbox…`). */
  'pinpost:ReadMailbox': 'mailbox',
  /** Delete captured mail (`DELETE /_aws/ses`, `DELETE /_pinpost/mailbox…`). */
  'pinpost:DeleteMailbox': 'mailbox',
  /** Read Pinpoint's event log (`GET /_pinpost/pinpoint/events`). */
  'pinpost:ReadEvents': 'events',
  /** List an app's endpoints, for the console (`GET /_pinpost/pinpoint/endpoints`). */
  'pinpost:ListEndpoints': 'pinpoint',
  /** Count a segment's endpoints, for the console (`GET /_pinpost/pinpoint/segments/count`). */
  'pinpost:CountSegment': 'pinpoint',
  /** Render email content for an endpoint, for the console (`POST /_pinpost/pinpoint/templates/preview`). */
  'pinpost:PreviewTemplate': 'pinpoint',
  /** Hand SES a received message for the account's active receipt rule set (`POST /_pinpost/ses/inbound`). */
  'pinpost:ReceiveMail': 'ses',
  /** Move the manual clock (`POST /_pinpost/clock`). */
  'pinpost:SetClock': 'clock',
  /** Read the clock (`GET /_pinpost/clock`). */
  'pinpost:ReadClock': 'clock',
  /** Read Prometheus metrics (`GET /_pinpost/metrics`). */
  'pinpost:ReadMetrics': 'metrics',
} as const;

export type PinpostAction = keyof typeof PINPOST_ACTIONS;

/** The ARN a Pinpost action is authorized on. */
export function pinpostResourceArn(
  action: PinpostAction,
  partition: string,
  region: string,
  account: string,
): string {
  return `arn:${partition}:pinpost:${region}:${account}:${PINPOST_ACTIONS[action]}`;
}
