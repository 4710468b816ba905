/**
 * Journeys in Pinpoint's document store (store.ts): the current document (kind `journey`, key = id)
 * and each version of its settings (kind `journey-version`, key `<id>/<version>`). A settings write
 * (CreateJourney, UpdateJourney) makes a new version; a state change rewrites the current document
 * only, so a version is the settings a run started with. Every call joins the caller's transaction.
 */
import type { PinpointStore, Scope } from '../store.js';
import type { JourneyDoc, JourneyState } from './model.js';

/** The states in which a journey is published and counts against the active-journeys quota. */
const PUBLISHED: readonly JourneyState[] = ['ACTIVE', 'PAUSED'];

export class JourneyStore {
  constructor(private readonly store: PinpointStore) {}

  async get(scope: Scope, appId: string, id: string): Promise<JourneyDoc | undefined> {
    return (await this.store.get<JourneyDoc>(scope, appId, 'journey', id))?.doc;
  }

  /** Writes the document, and keeps it as its version when its settings changed (a new version). */
  async put(scope: Scope, doc: JourneyDoc, newVersion: boolean): Promise<void> {
    await this.store.put(scope, doc.ApplicationId, 'journey', doc.Id, doc);
    if (newVersion)
      await this.store.putVersion(scope, doc.ApplicationId, 'journey-version', doc.Id, doc.version, doc);
  }

  /** The settings of one version (what a run that started under it uses). */
  async version(scope: Scope, appId: string, id: string, version: number): Promise<JourneyDoc | undefined> {
    return await this.store.getVersion<JourneyDoc>(scope, appId, 'journey-version', id, version);
  }

  /** An app's journeys in id order, after `after` (exclusive), at most `limit`. */
  async list(scope: Scope, appId: string, after: string, limit: number): Promise<JourneyDoc[]> {
    return (await this.store.list<JourneyDoc>(scope, appId, 'journey', after, limit)).map((r) => r.doc);
  }

  /** Every journey of an app, read page by page. */
  async *all(scope: Scope, appId: string): AsyncGenerator<JourneyDoc> {
    for await (const r of this.store.iterate<JourneyDoc>(scope, appId, 'journey')) yield r.doc;
  }

  async delete(scope: Scope, appId: string, id: string): Promise<void> {
    await this.store.delete(scope, appId, 'journey', id);
    await this.store.deleteVersions(scope, appId, 'journey-version', id);
  }

  /**
   * Sets the state of a journey that the engine finished or closed (COMPLETED, CLOSED): the
   * execution part calls this; the API's own state changes go through UpdateJourneyState.
   */
  async setState(
    scope: Scope,
    appId: string,
    id: string,
    state: JourneyState,
    at: Date,
  ): Promise<JourneyDoc | undefined> {
    const doc = await this.get(scope, appId, id);
    if (!doc) return undefined;
    const next = { ...doc, State: state, LastModifiedDate: at.toISOString() };
    await this.put(scope, next, false);
    return next;
  }

  /**
   * How many journeys of the account (in this region) are published, and how many of those start
   * on an event: the two quotas of developerguide/quotas.html ("Journey quotas"). Reads every
   * journey document of the scope; there are at most as many as the account's apps hold.
   */
  async published(scope: Scope): Promise<{ all: number; eventTriggered: number }> {
    let all = 0;
    let eventTriggered = 0;
    for (const { doc } of await this.store.ofKind<JourneyDoc>(scope, 'journey')) {
      if (!PUBLISHED.includes(doc.State)) continue;
      all++;
      if (doc.StartCondition?.EventStartCondition) eventTriggered++;
    }
    return { all, eventTriggered };
  }
}
