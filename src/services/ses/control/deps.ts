/** What every control-plane operation is built from. */
import type { MimePort, OutboxPort, SesScope } from '../ports.js';
import type { ControlStore } from './store.js';

export interface ControlDeps {
  store: ControlStore;
  sandbox: boolean;
  /** The quota production access grants (configurable: AWS raises it per account on request). */
  productionQuota: { max24HourSend: number; maxSendRate: number };
  verification: 'instant' | 'email';
  mail?: { mime: MimePort; outbox: OutboxPort };
  /** Base of the verification link (`<publicUrl>/_pinpost/ses/verify?token=…`). */
  publicUrl: () => string;
  /** The folder standing in for S3 (--import-root): receipt rules' S3 actions write under it. */
  importRoot?: string;
  /** GetAccount's SendQuota.SentLast24Hours; sending knows it (SesControl.useSendCounter). */
  sentLast24Hours(scope: SesScope): Promise<number>;
}
