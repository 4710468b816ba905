/**
 * Messaging: the orchestration sending role (the Orchestrator port every part sends through) and
 * direct messages, SendMessages and SendUsersMessages. Email is sent through SES; messages to the
 * other channels (SMS, voice, push) and OTP codes (SendOTPMessage) are captured, not delivered, and
 * read at `/_pinpost/messages` (captured-route.ts).
 */
import type { Migration } from '../../../store/index.js';
import type { Orchestrator, PinpointContext, PinpointPart } from '../ports.js';
import { capturedRoutes } from './captured-route.js';
import { CapturedMessages, capturedMigrations } from './captured-store.js';
import { DeliveryLedger } from './ledger.js';
import { ledgerMigrations } from './migrations.js';
import { createOrchestrator } from './orchestrator.js';
import { otpOperations } from './otp.js';
import { sendMessagesOperation } from './send-messages.js';
import { sendUsersMessagesOperation } from './send-users-messages.js';

export const messagingMigrations: readonly Migration[] = [...ledgerMigrations, ...capturedMigrations];

export function createMessaging(c: PinpointContext): PinpointPart & { orchestrator: Orchestrator } {
  const orchestrator = createOrchestrator(c, new DeliveryLedger(c.db));
  const captured = new CapturedMessages(c.db);
  const deps = { c, orchestrator, captured };
  return {
    operations: [
      sendMessagesOperation(c, deps),
      sendUsersMessagesOperation(c, deps),
      ...otpOperations(c, captured),
    ],
    routes: capturedRoutes(captured),
    orchestrator,
  };
}
