/**
 * What IAM sees of a control-plane request: the resource ARN (list_amazonses.html, "Resource types
 * defined by Amazon SES": identity, configuration-set, template, contact-list) and the tag keys —
 * aws:RequestTag/${TagKey} and aws:TagKeys on creation and TagResource, aws:ResourceTag/${TagKey}
 * on an existing resource.
 */
import type { ContextKeyValue } from '../../../wire/operation.js';
import type { RequestContext } from '../../../wire/context.js';
import type { ControlDeps } from './deps.js';
import { scopeOf, sesArn } from './input.js';
import type { Tag } from './model.js';
import type { Kind } from './store.js';

export type Keys = Record<string, ContextKeyValue>;

export type ResourceType =
  | 'identity'
  | 'configuration-set'
  | 'template'
  | 'contact-list'
  | 'custom-verification-email-template'
  | 'dedicated-ip-pool'
  | 'tenant'
  | 'multi-region-endpoint';

export const arnOf = (deps: ControlDeps, ctx: RequestContext, type: ResourceType, name: string) =>
  sesArn(scopeOf(ctx), type, name);

export function requestTagKeys(tags: readonly Tag[] | undefined): Keys {
  if (!tags || tags.length === 0) return {};
  const keys: Keys = { 'aws:TagKeys': { values: tags.map((t) => t.Key), list: true } };
  for (const t of tags) keys[`aws:RequestTag/${t.Key}`] = { values: [t.Value], list: false };
  return keys;
}

export function tagKeysKey(tagKeys: readonly string[]): Keys {
  return tagKeys.length ? { 'aws:TagKeys': { values: [...tagKeys], list: true } } : {};
}

const KIND: Record<ResourceType, Kind> = {
  identity: 'identity',
  'configuration-set': 'configset',
  template: 'template',
  'contact-list': 'contactlist',
  'custom-verification-email-template': 'cvtemplate',
  'dedicated-ip-pool': 'ippool',
  tenant: 'tenant',
  'multi-region-endpoint': 'mrendpoint',
};

/** The resource's own tags as aws:ResourceTag/<key> (none when it does not exist yet). */
export async function resourceTagKeys(
  deps: ControlDeps,
  ctx: RequestContext,
  type: ResourceType,
  name: string,
): Promise<Keys> {
  const key = type === 'identity' ? name.toLowerCase() : docKeyOf(type, name);
  const doc = (await deps.store.get<{ tags?: Tag[] }>(scopeOf(ctx), KIND[type], key))?.doc;
  const keys: Keys = {};
  for (const t of doc?.tags ?? []) keys[`aws:ResourceTag/${t.Key}`] = { values: [t.Value], list: false };
  return keys;
}

/** Resource type and name of an SES ARN (`…:identity/example.com`), for the tagging operations. */
export function parseSesArn(
  arn: string,
): { type: ResourceType; name: string; region: string; account: string } | undefined {
  const m =
    /^arn:[^:]+:ses:([^:]*):([^:]*):(identity|configuration-set|template|contact-list|custom-verification-email-template|dedicated-ip-pool|tenant|multi-region-endpoint)\/(.+)$/.exec(
      arn,
    );
  return m ? { region: m[1], account: m[2], type: m[3] as ResourceType, name: m[4] } : undefined;
}

export const KIND_OF = KIND;

/** The stored key of an ARN's resource name: a tenant's ARN names `<TenantName>/<TenantId>`. */
export function docKeyOf(type: ResourceType, name: string): string {
  return type === 'tenant'
    ? name.slice(0, name.lastIndexOf('/') < 0 ? undefined : name.lastIndexOf('/'))
    : name;
}
