/**
 * The app-level defaults a campaign run applies (apireference/apps-application-id-settings.html:
 * Limits, QuietTime, CampaignHook), read from the app's `settings` document through this one
 * seam so the run does not depend on how the settings part stores the rest.
 */
import type { PinpointStore, Scope } from '../store.js';
import type { CampaignHook, CampaignLimits, QuietTime } from './model.js';

export interface AppDefaults {
  Limits: CampaignLimits;
  QuietTime: QuietTime;
  CampaignHook: CampaignHook;
}

export function appDefaults(store: PinpointStore, scope: Scope, appId: string): AppDefaults {
  const doc = store.get<Partial<AppDefaults>>(scope, appId, 'settings')?.doc;
  return {
    Limits: doc?.Limits ?? {},
    QuietTime: doc?.QuietTime ?? {},
    CampaignHook: doc?.CampaignHook ?? {},
  };
}
