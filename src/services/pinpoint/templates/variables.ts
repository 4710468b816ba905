/**
 * What a template's message variables resolve to for one message
 * (userguide/message-templates-personalizing.html, "Supported attributes"): the endpoint's standard
 * attributes (Address, ChannelType, CreationDate, Demographic.*, EffectiveDate, EndpointStatus, Id,
 * Location.*, OptOut, RequestId), its custom ones (Attributes.*, Metrics.*), its user's (User.UserId,
 * User.UserAttributes.*). Custom attribute values stay lists, as Pinpoint stores them
 * (message-template-helpers.html, "Using variables with message template helpers"): `{{x.[0]}}` is
 * the first value, `{{x}}` all of them joined with commas.
 *
 * Precedence, lowest first: the template's DefaultSubstitutions (used only where the recipient has
 * no value), the recipient's attributes, then the message's Substitutions ("take precedence over
 * all other variables", pinpoint/2016-12-01 AddressConfiguration.Substitutions).
 */
import type { EndpointDoc, MessageVariables } from '../ports.js';

export type Data = Record<string, unknown>;

const isMap = (v: unknown): v is Data => !!v && typeof v === 'object' && !Array.isArray(v);

/** No value: absent, null, empty text or an empty list. */
const missing = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Names that would reach an object's prototype; Handlebars never reads them either. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `User.UserAttributes.[Last Name]` → ['User', 'UserAttributes', 'Last Name']; [] for a name that
 * cannot be a variable.
 */
export function pathOf(name: string): string[] {
  const parts = (name.match(/\[[^\]]*\]|[^.]+/g) ?? []).map((p) =>
    p.startsWith('[') && p.endsWith(']') ? p.slice(1, -1) : p,
  );
  return parts.some((p) => UNSAFE.has(p)) ? [] : parts;
}

function read(data: Data, path: string[]): unknown {
  let at: unknown = data;
  for (const key of path) {
    if (!isMap(at)) return undefined;
    at = at[key];
  }
  return at;
}

/** Sets a path, copying each map on the way so the endpoint document itself is never changed. */
function write(data: Data, path: string[], value: unknown): void {
  let at = data;
  for (const key of path.slice(0, -1)) {
    const next = isMap(at[key]) ? { ...at[key] } : {};
    at[key] = next;
    at = next;
  }
  at[path[path.length - 1]] = value;
}

/**
 * Latitude and longitude render "rounded to one decimal place" (message-templates-personalizing.html,
 * Location.Latitude and Location.Longitude).
 */
function location(raw: unknown): unknown {
  if (!isMap(raw)) return raw;
  const out: Data = { ...raw };
  for (const k of ['Latitude', 'Longitude']) {
    if (typeof out[k] === 'number') out[k] = Math.round((out[k] as number) * 10) / 10;
  }
  return out;
}

function endpointData(endpoint: EndpointDoc | undefined, address: string): Data {
  const data: Data = {};
  if (endpoint) {
    for (const [k, v] of Object.entries(endpoint)) {
      if (k === 'CohortId') continue;
      data[k] = k === 'Location' ? location(v) : v;
    }
  }
  data.Address = address;
  return data;
}

/** The DefaultSubstitutions of a template as paths and values (parsed once per template). */
export type Defaults = [string[], unknown][];

export function defaultsOf(json: string | undefined): Defaults {
  if (json === undefined || json.trim() === '') return [];
  const parsed: unknown = JSON.parse(json);
  if (!isMap(parsed)) throw new Error('DefaultSubstitutions is not a JSON object');
  return Object.entries(parsed).map(([k, v]) => [pathOf(k), v]);
}

export function messageData(defaults: Defaults, vars: MessageVariables): Data {
  const data = endpointData(vars.endpoint, vars.address);
  for (const [path, value] of defaults) {
    if (path.length > 0 && missing(read(data, path))) write(data, path, value);
  }
  for (const [name, values] of Object.entries(vars.substitutions ?? {})) {
    const path = pathOf(name);
    if (path.length > 0) write(data, path, values);
  }
  return data;
}
