/**
 * Campaigns that really run: CRUD, versions and activities (operations.ts), the durable
 * scheduler (scheduler.ts) that runs them (run.ts), and EVENT campaigns started by the app's
 * events (event-trigger.ts).
 */
import type { PinpointContext, PinpointPart } from '../ports.js';
import { triggerCampaigns } from './event-trigger.js';
import { campaignOperations } from './operations.js';
import { CampaignRuns } from './runs-store.js';
import { CampaignScheduler, type SchedulerOptions } from './scheduler.js';

export { campaignMigrations } from './migrations.js';

export function createCampaigns(c: PinpointContext, options: SchedulerOptions = {}): PinpointPart {
  const runs = new CampaignRuns(c.db);
  const scheduler = new CampaignScheduler(c, runs, options);
  let listening = false;
  return {
    operations: campaignOperations({ c, runs, kick: () => scheduler.kick() }),
    start() {
      // The ports are filled in by the time the server starts; events.onRecord is read then.
      if (!listening) {
        listening = true;
        // The event log calls this outside the recording transaction, once it committed.
        c.ports.events.onRecord(async (scope, events) => {
          if (await triggerCampaigns(c.store, runs, c.clock(), scope, events))
            setImmediate(() => scheduler.kick());
        });
      }
      scheduler.start();
    },
    stop: () => scheduler.stop(),
    timed: [scheduler],
  };
}
