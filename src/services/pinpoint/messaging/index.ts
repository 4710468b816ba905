/** Placeholder until the messaging part lands: the orchestration role, SendMessages, SendUsersMessages. */
import type { Migration } from '../../../store/index.js';
import type { Orchestrator, PinpointContext, PinpointPart } from '../ports.js';

export const messagingMigrations: readonly Migration[] = [];

export function createMessaging(_c: PinpointContext): PinpointPart & { orchestrator: Orchestrator } {
  return {
    operations: [],
    orchestrator: {
      open: () => {
        throw new Error('messaging is not built yet');
      },
    },
  };
}
