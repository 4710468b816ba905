/**
 * Each endpoint's place in a journey run (pinpoint_journey_places): the activity it is at, when it
 * entered the run, and when it may move (due_at). `active` places move; `done` ones left the
 * journey (at its end, or held out); `cancelled` ones were stopped by CancelJourney. Places are
 * written and moved in batches, inside the transaction that commits the batch's work.
 */
import type { Database } from '../../../../store/index.js';

export interface PlaceRow {
  run_id: string;
  endpoint_id: string;
  entry: number;
  journey_id: string;
  activity: string;
  entered_at: string;
  due_at: string;
}

/** A place moving on: to `activity` due at `due`, or out of the journey (`activity` undefined). */
export interface Move {
  place: PlaceRow;
  activity?: string;
  due?: Date;
  /** Left without finishing (held out): `done` all the same. */
}

const CHUNK = 400;

export class JourneyPlaces {
  constructor(readonly db: Database) {}

  async insert(rows: PlaceRow[]): Promise<void> {
    for (const r of rows)
      await this.db.run(
        `INSERT INTO pinpoint_journey_places (run_id, endpoint_id, entry, journey_id, activity, entered_at, due_at, state)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'active') ON CONFLICT (run_id, endpoint_id, entry) DO NOTHING`,
        [r.run_id, r.endpoint_id, r.entry, r.journey_id, r.activity, r.entered_at, r.due_at],
      );
  }

  /** The journey's earliest due place of a run that is running and not paused. */
  first(journeyId: string, now: Date): Promise<PlaceRow | undefined> {
    return this.db.get<PlaceRow>(
      `SELECT p.* FROM pinpoint_journey_places p JOIN pinpoint_journey_runs r ON r.run_id = p.run_id
       WHERE p.journey_id = ? AND p.state = 'active' AND p.due_at <= ? AND r.paused = 0 AND r.status = 'RUNNING'
       ORDER BY p.due_at LIMIT 1`,
      [journeyId, now.toISOString()],
    );
  }

  /** The due places at the activity of `first` in its run, earliest first, at most `limit` (one batch). */
  batch(first: PlaceRow, now: Date, limit: number): Promise<PlaceRow[]> {
    return this.db.all<PlaceRow>(
      `SELECT * FROM pinpoint_journey_places WHERE run_id = ? AND activity = ? AND state = 'active' AND due_at <= ?
       ORDER BY due_at, endpoint_id LIMIT ${Math.floor(limit)}`,
      [first.run_id, first.activity, now.toISOString()],
    );
  }

  /** When the journey's earliest place of a running, unpaused run is due. */
  async nextDue(journeyId: string): Promise<string | undefined> {
    const row = await this.db.get<{ due_at: string }>(
      `SELECT p.due_at FROM pinpoint_journey_places p JOIN pinpoint_journey_runs r ON r.run_id = p.run_id
       WHERE p.journey_id = ? AND p.state = 'active' AND r.paused = 0 AND r.status = 'RUNNING'
       ORDER BY p.due_at LIMIT 1`,
      [journeyId],
    );
    return row?.due_at;
  }

  /** Moves places on; only places still active move (a cancelled journey's stay where they stopped). */
  async move(moves: Move[]): Promise<void> {
    for (const m of moves) {
      const p = m.place;
      if (m.activity === undefined)
        await this.db.run(
          `UPDATE pinpoint_journey_places SET state = 'done' WHERE run_id = ? AND endpoint_id = ? AND entry = ? AND state = 'active'`,
          [p.run_id, p.endpoint_id, p.entry],
        );
      else
        await this.db.run(
          `UPDATE pinpoint_journey_places SET activity = ?, due_at = ? WHERE run_id = ? AND endpoint_id = ? AND entry = ? AND state = 'active'`,
          [m.activity, m.due!.toISOString(), p.run_id, p.endpoint_id, p.entry],
        );
    }
  }

  /** Stops every active place of a journey; returns how many per run. */
  async cancel(journeyId: string): Promise<Map<string, number>> {
    const rows = await this.db.all<{ run_id: string; n: number }>(
      `SELECT run_id, COUNT(*) AS n FROM pinpoint_journey_places WHERE journey_id = ? AND state = 'active' GROUP BY run_id`,
      [journeyId],
    );
    await this.db.run(
      `UPDATE pinpoint_journey_places SET state = 'cancelled' WHERE journey_id = ? AND state = 'active'`,
      [journeyId],
    );
    return new Map(rows.map((r) => [r.run_id, r.n]));
  }

  /** Active places of a journey (or one run), per activity. */
  async active(journeyId: string, runId?: string): Promise<Map<string, number>> {
    const rows = await this.db.all<{ activity: string; n: number }>(
      `SELECT activity, COUNT(*) AS n FROM pinpoint_journey_places WHERE journey_id = ? AND state = 'active'
         ${runId ? 'AND run_id = ?' : ''} GROUP BY activity`,
      runId ? [journeyId, runId] : [journeyId],
    );
    return new Map(rows.map((r) => [r.activity, r.n]));
  }

  /** Per endpoint: how many times it entered the journey, and whether it is in it now. */
  async entries(
    journeyId: string,
    endpointIds: string[],
  ): Promise<Map<string, { count: number; active: boolean; last: string }>> {
    const out = new Map<string, { count: number; active: boolean; last: string }>();
    for (let i = 0; i < endpointIds.length; i += CHUNK) {
      const ids = endpointIds.slice(i, i + CHUNK);
      const rows = await this.db.all<{ endpoint_id: string; n: number; active: number; last: string }>(
        `SELECT endpoint_id, COUNT(*) AS n, SUM(CASE WHEN state = 'active' THEN 1 ELSE 0 END) AS active, MAX(entered_at) AS last
         FROM pinpoint_journey_places WHERE journey_id = ? AND endpoint_id IN (${ids.map(() => '?').join(', ')})
         GROUP BY endpoint_id`,
        [journeyId, ...ids],
      );
      for (const r of rows) out.set(r.endpoint_id, { count: r.n, active: r.active > 0, last: r.last });
    }
    return out;
  }
}
