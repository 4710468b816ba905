/**
 * Configuration sets and their event destinations, one store for v1 and v2. Names: "up to 64
 * characters … letters, numbers, hyphens (-) and underscores (_) only"
 * (APIReference/API_ConfigurationSet.html, the same for event destinations in
 * API_EventDestination.html). Quotas (dg/quotas.html): 10,000 configuration sets per region, 10
 * event destinations per configuration set.
 */
import type { ConfigSetRecord, SesEventType, SesScope } from '../ports.js';
import type { ControlDeps } from './deps.js';
import type { ConfigSetDoc, EventDestinationDoc } from './model.js';
import type { Stored } from './store.js';

export const NAME_PATTERN = '[a-zA-Z0-9_-]{1,64}';
export const MAX_CONFIG_SETS = 10_000;
export const MAX_EVENT_DESTINATIONS = 10;
export const EVENT_TYPES: readonly SesEventType[] = [
  'SEND',
  'REJECT',
  'BOUNCE',
  'COMPLAINT',
  'DELIVERY',
  'OPEN',
  'CLICK',
  'RENDERING_FAILURE',
  'DELIVERY_DELAY',
  'SUBSCRIPTION',
];

export type ConfigSetFault =
  | { kind: 'missing' }
  | { kind: 'exists' }
  | { kind: 'limit' }
  | { kind: 'destination-missing' }
  | { kind: 'destination-exists' }
  | { kind: 'destination-limit' };

export class ConfigSetError extends Error {
  constructor(readonly fault: ConfigSetFault) {
    super(fault.kind);
  }
}

export function newConfigSet(name: string): ConfigSetDoc {
  return {
    name,
    reputation: { ReputationMetricsEnabled: false },
    sendingEnabled: true,
    tags: [],
    eventDestinations: [],
  };
}

export function findConfigSet(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
): Promise<Stored<ConfigSetDoc> | undefined> {
  return deps.store.get<ConfigSetDoc>(scope, 'configset', name);
}

export function createConfigSet(deps: ControlDeps, scope: SesScope, doc: ConfigSetDoc): Promise<void> {
  return deps.store.transaction(async () => {
    if (await findConfigSet(deps, scope, doc.name)) throw new ConfigSetError({ kind: 'exists' });
    if ((await deps.store.count(scope, 'configset')) >= MAX_CONFIG_SETS)
      throw new ConfigSetError({ kind: 'limit' });
    await deps.store.put(scope, 'configset', doc.name, doc);
  });
}

/** Reads, changes and writes a configuration set in one transaction. */
export function changeConfigSet(
  deps: ControlDeps,
  scope: SesScope,
  name: string,
  fn: (doc: ConfigSetDoc) => ConfigSetDoc,
): Promise<ConfigSetDoc> {
  return deps.store.transaction(async () => {
    // Locked until the commit: concurrent changes apply one after the other (store.ts, getForUpdate).
    const found = await deps.store.getForUpdate<ConfigSetDoc>(scope, 'configset', name);
    if (!found) throw new ConfigSetError({ kind: 'missing' });
    const next = fn(structuredClone(found.doc));
    await deps.store.put(scope, 'configset', name, next);
    return next;
  });
}

export async function deleteConfigSet(deps: ControlDeps, scope: SesScope, name: string): Promise<void> {
  if (!(await deps.store.delete(scope, 'configset', name))) throw new ConfigSetError({ kind: 'missing' });
}

export function addDestination(doc: ConfigSetDoc, d: EventDestinationDoc): ConfigSetDoc {
  if (doc.eventDestinations.some((x) => x.Name === d.Name))
    throw new ConfigSetError({ kind: 'destination-exists' });
  if (doc.eventDestinations.length >= MAX_EVENT_DESTINATIONS)
    throw new ConfigSetError({ kind: 'destination-limit' });
  return { ...doc, eventDestinations: [...doc.eventDestinations, d] };
}

export function replaceDestination(doc: ConfigSetDoc, d: EventDestinationDoc): ConfigSetDoc {
  const at = doc.eventDestinations.findIndex((x) => x.Name === d.Name);
  if (at < 0) throw new ConfigSetError({ kind: 'destination-missing' });
  const list = [...doc.eventDestinations];
  list[at] = d;
  return { ...doc, eventDestinations: list };
}

export function removeDestination(doc: ConfigSetDoc, name: string): ConfigSetDoc {
  if (!doc.eventDestinations.some((x) => x.Name === name))
    throw new ConfigSetError({ kind: 'destination-missing' });
  return { ...doc, eventDestinations: doc.eventDestinations.filter((x) => x.Name !== name) };
}

export function configSetRecord(arn: string, doc: ConfigSetDoc): ConfigSetRecord {
  return {
    name: doc.name,
    arn,
    sendingEnabled: doc.sendingEnabled,
    suppressedReasons: doc.suppression ? [...doc.suppression.SuppressedReasons] : undefined,
    customRedirectDomain: doc.tracking?.CustomRedirectDomain,
    httpsPolicy: doc.tracking?.HttpsPolicy as ConfigSetRecord['httpsPolicy'],
    eventDestinations: doc.eventDestinations.map((d) => ({
      Name: d.Name,
      Enabled: d.Enabled,
      MatchingEventTypes: [...d.MatchingEventTypes],
    })),
  };
}
