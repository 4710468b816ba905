/**
 * An app's default settings: GetApplicationSettings and UpdateApplicationSettings
 * (apireference/apps-application-id-settings.html). Stored as the app's `settings` document (key
 * ''); campaigns read them through `readAppSettings` to apply the app-level Limits and QuietTime.
 * Authorized on the app's ARN (list_amazonpinpoint.html: both on `app*` with aws:ResourceTag).
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { onApplication, requireApp, type AppDoc } from './apps.js';
import { badRequest } from './errors.js';
import { scopeOf } from './input.js';
import type { PinpointContext } from './ports.js';
import type { Scope } from './store.js';
import type { InputOf, OutputOf, WriteApplicationSettingsRequest } from '../../wire/model/types/pinpoint.js';

/** pinpoint/2016-12-01 CampaignLimits. */
export interface CampaignLimits {
  Daily?: number;
  MaximumDuration?: number;
  MessagesPerSecond?: number;
  Total?: number;
  Session?: number;
}

/** pinpoint/2016-12-01 QuietTime: `HH:MM`, 24-hour. */
export interface QuietTime {
  Start?: string;
  End?: string;
}

/** pinpoint/2016-12-01 CampaignHook. */
export interface CampaignHook {
  LambdaFunctionName?: string;
  Mode?: 'DELIVERY' | 'FILTER';
  WebUrl?: string;
}

/** pinpoint/2016-12-01 ApplicationSettingsJourneyLimits. */
export interface JourneyLimits {
  DailyCap?: number;
  TotalCap?: number;
  TimeframeCap?: { Cap?: number; Days?: number };
}

/** The stored settings document (kind `settings`, key ''). */
export interface AppSettings {
  Limits: CampaignLimits;
  QuietTime: QuietTime;
  CampaignHook: CampaignHook;
  CloudWatchMetricsEnabled: boolean;
  EventTaggingEnabled: boolean;
  JourneyLimits?: JourneyLimits;
}

/** An app that was never updated has empty Limits, QuietTime and CampaignHook. */
export const DEFAULT_SETTINGS: AppSettings = {
  Limits: {},
  QuietTime: {},
  CampaignHook: {},
  CloudWatchMetricsEnabled: false,
  EventTaggingEnabled: false,
};

/** The app's settings, or the defaults when they were never updated. */
export async function readAppSettings(
  c: Pick<PinpointContext, 'store'>,
  scope: Scope,
  appId: string,
): Promise<AppSettings> {
  const stored = (await c.store.get<AppSettings>(scope, appId, 'settings'))?.doc;
  return { ...DEFAULT_SETTINGS, ...stored };
}

/** An integer member within the range the model's documentation states (Pinpost's wording). */
function inRange(name: string, v: number | undefined, min: number, max: number): number | undefined {
  if (v !== undefined && (v < min || v > max)) throw badRequest(`${name} must be between ${min} and ${max}`);
  return v;
}

/** CampaignLimits ranges, from the model's member documentation (pinpoint/2016-12-01). */
function checkLimits(l: CampaignLimits | undefined): CampaignLimits | undefined {
  if (!l) return undefined;
  return {
    // "The maximum value is 100."
    Daily: inRange('Daily', l.Daily, 0, 100),
    // "The minimum value is 60 seconds."
    MaximumDuration: inRange('MaximumDuration', l.MaximumDuration, 60, Number.MAX_SAFE_INTEGER),
    // "The minimum value is 1. The maximum value is 20,000."
    MessagesPerSecond: inRange('MessagesPerSecond', l.MessagesPerSecond, 1, 20_000),
    // "The maximum value is 100."
    Total: inRange('Total', l.Total, 0, 100),
    Session: inRange('Session', l.Session, 0, Number.MAX_SAFE_INTEGER),
  };
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** QuietTime Start/End "has to use 24-hour notation and be in HH:MM format" (model docs). */
function checkQuietTime(q: QuietTime | undefined): QuietTime | undefined {
  if (!q) return undefined;
  const out: QuietTime = { Start: q.Start, End: q.End };
  for (const k of ['Start', 'End'] as const) {
    const v = out[k];
    if (v !== undefined && v !== '' && !HH_MM.test(v))
      throw badRequest(`QuietTime ${k} must be in HH:MM format: ${v}`);
  }
  return out;
}

function checkJourneyLimits(l: JourneyLimits | undefined): JourneyLimits | undefined {
  if (!l) return undefined;
  const frame = l.TimeframeCap;
  return {
    // "The maximum value is 100. If set to 0, this limit will not apply."
    DailyCap: inRange('DailyCap', l.DailyCap, 0, 100),
    TotalCap: inRange('TotalCap', l.TotalCap, 0, 100),
    TimeframeCap: frame
      ? {
          Cap: inRange('Cap', frame.Cap, 0, 100),
          Days: inRange('Days', frame.Days, 0, Number.MAX_SAFE_INTEGER),
        }
      : undefined,
  };
}

/** Drops undefined members so stored documents and responses carry only what was set. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** The members an update sets, each checked against the ranges the model documents. */
function checkedUpdate(body: WriteApplicationSettingsRequest): Partial<AppSettings> {
  const limits = checkLimits(body.Limits);
  const quiet = checkQuietTime(body.QuietTime);
  // The model step checks only required members for Pinpoint (validate-request.ts), so the Mode enum
  // is checked here, as before.
  const mode = body.CampaignHook?.Mode;
  if (mode !== undefined && mode !== 'DELIVERY' && mode !== 'FILTER')
    throw badRequest(`Invalid Mode: ${mode}`);
  const hook = body.CampaignHook && {
    LambdaFunctionName: body.CampaignHook.LambdaFunctionName,
    Mode: body.CampaignHook.Mode,
    WebUrl: body.CampaignHook.WebUrl,
  };
  const journey = checkJourneyLimits(body.JourneyLimits);
  return defined({
    Limits: limits && defined(limits),
    QuietTime: quiet && defined(quiet),
    CampaignHook: hook && defined(hook),
    CloudWatchMetricsEnabled: body.CloudWatchMetricsEnabled,
    EventTaggingEnabled: body.EventTaggingEnabled,
    JourneyLimits:
      journey && defined({ ...journey, TimeframeCap: journey.TimeframeCap && defined(journey.TimeframeCap) }),
  });
}

export function settingsOperations(c: PinpointContext): OperationSpec[] {
  const deps = { store: c.store };

  /** ApplicationSettingsResource; LastModifiedDate is the app's creation until the first update. */
  async function resource(scope: Scope, app: AppDoc) {
    const stored = await c.store.get<AppSettings>(scope, app.Id, 'settings');
    const s = { ...DEFAULT_SETTINGS, ...stored?.doc };
    return {
      ApplicationSettingsResource: {
        ApplicationId: app.Id,
        CampaignHook: s.CampaignHook,
        LastModifiedDate: stored ? stored.updated.toISOString() : app.CreationDate,
        Limits: s.Limits,
        QuietTime: s.QuietTime,
        JourneyLimits: s.JourneyLimits,
      },
    };
  }

  const get = defineOperation<InputOf<'GetApplicationSettings'>, OutputOf<'GetApplicationSettings'>>({
    name: 'GetApplicationSettings',
    action: 'mobiletargeting:GetApplicationSettings',
    ...onApplication(deps),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      return resource(scope, await requireApp(deps, scope, i.ApplicationId));
    },
  });

  const update = defineOperation<InputOf<'UpdateApplicationSettings'>, OutputOf<'UpdateApplicationSettings'>>(
    {
      name: 'UpdateApplicationSettings',
      action: 'mobiletargeting:UpdateApplicationSettings',
      ...onApplication(deps),
      handler(i, ctx) {
        const scope = scopeOf(ctx);
        const appId = i.ApplicationId;
        // Each member given replaces the stored one; members not given keep their value.
        const given = checkedUpdate(i.WriteApplicationSettingsRequest);
        return c.store.transaction(async () => {
          // Holding the app makes concurrent updates apply one after the other, each on the last
          // one's result: the settings document may not exist yet, so it cannot be locked itself.
          await c.store.holdApp(scope, appId);
          const app = await requireApp(deps, scope, appId);
          const doc: AppSettings = { ...(await readAppSettings(c, scope, appId)), ...given };
          await c.store.put(scope, appId, 'settings', '', doc);
          return resource(scope, app);
        });
      },
    },
  );

  return [get, update];
}
