/**
 * SES message ids: 16 hex digits (`0100` then the millisecond time), a UUID, and `-000000`, e.g.
 * `0100018c5b2d1f3a-6f1e2d3c-4b5a-4e6f-8a9b-0c1d2e3f4a5b-000000` (the ids SES returns from SendEmail
 * and puts in `mail.messageId` of its events). The Message-ID header is `<id@email.amazonses.com>`.
 */
import { randomUUID } from 'node:crypto';

export function newMessageId(now: Date): string {
  const time = now.getTime().toString(16).padStart(12, '0');
  return `0100${time}-${randomUUID()}-000000`;
}

export const messageIdHeader = (messageId: string): string => `<${messageId}@email.amazonses.com>`;
