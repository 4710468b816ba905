/**
 * Template rendering as SES does it: Handlebars syntax, data from the TemplateData JSON object
 * (dg/send-personalized-email-advanced.html). A plain `{{name}}` whose attribute is absent fails
 * with MissingRenderingAttribute, "Attribute 'name' is not present in the rendering data." (the
 * text SES's TestRenderTemplate answers); helpers and blocks (`{{#if}}`, `{{#each}}`) read missing
 * attributes as empty, as Handlebars does. HTML parts are escaped, subject and text are not.
 * Rendering is bounded (render-limits.ts): past the API's message size or the work bound it is a
 * RenderError of kind `limit`.
 */
import { handlebars } from '../../handlebars.js';
import { boundedHandlebars } from '../../bounded-handlebars.js';
import { RenderLimitError, renderLimits, withinLimits, type RenderLimits } from '../../render-limits.js';
import type { TemplateRecord } from '../ports.js';

export type RenderFailure =
  | { kind: 'invalid-data'; message: string }
  | { kind: 'missing-attribute'; message: string }
  | { kind: 'invalid-template'; message: string }
  /** Past the rendering limits (render-limits.ts): TestRenderTemplate's InvalidRenderingParameter. */
  | { kind: 'limit'; message: string };

/** dg/quotas.html: the largest message, 10 MB through the v1 API, 40 MB through v2. */
export const SES_RENDER_LIMITS = { v1: renderLimits(10_485_760), v2: renderLimits(41_943_040) } as const;

let env: ReturnType<typeof boundedHandlebars> | undefined;
const bounded = () => (env ??= boundedHandlebars());

export class RenderError extends Error {
  constructor(readonly failure: RenderFailure) {
    super(failure.message);
  }
}

export interface Rendered {
  subject: string;
  text?: string;
  html?: string;
}

/** Parses TemplateData; it must be a JSON object. */
export function parseTemplateData(data: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    throw new RenderError({ kind: 'invalid-data', message: 'Template rendering data is invalid.' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new RenderError({
      kind: 'invalid-data',
      message: 'Template rendering data must be a JSON object.',
    });
  }
  return value as Record<string, unknown>;
}

/** The template's syntax errors, as Handlebars reports them (CreateTemplate's InvalidTemplate). */
export function syntaxError(source: string | undefined): string | undefined {
  if (!source) return undefined;
  try {
    handlebars().parse(source);
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

type Node = { type: string; [k: string]: unknown };

/** Names of top-level `{{name}}` mustaches (no params, no helpers, outside blocks). */
function plainReferences(source: string): string[] {
  const program = handlebars().parse(source) as unknown as { body: Node[] };
  const names: string[] = [];
  for (const node of program.body) {
    if (node.type !== 'MustacheStatement') continue;
    const path = node['path'] as Node & {
      parts?: string[];
      original?: string;
      data?: boolean;
      depth?: number;
    };
    const params = node['params'] as unknown[];
    if (path.type !== 'PathExpression' || params.length || path.data || path.depth || !path.parts?.length)
      continue;
    if (path.original === 'this' || path.original?.startsWith('this.')) continue;
    names.push(path.parts[0]);
  }
  return names;
}

function renderPart(
  source: string | undefined,
  data: Record<string, unknown>,
  escape: boolean,
): string | undefined {
  if (source === undefined) return undefined;
  for (const name of plainReferences(source)) {
    if (!(name in data) || data[name] === null || data[name] === undefined) {
      throw new RenderError({
        kind: 'missing-attribute',
        message: `Attribute '${name}' is not present in the rendering data.`,
      });
    }
  }
  return bounded().compile(source, { noEscape: !escape })(data);
}

/** Renders the three parts together within `limits` (the API's message size and the work bound). */
export function renderTemplate(
  template: TemplateRecord,
  data: Record<string, unknown>,
  limits: RenderLimits = SES_RENDER_LIMITS.v1,
): Rendered {
  try {
    return withinLimits(limits, () => ({
      subject: renderPart(template.Subject, data, false) ?? '',
      text: renderPart(template.Text, data, false),
      html: renderPart(template.Html, data, true),
    }));
  } catch (e) {
    if (e instanceof RenderError) throw e;
    if (e instanceof RenderLimitError) throw new RenderError({ kind: 'limit', message: e.message });
    throw new RenderError({ kind: 'invalid-template', message: (e as Error).message.split('\n')[0] });
  }
}

/**
 * TestRenderTemplate's RenderedTemplate: "The complete MIME message rendered by applying the data in
 * the TemplateData parameter to the template" (APIReference/API_TestRenderTemplate.html) — headers,
 * then a multipart/alternative body with the text and HTML parts.
 */
export function renderedMime(r: Rendered, date: Date, boundary: string): string {
  const lines = [
    `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
    `Subject: ${r.subject}`,
    'MIME-Version: 1.0',
  ];
  const parts: [string, string][] = [];
  if (r.text !== undefined) parts.push(['text/plain', r.text]);
  if (r.html !== undefined) parts.push(['text/html', r.html]);
  lines.push(`Content-Type: multipart/alternative; \r\n\tboundary="${boundary}"`, '');
  for (const [type, body] of parts) {
    // eslint-disable-next-line no-control-regex
    const encoding = /^[\x00-\x7f]*$/.test(body) ? '7bit' : '8bit';
    lines.push(
      `--${boundary}`,
      `Content-Type: ${type}; charset=UTF-8`,
      `Content-Transfer-Encoding: ${encoding}`,
      '',
      body,
    );
  }
  lines.push(`--${boundary}--`);
  return lines.join('\r\n');
}
