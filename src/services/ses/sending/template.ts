/**
 * Template rendering with Handlebars, the syntax SES templates use (send-personalized-email-api.html).
 * A variable missing from the data is a rendering failure, reported as SES words it in its
 * Rendering Failure events: "Attribute 'name' is not present in the rendering data."
 * (event-publishing-retrieving-sns-contents.html, the failure object's example).
 */
import { boundedHandlebars } from '../../bounded-handlebars.js';
import { RenderLimitError, withinLimits, type RenderLimits } from '../../render-limits.js';
import type { TemplateRecord } from '../ports.js';

export interface Rendered {
  subject: string;
  text?: string;
  html?: string;
}

export type RenderResult = { ok: true; rendered: Rendered } | { ok: false; errorMessage: string };

let env: ReturnType<typeof boundedHandlebars> | undefined;
const hb = () => (env ??= boundedHandlebars());

function renderOne(
  source: string | undefined,
  data: Record<string, unknown>,
  html: boolean,
): string | undefined {
  if (source === undefined) return undefined;
  // Text parts and subjects are not HTML: no entity escaping there.
  return hb().compile(source, { strict: true, noEscape: !html })(data);
}

/**
 * Renders the three parts together within `limits` (render-limits.ts: the API's message size and the
 * work bound); past them the failure's message says which.
 */
export function renderTemplate(
  template: TemplateRecord,
  data: Record<string, unknown>,
  limits: RenderLimits,
): RenderResult {
  try {
    return {
      ok: true,
      rendered: withinLimits(limits, () => ({
        subject: renderOne(template.Subject ?? '', data, false) ?? '',
        text: renderOne(template.Text, data, false),
        html: renderOne(template.Html, data, true),
      })),
    };
  } catch (err) {
    if (err instanceof RenderLimitError) return { ok: false, errorMessage: err.message };
    const text = err instanceof Error ? err.message : String(err);
    const missing = /^"([^"]+)" not defined/.exec(text);
    return {
      ok: false,
      errorMessage: missing
        ? `Attribute '${missing[1]}' is not present in the rendering data.`
        : `Template rendering failed: ${text.split('\n', 1)[0]}`,
    };
  }
}

/** TemplateData as an object; undefined when it is not a JSON object. */
export function parseTemplateData(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined || text === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
