/**
 * The SegmentResolver port: who is in a segment version now. Dimensional segments filter the app's
 * endpoints through their compiled predicate, read page by page; imported segments yield the
 * endpoints they imported (and every endpoint of each user id they imported); segment groups
 * combine their base segments and dimensions (userguide/segments-building.html, "Segment groups").
 *
 * Defaults where the model leaves a member out (Pinpost's reading; AWS documents none): a group's
 * SourceType is ANY (the union of its base segments), its Type ALL, the list's Include ALL. A group
 * with no base segment starts from every endpoint of the app. A base segment that refers back to a
 * segment being resolved (a cycle made by later updates) counts as empty.
 */
import type { EndpointDoc } from '../endpoints.js';
import type { SegmentResolver } from '../ports.js';
import type { PinpointStore, Scope } from '../store.js';
import type { SegmentMembers } from './members.js';
import type { SegmentDoc, SegmentGroup } from './model.js';
import { combine, compileDimensions, everyEndpoint, type EndpointPredicate } from './predicate.js';

export interface ResolverDeps {
  store: PinpointStore;
  members: SegmentMembers;
  clock: () => Date;
}

/** A segment version's document: the current one, or the version asked for. */
export async function segmentVersion(
  store: PinpointStore,
  scope: Scope,
  appId: string,
  segmentId: string,
  version?: number,
): Promise<SegmentDoc | undefined> {
  const current = (await store.get<SegmentDoc>(scope, appId, 'segment', segmentId))?.doc;
  if (!current || version === undefined || version === current.Version) return current;
  return store.getVersion<SegmentDoc>(scope, appId, 'segment-version', segmentId, version);
}

export function createResolver(deps: ResolverDeps): SegmentResolver & {
  /** The predicate of a dimensional segment version (benchmarks and tests). */
  predicate(scope: Scope, doc: SegmentDoc): Promise<EndpointPredicate>;
} {
  const { store, members } = deps;

  async function* appEndpoints(scope: Scope, appId: string): AsyncGenerator<EndpointDoc> {
    for await (const row of store.iterate<EndpointDoc>(scope, appId, 'endpoint')) yield row.doc;
  }

  async function* imported(scope: Scope, doc: SegmentDoc): AsyncGenerator<EndpointDoc> {
    const seen = new Set<string>();
    for await (const m of members.iterate(scope, doc.ApplicationId, doc.Id)) {
      const docs =
        m.type === 'endpoint'
          ? [(await store.get<EndpointDoc>(scope, doc.ApplicationId, 'endpoint', m.id))?.doc]
          : (await store.byUser<EndpointDoc>(scope, doc.ApplicationId, 'endpoint', m.id)).map((r) => r.doc);
      for (const e of docs) {
        if (!e || seen.has(e.Id)) continue;
        seen.add(e.Id);
        yield e;
      }
    }
  }

  /** The ids of a base segment's members, for set tests inside a group. */
  async function idsOf(
    scope: Scope,
    appId: string,
    ref: { Id: string; Version?: number },
    visiting: Set<string>,
  ): Promise<Set<string>> {
    const ids = new Set<string>();
    if (visiting.has(ref.Id)) return ids;
    const doc = await segmentVersion(store, scope, appId, ref.Id, ref.Version);
    if (!doc) return ids;
    for await (const e of resolve(scope, doc, visiting)) ids.add(e.Id);
    return ids;
  }

  async function groupPredicate(
    scope: Scope,
    appId: string,
    g: SegmentGroup,
    visiting: Set<string>,
  ): Promise<EndpointPredicate> {
    const sources: Set<string>[] = [];
    for (const ref of g.SourceSegments ?? []) sources.push(await idsOf(scope, appId, ref, visiting));
    let base: EndpointPredicate = everyEndpoint;
    if (sources.length > 0) {
      const tests = sources.map(
        (ids): EndpointPredicate =>
          (e) =>
            ids.has(e.Id),
      );
      base = combine(g.SourceType ?? 'ANY', tests);
    }
    const now = deps.clock();
    const dims = (g.Dimensions ?? []).map((d) => compileDimensions(d, now));
    const filter = combine(g.Type ?? 'ALL', dims);
    return combine('ALL', [base, filter]);
  }

  async function predicateOf(
    scope: Scope,
    doc: SegmentDoc,
    visiting: Set<string>,
  ): Promise<EndpointPredicate> {
    const groups = doc.SegmentGroups?.Groups ?? [];
    if (groups.length > 0) {
      const inner = new Set(visiting).add(doc.Id);
      const list: EndpointPredicate[] = [];
      for (const g of groups) list.push(await groupPredicate(scope, doc.ApplicationId, g, inner));
      return combine(doc.SegmentGroups?.Include ?? 'ALL', list);
    }
    return compileDimensions(doc.Dimensions, deps.clock());
  }

  async function* resolve(scope: Scope, doc: SegmentDoc, visiting: Set<string>): AsyncGenerator<EndpointDoc> {
    if (doc.SegmentType === 'IMPORT') {
      yield* imported(scope, doc);
      return;
    }
    // Compiled when the first member is asked for, so `members()` itself reads nothing but the doc.
    const test = await predicateOf(scope, doc, visiting);
    if (test === everyEndpoint) yield* appEndpoints(scope, doc.ApplicationId);
    else for await (const e of appEndpoints(scope, doc.ApplicationId)) if (test(e)) yield e;
  }

  return {
    async members(scope, appId, segmentId, version) {
      const doc = await segmentVersion(store, scope, appId, segmentId, version);
      if (!doc) return undefined;
      return { [Symbol.asyncIterator]: () => resolve(scope, doc, new Set()) };
    },
    latestVersion: async (scope, appId, segmentId) =>
      (await store.get<SegmentDoc>(scope, appId, 'segment', segmentId))?.doc.Version,
    predicate: (scope, doc) => predicateOf(scope, doc, new Set()),
  };
}
