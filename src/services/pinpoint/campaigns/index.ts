/** Placeholder until the campaigns part lands: campaigns, versions, activities, the scheduler. */
import type { Migration } from '../../../store/index.js';
import type { PinpointContext, PinpointPart } from '../ports.js';

export const campaignMigrations: readonly Migration[] = [];

export function createCampaigns(_c: PinpointContext): PinpointPart {
  return { operations: [] };
}
