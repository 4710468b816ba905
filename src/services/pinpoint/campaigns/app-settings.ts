/**
 * The app-level defaults a campaign run applies (apireference/apps-application-id-settings.html:
 * Limits, QuietTime, CampaignHook), read through the settings part's `readAppSettings`.
 */
import { readAppSettings } from '../settings.js';
import type { PinpointStore, Scope } from '../store.js';
import type { CampaignHook, CampaignLimits, QuietTime } from './model.js';

export interface AppDefaults {
  Limits: CampaignLimits;
  QuietTime: QuietTime;
  CampaignHook: CampaignHook;
}

export async function appDefaults(store: PinpointStore, scope: Scope, appId: string): Promise<AppDefaults> {
  const s = await readAppSettings({ store }, scope, appId);
  return { Limits: s.Limits, QuietTime: s.QuietTime, CampaignHook: s.CampaignHook };
}
