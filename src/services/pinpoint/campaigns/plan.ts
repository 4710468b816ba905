/**
 * What a run needs to know before it sends, worked out once: each treatment's compiled message,
 * the limits (the campaign's, capped by the app's), the quiet time (the campaign's, else the
 * app's), the hook, and when the run started and must end (Limits.MaximumDuration, "after the
 * scheduled start time", pinpoint/2016-12-01 CampaignLimits). Pinpost sends email only: a
 * treatment's own Schedule, CustomDeliveryConfiguration and the other channels' messages are kept
 * and echoed by the API but not used by the run; so is Limits.Session, which counts messages per
 * app session (in-app and push), not email.
 */
import type { EmailContent, MessageVariables, PinpointContext, RenderedEmail, Scope } from '../ports.js';
import { appDefaults } from './app-settings.js';
import { filtersByHook } from './hook.js';
import { LOCAL_TIME_LEAD_MS } from './local-time.js';
import {
  DEFAULT_TREATMENT,
  type CampaignDoc,
  type CampaignHook,
  type CampaignLimits,
  type MessageSource,
  type QuietTime,
} from './model.js';
import type { RunRow } from './runs-store.js';
import { splitter } from './split.js';

export interface TreatmentPlan {
  id: string;
  source: MessageSource;
  fromAddress?: string;
  headers?: { Name: string; Value: string }[];
  /** Renders for one endpoint; throws when the message cannot be rendered. */
  render(vars: MessageVariables): RenderedEmail;
}

export interface RunPlan {
  campaign: CampaignDoc;
  treatments: Map<string, TreatmentPlan>;
  split: (bucket: number) => string | undefined;
  limits: CampaignLimits;
  quiet?: QuietTime;
  hook?: CampaignHook & { WebUrl: string };
  /** The run's nominal start (local-time runs start early, so every zone gets its local time). */
  nominal: Date;
  deadline?: Date;
}

/** The smaller of two optional limits. */
const cap = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

async function content(c: PinpointContext, scope: Scope, source: MessageSource): Promise<EmailContent> {
  const ref = source.TemplateConfiguration?.EmailTemplate;
  if (ref?.Name) {
    const t = await c.ports.templates.email(scope, ref.Name, ref.Version);
    // Pinpost's wording: the template was deleted after the campaign named it.
    if (!t) throw new Error(`Email template ${ref.Name} was not found`);
    return t;
  }
  const m = source.MessageConfiguration?.EmailMessage ?? {};
  return { Subject: m.Title, HtmlPart: m.HtmlBody, TextPart: m.Body };
}

async function treatmentPlan(
  c: PinpointContext,
  scope: Scope,
  id: string,
  own: MessageSource,
  base: MessageSource,
): Promise<TreatmentPlan> {
  const hasOwn = !!own.TemplateConfiguration?.EmailTemplate?.Name || !!own.MessageConfiguration?.EmailMessage;
  const source = hasOwn ? own : base;
  let render: TreatmentPlan['render'];
  try {
    render = c.ports.templates.compile(await content(c, scope, source));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    render = () => {
      throw new Error(reason);
    };
  }
  const email = source.MessageConfiguration?.EmailMessage;
  return { id, source, fromAddress: email?.FromAddress, headers: email?.Headers, render };
}

export async function planRun(c: PinpointContext, run: RunRow, campaign: CampaignDoc): Promise<RunPlan> {
  const scope = { account: run.account, region: run.region };
  const app = await appDefaults(c.store, scope, run.app_id);
  const treatments = new Map<string, TreatmentPlan>();
  treatments.set(DEFAULT_TREATMENT, await treatmentPlan(c, scope, DEFAULT_TREATMENT, campaign, campaign));
  for (const t of campaign.AdditionalTreatments)
    treatments.set(t.Id, await treatmentPlan(c, scope, t.Id, t, campaign));
  const own = campaign.Limits ?? {};
  const limits: CampaignLimits = {
    Daily: cap(own.Daily, app.Limits.Daily),
    Total: cap(own.Total, app.Limits.Total),
    MessagesPerSecond: cap(own.MessagesPerSecond, app.Limits.MessagesPerSecond),
    MaximumDuration: cap(own.MaximumDuration, app.Limits.MaximumDuration),
  };
  const quietOwn = campaign.Schedule.QuietTime;
  const quiet =
    quietOwn?.Start && quietOwn.End
      ? quietOwn
      : app.QuietTime.Start && app.QuietTime.End
        ? app.QuietTime
        : undefined;
  const hook = [campaign.Hook, app.CampaignHook].find(filtersByHook);
  const scheduled = new Date(run.scheduled_at);
  const nominal = campaign.Schedule.IsLocalTime
    ? new Date(scheduled.getTime() + LOCAL_TIME_LEAD_MS)
    : scheduled;
  const deadline =
    limits.MaximumDuration !== undefined
      ? new Date(nominal.getTime() + limits.MaximumDuration * 1000)
      : undefined;
  return { campaign, treatments, split: splitter(campaign), limits, quiet, hook, nominal, deadline };
}
