/**
 * An app's default settings: GetApplicationSettings and UpdateApplicationSettings
 * (apireference/apps-application-id-settings.html). Stored as the app's `settings` document (key
 * ''); campaigns read them through `readAppSettings` to apply the app-level Limits and QuietTime.
 * Authorized on the app's ARN (list_amazonpinpoint.html: both on `app*` with aws:ResourceTag).
 */
import { defineOperation, type OperationSpec } from '../../wire/operation.js';
import { onApp, requireApp, type AppDoc } from './apps.js';
import { badRequest } from './errors.js';
import { bool, label, payload, scopeOf, str, type Raw } from './input.js';
import type { PinpointContext } from './ports.js';
import type { Scope } from './store.js';
import type { OutputOf } from '../../wire/model/types/pinpoint.js';

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

const isObject = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

function object(raw: Raw, name: string): Raw | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw badRequest(`${name} must be an object`);
  return v;
}

/** An integer member within the range the model's documentation states (Pinpost's wording). */
function int(raw: Raw, name: string, min: number, max: number): number | undefined {
  const v = raw[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badRequest(`${name} must be an integer`);
  if (v < min || v > max) throw badRequest(`${name} must be between ${min} and ${max}`);
  return v;
}

/** CampaignLimits ranges, from the model's member documentation (pinpoint/2016-12-01). */
export function parseLimits(raw: Raw | undefined): CampaignLimits | undefined {
  if (!raw) return undefined;
  return {
    // "The maximum value is 100."
    Daily: int(raw, 'Daily', 0, 100),
    // "The minimum value is 60 seconds."
    MaximumDuration: int(raw, 'MaximumDuration', 60, Number.MAX_SAFE_INTEGER),
    // "The minimum value is 1. The maximum value is 20,000."
    MessagesPerSecond: int(raw, 'MessagesPerSecond', 1, 20_000),
    // "The maximum value is 100."
    Total: int(raw, 'Total', 0, 100),
    Session: int(raw, 'Session', 0, Number.MAX_SAFE_INTEGER),
  };
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** QuietTime Start/End "has to use 24-hour notation and be in HH:MM format" (model docs). */
export function parseQuietTime(raw: Raw | undefined): QuietTime | undefined {
  if (!raw) return undefined;
  const out: QuietTime = { Start: str(raw, 'Start'), End: str(raw, 'End') };
  for (const k of ['Start', 'End'] as const) {
    const v = out[k];
    if (v !== undefined && v !== '' && !HH_MM.test(v))
      throw badRequest(`QuietTime ${k} must be in HH:MM format: ${v}`);
  }
  return out;
}

function parseHook(raw: Raw | undefined): CampaignHook | undefined {
  if (!raw) return undefined;
  const mode = str(raw, 'Mode');
  if (mode !== undefined && mode !== 'DELIVERY' && mode !== 'FILTER')
    throw badRequest(`Invalid Mode: ${mode}`);
  return { LambdaFunctionName: str(raw, 'LambdaFunctionName'), Mode: mode, WebUrl: str(raw, 'WebUrl') };
}

function parseJourneyLimits(raw: Raw | undefined): JourneyLimits | undefined {
  if (!raw) return undefined;
  const frame = object(raw, 'TimeframeCap');
  return {
    // "The maximum value is 100. If set to 0, this limit will not apply."
    DailyCap: int(raw, 'DailyCap', 0, 100),
    TotalCap: int(raw, 'TotalCap', 0, 100),
    TimeframeCap: frame
      ? { Cap: int(frame, 'Cap', 0, 100), Days: int(frame, 'Days', 0, Number.MAX_SAFE_INTEGER) }
      : undefined,
  };
}

/** Drops undefined members so stored documents and responses carry only what was set. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

interface UpdateInput {
  appId: string;
  Limits?: CampaignLimits;
  QuietTime?: QuietTime;
  CampaignHook?: CampaignHook;
  CloudWatchMetricsEnabled?: boolean;
  EventTaggingEnabled?: boolean;
  JourneyLimits?: JourneyLimits;
}

function parseUpdate(raw: Raw): UpdateInput {
  const body = payload(raw, 'WriteApplicationSettingsRequest');
  const limits = parseLimits(object(body, 'Limits'));
  const quiet = parseQuietTime(object(body, 'QuietTime'));
  const hook = parseHook(object(body, 'CampaignHook'));
  const journey = parseJourneyLimits(object(body, 'JourneyLimits'));
  return {
    appId: label(raw, 'application-id'),
    Limits: limits && defined(limits),
    QuietTime: quiet && defined(quiet),
    CampaignHook: hook && defined(hook),
    CloudWatchMetricsEnabled: bool(body, 'CloudWatchMetricsEnabled'),
    EventTaggingEnabled: bool(body, 'EventTaggingEnabled'),
    JourneyLimits:
      journey && defined({ ...journey, TimeframeCap: journey.TimeframeCap && defined(journey.TimeframeCap) }),
  };
}

export function settingsOperations(c: PinpointContext): OperationSpec[] {
  const deps = { store: c.store };
  const path = '/v1/apps/{application-id}/settings';

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

  const get = defineOperation<{ appId: string }, OutputOf<'GetApplicationSettings'>>({
    name: 'GetApplicationSettings',
    action: 'mobiletargeting:GetApplicationSettings',
    http: { method: 'GET', path },
    output: { payload: 'ApplicationSettingsResource' },
    parse: (raw) => ({ appId: label(raw, 'application-id') }),
    ...onApp(deps),
    async handler(i, ctx) {
      const scope = scopeOf(ctx);
      return resource(scope, await requireApp(deps, scope, i.appId));
    },
  });

  const update = defineOperation<UpdateInput, OutputOf<'UpdateApplicationSettings'>>({
    name: 'UpdateApplicationSettings',
    action: 'mobiletargeting:UpdateApplicationSettings',
    http: { method: 'PUT', path, payload: 'WriteApplicationSettingsRequest' },
    output: { payload: 'ApplicationSettingsResource' },
    parse: parseUpdate,
    ...onApp(deps),
    handler(i, ctx) {
      const scope = scopeOf(ctx);
      return c.store.transaction(async () => {
        // Holding the app makes concurrent updates apply one after the other, each on the last
        // one's result: the settings document may not exist yet, so it cannot be locked itself.
        await c.store.holdApp(scope, i.appId);
        const app = await requireApp(deps, scope, i.appId);
        // Each member given replaces the stored one; members not given keep their value.
        const { appId: _appId, ...given } = i;
        const doc: AppSettings = { ...(await readAppSettings(c, scope, i.appId)), ...defined(given) };
        await c.store.put(scope, i.appId, 'settings', '', doc);
        return resource(scope, app);
      });
    },
  });

  return [get, update];
}
